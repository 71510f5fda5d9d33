import type { ChiSquareTest, UndefinedTest } from './chi-square.ts';
import { chiSquareTest } from './chi-square.ts';
import type { Crosstab } from './crosstab.ts';
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

/**
 * Chi-square test, Cramér's V, residuals and (for 2 × 2 tables) Fisher's exact test for every
 * table of a crosstab, with caveats: when counted entities fall in more than one cell, when
 * Cochran's rule for expected counts is broken, and when the cells count informants or
 * documents rather than excerpts.
 */
export function crosstabStatistics(table: Crosstab): TableStatistics[] {
  return table.tables.map((t) => {
    const chiSquare = chiSquareTest(t.counts);
    const caveats: string[] = [];
    if (t.notAPartition) {
      caveats.push(
        `${t.multiCell} counted ${table.count} fall in more than one cell, so the cells are not independent observations and the chi-square and Fisher p-values are not valid as they stand`,
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
      notAPartition: t.notAPartition,
    };
  });
}
