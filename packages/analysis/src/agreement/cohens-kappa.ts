import { AnalysisError } from '../analysis-error.ts';
import type { CountTable } from '../contingency-table.ts';
import { marginsOf, cell } from '../contingency-table.ts';
import { normalTwoSided } from '../distributions.ts';
import type { UndefinedValue } from './undefined-value.ts';
import { undefinedValue } from './undefined-value.ts';

/**
 * Weights for Cohen's kappa on ordered categories: `none` (plain kappa, nominal), `linear`
 * (agreement weight 1 − |i − j|/(k − 1), for ordinal categories) or `quadratic`
 * (1 − (i − j)²/(k − 1)², interval-like; close to an intraclass correlation).
 */
export type KappaWeights = 'none' | 'linear' | 'quadratic';

/** Cohen's kappa with its standard errors. */
export interface KappaEstimate {
  readonly value: number;
  /** p_o: the (weighted) share of units on which the two coders agree. */
  readonly observedAgreement: number;
  /** p_e: the agreement expected from the two coders' marginal distributions. */
  readonly expectedAgreement: number;
  readonly n: number;
  /**
   * Large-sample standard error under the alternative (kappa ≠ 0), Fleiss, Cohen & Everitt
   * (1969); use it for confidence intervals. It is the `ASE` of SAS PROC FREQ and R's
   * `vcd::Kappa`.
   */
  readonly se: number;
  /** Standard error under the null hypothesis kappa = 0 (Fleiss, Cohen & Everitt 1969); `z` uses it. */
  readonly seNull: number;
  /** Cohen's (1960) simple approximation sqrt(p_o(1 − p_o) / (n(1 − p_e)²)). */
  readonly seSimple: number;
  /** value ± 1.959964 · se. */
  readonly ci95: readonly [number, number];
  /** value / seNull, and its two-sided normal p-value. */
  readonly z: number;
  readonly pValue: number;
  readonly weights: KappaWeights;
}

/**
 * Cohen's kappa for two coders from their agreement table: `table[i][j]` counts units that
 * coder 1 put in category i and coder 2 in category j (same categories, same order, so the
 * table is square). With `weights` it is the weighted kappa; categories must then be in order.
 *
 * Undefined when the table is empty or when the expected agreement is 1 (both coders used one
 * and the same category throughout). Throws `AnalysisError('invalid_input')` for a table that
 * is not square.
 */
export function cohensKappa(
  table: CountTable,
  options: { readonly weights?: KappaWeights } = {},
): KappaEstimate | UndefinedValue {
  const weights = options.weights ?? 'none';
  const k = table.length;
  if (table.some((row) => row.length !== k)) {
    throw new AnalysisError(
      'invalid_input',
      'A kappa table must be square: the same categories for both coders',
    );
  }
  const { rowTotals, colTotals, total: n } = marginsOf(table);
  if (n === 0) return undefinedValue('no unit was coded by both coders');
  const w = (i: number, j: number): number => {
    if (i === j) return 1;
    if (weights === 'none' || k < 2) return 0;
    const d = Math.abs(i - j) / (k - 1);
    return weights === 'linear' ? 1 - d : 1 - d * d;
  };
  // (loops rather than map: this runs once per document, code and family of a report)
  const pRow: number[] = [];
  const pCol: number[] = [];
  for (const t of rowTotals) pRow.push(t / n);
  for (const t of colTotals) pCol.push(t / n);
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      po += (w(i, j) * cell(table, i, j)) / n;
      pe += w(i, j) * (pRow[i] ?? 0) * (pCol[j] ?? 0);
    }
  }
  if (1 - pe <= 1e-15) {
    return undefinedValue(
      'no variation: both coders used a single, identical category, so the expected agreement is 1',
    );
  }
  const kappa = (po - pe) / (1 - pe);
  // Fleiss, Cohen & Everitt (1969): w̄_i. = Σ_j p_.j w_ij, w̄_.j = Σ_i p_i. w_ij.
  // (loops rather than Array.from and reduce, summing in the same order: this runs once per
  // document, code and family of an agreement report)
  const wRow = new Array<number>(k);
  const wCol = new Array<number>(k);
  for (let i = 0; i < k; i++) {
    let row = 0;
    let col = 0;
    for (let j = 0; j < k; j++) {
      row += (pCol[j] ?? 0) * w(i, j);
      col += (pRow[j] ?? 0) * w(j, i);
    }
    wRow[i] = row;
    wCol[i] = col;
  }
  let alt = 0;
  let nul = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const spread = (wRow[i] ?? 0) + (wCol[j] ?? 0);
      alt += (cell(table, i, j) / n) * (w(i, j) - spread * (1 - kappa)) ** 2;
      nul += (pRow[i] ?? 0) * (pCol[j] ?? 0) * (w(i, j) - spread) ** 2;
    }
  }
  const scale = n * (1 - pe) ** 2;
  const se = Math.sqrt(Math.max(0, alt - (kappa - pe * (1 - kappa)) ** 2) / scale);
  const seNull = Math.sqrt(Math.max(0, nul - pe * pe) / scale);
  const seSimple = Math.sqrt((po * (1 - po)) / scale);
  const z = seNull > 0 ? kappa / seNull : kappa === 0 ? 0 : Math.sign(kappa) * Infinity;
  return {
    value: kappa,
    observedAgreement: po,
    expectedAgreement: pe,
    n,
    se,
    seNull,
    seSimple,
    ci95: [kappa - 1.959964 * se, kappa + 1.959964 * se],
    z,
    pValue: Number.isFinite(z) ? normalTwoSided(z) : 0,
    weights,
  };
}

/**
 * The agreement table of two coders' ratings of the same units, for {@link cohensKappa}.
 * Units where either rating is missing (`null`/`undefined`) are skipped. Categories come in the
 * given order, or sorted when not given (then every rating must be listed).
 */
export function agreementTable<V extends string | number>(
  first: readonly (V | null | undefined)[],
  second: readonly (V | null | undefined)[],
  categories?: readonly V[],
): { readonly categories: V[]; readonly table: number[][] } {
  if (first.length !== second.length) {
    throw new AnalysisError(
      'invalid_input',
      'Both coders must rate the same units (equal lengths)',
    );
  }
  const seen = new Set<V>();
  first.forEach((a, u) => {
    const b = second[u];
    if (a === null || a === undefined || b === null || b === undefined) return;
    seen.add(a);
    seen.add(b);
  });
  const cats = categories
    ? [...categories]
    : [...seen].sort((a, b) =>
        typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1,
      );
  const index = new Map<V, number>(cats.map((c, i) => [c, i]));
  const table = cats.map(() => cats.map(() => 0));
  first.forEach((a, u) => {
    const b = second[u];
    if (a === null || a === undefined || b === null || b === undefined) return;
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) {
      throw new AnalysisError(
        'invalid_input',
        `Rating ${String(i === undefined ? a : b)} is not a listed category`,
      );
    }
    const row = table[i];
    if (row) row[j] = (row[j] ?? 0) + 1;
  });
  return { categories: cats, table };
}
