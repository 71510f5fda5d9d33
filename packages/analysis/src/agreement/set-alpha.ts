import type { DistanceAlphaEstimate } from './distance-alpha.ts';
import { distanceAlpha } from './distance-alpha.ts';
import type { UndefinedValue } from './undefined-value.ts';

/** A distance between two code sets, in [0, 1]. */
export type SetDistance = 'masi' | 'jaccard';

/** A set-valued alpha estimate: {@link DistanceAlphaEstimate} and the distance used. */
export interface SetAlphaEstimate extends DistanceAlphaEstimate {
  readonly distance: SetDistance | 'custom';
}

function overlap(a: readonly string[], b: readonly string[]): { both: number; union: number } {
  const setA = new Set(a);
  const setB = new Set(b);
  let both = 0;
  for (const x of setA) if (setB.has(x)) both += 1;
  return { both, union: setA.size + setB.size - both };
}

/** Jaccard distance 1 − |A ∩ B| / |A ∪ B|; 0 for two empty sets. */
export function jaccardDistance(a: readonly string[], b: readonly string[]): number {
  const { both, union } = overlap(a, b);
  return union === 0 ? 0 : 1 - both / union;
}

/**
 * MASI distance (Passonneau 2006): 1 − J · M, with J the Jaccard similarity and M the
 * monotonicity weight: 1 for equal sets, 2/3 when one contains the other, 1/3 when they
 * intersect otherwise, 0 when disjoint, as in NLTK's `masi_distance`. 0 for two empty sets.
 */
export function masiDistance(a: readonly string[], b: readonly string[]): number {
  const { both, union } = overlap(a, b);
  if (union === 0) return 0;
  const sizeA = new Set(a).size;
  const sizeB = new Set(b).size;
  const m =
    both === sizeA && both === sizeB
      ? 1
      : both === Math.min(sizeA, sizeB)
        ? 2 / 3
        : both > 0
          ? 1 / 3
          : 0;
  return 1 - (both / union) * m;
}

/**
 * Krippendorff's alpha for set-valued data (a passage can carry several codes of a family):
 * `data[u][c]` is the set of codes coder c applied to unit u (an empty array: coded, none of
 * these codes), null/undefined when coder c did not code unit u. Distances between sets are
 * MASI (default) or Jaccard, or a custom function; α = 1 − D_o / D_e as for any metric
 * (NLTK's `AnnotationTask.alpha` computes the same for complete data).
 */
export function setAlpha(
  data: readonly (readonly (readonly string[] | null | undefined)[])[],
  options: {
    readonly distance?: SetDistance | ((a: readonly string[], b: readonly string[]) => number);
  } = {},
): SetAlphaEstimate | UndefinedValue {
  const d = options.distance ?? 'masi';
  const fn = d === 'masi' ? masiDistance : d === 'jaccard' ? jaccardDistance : d;
  const result = distanceAlpha(data, fn, (set) => [...new Set(set)].sort().join('\u0000'));
  if (result.value === null) return result;
  return { ...result, distance: typeof d === 'string' ? d : 'custom' };
}
