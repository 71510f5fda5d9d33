import type { UndefinedValue } from './undefined-value.ts';
import { undefinedValue } from './undefined-value.ts';

/** Krippendorff's alpha under a distance function, with the quantities behind it. */
export interface DistanceAlphaEstimate {
  readonly value: number;
  readonly observedDisagreement: number;
  readonly expectedDisagreement: number;
  /** n: the number of pairable values. */
  readonly pairableValues: number;
  readonly pairableUnits: number;
  /** Distinct values among the pairable values. */
  readonly distinctValues: number;
}

/**
 * Krippendorff's alpha for any kind of value under any distance δ(a, b) ≥ 0 with δ(a, a) = 0
 * (Krippendorff 2011, the general form): α = 1 − D_o / D_e, with D_o the mean distance of the
 * pairs of values within units and D_e that of all pairs of pairable values. `key` names equal
 * values (sets, objects), so that the distances are computed once per pair of distinct values:
 * the cost is O(values + k²) for k distinct values.
 *
 * `data[u][c]` is coder c's value for unit u, null/undefined when missing; units with fewer than
 * two values are not pairable. Undefined with fewer than two pairable values or when D_e is 0.
 */
export function distanceAlpha<V>(
  data: readonly (readonly (V | null | undefined)[])[],
  distance: (a: V, b: V) => number,
  key: (v: V) => string,
): DistanceAlphaEstimate | UndefinedValue {
  const ids = new Map<string, number>();
  const values: V[] = [];
  const unitIds: Int32Array[] = [];
  for (const row of data) {
    let m = 0;
    for (const v of row) if (v !== null && v !== undefined) m += 1;
    if (m < 2) continue;
    const unit = new Int32Array(m);
    let j = 0;
    for (const v of row) {
      if (v === null || v === undefined) continue;
      const name = key(v);
      let id = ids.get(name);
      if (id === undefined) {
        id = values.length;
        ids.set(name, id);
        values.push(v);
      }
      unit[j++] = id;
    }
    unitIds.push(unit);
  }
  return alphaFromUnits(unitIds, values, distance);
}

/** {@link distanceAlpha} on units already given as ids into `values`. */
export function alphaFromUnits<V>(
  units: readonly Int32Array[],
  values: readonly V[],
  distance: (a: V, b: V) => number,
): DistanceAlphaEstimate | UndefinedValue {
  const k = values.length;
  const coincidences = new Float64Array(k * k);
  for (const unit of units) {
    const m = unit.length;
    if (m < 2) continue;
    for (let a = 0; a < m; a++) {
      const c = unit[a] ?? 0;
      for (let b = 0; b < m; b++) {
        if (a === b) continue;
        const i = c * k + (unit[b] ?? 0);
        coincidences[i] = (coincidences[i] ?? 0) + 1 / (m - 1);
      }
    }
  }
  return alphaFromCoincidenceMatrix(coincidences, {
    values,
    distance,
    pairableUnits: units.length,
  });
}

/** Alpha from a k × k coincidence matrix (row-major) over `values` and a distance. */
export function alphaFromCoincidenceMatrix<V>(
  coincidences: Float64Array,
  scale: {
    readonly values: readonly V[];
    readonly distance: (a: V, b: V) => number;
    readonly pairableUnits: number;
  },
): DistanceAlphaEstimate | UndefinedValue {
  const { values, distance, pairableUnits } = scale;
  const k = values.length;
  const marginals = new Float64Array(k);
  let n = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) marginals[c] = (marginals[c] ?? 0) + (coincidences[c * k + d] ?? 0);
    n += marginals[c] ?? 0;
  }
  if (n < 2)
    return undefinedValue('fewer than two pairable values: no unit was coded by two coders');
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    const mc = marginals[c] ?? 0;
    if (mc === 0) continue;
    for (let d = c + 1; d < k; d++) {
      const md = marginals[d] ?? 0;
      if (md === 0) continue;
      const delta = distance(values[c] as V, values[d] as V);
      if (delta === 0) continue;
      observed += ((coincidences[c * k + d] ?? 0) + (coincidences[d * k + c] ?? 0)) * delta;
      expected += 2 * mc * md * delta;
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
    distinctValues: k,
  };
}
