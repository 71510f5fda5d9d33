/** `form.operational` → `Operational`; `partially_integrated` → `Partially integrated`. */
export function humanise(key: string): string {
  const last = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : key;
  const words = last.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const oneDecimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-GB', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** A percentage (0–100) for a table cell: `43%`, `4.5%`. */
export function formatPct(pct: number): string {
  return `${pct >= 10 || pct === 0 ? Math.round(pct) : oneDecimal.format(pct)}%`;
}

/** A statistic with two decimals. */
export function formatStat(x: number): string {
  return twoDecimals.format(x);
}

/** A p-value as researchers write it. */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** A signed residual with a real minus sign. */
export function formatResidual(r: number): string {
  return `${r >= 0 ? '+' : '−'}${Math.abs(r).toFixed(1)}`;
}

const threeDecimals = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });

/** Any number for a claim's numbers: counts whole, shares with up to three decimals. */
export function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : threeDecimals.format(x);
}

/** `{ role: 'manager', sector: 'welfare' }` → `Manager · Welfare`. */
export function formatPosition(position: Record<string, string> | undefined): string {
  if (position === undefined) return '';
  const keys = ['role', 'sector', 'health_tier', 'level'];
  return keys
    .map((k) => position[k])
    .filter((v): v is string => v !== undefined && v !== 'not_applicable')
    .map(humanise)
    .join(' · ');
}
