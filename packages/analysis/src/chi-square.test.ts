import { describe, expect, it } from 'vitest';
import { AnalysisError } from './analysis-error.ts';
import { chiSquareTest } from './chi-square.ts';
import { residuals } from './residuals.ts';

// Agresti (2007), An Introduction to Categorical Data Analysis, 2nd ed., Table 2.5 (party
// identification by gender, GSS): X² = 30.07, G² = 30.02, df = 2; adjusted residuals (§2.4.5)
// female: 4.50, 0.70, −5.32; male: −4.50, −0.70, 5.32.
const partyByGender = [
  [762, 327, 468],
  [484, 239, 477],
];

describe('chiSquareTest', () => {
  it('reproduces Agresti’s party identification by gender example', () => {
    const test = chiSquareTest(partyByGender);
    if (!test.defined) throw new Error(test.reason);
    expect(test.statistic).toBeCloseTo(30.0701, 4);
    expect(test.gSquared).toBeCloseTo(30.0167, 4);
    expect(test.df).toBe(2);
    expect(test.n).toBe(2757);
    // p = exp(−X²/2) for df = 2
    expect(test.pValue).toBeCloseTo(Math.exp(-test.statistic / 2), 12);
    expect(test.pValue).toBeLessThan(1e-6);
    expect(test.cramersV).toBeCloseTo(Math.sqrt(test.statistic / 2757), 12);
    expect(test.expected[0]?.[0]).toBeCloseTo((1557 * 1246) / 2757, 10);
    expect(test.smallExpected).toBeNull();
  });

  it('matches the adjusted residuals Agresti reports', () => {
    const { adjusted, pearson } = residuals(partyByGender);
    const rounded = adjusted.map((row) => row.map((r) => Number(r?.toFixed(2))));
    expect(rounded).toEqual([
      [4.5, 0.7, -5.32],
      [-4.5, -0.7, 5.32],
    ]);
    const sumOfSquares = pearson.flat().reduce<number>((s, r) => s + (r ?? 0) ** 2, 0);
    expect(sumOfSquares).toBeCloseTo(30.0701, 4);
  });

  it('drops empty rows and columns and says when nothing is left to test', () => {
    const test = chiSquareTest([
      [10, 0, 20],
      [0, 0, 0],
      [30, 0, 5],
    ]);
    if (!test.defined) throw new Error(test.reason);
    expect(test.rowsUsed).toEqual([0, 2]);
    expect(test.colsUsed).toEqual([0, 2]);
    expect(test.df).toBe(1);
    expect(test.expected[1]).toEqual([null, null, null]);
    const flat = chiSquareTest([[4, 5, 6]]);
    expect(flat.defined).toBe(false);
  });

  it('warns under Cochran’s rule', () => {
    const test = chiSquareTest([
      [8, 2],
      [1, 5],
    ]);
    if (!test.defined) throw new Error(test.reason);
    // expected 5.625, 4.375, 3.375, 2.625: three of four cells below 5
    expect(test.smallExpected?.cellsBelow5).toBe(3);
    const tiny = chiSquareTest([
      [30, 0],
      [30, 1],
    ]);
    if (!tiny.defined) throw new Error(tiny.reason);
    expect(tiny.smallExpected?.minExpected).toBeLessThan(1);
  });

  it('rejects tables that are not tables of counts', () => {
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow(AnalysisError);
    expect(() => chiSquareTest([[1, -2]])).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
