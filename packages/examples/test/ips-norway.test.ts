import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ClaimSet, evaluateClaims, unitsCounter, type ClaimInput } from '@iwa/analysis';
import { ipsPhaseModel } from '@iwa/phases';
import { formatIssue, sliceByCodePoints, type Study } from '@iwa/study';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { examplePath, readExample } from '../src/index.ts';
import { phaseHistories, stateOn } from './phase-histories.ts';
import { studyUnits } from './study-units.ts';

let study: Study;

beforeAll(async () => {
  const res = await readExample('ips-norway');
  if (!res.ok) throw new Error(res.errors.map(formatIssue).join('\n'));
  expect(res.warnings.map(formatIssue)).toEqual([]);
  study = res.study;
});

const positionOf = (informantId: string) => {
  const informant = study.informants.find((i) => i.id === informantId);
  return study.positions.find((p) => p.id === informant?.positionId);
};

describe('ips-norway: the design', () => {
  it('has 12 managers and 8 advisors with the stated split by sector and level', () => {
    const split = (role: string) =>
      study.informants
        .map((i) => positionOf(i.id))
        .filter((p) => p?.role === role)
        .map((p) => [p?.sector, p?.tier ?? '-', p?.level].join('/'))
        .sort();
    expect(study.informants).toHaveLength(20);
    expect(split('manager')).toEqual(
      [
        ...Array<string>(3).fill('health/municipal/local'),
        ...Array<string>(3).fill('health/specialised/local'),
        ...Array<string>(5).fill('nav/n_a/local'),
        'unknown/-/local',
      ].sort(),
    );
    expect(split('advisor')).toEqual(
      [
        'dual/-/regional',
        'dual/-/regional',
        'health/-/national',
        'health/specialised/local',
        'nav/n_a/local',
        'nav/n_a/national',
        'nav/n_a/national',
        'nav/n_a/regional',
      ].sort(),
    );
  });

  it('gives the dual-employed advisors two employers (Nav regional office first) and the unknown manager none', () => {
    const employers = (id: string) =>
      study.relations
        .filter((r) => r.type === 'employed_by' && r.from.id === id)
        .map((r) => {
          const org = study.organisations.find((o) => o.id === r.to.id);
          return `${org?.kind ?? '?'}${r.type === 'employed_by' && r.primary ? '*' : ''}`;
        });
    const dual = study.informants.filter((i) => positionOf(i.id)?.dualEmployment === true);
    expect(dual.map((i) => employers(i.id))).toEqual([
      ['nav_regional*', 'specialised_health'],
      ['nav_regional*', 'specialised_health'],
    ]);
    const unknown = study.informants.filter((i) => positionOf(i.id)?.sector === 'unknown');
    expect(unknown.map((i) => employers(i.id))).toEqual([[]]);
  });

  it('has one interview per informant and 150–250 coded excerpts', () => {
    expect(study.documents).toHaveLength(20);
    expect(study.documents.every((d) => d.kind === 'interview')).toBe(true);
    expect(
      study.documents
        .map((d) => d.participants)
        .flat()
        .sort(),
    ).toEqual(study.informants.map((i) => i.id).sort());
    expect(study.excerpts.length).toBeGreaterThanOrEqual(150);
    expect(study.excerpts.length).toBeLessThanOrEqual(250);
    const perDocument = study.documents.map(
      (d) => study.excerpts.filter((e) => e.documentId === d.id).length,
    );
    expect(Math.min(...perDocument)).toBeGreaterThanOrEqual(5);
  });
});

