import type { ReliabilityData } from './reliability-data.ts';
import { presentValues } from './reliability-data.ts';
import type { UndefinedValue } from './undefined-value.ts';
import { undefinedValue } from './undefined-value.ts';

/** Percent agreement, two ways; both are shares between 0 and 1, without chance correction. */
export interface PercentAgreement {
  /** The same as `pairwise`, so that every coefficient reads `value`. */
  readonly value: number;
  /**
   * Pairwise: for each unit coded by at least two coders, the share of coder pairs that agree;
   * then the mean over those units (each unit weighs the same). With two coders it is the share
   * of units they agree on; it is Fleiss' P̄ when every unit has the same number of coders.
   */
  readonly pairwise: number;
  /** All-agree: the share of those units on which every coder who coded it gave the same value. */
  readonly allAgree: number;
  readonly units: number;
}

/**
 * Percent agreement of reliability data (see {@link ReliabilityData}). Units with fewer than
 * two values are left out; undefined when no unit is left.
 */
export function percentAgreement(data: ReliabilityData): PercentAgreement | UndefinedValue {
  let units = 0;
  let pairwise = 0;
  let allAgree = 0;
  for (const row of data) {
    const values = presentValues(row);
    const m = values.length;
    if (m < 2) continue;
    units += 1;
    const counts = new Map<string | number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    let agreeing = 0;
    for (const c of counts.values()) agreeing += c * (c - 1);
    pairwise += agreeing / (m * (m - 1));
    if (counts.size === 1) allAgree += 1;
  }
  if (units === 0) return undefinedValue('no unit was coded by two coders');
  return { value: pairwise / units, pairwise: pairwise / units, allAgree: allAgree / units, units };
}
