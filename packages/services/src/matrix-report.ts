import { toCsv } from './csv.ts';
import { tableStatistics, type CountingUnit, type Perspective } from '@iwa/analysis';
import { aggregateUnits, emptyAggregateTable, type AggregateTable, type Graph } from '@iwa/graph';
import {
  loadStudyVocabulary,
  type CoderRequest,
  type CoderRuleName,
  type Labelled,
  type ResolvedDimension,
  type StudyVocabulary,
} from './study-vocabulary.ts';

/** One axis of a matrix as the report names it. */
export interface MatrixAxis {
  /** The dimension as resolved: `speaker.role`, `form`, `phase`. */
  name: string;
  /** The dimension's key: `role`, `form`, `phase`. */
  dimension: string;
  label: string;
}

/** One cell: distinct counted units with the row value and the column value. */
export interface MatrixCell {
  row: string;
  col: string;
  count: number;
  /** `count / rowTotal.count × 100` (distinct units of the row); null for an empty row. */
  rowPct: number | null;
  /** `count / colTotal.count × 100`; null for an empty column. */
  colPct: number | null;
  /** Adjusted standardised residual (Haberman); |r| > 1.96 marks a cell off independence. */
  residual: number | null;
  /** The conditions that list exactly this cell's excerpts (`iwa excerpts --where …`). */
  where: string[];
}

/** A margin: distinct units (what the percentages divide by) and the sum of its cells. */
export interface MatrixMargin {
  count: number;
  cellSum: number;
}

/** One table of a {@link MatrixReport}: over all units, or one split value's. */
export interface MatrixTable {
  /** The split value, or null for the table over all units. */
  split: string | null;
  /** Row-major over `rowValues` × `colValues` (zeros included). */
  cells: MatrixCell[];
  rowTotals: ({ row: string } & MatrixMargin)[];
  colTotals: ({ col: string } & MatrixMargin)[];
  /** Distinct counted units with a row and a column value: the table's n of units. */
  total: number;
  /** The sum of the cells: larger than `total` when units fall in more than one cell. */
  cellSum: number;
  /** Counted units that fall in more than one cell. */
  multiCell: number;
  stats: {
    /** The tests' n: the sum of the cells (each cell count an observation). */
    n: number;
    chiSquare: number | null;
    df: number | null;
    p: number | null;
    cramersV: number | null;
    fisherP: number | null;
    /** Why the test is undefined, or what to be careful about. */
    warnings: string[];
  };
}

/**
 * The answer to "rows × columns (split by a third dimension)" on a study: the stable JSON shape
 * of `iwa matrix --format json` and of the explorer's matrix API. Documented in docs/analysis.md.
 */
export interface MatrixReport {
  studyId: string;
  rows: MatrixAxis;
  cols: MatrixAxis;
  split: MatrixAxis | null;
  by: Perspective;
  unit: CountingUnit;
  /** The filters as checked and written out (`speaker.role=manager`, `form.operational`). */
  where: string[];
  coders: { ids: string[]; rule: CoderRuleName; description: string };
  rowValues: Labelled[];
  colValues: Labelled[];
  splitValues: Labelled[];
  /** Distinct units that satisfy the filters (and carry a code under the coder rule). */
  matched: number;
  /** Of those, how many have no value on the rows or the columns (so are in no cell). */
  withoutValue: number;
  /** The table over all units, then one per split value. */
  tables: MatrixTable[];
  /** What the reader should know: units without a value, a perspective with no actors, … */
  notes: string[];
}

/** What to count. Every name is checked against the study. */
export interface MatrixRequest {
  studyId: string;
  rows: string;
  cols: string;
  split?: string | undefined;
  by?: Perspective | undefined;
  unit?: CountingUnit | undefined;
  where?: readonly string[] | undefined;
  coders?: CoderRequest | undefined;
}

const round = (x: number | null | undefined, digits: number): number | null =>
  x === null || x === undefined || !Number.isFinite(x)
    ? null
    : Math.round(x * 10 ** digits) / 10 ** digits;

/** The displayed values of an axis: every code of a family; otherwise those that occur. */
function axisValues(dim: ResolvedDimension, present: ReadonlySet<string>): Labelled[] {
  if (dim.info.kind === 'codes') return dim.info.values;
  return dim.info.values.filter((v) => present.has(v.key));
}

function axis(dim: ResolvedDimension): MatrixAxis {
  return { name: dim.name, dimension: dim.info.key, label: dim.info.label };
}

const UNIT_WORD: Record<CountingUnit, string> = {
  excerpts: 'excerpts',
  informants: 'informants',
  documents: 'documents',
};

