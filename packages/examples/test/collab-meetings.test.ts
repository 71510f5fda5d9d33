import { unitAgreement, type CoderCoding } from '@iwa/analysis';
import { compilePhaseModel, PhaseModelDefinition, type PhaseModel } from '@iwa/phases';
import { formatIssue, sliceByCodePoints, type Study } from '@iwa/study';
import { beforeAll, describe, expect, it } from 'vitest';
import { readExample } from '../src/index.ts';
import { phaseHistories, stateOn } from './phase-histories.ts';

let study: Study;

beforeAll(async () => {
  const res = await readExample('collab-meetings');
  if (!res.ok) throw new Error(res.errors.map(formatIssue).join('\n'));
  expect(res.warnings.map(formatIssue)).toEqual([]);
  study = res.study;
});

/** Every coding with its excerpt's span, as the agreement functions take them. */
function coderCodings(): CoderCoding[] {
  const excerpts = new Map(study.excerpts.map((e) => [e.id, e]));
  return study.codings.map((c) => {
    const e = excerpts.get(c.excerptId);
    if (e === undefined) throw new Error(`coding ${c.id} has no excerpt`);
    return {
      documentId: e.documentId,
      coderId: c.coderId,
      code: c.code,
      start: e.start,
      end: e.end,
    };
  });
}

describe('collab-meetings: a different setting', () => {
  it('holds 7 meeting transcripts, each with four speaking participants', () => {
    expect(study.documents).toHaveLength(7);
    for (const d of study.documents) {
      expect(d.kind, d.id).toBe('meeting');
      const speakers = new Set(d.turns.map((t) => `${t.speaker.kind}:${t.speaker.id}`));
      expect(speakers.size, d.id).toBe(4);
      expect(
        [...speakers].every((s) => s.startsWith('informant:')),
        d.id,
      ).toBe(true);
    }
  });

  it('has its own positions, with the role vocabulary extended in study.yaml', () => {
    expect(study.dimensions.role).toEqual(['therapist']);
    expect(new Set(study.positions.map((p) => p.role))).toEqual(
      new Set(['therapist', 'nav_counsellor', 'employment_specialist', 'jobseeker']),
    );
    const roleOf = (id: string) =>
      study.positions.find((p) => p.id === study.informants.find((i) => i.id === id)?.positionId)
        ?.role;
    for (const d of study.documents) {
      expect(d.participants.map(roleOf).sort(), d.id).toEqual([
        'employment_specialist',
        'jobseeker',
        'nav_counsellor',
        'therapist',
      ]);
    }
  });

  it('uses its own themes and flags beside the framework codes', () => {
    const families = new Set(study.codings.map((c) => c.code.split('.')[0]));
    expect(families).toEqual(new Set(['form', 'purpose', 'lns', 'pillar', 'theme', 'flag']));
    const own = new Set(study.codebook.codes.map((c) => c.key));
    for (const c of study.codings) {
      if (c.code.startsWith('theme.') || c.code.startsWith('flag.')) {
        expect(own.has(c.code), c.code).toBe(true);
      }
    }
  });

  it("gives every excerpt exactly its document's text slice", () => {
    const docs = new Map(study.documents.map((d) => [d.id, d]));
    for (const e of study.excerpts) {
      expect(sliceByCodePoints(docs.get(e.documentId)?.text ?? '', e.start, e.end), e.id).toBe(
        e.text,
      );
    }
  });

  it('resolves every evidence id', () => {
    const ids = new Set(study.excerpts.map((e) => e.id));
    const evidence = [
      ...study.relations.flatMap((r) => r.evidence),
      ...study.phaseEvents.flatMap((e) => e.evidence),
    ];
    expect(evidence.length).toBeGreaterThan(0);
    for (const id of evidence) expect(ids.has(id), id).toBe(true);
  });
});

