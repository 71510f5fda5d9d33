import { codedUnit, type CodedUnit, type PositionInput } from '@iwa/analysis';
import type { ActorRef, Study } from '@iwa/study';

/*
 * Builds analysis units from a study read with readStudyFolder, the way the graph reads them
 * back (packages/graph/src/queries/position-fragment.ts): an informant's position comes from
 * the Position it holds and its primary employer; an organisation contributes its own sector,
 * tier and level (role `organisation`); an actor group its role, plus sector, tier and level of
 * its primary employer. Document variables become attributes named by the variable.
 */

function primaryEmployer(study: Study, actorId: string) {
  const rel = study.relations.find(
    (r) => r.type === 'employed_by' && r.from.id === actorId && r.primary,
  );
  return rel === undefined ? undefined : study.organisations.find((o) => o.id === rel.to.id);
}

/** The position dimensions of an actor, as the graph derives them. */
export function actorPosition(study: Study, ref: ActorRef): PositionInput {
  const org = primaryEmployer(study, ref.id);
  switch (ref.kind) {
    case 'informant': {
      const informant = study.informants.find((i) => i.id === ref.id);
      const p = study.positions.find((x) => x.id === informant?.positionId);
      return {
        role: p?.role,
        sector: p?.sector ?? org?.sector,
        tier: p?.tier ?? org?.tier,
        level: p?.level ?? org?.level,
        authority: p?.authority,
        embeddedness: p?.embeddedness,
        dualEmployment: p?.dualEmployment,
        employerKind: org?.kind,
      };
    }
    case 'organisation': {
      const o = study.organisations.find((x) => x.id === ref.id);
      return {
        role: 'organisation',
        sector: o?.sector,
        tier: o?.tier,
        level: o?.level,
        employerKind: o?.kind,
      };
    }
    case 'actor_group': {
      const g = study.actorGroups.find((x) => x.id === ref.id);
      return {
        role: g?.role,
        sector: org?.sector,
        tier: org?.tier,
        level: org?.level,
        employerKind: org?.kind ?? g?.kind,
      };
    }
  }
}

/** One coded unit per excerpt spoken by an informant, with every coder's codes pooled. */
export function studyUnits(study: Study, options: { coderId?: string } = {}): CodedUnit[] {
  const codesOf = new Map<string, string[]>();
  for (const c of study.codings) {
    if (options.coderId !== undefined && c.coderId !== options.coderId) continue;
    const list = codesOf.get(c.excerptId) ?? [];
    if (!list.includes(c.code)) list.push(c.code);
    codesOf.set(c.excerptId, list);
  }
  const documents = new Map(study.documents.map((d) => [d.id, d]));
  return study.excerpts.flatMap((e) => {
    const codes = codesOf.get(e.id);
    if (codes === undefined || e.speaker?.kind !== 'informant') return [];
    const variables = documents.get(e.documentId)?.variables ?? {};
    return [
      codedUnit({
        unitId: e.id,
        documentId: e.documentId,
        informantId: e.speaker.id,
        codes,
        speaker: actorPosition(study, { kind: 'informant', id: e.speaker.id }),
        ...(e.performer === undefined ? {} : { performer: actorPosition(study, e.performer) }),
        attributes: {
          ...Object.fromEntries(
            Object.entries(variables).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)]])),
          ),
          performerKind: e.performer?.kind ?? 'none',
          document: e.documentId,
        },
      }),
    ];
  });
}
