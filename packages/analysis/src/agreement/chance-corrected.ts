import { AnalysisError } from '../analysis-error.ts';
import type { ReliabilityData } from './reliability-data.ts';
import { studentTCdf, studentTQuantile } from './student-t.ts';
import type { UndefinedValue } from './undefined-value.ts';
import { undefinedValue } from './undefined-value.ts';
import type { AgreementWeights } from './weights.ts';
import { weightMatrix } from './weights.ts';

/** The chance-corrected coefficients of Gwet's framework (Gwet 2014, ch. 2–5). */
export type ChanceCoefficient = 'gwet' | 'brennanPrediger' | 'scottsPi' | 'conger';

/** A chance-corrected agreement coefficient with Gwet's standard error. */
export interface ChanceCorrectedEstimate {
  readonly value: number;
  readonly coefficient: ChanceCoefficient;
  /** p_a: the (weighted) share of agreeing coder pairs, over units coded by at least two coders. */
  readonly observedAgreement: number;
  /** p_e: the chance agreement of this coefficient. */
  readonly expectedAgreement: number;
  /** Units with at least one value (Gwet's n). */
  readonly subjects: number;
  /** Units with at least two values. */
  readonly pairableUnits: number;
  /**
   * Gwet's linearisation standard error (conditional on the coders, unconditional on the
   * units), as irrCAC computes it; null with fewer than two units.
   */
  readonly se: number | null;
  /** value ± t_{n−1} · se, the upper end capped at 1 (irrCAC's convention); null without se. */
  readonly ci: readonly [number, number] | null;
  readonly confidenceLevel: number;
  /** Two-sided p-value of value / se against t_{n−1}; null without se. */
  readonly pValue: number | null;
  /** Whether weights other than identity were used (AC2 rather than AC1, weighted π or κ). */
  readonly weighted: boolean;
}

/** Options of {@link chanceCorrected}. */
export interface ChanceCorrectedOptions {
  /** Every category of the scale, in order; default the values in the data, sorted. */
  readonly categories?: readonly (string | number)[];
  /** Default `identity` (unweighted). */
  readonly weights?: AgreementWeights;
  /** Default 0.95. */
  readonly confidenceLevel?: number;
}

/** Every coefficient of {@link chanceCorrected}. */
export interface ChanceCorrectedSet {
  /** Gwet's AC1 (AC2 with weights): chance agreement from the propensity to classify at random. */
  readonly gwet: ChanceCorrectedEstimate | UndefinedValue;
  /** Brennan & Prediger (1981), Bennett et al.'s S: chance agreement 1/q. */
  readonly brennanPrediger: ChanceCorrectedEstimate | UndefinedValue;
  /**
   * Scott's π, generalised by Fleiss (1971) to several coders and by Gwet to missing values:
   * chance agreement from the pooled category shares.
   */
  readonly scottsPi: ChanceCorrectedEstimate | UndefinedValue;
  /** Conger's (1980) κ: Cohen's κ for several coders, chance agreement from each coder's own shares. */
  readonly conger: ChanceCorrectedEstimate | UndefinedValue;
}

