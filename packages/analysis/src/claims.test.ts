import { beforeAll, describe, expect, it } from 'vitest';
import { smallStudy } from '../test/fixtures/small-study.ts';
import { AnalysisError } from './analysis-error.ts';
import { Claim, ClaimSet, evaluateClaim, evaluateClaims, unitsCounter } from './claims.ts';

// What the CLI gets after parsing a claims YAML file.
const claimsFile = {
  study: 'small',
  claims: [
    {
      id: 'C04',
      kind: 'plurality',
      statement: "Advisors' work is mostly conceptual.",
      among: ['role=advisor'],
      of: 'form=conceptual',
      moreThan: 0.5,
    },
    {
      id: 'C05',
      kind: 'plurality',
      statement: "Managers' work is mostly operational.",
      among: ['role=manager'],
      of: 'form=operational',
      moreThan: 0.5,
    },
    {
      id: 'C31',
      kind: 'compare-share',
      statement: 'The relational share is higher for Nav than for health.',
      of: 'form=relational',
      among: ['sector=nav'],
      than: ['sector=health'],
    },
    {
      id: 'C30',
      kind: 'share',
      statement: 'No informant frames their own work as disrupting.',
      by: 'performer',
      among: ['performer.role=advisor|manager'],
      of: 'purpose=disrupting',
      atMost: 0.02,
    },
    {
      id: 'C10',
      kind: 'share',
      statement: "Health managers' operational maintenance is mostly told by Nav informants.",
      by: 'performer',
      among: ['role=manager', 'sector=health', 'purpose=maintaining', 'form=operational'],
      of: 'speaker.sector=nav',
      moreThan: 0.5,
    },
    {
      id: 'C13',
      kind: 'share',
      statement: 'Most T2 excerpts also carry relational work.',
      among: ['theme.t2'],
      of: 'form.relational',
      moreThan: 0.5,
    },
    {
      id: 'C34',
      kind: 'compare-share',
      statement: 'Advisors reference fidelity more often than managers.',
      of: 'flag.fidelity_reference',
      among: ['role=advisor'],
      than: ['role=manager'],
    },
    {
      id: 'C01',
      kind: 'coverage',
      statement: 'Every interview has at least one T1 excerpt.',
      has: ['theme.t1'],
    },
    {
      id: 'X01',
      kind: 'plurality',
      statement: "Managers' work is mostly conceptual (deliberately false).",
      among: ['role=manager'],
      of: 'form=conceptual',
    },
  ],
};

describe('claims', () => {
  const parsed = ClaimSet.parse(claimsFile);
  const counter = unitsCounter(smallStudy);
  let results: Record<string, Awaited<ReturnType<typeof evaluateClaim>>> = {};
  beforeAll(async () => {
    results = Object.fromEntries(
      (await evaluateClaims(parsed.claims, counter)).map((r) => [r.id, r]),
    );
  });

  it('confirms the study’s claims with the numbers behind them', () => {
    expect(results.C04?.holds).toBe(true);
    // 6 of 11 advisor excerpts are conceptual; relational, the runner-up, has 4
    expect(results.C04?.numbers).toMatchObject({ group: 11, matching: 6, runnerUp: 4 });
    expect(results.C04?.excerptIds).toEqual(['e01', 'e02', 'e04', 'e05', 'e08', 'e09']);
    expect(results.C05?.numbers).toMatchObject({ group: 16, matching: 11 });
    expect(results.C05?.holds).toBe(true);
    // Nav 6/17 relational vs health 1/7
    expect(results.C31?.numbers).toMatchObject({
      groupA: 17,
      matchingA: 6,
      groupB: 7,
      matchingB: 1,
    });
    expect(results.C31?.holds).toBe(true);
    expect(results.C30?.holds).toBe(true);
    expect(results.C30?.numbers).toMatchObject({ group: 27, matching: 0, share: 0 });
    // 4 of the 7 health-manager maintenance excerpts come from Nav speakers
    expect(results.C10?.numbers).toMatchObject({ group: 7, matching: 4 });
    expect(results.C10?.excerptIds).toEqual(['e07', 'e21', 'e23', 'e27']);
    expect(results.C10?.holds).toBe(true);
    expect(results.C13?.numbers).toMatchObject({ group: 8, matching: 7 });
    expect(results.C34?.numbers).toMatchObject({
      matchingA: 4,
      groupA: 11,
      matchingB: 1,
      groupB: 16,
    });
    expect(results.C01?.holds).toBe(true);
    expect(results.C01?.numbers).toEqual({ total: 7, covered: 7, uncovered: 0 });
  });

  it('refutes a false claim and says why', () => {
    const result = results.X01;
    expect(result?.holds).toBe(false);
    expect(result?.numbers).toMatchObject({ matching: 2, runnerUp: 11 });
    expect(result?.explanation).toMatch(/form=operational, has 11/);
  });

  it('fails coverage for documents that have no excerpts at all', async () => {
    const coverage = parsed.claims.find((c) => c.id === 'C01');
    if (coverage === undefined) throw new Error('C01 missing');
    const documents = [...new Set(smallStudy.map((u) => u.documentId)), 'd-i08'];
    const result = await evaluateClaim(coverage, counter, { documents });
    expect(result.holds).toBe(false);
    expect(result.numbers).toEqual({ total: 8, covered: 7, uncovered: 1 });
    expect(result.explanation).toMatch(/missing: d-i08/);
  });

  it('says undefined when the group is empty, and counts informants or documents', async () => {
    const empty = await evaluateClaim(
      Claim.parse({
        id: 'C17',
        kind: 'share',
        statement: 'Frontline workers are mostly relational.',
        among: ['role=frontline'],
        of: 'form=relational',
        moreThan: 0.5,
      }),
      counter,
    );
    expect(empty.holds).toBe('undefined');
    const often = await evaluateClaim(
      Claim.parse({
        id: 'C14',
        kind: 'share',
        statement: 'Advisors often mention lacking authority (≥ 30% of their interviews).',
        count: 'documents',
        among: ['role=advisor'],
        of: 'flag.lacks_authority',
        atLeast: 0.3,
      }),
      counter,
    );
    expect(often.numbers).toMatchObject({ group: 3, matching: 1 });
    expect(often.holds).toBe(true);
  });

  it('rejects malformed claims at parse time', async () => {
    const bad = [
      { id: 'C1', kind: 'share', statement: 's', of: 'form=relational' }, // no bound
      { id: 'C1', kind: 'share', statement: 's', of: 'relational', moreThan: 0.5 }, // no dim
      { id: 'C1', kind: 'share', statement: 's', of: 'form=x', moreThan: 50 }, // not a share
      { id: 'C1', kind: 'ranking', statement: 's' },
    ];
    for (const claim of bad) expect(Claim.safeParse(claim).success).toBe(false);
    const duplicate = ClaimSet.safeParse({ claims: [claimsFile.claims[0], claimsFile.claims[0]] });
    expect(duplicate.success).toBe(false);
    const plurality = Claim.parse({
      id: 'C2',
      kind: 'plurality',
      statement: 's',
      of: 'form=conceptual|relational',
    });
    await expect(evaluateClaim(plurality, counter)).rejects.toThrow(AnalysisError);
  });
});