/**
 * The work-by-position matrix (or any crosstab of a study's dimensions), counted in Neo4j:
 * cells, margins, distinct totals and the units that fall in several cells come from one
 * aggregate query; the statistics are computed from those counts. The CLI (`iwa matrix`), the
 * explorer's matrix view, the claims and the bench all call this one function.
 */
export async function matrixReport(
  graph: Graph,
  request: MatrixRequest,
  vocabulary?: StudyVocabulary,
): Promise<MatrixReport> {
  const by = request.by ?? 'speaker';
  const vocab =
    vocabulary ??
    (await loadStudyVocabulary(graph, request.studyId, {
      naming: {
        dimensions: [request.rows, request.cols, request.split],
        conditions: request.where ?? [],
        by,
      },
    }));
  const unit = request.unit ?? 'excerpts';
  const rows = vocab.resolve(request.rows, by, 'rows dimension');
  const cols = vocab.resolve(request.cols, by, 'cols dimension');
  const split =
    request.split === undefined ? null : vocab.resolve(request.split, by, 'split dimension');
  const where = (request.where ?? []).map((w) => vocab.condition(w, by));
  const coders = vocab.coderChoice(request.coders);
  const counts = await aggregateUnits(graph, {
    studyId: vocab.studyId,
    coders: coders.graphRule,
    where: where.map((w) => w.condition),
    rows: rows.source,
    cols: cols.source,
    ...(split ? { layer: split.source } : {}),
    unit,
    by,
  });
  const overall = counts.tables.find((t) => t.layer === null);
  const rowValues = axisValues(rows, new Set(overall?.rowTotals.map((r) => r.row)));
  const colValues = axisValues(cols, new Set(overall?.colTotals.map((c) => c.col)));
  const layerTotals = new Map(
    counts.tables.filter((t) => t.layer !== null).map((t) => [t.layer, t.total]),
  );
  const splitValues = split
    ? split.info.values.filter((v) => (layerTotals.get(v.key) ?? 0) > 0)
    : [];
  const baseWhere = where.map((w) => w.text);
  const empty = emptyAggregateTable(null);
  const axes: TableAxes = { vocab, rows, cols, split, rowValues, colValues, baseWhere, unit };
  const tables = [
    matrixTable(overall ?? empty, null, axes),
    ...splitValues.map((v) =>
      matrixTable(
        counts.tables.find((t) => t.layer === v.key) ?? { ...empty, layer: v.key },
        v.key,
        axes,
      ),
    ),
  ];

  const withoutValue = counts.matched - (overall?.total ?? 0);
  const notes: string[] = [];
  if (counts.matched === 0) {
    notes.push(
      `no ${UNIT_WORD[unit]} satisfy the filters${baseWhere.length > 0 ? ` (${baseWhere.join(' & ')})` : ''} under ${coders.description}`,
    );
  } else if (withoutValue > 0) {
    const noun = unit === 'excerpts' ? 'coded excerpts' : UNIT_WORD[unit];
    notes.push(
      `${withoutValue} of ${counts.matched} ${noun}${baseWhere.length > 0 ? ' that satisfy the filters' : ''} have no ${rows.name} or no ${cols.name} value, so they are in no cell`,
    );
  }
  for (const dim of [rows, cols, split]) {
    if (dim?.of === null || dim === null || counts.matched === 0) continue;
    if ((overall?.total ?? 0) > 0) continue;
    const withActor = await aggregateUnits(graph, {
      studyId: vocab.studyId,
      coders: coders.graphRule,
      where: where.map((w) => w.condition),
      rows: { kind: 'actorId', of: dim.of },
    });
    if ((withActor.tables[0]?.total ?? 0) === 0) {
      const other = dim.of === 'speaker' ? 'performer' : 'speaker';
      notes.push(
        `no coded excerpt has a ${dim.of}${dim.of === 'speaker' ? ' (an informant the excerpt is spoken by)' : ''}, so ${dim.name} has no values; try --by ${other}, or give the documents speaker turns (docs/import-from-qda-tools.md)`,
      );
      break;
    }
  }
  return {
    studyId: vocab.studyId,
    rows: axis(rows),
    cols: axis(cols),
    split: split ? axis(split) : null,
    by,
    unit,
    where: baseWhere,
    coders: { ids: coders.coders, rule: coders.rule, description: coders.description },
    rowValues,
    colValues,
    splitValues,
    matched: counts.matched,
    withoutValue,
    tables,
    notes,
  };
}

