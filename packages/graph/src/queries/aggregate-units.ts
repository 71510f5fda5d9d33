import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { GraphError } from '../graph-error.ts';
import { Perspective } from './position-fragment.ts';
import {
  actorsNeeded,
  CountUnit,
  selectionCypher,
  UnitSelection,
  ValueSource,
  valuesExpression,
} from './unit-selection.ts';

/**
 * A crosstab counted in Neo4j: the selected excerpts (see {@link UnitSelection}) by up to three
 * dimensions (rows, columns, and a layer that gives one table per value). A left-out axis counts
 * as one constant value (`''`), so the same query gives a plain count (no axes), a tally (rows
 * only) or a table.
 */
export const AggregateQuery = UnitSelection.extend({
  rows: ValueSource.optional(),
  cols: ValueSource.optional(),
  layer: ValueSource.optional(),
  unit: CountUnit.default('excerpts'),
  /** Whose actor a counted informant is (`unit: 'informants'`). */
  by: Perspective.default('speaker'),
});
export type AggregateQuery = z.input<typeof AggregateQuery>;

/** One table of {@link AggregateCounts}: the overall table (`layer: null`) or one layer's. */
export interface AggregateTable {
  layer: string | null;
  /** Distinct counted units per cell (row value, column value). */
  cells: { row: string; col: string; n: number }[];
  /** Distinct counted units per row among those with a column value (and vice versa). */
  rowTotals: { row: string; n: number }[];
  colTotals: { col: string; n: number }[];
  /** Distinct counted units per row value, with or without a column value (and vice versa). */
  rowsAny: { row: string; n: number }[];
  colsAny: { col: string; n: number }[];
  /** Distinct counted units with a row and a column value. */
  total: number;
  /** Counted units that fall in more than one cell of this table. */
  multiCell: number;
}

/** A table with nothing counted: what a layer (or the whole selection) with no units gives. */
export function emptyAggregateTable(layer: string | null): AggregateTable {
  return {
    layer,
    cells: [],
    rowTotals: [],
    colTotals: [],
    rowsAny: [],
    colsAny: [],
    total: 0,
    multiCell: 0,
  };
}

/** What {@link aggregateUnits} returns. */
export interface AggregateCounts {
  /** Distinct counted units among the selected excerpts (before requiring axis values). */
  matched: number;
  /** The overall table first, then one per layer value (in no particular order). */
  tables: AggregateTable[];
}

const ALL_LAYERS = '[null] + s.l';

/**
 * The distinct units per value of one axis (`s.r` or `s.c`) and layer, among the signatures
 * with a value on the other axis (`other`) or all of them (`null`).
 */
function margin(axis: 'r' | 'c', other: 'r' | 'c' | null, name: string): string {
  return `CALL (sigs) {
  UNWIND sigs AS s${other === null ? '' : `\n  WITH s WHERE size(s.${other}) > 0`}
  UNWIND ${ALL_LAYERS} AS l
  UNWIND s.${axis} AS ${axis}
  WITH l, ${axis}, sum(s.n) AS n, count(DISTINCT s.e) AS k
  RETURN collect([l, ${axis}, n, k]) AS ${name}
}`;
}

