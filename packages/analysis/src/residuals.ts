import { marginsOf, cell } from './contingency-table.ts';
import type { CountTable } from './contingency-table.ts';

/** Cell residuals of a table under independence. */
export interface Residuals {
  /**
   * Adjusted standardised residuals (Haberman 1973):
   * (O − E) / sqrt(E · (1 − rowTotal/n) · (1 − colTotal/n)). Approximately standard normal
   * under independence, so |r| > 1.96 marks a cell that departs from independence at about the
   * 5% level (before any correction for looking at many cells). `null` where undefined: in a
   * row or column with total 0, or when a row or column holds every count.
   */
  readonly adjusted: (number | null)[][];
  /** Pearson residuals (O − E) / sqrt(E); their squares sum to X². */
  readonly pearson: (number | null)[][];
}

/** Pearson and adjusted standardised (Haberman) residuals for every cell of an r × c table. */
export function residuals(table: CountTable): Residuals {
  const { rowTotals, colTotals, total } = marginsOf(table);
  const adjusted: (number | null)[][] = [];
  const pearson: (number | null)[][] = [];
  table.forEach((row, i) => {
    const adjustedRow: (number | null)[] = [];
    const pearsonRow: (number | null)[] = [];
    row.forEach((_, j) => {
      const r = rowTotals[i] ?? 0;
      const c = colTotals[j] ?? 0;
      const e = total > 0 ? (r * c) / total : 0;
      if (e <= 0) {
        adjustedRow.push(null);
        pearsonRow.push(null);
        return;
      }
      const o = cell(table, i, j);
      pearsonRow.push((o - e) / Math.sqrt(e));
      const variance = e * (1 - r / total) * (1 - c / total);
      adjustedRow.push(variance > 0 ? (o - e) / Math.sqrt(variance) : null);
    });
    adjusted.push(adjustedRow);
    pearson.push(pearsonRow);
  });
  return { adjusted, pearson };
}
