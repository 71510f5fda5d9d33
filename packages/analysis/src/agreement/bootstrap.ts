import { AnalysisError } from '../analysis-error.ts';
import type { CountTable } from '../contingency-table.ts';
import { cohensKappa } from './cohens-kappa.ts';
import type { AlphaLevel } from './krippendorff-alpha.ts';
import { krippendorffAlpha } from './krippendorff-alpha.ts';
import type { ReliabilityData } from './reliability-data.ts';
import type { UndefinedValue } from './undefined-value.ts';
import { undefinedValue } from './undefined-value.ts';

/**
 * Mulberry32: a small seeded generator of uniform numbers in [0, 1), so that a bootstrap is
 * reproducible from its seed (and reproducible outside iwa: the reference script implements the
 * same 32-bit arithmetic).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options of a bootstrap. */
export interface BootstrapOptions {
  /** Default 1000. */
  readonly resamples?: number;
  /** Default 1 (every run with the same seed draws the same resamples). */
  readonly seed?: number;
  /** Default 0.95. */
  readonly level?: number;
  /** Minimum acceptable values whose probability of not being reached is reported (e.g. 0.667, 0.8). */
  readonly minimums?: readonly number[];
}

/** A percentile bootstrap interval with the probability of falling short of each minimum. */
export interface BootstrapInterval {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly resamples: number;
  readonly seed: number;
  /** Resamples on which the coefficient was undefined (left out of the interval). */
  readonly undefinedResamples: number;
  /** For each minimum: the share of resamples below it, P(coefficient < min). */
  readonly belowMinimum: readonly { readonly minimum: number; readonly probability: number }[];
  readonly method: 'units';
}

/** The p-quantile of sorted values, linear between order statistics (R type 7, NumPy's default). */
export function quantileSorted(sorted: Float64Array | readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (h - lo) * (b - a);
}

/**
 * Nonparametric bootstrap over units: `resamples` times, n units are drawn with replacement
 * (unit ⌊u · n⌋ for each uniform u of {@link mulberry32}, in order) and `statistic` is computed
 * from the number of times each unit was drawn. The interval is the percentile interval of the
 * defined resample values. Resampling whole units keeps each unit's coders together (Zapf et al.
 * 2016 recommend this interval for alpha); it differs from Hayes & Krippendorff's (2007)
 * resampling of pairable values.
 *
 * Undefined when the statistic is undefined on the data or on every resample.
 */
export function bootstrapUnits(
  units: number,
  statistic: (multiplicity: Int32Array) => number | null,
  options: BootstrapOptions = {},
): BootstrapInterval | UndefinedValue {
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 1;
  const level = options.level ?? 0.95;
  if (!(Number.isInteger(resamples) && resamples >= 1) || !(level > 0 && level < 1)) {
    throw new AnalysisError(
      'invalid_input',
      'A bootstrap needs a whole number of resamples ≥ 1 and a level in (0, 1)',
    );
  }
  const all = new Int32Array(units).fill(1);
  const value = statistic(all);
  if (value === null) return undefinedValue('the coefficient is undefined for these data');
  const random = mulberry32(seed);
  const draws = new Float64Array(resamples);
  const counts = new Int32Array(units);
  let defined = 0;
  for (let b = 0; b < resamples; b++) {
    counts.fill(0);
    for (let j = 0; j < units; j++) {
      const u = Math.floor(random() * units);
      counts[u] = (counts[u] ?? 0) + 1;
    }
    const x = statistic(counts);
    if (x !== null && Number.isFinite(x)) draws[defined++] = x;
  }
  if (defined === 0) return undefinedValue('the coefficient is undefined on every resample');
  const sorted = draws.subarray(0, defined).sort();
  const belowMinimum = (options.minimums ?? []).map((minimum) => {
    let below = 0;
    for (const x of sorted) if (x < minimum) below += 1;
    return { minimum, probability: below / defined };
  });
  return {
    value,
    lower: quantileSorted(sorted, (1 - level) / 2),
    upper: quantileSorted(sorted, 1 - (1 - level) / 2),
    level,
    resamples,
    seed,
    undefinedResamples: resamples - defined,
    belowMinimum,
    method: 'units',
  };
}

/**
 * Bootstrap interval of Krippendorff's alpha (any of the four metrics) by resampling units;
 * see {@link bootstrapUnits}. The resample's alpha is computed on the resampled units (a unit
 * drawn twice counts twice), so its metric sees the resample's own marginals.
 */
export function bootstrapAlpha(
  data: ReliabilityData,
  options: BootstrapOptions & { readonly level?: number; readonly metric?: AlphaLevel } = {},
): BootstrapInterval | UndefinedValue {
  const level = options.metric ?? 'nominal';
  return bootstrapUnits(
    data.length,
    (counts) => {
      const sample: (typeof data)[number][] = [];
      counts.forEach((c, u) => {
        for (let i = 0; i < c; i++) sample.push(data[u] ?? []);
      });
      return krippendorffAlpha(sample, { level }).value;
    },
    options,
  );
}

/**
 * Bootstrap interval of Cohen's kappa for two coders' ratings of the same units (units where
 * either is missing are left out first), by resampling units.
 */
export function bootstrapKappa<V extends string | number>(
  first: readonly (V | null | undefined)[],
  second: readonly (V | null | undefined)[],
  options: BootstrapOptions = {},
): BootstrapInterval | UndefinedValue {
  const pairs: [V, V][] = [];
  first.forEach((a, u) => {
    const b = second[u];
    if (a !== null && a !== undefined && b !== null && b !== undefined) pairs.push([a, b]);
  });
  const categories = [...new Set(pairs.flat())];
  const index = new Map(categories.map((c, i) => [c, i]));
  const cells = pairs.map(
    ([a, b]) => (index.get(a) ?? 0) * categories.length + (index.get(b) ?? 0),
  );
  return bootstrapUnits(
    pairs.length,
    (counts) => {
      const table: CountTable = categories.map(() => categories.map(() => 0));
      counts.forEach((c, u) => {
        const cell = cells[u] ?? 0;
        const row = table[Math.floor(cell / categories.length)] as number[];
        row[cell % categories.length] = (row[cell % categories.length] ?? 0) + c;
      });
      return cohensKappa(table).value;
    },
    options,
  );
}
