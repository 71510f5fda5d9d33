import { AnalysisError } from '../analysis-error.ts';
import type { CountTable } from '../contingency-table.ts';
import { marginsOf } from '../contingency-table.ts';
import { normalTwoSided } from '../distributions.ts';
import type { UndefinedValue } from './undefined-value.ts';
import { undefinedValue } from './undefined-value.ts';

/** Fleiss' kappa with the quantities behind it. */
export interface FleissKappaEstimate {
  readonly value: number;
  /** P̄: the mean over subjects of the share of agreeing rater pairs. */
  readonly observedAgreement: number;
  /** P̄_e = Σ_j p_j²: the chance agreement from the pooled category shares. */
  readonly expectedAgreement: number;
  readonly subjects: number;
  readonly raters: number;
  /** Standard error under kappa = 0 (Fleiss, Nee & Landis 1979), its z and two-sided p. */
  readonly seNull: number;
  readonly z: number;
  readonly pValue: number;
}

/**
 * Fleiss' kappa (1971) for a fixed number of raters per subject. `counts[i][j]` is the number
 * of raters who put subject i in category j; every row must add up to the same number of raters
 * (at least 2), else `AnalysisError('invalid_input')`. The raters need not be the same people
 * for every subject. Undefined when every rating falls in one category (P̄_e = 1).
 */
export function fleissKappa(counts: CountTable): FleissKappaEstimate | UndefinedValue {
  const { rowTotals, colTotals, total } = marginsOf(counts);
  const raters = rowTotals[0] ?? 0;
  if (raters < 2 || rowTotals.some((t) => t !== raters)) {
    throw new AnalysisError(
      'invalid_input',
      "Fleiss' kappa needs the same number of raters (at least 2) for every subject",
    );
  }
  let sumP = 0;
  for (const row of counts) {
    let agreeing = 0;
    for (const c of row) agreeing += c * (c - 1);
    sumP += agreeing / (raters * (raters - 1));
  }
  return fleissFromSums({
    subjects: counts.length,
    raters,
    sumP,
    categoryTotals: colTotals,
    total,
  });
}

/** The sums Fleiss' kappa is computed from; subjects may carry weights, so they need not be integers. */
export interface FleissSums {
  readonly subjects: number;
  readonly raters: number;
  /** Σ over subjects of P_i, the share of agreeing rater pairs in subject i. */
  readonly sumP: number;
  /** Ratings per category, summed over subjects. */
  readonly categoryTotals: readonly number[];
  /** All ratings: subjects × raters. */
  readonly total: number;
}

/** Fleiss' kappa from its sums (see {@link FleissSums}); used for weighted and tallied data. */
export function fleissFromSums(sums: FleissSums): FleissKappaEstimate | UndefinedValue {
  const { subjects, raters, sumP, categoryTotals, total } = sums;
  if (subjects <= 0 || total <= 0) return undefinedValue('no subject was rated');
  // Loops rather than map and reduce with closures, summing in the same order: agreement
  // reports compute this for every document, code and family.
  const p: number[] = [];
  for (const t of categoryTotals) p.push(t / total);
  const observedAgreement = sumP / subjects;
  let expectedAgreement = 0;
  for (const pj of p) expectedAgreement += pj * pj;
  if (1 - expectedAgreement <= 1e-15) {
    return undefinedValue('no variation: every rating falls in one category, so P̄e is 1');
  }
  const value = (observedAgreement - expectedAgreement) / (1 - expectedAgreement);
  let pq = 0;
  let pqq = 0;
  for (const pj of p) {
    pq += pj * (1 - pj);
    pqq += pj * (1 - pj) * (1 - 2 * pj);
  }
  const seNull = Math.sqrt(
    Math.max(0, (2 / (subjects * raters * (raters - 1))) * ((pq * pq - pqq) / (pq * pq))),
  );
  const z = seNull > 0 ? value / seNull : 0;
  return {
    value,
    observedAgreement,
    expectedAgreement,
    subjects,
    raters,
    seNull,
    z,
    pValue: normalTwoSided(z),
  };
}
