import {
  crosstab,
  crosstabStatistics,
  type CodedUnit,
  type CountingUnit,
  type Perspective,
} from '@iwa/analysis';
import { FRAMEWORK_CODES } from '@iwa/taxonomy';

/** The stable JSON shape of `iwa matrix --format json` (documented in docs/cli.md). */
export interface MatrixReport {
  rows: string;
  cols: string;
  split: string | null;
  by: Perspective;
  unit: CountingUnit;
  where: string[];
  rowValues: string[];
  colValues: string[];
  tables: MatrixTable[];
}

export interface MatrixTable {
  /** The split value, or null for the table over all units. */
  split: string | null;
  cells: {
    row: string;
    col: string;
    count: number;
    rowPct: number | null;
    colPct: number | null;
    /** Adjusted standardised residual (Haberman); |r| > 1.96 marks a cell off independence. */
    residual: number | null;
  }[];
  rowTotals: { row: string; count: number }[];
  colTotals: { col: string; count: number }[];
  total: number;
  stats: {
    chiSquare: number | null;
    df: number | null;
    p: number | null;
    cramersV: number | null;
    fisherP: number | null;
    /** Why the test is undefined, or what to be careful about. */
    warnings: string[];
  };
}

export interface MatrixOptions {
  rows: string;
  cols: string;
  split?: string | undefined;
  by: Perspective;
  unit: CountingUnit;
  where: string[];
}

const round = (x: number | null, digits = 4): number | null =>
  x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits;

const FRAMEWORK_ORDER = new Map<string, number>(FRAMEWORK_CODES.map((c, i) => [c.key, i]));

/** Values in framework order for code families (structural, conceptual, …), else alphabetical. */
function ordered(dimension: string, values: readonly string[]): string[] {
  const rank = (v: string): number =>
    FRAMEWORK_ORDER.get(`${dimension}.${v}`) ?? Number.MAX_SAFE_INTEGER;
  return [...values].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const sameOrder = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Builds the matrix (and, with a split, one table per split value after the overall one). */
export function buildMatrixReport(
  units: readonly CodedUnit[],
  options: MatrixOptions,
): MatrixReport {
  const base = {
    rows: options.rows,
    cols: options.cols,
    count: options.unit,
    by: options.by,
    where: options.where,
  };
  const found = crosstab(units, base);
  const order = {
    rowValues: ordered(options.rows, found.rowValues),
    colValues: ordered(options.cols, found.colValues),
  };
  // framework order (structural, conceptual, operational, relational) where the data allows it
  const overall =
    sameOrder(order.rowValues, found.rowValues) && sameOrder(order.colValues, found.colValues)
      ? found
      : crosstab(units, { ...base, ...order });
  const layered = options.split
    ? crosstab(units, { ...base, ...order, layer: options.split })
    : null;
  const layerOrder = layered ? ordered(options.split ?? '', layered.layerValues ?? []) : [];
  const tables: MatrixTable[] = [];
  for (const ct of layered ? [overall, layered] : [overall]) {
    const stats = crosstabStatistics(ct);
    const indices = ct.tables.map((_, k) => k);
    if (ct === layered) {
      indices.sort(
        (a, b) =>
          layerOrder.indexOf(ct.tables[a]?.layer ?? '') -
          layerOrder.indexOf(ct.tables[b]?.layer ?? ''),
      );
    }
    indices.forEach((k) => {
      const t = ct.tables[k];
      if (!t) return;
      const s = stats[k];
      const chi = s?.chiSquare;
      tables.push({
        split: ct === overall ? null : t.layer,
        cells: ct.rowValues.flatMap((row, i) =>
          ct.colValues.map((col, j) => ({
            row,
            col,
            count: t.counts[i]?.[j] ?? 0,
            rowPct: round(t.rowPercent[i]?.[j] ?? null, 1),
            colPct: round(t.colPercent[i]?.[j] ?? null, 1),
            residual: round(s?.residuals.adjusted[i]?.[j] ?? null, 2),
          })),
        ),
        rowTotals: ct.rowValues.map((row, i) => ({ row, count: t.rowTotals[i] ?? 0 })),
        colTotals: ct.colValues.map((col, j) => ({ col, count: t.colTotals[j] ?? 0 })),
        total: t.total,
        stats: {
          chiSquare: chi?.defined ? round(chi.statistic) : null,
          df: chi?.defined ? chi.df : null,
          p: chi?.defined ? round(chi.pValue, 6) : null,
          cramersV: chi?.defined ? round(chi.cramersV) : null,
          fisherP: s?.fisher ? round(s.fisher.pValue, 6) : null,
          warnings: [...(chi && !chi.defined ? [chi.reason] : []), ...(s?.caveats ?? [])],
        },
      });
    });
  }
  return {
    rows: options.rows,
    cols: options.cols,
    split: options.split ?? null,
    by: options.by,
    unit: options.unit,
    where: options.where,
    rowValues: overall.rowValues,
    colValues: overall.colValues,
    tables,
  };
}

function mark(residual: number | null): string {
  if (residual === null) return '';
  if (residual > 2.58) return ' ++';
  if (residual > 1.96) return ' +';
  if (residual < -2.58) return ' --';
  if (residual < -1.96) return ' -';
  return '';
}

/** The cells as text: `count (row%)` with residual marks. */
export function matrixTableRows(report: MatrixReport, table: MatrixTable): (string | number)[][] {
  return report.rowValues.map((row) => [
    row,
    ...report.colValues.map((col) => {
      const c = table.cells.find((x) => x.row === row && x.col === col);
      if (!c) return '0';
      return `${c.count}${c.rowPct === null ? '' : ` (${c.rowPct.toFixed(0)}%)`}${mark(c.residual)}`;
    }),
    table.rowTotals.find((r) => r.row === row)?.count ?? 0,
  ]);
}

/** The matrix as CSV: one line per cell, all tables. */
export function matrixCsv(report: MatrixReport): string {
  const head = ['split', 'row', 'col', 'count', 'row_pct', 'col_pct', 'adjusted_residual'];
  const esc = (v: string | number | null): string => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [head.join(',')];
  for (const t of report.tables) {
    for (const c of t.cells)
      lines.push(
        [t.split ?? '(all)', c.row, c.col, c.count, c.rowPct, c.colPct, c.residual]
          .map(esc)
          .join(','),
      );
  }
  return `${lines.join('\n')}\n`;
}
