import { AnalysisError } from './analysis-error.ts';

/** A table of counts, rows × columns; every row has the same length. */
export type CountTable = readonly (readonly number[])[];

/** Margins of a {@link CountTable}. */
export interface Margins {
  readonly rowTotals: number[];
  readonly colTotals: number[];
  readonly total: number;
}

/**
 * Checks that a table is rectangular with finite, non-negative counts and returns its
 * margins; throws `AnalysisError('invalid_input')` otherwise.
 */
export function marginsOf(table: CountTable): Margins {
  const cols = table[0]?.length ?? 0;
  if (table.length === 0 || cols === 0) {
    throw new AnalysisError(
      'invalid_input',
      'A contingency table needs at least one row and column',
    );
  }
  // Loops rather than forEach with closures, adding in the same order: agreement reports
  // compute a kappa, so these margins, for every document, code and family.
  const rowTotals = new Array<number>(table.length).fill(0);
  const colTotals = new Array<number>(cols).fill(0);
  let total = 0;
  for (let i = 0; i < table.length; i++) {
    // (holes are skipped, as forEach skips them)
    if (table[i] === undefined && !(i in table)) continue;
    const row = table[i] as readonly number[];
    if (row.length !== cols) {
      throw new AnalysisError('invalid_input', `Row ${i} has ${row.length} cells, not ${cols}`);
    }
    for (let j = 0; j < cols; j++) {
      if (row[j] === undefined && !(j in row)) continue;
      const count = row[j] as number;
      if (!Number.isFinite(count) || count < 0) {
        throw new AnalysisError('invalid_input', `Cell [${i}][${j}] is not a count: ${count}`);
      }
      rowTotals[i] = (rowTotals[i] ?? 0) + count;
      colTotals[j] = (colTotals[j] ?? 0) + count;
      total += count;
    }
  }
  return { rowTotals, colTotals, total };
}

/** Reads cell [i][j] of a table already checked by {@link marginsOf}. */
export function cell(table: CountTable, i: number, j: number): number {
  return table[i]?.[j] ?? 0;
}
