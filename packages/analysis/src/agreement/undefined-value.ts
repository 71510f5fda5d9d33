/**
 * A coefficient that has no value for the data given, and why: no variation (expected
 * disagreement 0), no pairable values, the wrong number of coders… Reported instead of a number
 * so that nobody reads 0, NaN or 1 into it.
 */
export interface UndefinedValue {
  readonly value: null;
  readonly reason: string;
}

/** Builds an {@link UndefinedValue}. */
export function undefinedValue(reason: string): UndefinedValue {
  return { value: null, reason };
}