/** What every table of one matrix shares: its dimensions, their values, the filters, the unit. */
interface TableAxes {
  vocab: StudyVocabulary;
  rows: ResolvedDimension;
  cols: ResolvedDimension;
  split: ResolvedDimension | null;
  rowValues: Labelled[];
  colValues: Labelled[];
  baseWhere: string[];
  unit: CountingUnit;
}

/** One table of a matrix (the overall one, or one split value's): cells, margins, statistics. */
function matrixTable(t: AggregateTable, layer: string | null, axes: TableAxes): MatrixTable {
  const { vocab, rows, cols, split, rowValues, colValues, baseWhere, unit } = axes;
  const cellOf = new Map(t.cells.map((c) => [`${c.row}\u0000${c.col}`, c.n]));
  const counts2 = rowValues.map((r) =>
    colValues.map((c) => cellOf.get(`${r.key}\u0000${c.key}`) ?? 0),
  );
  const rowTotal = new Map(t.rowTotals.map((r) => [r.row, r.n]));
  const colTotal = new Map(t.colTotals.map((c) => [c.col, c.n]));
  const hasCells = rowValues.length > 0 && colValues.length > 0;
  const s = hasCells
    ? tableStatistics({ layer, counts: counts2, multiCell: t.multiCell, total: t.total }, unit)
    : null;
  const chi = s?.chiSquare;
  const cellSum = counts2.flat().reduce((a, b) => a + b, 0);
  const layerWhere = layer === null || split === null ? [] : [vocab.equals(split, layer).text];
  return {
    split: layer,
    cells: rowValues.flatMap((r, i) =>
      colValues.map((c, j) => {
        const n = counts2[i]?.[j] ?? 0;
        const rt = rowTotal.get(r.key) ?? 0;
        const ct = colTotal.get(c.key) ?? 0;
        return {
          row: r.key,
          col: c.key,
          count: n,
          rowPct: rt > 0 ? round((100 * n) / rt, 1) : null,
          colPct: ct > 0 ? round((100 * n) / ct, 1) : null,
          residual: round(s?.residuals.adjusted[i]?.[j], 2),
          where: [
            ...baseWhere,
            vocab.equals(rows, r.key).text,
            vocab.equals(cols, c.key).text,
            ...layerWhere,
          ],
        };
      }),
    ),
    rowTotals: rowValues.map((r, i) => ({
      row: r.key,
      count: rowTotal.get(r.key) ?? 0,
      cellSum: (counts2[i] ?? []).reduce((a, b) => a + b, 0),
    })),
    colTotals: colValues.map((c, j) => ({
      col: c.key,
      count: colTotal.get(c.key) ?? 0,
      cellSum: counts2.reduce((a, row) => a + (row[j] ?? 0), 0),
    })),
    total: t.total,
    cellSum,
    multiCell: t.multiCell,
    stats: {
      n: cellSum,
      chiSquare: chi?.defined ? round(chi.statistic, 4) : null,
      df: chi?.defined ? chi.df : null,
      p: chi?.defined ? round(chi.pValue, 6) : null,
      cramersV: chi?.defined ? round(Math.min(1, chi.cramersV), 4) : null,
      fisherP: s?.fisher ? round(s.fisher.pValue, 6) : null,
      warnings: s
        ? [...(chi && !chi.defined ? [chi.reason] : []), ...s.caveats]
        : [`no ${UNIT_WORD[unit]} to count`],
    },
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

/** The cells as text: `count (row%)` with residual marks, then the row's distinct total. */
export function matrixTableRows(report: MatrixReport, table: MatrixTable): (string | number)[][] {
  return report.rowValues.map((row) => [
    row.key,
    ...report.colValues.map((col) => {
      const c = table.cells.find((x) => x.row === row.key && x.col === col.key);
      if (!c) return '0';
      return `${c.count}${c.rowPct === null ? '' : ` (${c.rowPct.toFixed(0)}%)`}${mark(c.residual)}`;
    }),
    table.rowTotals.find((r) => r.row === row.key)?.count ?? 0,
  ]);
}

/** The matrix as CSV: one line per cell of every table, with the margins' distinct counts. */
export function matrixCsv(report: MatrixReport): string {
  const header = [
    'split',
    'row',
    'col',
    'count',
    'row_total',
    'col_total',
    'row_pct',
    'col_pct',
    'adjusted_residual',
  ];
  const rows = report.tables.flatMap((t) =>
    t.cells.map((c) => [
      t.split ?? '(all)',
      c.row,
      c.col,
      c.count,
      t.rowTotals.find((r) => r.row === c.row)?.count ?? 0,
      t.colTotals.find((x) => x.col === c.col)?.count ?? 0,
      c.rowPct,
      c.colPct,
      c.residual,
    ]),
  );
  return toCsv(header, rows);
}
