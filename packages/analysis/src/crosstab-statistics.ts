import type { ChiSquareTest, UndefinedTest } from './chi-square.ts';
import { chiSquareTest } from './chi-square.ts';
import type { CountingUnit, Crosstab } from './crosstab.ts';
import type { FisherExactTest } from './fisher-exact.ts';
import { fisherExact } from './fisher-exact.ts';
import type { Residuals } from './residuals.ts';
import { residuals } from './residuals.ts';

/** The statistics of one table of a {@link Crosstab}. */
export interface TableStatistics {
  readonly layer: string | null;
  readonly chiSquare: ChiSquareTest | UndefinedTest;
  readonly residuals: Residuals;
  /** Fisher's exact test when the table is 2 × 2, else `null`. */
  readonly fisher: FisherExactTest | null;
  /** Reasons to read the tests with care, in words (empty when there are none). */
  readonly caveats: string[];
  /** `true` when the table is not a partition of its counted entities (see {@link CrosstabTable.notAPartition}). */
  readonly notAPartition: boolean;
}

/** One table of counts with what the caveats need to know about it. */
export interface CountedTable {
  readonly layer: string | null;
  /** `counts[i][j]`: counted entities in row i and column j. */
  readonly counts: readonly (readonly number[])[];
  /** Counted entities that fall in more than one cell. */
  readonly multiCell: number;
  /** Distinct counted entities in the table. */
  readonly total: number;
}

/**
 * Chi-square test, Cramér's V, residuals and (for 2 × 2 tables) Fisher's exact test of one table
 * of counts, with caveats: when counted entities fall in more than one cell and when Cochran's
 * rule for expected counts is broken. The tests treat every cell count as an observation, so
 * their n is the sum of the cells.
 */
export function tableStatistics(t: CountedTable, count: CountingUnit): TableStatistics {
  const chiSquare = chiSquareTest(t.counts);
  const caveats: string[] = [];
  const notAPartition = t.multiCell > 0;
  if (notAPartition) {
    caveats.push(
      `${t.multiCell} counted ${count} fall in more than one cell, so the cells are not independent observations and the chi-square and Fisher p-values are not valid as they stand`,
    );
  }
  if (chiSquare.defined && chiSquare.smallExpected !== null) {
    caveats.push(chiSquare.smallExpected.reason);
  }
  const is2x2 = t.counts.length === 2 && t.counts.every((row) => row.length === 2);
  return {
    layer: t.layer,
    chiSquare,
    residuals: residuals(t.counts),
    fisher: is2x2 && t.total > 0 ? fisherExact(t.counts) : null,
    caveats,
    notAPartition,
  };
}

/** {@link tableStatistics} for every table of a crosstab. */
export function crosstabStatistics(table: Crosstab): TableStatistics[] {
  return table.tables.map((t) => tableStatistics(t, table.count));
}
