import { describe, expect, it } from 'vitest';
import { AnalysisError } from './analysis-error.ts';
import { fisherExact } from './fisher-exact.ts';

describe('fisherExact', () => {
  it('reproduces Fisher’s tea-tasting experiment', () => {
    // Agresti (2007) Table 2.7: guesses × truth [[3, 1], [1, 3]]; one-sided P = 0.243, two-sided 0.486.
    const test = fisherExact([
      [3, 1],
      [1, 3],
    ]);
    expect(test.pValue).toBeCloseTo(34 / 70, 12);
    expect(test.pValue.toFixed(4)).toBe('0.4857');
    expect(test.pGreater.toFixed(4)).toBe('0.2429');
    expect(test.pLess).toBeCloseTo(69 / 70, 12);
    expect(test.oddsRatio).toBe(9);
  });

  it('includes tables as probable as the observed one despite rounding', () => {
    // symmetric margins: P(X=1) equals P(X=3) only up to rounding in the recurrence
    const test = fisherExact([
      [1, 3],
      [3, 1],
    ]);
    expect(test.pValue).toBeCloseTo(34 / 70, 12);
  });

  it('keeps its precision for lopsided tables', () => {
    // P(X ≥ 10) with margins 10/10/20: C(10,10)·C(10,0)/C(20,10) = 1/184756
    const test = fisherExact([
      [10, 0],
      [0, 10],
    ]);
    expect(test.pGreater).toBeCloseTo(1 / 184756, 15);
    expect(test.pValue).toBeCloseTo(2 / 184756, 15);
    expect(test.oddsRatio).toBeNull();
  });

  it('accepts only 2 × 2 tables of integers', () => {
    expect(() =>
      fisherExact([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toThrow(AnalysisError);
    expect(() =>
      fisherExact([
        [1.5, 2],
        [3, 4],
      ]),
    ).toThrow(AnalysisError);
  });
});
