import { AnalysisError } from '../analysis-error.ts';
import type { ReliabilityData } from './reliability-data.ts';
import { presentValues } from './reliability-data.ts';
import type { UndefinedValue } from './undefined-value.ts';
import { undefinedValue } from './undefined-value.ts';

/** The metric (level of measurement) of Krippendorff's alpha. */
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** Options of {@link krippendorffAlpha}. */
export interface AlphaOptions {
  /** Default `nominal`. */
  readonly level?: AlphaLevel;
  /**
   * The order of the values for `ordinal` data. Without it values are ordered numerically
   * (numbers) or by code unit (strings); every value in the data must be listed.
   */
  readonly order?: readonly (string | number)[];
}

/** Krippendorff's alpha with the quantities behind it. */
export interface AlphaEstimate {
  readonly value: number;
  /** D_o and D_e, averaged over pairable values: alpha = 1 − D_o / D_e. */
  readonly observedDisagreement: number;
  readonly expectedDisagreement: number;
  /** n: the number of pairable values (values in units coded by at least two coders). */
  readonly pairableValues: number;
  /** Units with at least two values. */
  readonly pairableUnits: number;
  readonly level: AlphaLevel;
}

/**
 * Krippendorff's alpha for any number of coders, missing values and the nominal, ordinal,
 * interval or ratio metric, computed from the coincidence matrix as in Krippendorff (2011),
 * "Computing Krippendorff's Alpha-Reliability". Units with fewer than two values are not
 * pairable and are left out.
 *
 * Undefined (value `null` with a reason) with fewer than two pairable values, or when the
 * expected disagreement is 0 (every pairable value is the same).
 *
 * Throws `AnalysisError('invalid_input')` for non-numeric values under the interval or ratio
 * metric, negative values under ratio, or ordinal values missing from `order`.
 */
export function krippendorffAlpha(
  data: ReliabilityData,
  options: AlphaOptions = {},
): AlphaEstimate | UndefinedValue {
  const level = options.level ?? 'nominal';
  const units = data.map((u) => presentValues(u)).filter((u) => u.length >= 2);
  const values = orderedValues(units, level, options.order);
  const k = values.length;
  const index = new Map<string | number, number>(values.map((v, i) => [v, i]));
  const coincidences = new Float64Array(k * k);
  const local = new Float64Array(k);
  const touched: number[] = [];
  for (const unit of units) {
    const m = unit.length;
    for (const v of unit) {
      const i = index.get(v) ?? 0;
      if (local[i] === 0) touched.push(i);
      local[i] = (local[i] ?? 0) + 1;
    }
    for (const c of touched) {
      const nc = local[c] ?? 0;
      for (const d of touched) {
        const nd = local[d] ?? 0;
        const pairs = c === d ? nc * (nc - 1) : nc * nd;
        coincidences[c * k + d] = (coincidences[c * k + d] ?? 0) + pairs / (m - 1);
      }
    }
    for (const c of touched) local[c] = 0;
    touched.length = 0;
  }
  return alphaFromCoincidences(coincidences, { values, level, pairableUnits: units.length });
}

function orderedValues(
  units: readonly (string | number)[][],
  level: AlphaLevel,
  order: readonly (string | number)[] | undefined,
): (string | number)[] {
  const seen = new Set<string | number>();
  for (const unit of units) for (const v of unit) seen.add(v);
  if (level === 'interval' || level === 'ratio') {
    for (const v of seen) {
      if (typeof v !== 'number' || !Number.isFinite(v) || (level === 'ratio' && v < 0)) {
        throw new AnalysisError(
          'invalid_input',
          `Value ${String(v)} is not valid under the ${level} metric`,
        );
      }
    }
  }
  if (level === 'ordinal' && order !== undefined) {
    for (const v of seen) {
      if (!order.includes(v)) {
        throw new AnalysisError(
          'invalid_input',
          `Value ${String(v)} is missing from the ordinal order`,
        );
      }
    }
    return order.filter((v) => seen.has(v));
  }
  return [...seen].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a) < String(b)
        ? -1
        : String(a) > String(b)
          ? 1
          : 0,
  );
}

/**
 * Alpha from a k × k coincidence matrix (row-major) over `values` in metric order. Exposed
 * inside the package so that weighted data (characters) can reuse it.
 */
export function alphaFromCoincidences(
  coincidences: Float64Array,
  scale: {
    readonly values: readonly (string | number)[];
    readonly level: AlphaLevel;
    readonly pairableUnits: number;
  },
): AlphaEstimate | UndefinedValue {
  const { values, level, pairableUnits } = scale;
  const k = values.length;
  const marginals = new Float64Array(k);
  let n = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) marginals[c] = (marginals[c] ?? 0) + (coincidences[c * k + d] ?? 0);
    n += marginals[c] ?? 0;
  }
  if (n < 2)
    return undefinedValue('fewer than two pairable values: no unit was coded by two coders');
  const delta = distanceFunction(values, marginals, level);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      if (c === d) continue;
      const dd = delta(c, d);
      observed += (coincidences[c * k + d] ?? 0) * dd;
      expected += (marginals[c] ?? 0) * (marginals[d] ?? 0) * dd;
    }
  }
  if (expected === 0) {
    return undefinedValue(
      'no variation: every pairable value is the same, so the expected disagreement is 0',
    );
  }
  const observedDisagreement = observed / n;
  const expectedDisagreement = expected / (n * (n - 1));
  return {
    value: 1 - observedDisagreement / expectedDisagreement,
    observedDisagreement,
    expectedDisagreement,
    pairableValues: n,
    pairableUnits,
    level,
  };
}

function distanceFunction(
  values: readonly (string | number)[],
  marginals: Float64Array,
  level: AlphaLevel,
): (c: number, d: number) => number {
  switch (level) {
    case 'nominal':
      return (c, d) => (c === d ? 0 : 1);
    case 'interval':
      return (c, d) => (Number(values[c]) - Number(values[d])) ** 2;
    case 'ratio':
      return (c, d) => {
        const a = Number(values[c]);
        const b = Number(values[d]);
        return a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
      };
    case 'ordinal': {
      // δ²(c, d) = (Σ_{g between c and d} n_g − (n_c + n_d) / 2)²; cumulative sums make it O(1).
      const cumulative = new Float64Array(values.length + 1);
      marginals.forEach((m, g) => (cumulative[g + 1] = (cumulative[g] ?? 0) + m));
      return (c, d) => {
        const lo = Math.min(c, d);
        const hi = Math.max(c, d);
        const between = (cumulative[hi + 1] ?? 0) - (cumulative[lo] ?? 0);
        return (between - ((marginals[c] ?? 0) + (marginals[d] ?? 0)) / 2) ** 2;
      };
    }
  }
}
