import { marginsOf, cell } from './contingency-table.ts';
import type { CountTable } from './contingency-table.ts';
import { chiSquareUpperTail } from './distributions.ts';

/**
 * Cochran's rule for the chi-square approximation: it is doubtful when any expected count is
 * below 1 or more than 20% of the cells have expected counts below 5.
 */
export interface SmallExpectedWarning {
  readonly minExpected: number;
  readonly cellsBelow5: number;
  readonly cells: number;
  readonly reason: string;
}

/** A chi-square test of independence that could be computed. */
export interface ChiSquareTest {
  readonly defined: true;
  /** Pearson's X². */
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  /** The likelihood-ratio statistic G² and its p-value on the same df. */
  readonly gSquared: number;
  readonly gPValue: number;
  /** Cramér's V = sqrt(X² / (n·(min(r, c) − 1))), over the rows and columns used. */
  readonly cramersV: number;
  readonly n: number;
  /** Expected counts under independence, in the shape of the input; `null` in dropped rows/columns. */
  readonly expected: (number | null)[][];
  /** Indices of the rows and columns used: those with a non-zero total. */
  readonly rowsUsed: number[];
  readonly colsUsed: number[];
  /** Set when Cochran's rule is broken; `null` when the approximation is fine. */
  readonly smallExpected: SmallExpectedWarning | null;
}

/** Why a chi-square test has no value for a table. */
export interface UndefinedTest {
  readonly defined: false;
  readonly reason: string;
}

/**
 * Pearson's chi-square test of independence for an r × c table, with G², Cramér's V and the
 * expected counts. Rows and columns whose total is 0 carry no information and are dropped
 * (reported in `rowsUsed`/`colsUsed`); with fewer than two rows or columns left the test is
 * undefined.
 *
 * The test assumes each counted unit falls in exactly one cell. For multi-coded units that is
 * false; see {@link crosstabStatistics}, which flags it.
 */
export function chiSquareTest(table: CountTable): ChiSquareTest | UndefinedTest {
  const { rowTotals, colTotals, total } = marginsOf(table);
  const rowsUsed = rowTotals.flatMap((t, i) => (t > 0 ? [i] : []));
  const colsUsed = colTotals.flatMap((t, j) => (t > 0 ? [j] : []));
  if (rowsUsed.length < 2 || colsUsed.length < 2) {
    return {
      defined: false,
      reason: `needs at least 2 rows and 2 columns with non-zero totals (has ${rowsUsed.length} × ${colsUsed.length})`,
    };
  }
  const expected = table.map((row) => row.map((): number | null => null));
  let statistic = 0;
  let gSquared = 0;
  let minExpected = Infinity;
  let cellsBelow5 = 0;
  for (const i of rowsUsed) {
    for (const j of colsUsed) {
      const e = ((rowTotals[i] ?? 0) * (colTotals[j] ?? 0)) / total;
      const o = cell(table, i, j);
      (expected[i] ?? [])[j] = e;
      statistic += ((o - e) * (o - e)) / e;
      if (o > 0) gSquared += 2 * o * Math.log(o / e);
      if (e < minExpected) minExpected = e;
      if (e < 5) cellsBelow5 += 1;
    }
  }
  const cells = rowsUsed.length * colsUsed.length;
  const df = (rowsUsed.length - 1) * (colsUsed.length - 1);
  const smallExpected =
    minExpected < 1 || cellsBelow5 > 0.2 * cells
      ? {
          minExpected,
          cellsBelow5,
          cells,
          reason:
            minExpected < 1
              ? `an expected count is below 1 (${minExpected.toFixed(2)}); the chi-square p-value is unreliable`
              : `${cellsBelow5} of ${cells} cells (more than 20%) have expected counts below 5; the chi-square p-value is unreliable`,
        }
      : null;
  return {
    defined: true,
    statistic,
    df,
    pValue: chiSquareUpperTail(statistic, df),
    gSquared,
    gPValue: chiSquareUpperTail(gSquared, df),
    cramersV: Math.sqrt(statistic / (total * (Math.min(rowsUsed.length, colsUsed.length) - 1))),
    n: total,
    expected,
    rowsUsed,
    colsUsed,
    smallExpected,
  };
}