function sortedCategories(seen: Set<string | number>): (string | number)[] {
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
 * Gwet's AC1/AC2, Brennan–Prediger, Scott's π (Fleiss' generalised κ) and Conger's κ for
 * reliability data (`data[u][c]`, null for missing) with any number of coders, missing values
 * and optional weights, with standard errors, following Gwet (2014) and his irrCAC package
 * (the Python `irrCAC.raw.CAC`, whose values the tests reproduce). Units without any value
 * are dropped; p_a is averaged over units with at least two values.
 *
 * Each coefficient is undefined (null with a reason) when no unit has two values, when its
 * chance agreement is 1, and for AC1 and Brennan–Prediger when the scale has one category.
 * Throws `AnalysisError('invalid_input')` for a value missing from `categories`.
 */
export function chanceCorrected(
  data: ReliabilityData,
  options: ChanceCorrectedOptions = {},
): ChanceCorrectedSet {
  const level = options.confidenceLevel ?? 0.95;
  const rows = data.filter((row) => row.some((v) => v !== null && v !== undefined));
  const n = rows.length;
  const r = rows.reduce((m, row) => Math.max(m, row.length), 0);
  const seen = new Set<string | number>();
  for (const row of rows) for (const v of row) if (v !== null && v !== undefined) seen.add(v);
  const categories = options.categories ? [...options.categories] : sortedCategories(seen);
  const index = new Map(categories.map((c, k) => [c, k]));
  for (const v of seen) {
    if (!index.has(v)) {
      throw new AnalysisError('invalid_input', `Value ${String(v)} is not among the categories`);
    }
  }
  // rated[i·r + g]: the category index coder g gave unit i, or -1. Flat: no object per unit.
  const rated = new Int32Array(n * r).fill(-1);
  rows.forEach((row, i) => {
    row.forEach((v, g) => {
      if (v === null || v === undefined) return;
      rated[i * r + g] = index.get(v) ?? 0;
    });
  });
  return chanceCorrectedFromRatings(rated, {
    coders: r,
    categories,
    weights: options.weights ?? 'identity',
    confidenceLevel: level,
  });
}

/**
 * {@link chanceCorrected} on ratings already given as category indices: `rated[i · coders + g]`
 * is the index into `categories` that coder g gave unit i, or -1 when missing. Every unit must
 * carry at least one rating. Lets callers that hold their data as ids (family agreement) skip
 * building rows of values.
 */
export function chanceCorrectedFromRatings(
  rated: Int32Array,
  scale: {
    readonly coders: number;
    readonly categories: readonly (string | number)[];
    readonly weights: AgreementWeights;
    readonly confidenceLevel: number;
  },
): ChanceCorrectedSet {
  const { coders: r, categories } = scale;
  const level = scale.confidenceLevel;
  const n = r === 0 ? 0 : rated.length / r;
  const q = categories.length;
  const w = weightMatrix(categories, scale.weights);
  const weighted = w.some((row, k) => row.some((x, l) => k !== l && x !== 0));
  const wSum = w.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);

  // agree[i·q + k]: coders who put unit i in category k.
  const agree = new Float64Array(n * q);
  const ri = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < r; g++) {
      const k = rated[i * r + g] ?? -1;
      if (k < 0) continue;
      agree[i * q + k] = (agree[i * q + k] ?? 0) + 1;
      ri[i] = (ri[i] ?? 0) + 1;
    }
  }
  const paI = new Float64Array(n);
  let n2more = 0;
  let paSum = 0;
  for (let i = 0; i < n; i++) {
    const a = agree.subarray(i * q, i * q + q);
    let sumQ = 0;
    for (let k = 0; k < q; k++) {
      const ak = a[k] ?? 0;
      if (ak === 0) continue;
      let weightedK = 0;
      for (let l = 0; l < q; l++) weightedK += (w[k]?.[l] ?? 0) * (a[l] ?? 0);
      sumQ += ak * (weightedK - 1);
    }
    const m = ri[i] ?? 0;
    if (m >= 2) {
      n2more += 1;
      paI[i] = sumQ / (m * (m - 1));
      paSum += paI[i] ?? 0;
    }
  }
  const noPairs = undefinedValue('no unit was coded by two coders');
  if (n2more === 0) {
    return { gwet: noPairs, brennanPrediger: noPairs, scottsPi: noPairs, conger: noPairs };
  }
  const pa = paSum / n2more;
  const pi = new Float64Array(q);
  for (let i = 0; i < n; i++) {
    const a = agree.subarray(i * q, i * q + q);
    const m = ri[i] ?? 1;
    for (let k = 0; k < q; k++) pi[k] = (pi[k] ?? 0) + (a[k] ?? 0) / m / n;
  }

  const estimate = (
    coefficient: ChanceCoefficient,
    pe: number,
    peI: Float64Array | null,
  ): ChanceCorrectedEstimate | UndefinedValue => {
    if (1 - pe <= 1e-15) {
      return undefinedValue(
        'no variation: the chance agreement is 1 (every value falls in one category)',
      );
    }
    const value = (pa - pe) / (1 - pe);
    let se: number | null = null;
    if (n >= 2) {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const pe2 = (ri[i] ?? 0) >= 2 ? pe : 0;
        let x = ((n / n2more) * ((paI[i] ?? 0) - pe2)) / (1 - pe);
        if (peI !== null) x -= (2 * (1 - value) * ((peI[i] ?? 0) - pe)) / (1 - pe);
        sum += (x - value) ** 2;
      }
      se = Math.sqrt(sum / (n * (n - 1)));
    }
    let ci: [number, number] | null = null;
    let pValue: number | null = null;
    if (se !== null) {
      const t = studentTQuantile(1 - (1 - level) / 2, n - 1);
      ci = [value - t * se, Math.min(1, value + t * se)];
      pValue = se === 0 ? 0 : 2 * (1 - studentTCdf(Math.abs(value / se), n - 1));
    }
    return {
      value,
      coefficient,
      observedAgreement: pa,
      expectedAgreement: pe,
      subjects: n,
      pairableUnits: n2more,
      se,
      ci,
      confidenceLevel: level,
      pValue,
      weighted,
    };
  };

  const oneCategory = undefinedValue(
    'the scale has a single category, so chance agreement cannot be told from agreement',
  );

  // Gwet's AC1/AC2.
  let gwet: ChanceCorrectedEstimate | UndefinedValue = oneCategory;
  if (q >= 2) {
    let spread = 0;
    for (let k = 0; k < q; k++) spread += (pi[k] ?? 0) * (1 - (pi[k] ?? 0));
    const pe = (wSum * spread) / (q * (q - 1));
    const peI = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < q; k++) s += (agree[i * q + k] ?? 0) * (1 - (pi[k] ?? 0));
      peI[i] = ((wSum / (q * (q - 1))) * s) / (ri[i] ?? 1);
    }
    gwet = estimate('gwet', pe, peI);
  }

  // Brennan–Prediger: no correction term for p_e, which is fixed.
  const brennanPrediger = q >= 2 ? estimate('brennanPrediger', wSum / (q * q), null) : oneCategory;

  // Scott's π / Fleiss' generalised κ.
  let pePi = 0;
  const piW = new Float64Array(q);
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      pePi += (w[k]?.[l] ?? 0) * (pi[k] ?? 0) * (pi[l] ?? 0);
      piW[k] = (piW[k] ?? 0) + (((w[k]?.[l] ?? 0) + (w[l]?.[k] ?? 0)) / 2) * (pi[l] ?? 0);
    }
  }
  const peIPi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < q; k++) s += (agree[i * q + k] ?? 0) * (piW[k] ?? 0);
    peIPi[i] = s / (ri[i] ?? 1);
  }
  const scottsPi = estimate('scottsPi', pePi, peIPi);

  return { gwet, brennanPrediger, scottsPi, conger: conger(rated, { n, r, q, w, estimate }) };
}

