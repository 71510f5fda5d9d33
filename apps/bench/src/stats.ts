/** Summary of repeated timings, in milliseconds. */
export interface Timing {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function summarise(runs: readonly number[]): Timing {
  return {
    median: round(median(runs)),
    min: round(Math.min(...runs)),
    max: round(Math.max(...runs)),
    runs: runs.map((r) => round(r)),
  };
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Times `fn` once, in milliseconds. */
export async function timeOnce<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * Warm timing: `warmup` untimed runs (one unless told), then `runs` timed runs. `before` runs untimed before each timed
 * run (e.g. clearing the query cache for a cold timing).
 */
export async function timeRuns(
  fn: () => unknown,
  options: { runs: number; warmup?: number; before?: () => Promise<void> | void },
): Promise<Timing> {
  for (let i = 0; i < (options.warmup ?? 1); i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    if (options.before) await options.before();
    out.push((await timeOnce(fn)).ms);
  }
  return summarise(out);
}