/** The Cypher of an aggregate query; fills `params`. Exported for the snapshot tests. */
export function aggregateCypher(
  query: z.output<typeof AggregateQuery>,
  params: Record<string, unknown>,
): string {
  const axisExpr = (source: z.output<typeof ValueSource> | undefined, name: string): string =>
    source === undefined ? "['']" : valuesExpression(source, name, params);
  const entityActor = query.unit === 'informants' ? [query.by] : [];
  const axisSources = [query.rows, query.cols, query.layer].filter(
    (s): s is z.output<typeof ValueSource> => s !== undefined,
  );
  const actorAxes = [...actorsNeeded(axisSources)];
  const selection = selectionCypher(query, params, [...entityActor, ...actorAxes]);
  const entity =
    query.unit === 'excerpts'
      ? 'null'
      : query.unit === 'documents'
        ? 'e.documentId'
        : `${query.by}Id`;
  const layer = query.layer === undefined ? '[]' : axisExpr(query.layer, 'layer');
  // per excerpt: its counted entity and its values on each axis; then grouped by that signature
  // (for excerpts the entity is null, so identical signatures collapse into one row with n)
  return `${selection}
WITH ${entity} AS entity, ${axisExpr(query.rows, 'rows')} AS rs, ${axisExpr(query.cols, 'cols')} AS cs, ${layer} AS ls
WITH entity, rs, cs, ls, count(*) AS n
WITH collect({e: entity, r: rs, c: cs, l: ls, n: n}) AS sigs
CALL (sigs) {
  UNWIND sigs AS s
  RETURN sum(s.n) AS matchedExcerpts, count(DISTINCT s.e) AS matchedEntities
}
CALL (sigs) {
  UNWIND sigs AS s
  UNWIND ${ALL_LAYERS} AS l
  UNWIND s.r AS r
  UNWIND s.c AS c
  WITH l, r, c, sum(s.n) AS n, count(DISTINCT s.e) AS k
  RETURN collect([l, r, c, n, k]) AS cells
}
${margin('r', 'c', 'rowTotals')}
${margin('c', 'r', 'colTotals')}
${margin('r', null, 'rowsAny')}
${margin('c', null, 'colsAny')}
CALL (sigs) {
  UNWIND sigs AS s
  WITH s WHERE size(s.r) > 0 AND size(s.c) > 0
  UNWIND ${ALL_LAYERS} AS l
  WITH l, sum(s.n) AS n, count(DISTINCT s.e) AS k,
       sum(CASE WHEN size(s.r) * size(s.c) > 1 THEN s.n ELSE 0 END) AS multi
  RETURN collect([l, n, k, multi]) AS totals
}
CALL (sigs) {
  UNWIND sigs AS s
  WITH s WHERE s.e IS NOT NULL
  UNWIND ${ALL_LAYERS} AS l
  UNWIND s.r AS r
  UNWIND s.c AS c
  WITH l, s.e AS entity, count(DISTINCT [r, c]) AS cellsOfEntity
  WHERE cellsOfEntity > 1
  WITH l, count(*) AS k
  RETURN collect([l, k]) AS multiEntities
}
RETURN matchedExcerpts, matchedEntities, cells, rowTotals, colTotals, rowsAny, colsAny, totals,
       multiEntities`;
}

const Key = z.string().nullable();
const Count = z.number().int();
const AggregateRow = z.object({
  matchedExcerpts: Count.nullable(),
  matchedEntities: Count,
  cells: z.array(z.tuple([Key, z.string(), z.string(), Count, Count])),
  rowTotals: z.array(z.tuple([Key, z.string(), Count, Count])),
  colTotals: z.array(z.tuple([Key, z.string(), Count, Count])),
  rowsAny: z.array(z.tuple([Key, z.string(), Count, Count])),
  colsAny: z.array(z.tuple([Key, z.string(), Count, Count])),
  totals: z.array(z.tuple([Key, Count, Count, Count])),
  multiEntities: z.array(z.tuple([Key, Count])),
});

/**
 * Counts the selected excerpts (or the distinct actors or documents behind them) per cell, row,
 * column and table in one aggregate query: nothing but the counts leaves Neo4j. An excerpt with
 * several values on an axis (two form codes) counts in each of its cells, once per cell; margins
 * and totals count distinct units, so they can be smaller than the sums of the cells.
 */
export async function aggregateUnits(
  graph: Graph,
  input: AggregateQuery,
): Promise<AggregateCounts> {
  const parsed = AggregateQuery.safeParse(input);
  if (!parsed.success) {
    throw new GraphError('query_failed', `Invalid aggregate query: ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }
  const query = parsed.data;
  const params: Record<string, unknown> = {};
  const cypher = aggregateCypher(query, params);
  const [row] = parseRows(await graph.read(cypher, params), AggregateRow, 'aggregate units');
  if (row === undefined) return { matched: 0, tables: [] };
  const distinct = query.unit !== 'excerpts';
  const pick = (n: number, k: number): number => (distinct ? k : n);
  const tables = new Map<string | null, AggregateTable>();
  const table = (layer: string | null): AggregateTable => {
    let t = tables.get(layer);
    if (t === undefined) {
      t = emptyAggregateTable(layer);
      tables.set(layer, t);
    }
    return t;
  };
  table(null);
  for (const [l, r, c, n, k] of row.cells) table(l).cells.push({ row: r, col: c, n: pick(n, k) });
  for (const [l, r, n, k] of row.rowTotals) table(l).rowTotals.push({ row: r, n: pick(n, k) });
  for (const [l, c, n, k] of row.colTotals) table(l).colTotals.push({ col: c, n: pick(n, k) });
  for (const [l, r, n, k] of row.rowsAny) table(l).rowsAny.push({ row: r, n: pick(n, k) });
  for (const [l, c, n, k] of row.colsAny) table(l).colsAny.push({ col: c, n: pick(n, k) });
  for (const [l, n, k, multi] of row.totals) {
    const t = table(l);
    t.total = pick(n, k);
    if (!distinct) t.multiCell = multi;
  }
  if (distinct) for (const [l, k] of row.multiEntities) table(l).multiCell = k;
  return {
    matched: distinct ? row.matchedEntities : (row.matchedExcerpts ?? 0),
    tables: [...tables.values()],
  };
}
