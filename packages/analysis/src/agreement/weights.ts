import { AnalysisError } from '../analysis-error.ts';

/**
 * Named agreement weights of Gwet (2014, ch. 3), as in irrCAC: `identity` (unweighted),
 * `linear`, `quadratic`, `ordinal`, `radical`, `ratio`. Numeric categories are weighted by
 * their values; labelled categories by their rank 1…q.
 */
export type WeightScheme = 'identity' | 'linear' | 'quadratic' | 'ordinal' | 'radical' | 'ratio';

/** A named scheme or a custom q × q matrix of agreement weights in [0, 1] (1 on the diagonal). */
export type AgreementWeights = WeightScheme | readonly (readonly number[])[];

/**
 * The q × q agreement weight matrix for `categories` (in order). Throws
 * `AnalysisError('invalid_input')` for a custom matrix of the wrong shape, weights outside
 * [0, 1] or a diagonal that is not 1, and for `ratio` weights with a category 0.
 */
export function weightMatrix(
  categories: readonly (string | number)[],
  weights: AgreementWeights = 'identity',
): number[][] {
  const q = categories.length;
  if (typeof weights !== 'string') {
    const ok =
      weights.length === q &&
      weights.every(
        (row, i) =>
          row.length === q && row.every((w, j) => w >= 0 && w <= 1 && (i !== j || w === 1)),
      );
    if (!ok) {
      throw new AnalysisError(
        'invalid_input',
        `A custom weight matrix must be ${q} × ${q} (one row and column per category) with weights in [0, 1] and 1 on the diagonal`,
      );
    }
    return weights.map((row) => [...row]);
  }
  const numeric = categories.every((c) => typeof c === 'number');
  const x = numeric ? categories.map(Number) : categories.map((_c, i) => i + 1);
  const min = Math.min(...x);
  const max = Math.max(...x);
  const range = max - min;
  if (weights === 'ratio' && x.includes(0)) {
    throw new AnalysisError('invalid_input', 'Ratio weights need categories other than 0');
  }
  return x.map((a, k) =>
    x.map((b, l) => {
      if (k === l) return 1;
      if (weights === 'identity' || range === 0) return 0;
      switch (weights) {
        case 'linear':
          return 1 - Math.abs(a - b) / range;
        case 'quadratic':
          return 1 - ((a - b) / range) ** 2;
        case 'radical':
          return 1 - Math.sqrt(Math.abs(a - b)) / Math.sqrt(range);
        case 'ratio':
          return 1 - ((a - b) / (a + b)) ** 2 / (range / (max + min)) ** 2;
        case 'ordinal': {
          const maxSteps = (q * (q - 1)) / 2;
          const n = Math.abs(k - l) + 1;
          return 1 - (n * (n - 1)) / 2 / maxSteps;
        }
      }
    }),
  );
}
