import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../analysis-error.ts';
import { agreementTable, cohensKappa } from './cohens-kappa.ts';

describe('cohensKappa', () => {
  it('reproduces the 50-item textbook example (kappa 0.40)', () => {
    // yes/yes 20, yes/no 5, no/yes 10, no/no 15: p_o = 0.70, p_e = 0.50
    const kappa = cohensKappa([
      [20, 5],
      [10, 15],
    ]);
    if (kappa.value === null) throw new Error(kappa.reason);
    expect(kappa.value).toBeCloseTo(0.4, 12);
    expect(kappa.observedAgreement).toBeCloseTo(0.7, 12);
    expect(kappa.expectedAgreement).toBeCloseTo(0.5, 12);
    // standard errors cross-checked with statsmodels' cohens_kappa (std_kappa, std_kappa0)
    expect(kappa.se).toBeCloseTo(0.126996, 6);
    expect(kappa.seNull).toBeCloseTo(0.138564, 6);
    expect(kappa.z).toBeCloseTo(2.886751, 6);
    expect(kappa.pValue).toBeCloseTo(0.003892, 6);
    // Cohen (1960): sqrt(0.7 · 0.3 / (50 · 0.25))
    expect(kappa.seSimple).toBeCloseTo(Math.sqrt(0.21 / 12.5), 12);
  });

  it('computes weighted kappa for ordered categories', () => {
    const table = [
      [45, 15, 25, 15],
      [25, 35, 35, 5],
      [5, 5, 15, 5],
      [5, 5, 5, 25],
    ];
    // reference values: statsmodels cohens_kappa(table, wt=None | 'linear' | 'quadratic')
    const expected = {
      none: [0.256881, 0.039164, 0.033723],
      linear: [0.299887, 0.045697, 0.041258],
      quadratic: [0.330836, 0.060233, 0.057931],
    } as const;
    for (const weights of ['none', 'linear', 'quadratic'] as const) {
      const kappa = cohensKappa(table, { weights });
      if (kappa.value === null) throw new Error(kappa.reason);
      expect([kappa.value, kappa.se, kappa.seNull].map((v) => v.toFixed(6))).toEqual(
        expected[weights].map((v) => v.toFixed(6)),
      );
    }
  });

  it('is undefined when both coders always use the same single category', () => {
    const kappa = cohensKappa([
      [12, 0],
      [0, 0],
    ]);
    expect(kappa.value).toBeNull();
    expect(
      cohensKappa([
        [0, 0],
        [0, 0],
      ]).value,
    ).toBeNull();
  });

  it('builds the agreement table from paired ratings, skipping missing ones', () => {
    const { categories, table } = agreementTable(
      ['yes', 'yes', 'no', null, 'no'],
      ['yes', 'no', 'no', 'yes', undefined],
    );
    expect(categories).toEqual(['no', 'yes']);
    expect(table).toEqual([
      [1, 0],
      [1, 1],
    ]);
    expect(() => cohensKappa([[1, 2]])).toThrow(AnalysisError);
  });
});
