import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * Upper tail of the chi-square distribution, P(X ≥ x) for `df` degrees of freedom.
 *
 * Computed as the regularised upper incomplete gamma function Q(df/2, x/2) from stdlib, which
 * keeps its precision far into the tail (1 − CDF would round to 0 below about 1e-16).
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/** Two-sided p-value of a standard normal deviate `z`: P(|Z| ≥ |z|) = P(χ²₁ ≥ z²). */
export function normalTwoSided(z: number): number {
  return chiSquareUpperTail(z * z, 1);
}