function conger(
  rated: Int32Array,
  ctx: {
    n: number;
    r: number;
    q: number;
    w: number[][];
    estimate: (
      c: ChanceCoefficient,
      pe: number,
      peI: Float64Array | null,
    ) => ChanceCorrectedEstimate | UndefinedValue;
  },
): ChanceCorrectedEstimate | UndefinedValue {
  const { n, r, q, w, estimate } = ctx;
  if (r < 2) return undefinedValue("Conger's kappa needs at least two coders");
  // p_gk: the share of the units coder g rated that g put in category k.
  const ng = new Float64Array(r);
  const pgk = Array.from({ length: r }, () => new Float64Array(q));
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < r; g++) {
      const k = rated[i * r + g] ?? -1;
      if (k < 0) continue;
      ng[g] = (ng[g] ?? 0) + 1;
      (pgk[g] as Float64Array)[k] = ((pgk[g] as Float64Array)[k] ?? 0) + 1;
    }
  }
  if (ng.some((x) => x === 0)) {
    return undefinedValue("Conger's kappa needs every coder to have rated at least one unit");
  }
  for (let g = 0; g < r; g++) {
    const row = pgk[g] as Float64Array;
    for (let k = 0; k < q; k++) row[k] = (row[k] ?? 0) / (ng[g] ?? 1);
  }
  const pMean = new Float64Array(q);
  for (let k = 0; k < q; k++) {
    let s = 0;
    for (let g = 0; g < r; g++) s += pgk[g]?.[k] ?? 0;
    pMean[k] = s / r;
  }
  let pe = 0;
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      let cross = 0;
      for (let g = 0; g < r; g++) cross += (pgk[g]?.[k] ?? 0) * (pgk[g]?.[l] ?? 0);
      const s2 = (cross - r * (pMean[k] ?? 0) * (pMean[l] ?? 0)) / (r - 1);
      pe += (w[k]?.[l] ?? 0) * ((pMean[k] ?? 0) * (pMean[l] ?? 0) - s2 / r);
    }
  }
  // Gwet's linearisation of p_e per unit (irrCAC's lambda matrix). λ_gk depends on unit i only
  // through coder g's rating (a category or missing), so Σ_k λ_gk · (…) is tabulated per
  // (g, rating) once and each unit costs O(r) instead of O(r·q²). (The sum over coders is now
  // taken of per-coder subtotals: the same terms, grouped differently, last-bit rounding only.)
  const perRating = new Float64Array(r * (q + 1));
  for (let g = 0; g < r; g++) {
    const scale = n / (ng[g] ?? 1);
    for (let rating = -1; rating < q; rating++) {
      const eps = rating >= 0 ? 1 : 0;
      let total = 0;
      for (let k = 0; k < q; k++) {
        let lambda = 0;
        for (let l = 0; l < q; l++) {
          const delta = rating === l ? 1 : 0;
          lambda += (w[k]?.[l] ?? 0) * (delta - (eps - (ng[g] ?? 0) / n) * (pgk[g]?.[l] ?? 0));
        }
        total += lambda * scale * (r * (pMean[k] ?? 0) - (pgk[g]?.[k] ?? 0));
      }
      perRating[g * (q + 1) + rating + 1] = total;
    }
  }
  const peI = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let g = 0; g < r; g++) total += perRating[g * (q + 1) + (rated[i * r + g] ?? -1) + 1] ?? 0;
    peI[i] = total / (r * (r - 1));
  }
  return estimate('conger', pe, peI);
}
