import { AnalysisError } from './analysis-error.ts';
import { marginsOf, cell } from './contingency-table.ts';
import type { CountTable } from './contingency-table.ts';

/** Fisher's exact test of a 2 × 2 table. */
export interface FisherExactTest {
  /**
   * Two-sided p-value: the total probability, under the hypergeometric distribution with the
   * observed margins, of every table no more probable than the observed one. "No more probable"
   * allows a relative tolerance of 1e-7, so tables whose probability equals the observed one up
   * to rounding are included (the rule R's `fisher.test` uses).
   */
  readonly pValue: number;
  /** One-sided p-value P(X ≤ a), where a is the top-left cell (association below independence). */
  readonly pLess: number;
  /** One-sided p-value P(X ≥ a) (association above independence). */
  readonly pGreater: number;
  /** The sample odds ratio ad / bc; `null` when b · c = 0 (the ratio is infinite or 0/0). */
  readonly oddsRatio: number | null;
}

const relativeTolerance = 1 + 1e-7;

/**
 * Fisher's exact test for a 2 × 2 table `[[a, b], [c, d]]` of integer counts. Throws
 * `AnalysisError('invalid_input')` for any other shape or for non-integer counts.
 */
export function fisherExact(table: CountTable): FisherExactTest {
  if (table.length !== 2 || table.some((row) => row.length !== 2)) {
    throw new AnalysisError('invalid_input', "Fisher's exact test here takes a 2 × 2 table");
  }
  const { rowTotals, colTotals, total } = marginsOf(table);
  if (table.some((row) => row.some((v) => !Number.isInteger(v)))) {
    throw new AnalysisError('invalid_input', "Fisher's exact test needs integer counts");
  }
  const a = cell(table, 0, 0);
  const b = cell(table, 0, 1);
  const c = cell(table, 1, 0);
  const d = cell(table, 1, 1);
  const r1 = rowTotals[0] ?? 0;
  const c1 = colTotals[0] ?? 0;
  const lo = Math.max(0, r1 + c1 - total);
  const hi = Math.min(r1, c1);
  // Relative hypergeometric probabilities by the ratio recurrence, scaled to 1 at the mode so
  // that nothing overflows; terms far in the tails may underflow to 0, which is harmless.
  const size = hi - lo + 1;
  const weights = new Float64Array(size);
  const mode = Math.min(hi, Math.max(lo, Math.floor(((r1 + 1) * (c1 + 1)) / (total + 2))));
  weights[mode - lo] = 1;
  for (let x = mode; x < hi; x++) {
    const ratio = ((r1 - x) * (c1 - x)) / ((x + 1) * (total - r1 - c1 + x + 1));
    weights[x + 1 - lo] = (weights[x - lo] ?? 0) * ratio;
  }
  for (let x = mode; x > lo; x--) {
    const ratio = (x * (total - r1 - c1 + x)) / ((r1 - x + 1) * (c1 - x + 1));
    weights[x - 1 - lo] = (weights[x - lo] ?? 0) * ratio;
  }
  let sum = 0;
  for (const w of weights) sum += w;
  const observed = weights[a - lo] ?? 0;
  let two = 0;
  let less = 0;
  let greater = 0;
  weights.forEach((w, k) => {
    const x = k + lo;
    if (w <= observed * relativeTolerance) two += w;
    if (x <= a) less += w;
    if (x >= a) greater += w;
  });
  const oddsRatio = b * c === 0 ? null : (a * d) / (b * c);
  return {
    pValue: Math.min(1, two / sum),
    pLess: Math.min(1, less / sum),
    pGreater: Math.min(1, greater / sum),
    oddsRatio,
  };
}
