/**
 * Reliability data: `data[u][c]` is the value coder c gave unit u, or `null`/`undefined` when
 * coder c did not code unit u (missing). Rows may differ in length; a short row means the
 * remaining coders are missing. Values are category names or numbers.
 */
export type ReliabilityData<V extends string | number = string | number> = readonly (readonly (
  V | null | undefined
)[])[];

/** The values present in one unit of reliability data. */
export function presentValues<V extends string | number>(
  unit: readonly (V | null | undefined)[],
): V[] {
  const out: V[] = [];
  for (const v of unit) if (v !== null && v !== undefined) out.push(v);
  return out;
}
