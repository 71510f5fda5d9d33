/**
 * Just enough statistics for the fixture's matrix: Pearson's chi-square with its p-value,
 * Cramér's V and adjusted standardised residuals. The real numbers come from @iwa/analysis;
 * this exists only so the explorer's tests can run before that is wired in.
 */

/** ln Γ(x) by the Lanczos approximation (g = 7, n = 9). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = c[0] ?? 0;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] ?? 0) / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularised upper incomplete gamma function Q(s, x). */
function gammaQ(s: number, x: number): number {
  if (x <= 0) return 1;
  if (x < s + 1) {
    let sum = 1 / s;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (s + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(-x + s * Math.log(x) - logGamma(s));
  }
  // Continued fraction (Lentz).
  let b = x + 1 - s;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-x + s * Math.log(x) - logGamma(s)) * h;
}

export interface ChiSquareResult {
  chiSquare: number;
  df: number;
  p: number;
  cramersV: number;
  smallExpectedShare: number;
}

/** Pearson's chi-square test on a table; rows and columns with a zero total are dropped. */
export function chiSquare(table: number[][]): ChiSquareResult | null {
  const rows = table.filter((r) => r.some((v) => v > 0));
  const width = rows[0]?.length ?? 0;
  const cols = [...Array(width).keys()].filter((j) => rows.some((r) => (r[j] ?? 0) > 0));
  if (rows.length < 2 || cols.length < 2) return null;
  const t = rows.map((r) => cols.map((j) => r[j] ?? 0));
  const rowSum = t.map((r) => r.reduce((a, b) => a + b, 0));
  const colSum = cols.map((_, j) => t.reduce((a, r) => a + (r[j] ?? 0), 0));
  const n = rowSum.reduce((a, b) => a + b, 0);
  let x2 = 0;
  let small = 0;
  t.forEach((r, i) =>
    r.forEach((o, j) => {
      const e = ((rowSum[i] ?? 0) * (colSum[j] ?? 0)) / n;
      if (e < 5) small++;
      x2 += ((o - e) * (o - e)) / e;
    }),
  );
  const df = (t.length - 1) * (cols.length - 1);
  const k = Math.min(t.length, cols.length) - 1;
  return {
    chiSquare: x2,
    df,
    p: Math.min(1, Math.max(0, gammaQ(df / 2, x2 / 2))),
    cramersV: Math.min(1, Math.sqrt(x2 / (n * k))),
    smallExpectedShare: small / (t.length * cols.length),
  };
}

/** Adjusted standardised residuals of every cell (undefined where a margin is 0). */
export function adjustedResiduals(table: number[][]): (number | undefined)[][] {
  const rowSum = table.map((r) => r.reduce((a, b) => a + b, 0));
  const width = table[0]?.length ?? 0;
  const colSum = [...Array(width).keys()].map((j) => table.reduce((a, r) => a + (r[j] ?? 0), 0));
  const n = rowSum.reduce((a, b) => a + b, 0);
  return table.map((r, i) =>
    r.map((o, j) => {
      const ri = rowSum[i] ?? 0;
      const cj = colSum[j] ?? 0;
      if (n === 0 || ri === 0 || cj === 0 || ri === n || cj === n) return undefined;
      const e = (ri * cj) / n;
      return (o - e) / Math.sqrt(e * (1 - ri / n) * (1 - cj / n));
    }),
  );
}