describe('ips-norway: integrity', () => {
  it("gives every excerpt exactly its document's text slice and an informant speaker", () => {
    const docs = new Map(study.documents.map((d) => [d.id, d]));
    for (const e of study.excerpts) {
      const doc = docs.get(e.documentId);
      expect(doc, e.id).toBeDefined();
      expect(sliceByCodePoints(doc?.text ?? '', e.start, e.end), e.id).toBe(e.text);
      expect(e.speaker?.kind, e.id).toBe('informant');
    }
  });

  it('resolves every performer, relation end and evidence id', () => {
    const actors = new Set([
      ...study.informants.map((i) => `informant:${i.id}`),
      ...study.organisations.map((o) => `organisation:${o.id}`),
      ...study.actorGroups.map((g) => `actor_group:${g.id}`),
    ]);
    const excerptIds = new Set(study.excerpts.map((e) => e.id));
    for (const e of study.excerpts) {
      if (e.performer) expect(actors.has(`${e.performer.kind}:${e.performer.id}`), e.id).toBe(true);
    }
    for (const r of study.relations) {
      expect(actors.has(`${r.from.kind}:${r.from.id}`), r.id).toBe(true);
      expect(actors.has(`${r.to.kind}:${r.to.id}`), r.id).toBe(true);
      for (const id of r.evidence) expect(excerptIds.has(id), `${r.id} → ${id}`).toBe(true);
    }
    for (const e of study.phaseEvents) {
      expect(e.evidence.length, e.id).toBeGreaterThan(0);
      for (const id of e.evidence) expect(excerptIds.has(id), `${e.id} → ${id}`).toBe(true);
    }
  });

  it('names a performer other than the speaker where informants describe others’ work', () => {
    const others = study.excerpts.filter((e) => e.performerSource === 'explicit');
    expect(others.length).toBeGreaterThanOrEqual(15);
    expect(new Set(others.map((e) => e.performer?.kind))).toEqual(
      new Set(['informant', 'actor_group']),
    );
  });

  it('shows every relation type, with dual employment and all three kinds of participation', () => {
    expect(new Set(study.relations.map((r) => r.type))).toEqual(
      new Set([
        'employed_by',
        'advises',
        'enlists',
        'collaborates_with',
        'reports_to',
        'attends',
        'co_located_with',
      ]),
    );
    expect(
      new Set(study.relations.flatMap((r) => (r.type === 'attends' ? [r.participation] : []))),
    ).toEqual(new Set(['full', 'partial', 'advisory']));
  });
});

describe('ips-norway: phases', () => {
  const histories = () => phaseHistories(study, ipsPhaseModel);

  it('applies every organisation’s phase events legally, in order', () => {
    for (const h of histories()) expect(h.rejected?.reason, h.organisationId).toBeUndefined();
    expect(
      Object.fromEntries(histories().map((h) => [h.organisationId, h.states.at(-1)?.[1]])),
    ).toEqual({
      mh_fjordvik: 'routinised',
      mh_lia: 'establishing',
      mh_storvoll: 'stalled',
      dps_nordhei: 'partially_integrated',
      dps_solberg: 'operationalising',
      vestkyst_psychiatry: 'establishing',
    });
  });

  it('records in each interview the phase its organisation was in on the day', () => {
    const byOrg = new Map(histories().map((h) => [h.organisationId, h]));
    for (const d of study.documents) {
      const org = String(d.variables?.['organisation']);
      const history = byOrg.get(org);
      expect(history, `${d.id}: ${org}`).toBeDefined();
      if (history === undefined || d.date === undefined) continue;
      expect(d.variables?.['phase'], d.id).toBe(
        stateOn(history, ipsPhaseModel.definition.initial, d.date),
      );
    }
  });
});

describe('ips-norway: claims', () => {
  const load = async () =>
    ClaimSet.parse(
      parse(await readFile(path.join(examplePath('ips-norway'), 'claims.yaml'), 'utf8')),
    );
  const context = () => ({ documents: study.documents.map((d) => d.id) });

  it('encodes at least the eight required findings', async () => {
    const ids = (await load()).claims.map((c) => c.id.split('-')[0]);
    expect(ids).toEqual(
      expect.arrayContaining(['C04', 'C05', 'C10', 'C13', 'C21', 'C30', 'C31', 'C34']),
    );
  });

  it('holds every claim', async () => {
    const results = await evaluateClaims(
      (await load()).claims,
      unitsCounter(studyUnits(study)),
      context(),
    );
    const failed = results.filter((r) => r.holds !== true);
    expect(failed.map((r) => `${r.id}: ${r.explanation}`)).toEqual([]);
  });

  it('fails a deliberately negated claim', async () => {
    const c31 = (await load()).claims.find((c) => c.id === 'C31');
    if (c31?.kind !== 'compare-share') throw new Error('C31 is a compare-share claim');
    const negated: ClaimInput = {
      ...c31,
      id: 'C31-negated',
      statement: 'Health managers and advisors do more relational work than Nav-employed ones.',
      among: c31.than,
      than: c31.among,
    };
    const [result] = await evaluateClaims(
      ClaimSet.parse({ claims: [negated] }).claims,
      unitsCounter(studyUnits(study)),
      context(),
    );
    expect(result?.holds).toBe(false);
  });
});
