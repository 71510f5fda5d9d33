import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../analysis-error.ts';
import { fleissKappa } from './fleiss-kappa.ts';

describe('fleissKappa', () => {
  it('reproduces the worked example of 10 subjects, 14 raters and 5 categories', () => {
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const kappa = fleissKappa(counts);
    if (kappa.value === null) throw new Error(kappa.reason);
    expect(kappa.value.toFixed(3)).toBe('0.210');
    expect(kappa.observedAgreement.toFixed(3)).toBe('0.378');
    expect(kappa.expectedAgreement.toFixed(3)).toBe('0.213');
    expect(kappa.subjects).toBe(10);
    expect(kappa.raters).toBe(14);
  });

  it('needs the same number of raters for every subject and variation to be defined', () => {
    expect(() =>
      fleissKappa([
        [2, 1],
        [1, 1],
      ]),
    ).toThrow(AnalysisError);
    expect(
      fleissKappa([
        [3, 0],
        [3, 0],
      ]).value,
    ).toBeNull();
  });
});