describe('collab-meetings: two coders', () => {
  it('has two coders who each coded every meeting, with 60–120 codings each', () => {
    expect(study.coders.map((c) => c.id)).toEqual(['ane', 'jonas']);
    const excerpts = new Map(study.excerpts.map((e) => [e.id, e]));
    for (const coder of ['ane', 'jonas']) {
      const own = study.codings.filter((c) => c.coderId === coder);
      expect(own.length, coder).toBeGreaterThanOrEqual(60);
      expect(own.length, coder).toBeLessThanOrEqual(120);
      const docs = new Set(own.map((c) => excerpts.get(c.excerptId)?.documentId));
      expect(docs.size, coder).toBe(7);
    }
  });

  it('has shared spans, spans only one coder marked, and overlapping spans that differ', () => {
    const codersOf = new Map<string, Set<string>>();
    for (const c of study.codings) {
      codersOf.set(c.excerptId, (codersOf.get(c.excerptId) ?? new Set()).add(c.coderId));
    }
    const shared = [...codersOf.values()].filter((s) => s.size === 2).length;
    expect(shared).toBeGreaterThanOrEqual(15);
    const single = study.excerpts.filter((e) => codersOf.get(e.id)?.size === 1);
    const overlapping = single.filter((a) =>
      single.some(
        (b) =>
          b.documentId === a.documentId &&
          codersOf.get(b.id)?.has('ane') !== codersOf.get(a.id)?.has('ane') &&
          a.start < b.end &&
          b.start < a.end,
      ),
    );
    expect(overlapping.length).toBeGreaterThanOrEqual(6);
    expect(single.length - overlapping.length).toBeGreaterThanOrEqual(4);
  });

  it('agrees fairly well but not perfectly, with the disagreements listed', () => {
    const texts = Object.fromEntries(study.documents.map((d) => [d.id, d.text]));
    const report = unitAgreement(coderCodings(), { texts });
    expect(report.coders).toEqual(['ane', 'jonas']);
    expect(report.skippedDocuments).toEqual([]);
    const alpha = report.overall.alpha.value;
    expect(alpha).not.toBeNull();
    expect(alpha ?? 0).toBeGreaterThan(0.6);
    expect(alpha ?? 1).toBeLessThan(0.95);
    expect(report.disagreements.length).toBeGreaterThanOrEqual(10);
    expect(report.disagreements.every((d) => (d.text ?? '').length > 0)).toBe(true);
  });
});

describe('collab-meetings: its own phase model', () => {
  let model: PhaseModel;

  beforeAll(() => {
    const parsed = PhaseModelDefinition.safeParse(study.phaseModel);
    if (!parsed.success) throw new Error(parsed.error.message);
    model = compilePhaseModel(parsed.data);
  });

  it('compiles from study.yaml', () => {
    expect(model.definition.id).toBe('collaboration_meetings');
    expect(model.definition.states.map((s) => s.id)).toEqual([
      'meetings_planned',
      'meetings_running',
      'meetings_routine',
      'meetings_lapsed',
      'team_closed',
    ]);
  });

  it('applies each team’s phase events legally, in order', () => {
    const histories = phaseHistories(study, model);
    for (const h of histories) expect(h.rejected?.reason, h.organisationId).toBeUndefined();
    expect(
      Object.fromEntries(histories.map((h) => [h.organisationId, h.states.map((s) => s[1])])),
    ).toEqual({
      elvdal_ips_team: ['meetings_running', 'meetings_routine'],
      brekke_ips_team: ['meetings_running', 'meetings_lapsed', 'meetings_running'],
    });
  });

  it('records in each meeting the phase its team was in on the day', () => {
    const histories = new Map(phaseHistories(study, model).map((h) => [h.organisationId, h]));
    for (const d of study.documents) {
      const h = histories.get(String(d.variables?.['organisation']));
      expect(h, d.id).toBeDefined();
      if (h === undefined || d.date === undefined) continue;
      expect(d.variables?.['phase'], d.id).toBe(stateOn(h, model.definition.initial, d.date));
    }
  });

  it('refuses an event the model does not allow', () => {
    const lapsed = phaseHistories(
      {
        ...study,
        phaseEvents: [
          {
            id: 'x',
            organisationId: 'elvdal_ips_team',
            type: 'agenda_settled',
            date: '2022-01-01',
            evidence: ['elv3-agenda', 'elv4-agenda-card'],
            recordedBy: 'ane',
            confidence: 0.8,
          },
        ],
      },
      model,
    );
    expect(lapsed[0]?.rejected?.reason).toMatch(/not allowed from meetings_planned/);
  });
});
