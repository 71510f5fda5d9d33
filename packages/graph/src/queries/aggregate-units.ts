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
  // (for excerpts the entity is null, so identical signatures collapse into one row with n).
  // The margins are summed from these rows in TypeScript (`countSignatures`): eight CALL
  // subqueries here made the query three times as slow to plan as the selection (decision 0025).
  return `${selection}
WITH ${entity} AS entity, ${axisExpr(query.rows, 'rows')} AS rs, ${axisExpr(query.cols, 'cols')} AS cs, ${layer} AS ls
RETURN entity, rs, cs, ls, count(*) AS n`;
}

const Signature = z.object({
  entity: z.string().nullable(),
  rs: z.array(z.string()),
  cs: z.array(z.string()),
  ls: z.array(z.string()),
  n: z.number().int(),
});
/**
 * One row of the aggregate query: a counted unit (an actor's or document's id; `null` when the
 * unit is the excerpt itself, or when an excerpt has no such actor), its values on the rows, the
 * columns and the layer, and how many selected excerpts share exactly these.
 */
export type Signature = z.output<typeof Signature>;

/** Excerpts summed and distinct units seen: one cell, margin or total being counted. */
class Tally {
  n = 0;
  private readonly entities = new Set<string>();
  add(s: Signature): void {
    this.n += s.n;
    // as Cypher's count(DISTINCT), an excerpt without a unit adds to n but is no unit
    if (s.entity !== null) this.entities.add(s.entity);
  }
  value(distinct: boolean): number {
    return distinct ? this.entities.size : this.n;
  }
}

function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

function tallyOf<K>(map: Map<K, Tally>, key: K): Tally {
  return entry(map, key, () => new Tally());
}

/** What one table (the overall one or a layer's) collects from the signatures. */
class LayerTally {
  readonly cells = new Map<string, { row: string; col: string; tally: Tally }>();
  readonly rowTotals = new Map<string, Tally>();
  readonly colTotals = new Map<string, Tally>();
  readonly rowsAny = new Map<string, Tally>();
  readonly colsAny = new Map<string, Tally>();
  readonly total = new Tally();
  /** Excerpts in more than one cell (the excerpt unit's multi-cell count). */
  multiExcerpts = 0;
  /** The distinct cells of each counted unit (the other units' multi-cell count). */
  readonly cellsOf = new Map<string, Set<string>>();

  add(s: Signature): void {
    const hasRow = s.rs.length > 0;
    const hasCol = s.cs.length > 0;
    for (const r of s.rs) {
      tallyOf(this.rowsAny, r).add(s);
      if (hasCol) tallyOf(this.rowTotals, r).add(s);
    }
    for (const c of s.cs) {
      tallyOf(this.colsAny, c).add(s);
      if (hasRow) tallyOf(this.colTotals, c).add(s);
    }
    if (!hasRow || !hasCol) return;
    this.total.add(s);
    if (s.rs.length * s.cs.length > 1) this.multiExcerpts += s.n;
    const seen =
      s.entity === null ? undefined : entry(this.cellsOf, s.entity, () => new Set<string>());
    for (const row of s.rs) {
      for (const col of s.cs) {
        const key = JSON.stringify([row, col]);
        entry(this.cells, key, () => ({ row, col, tally: new Tally() })).tally.add(s);
        seen?.add(key);
      }
    }
  }

  table(layer: string | null, distinct: boolean): AggregateTable {
    const rows = (map: Map<string, Tally>) =>
      [...map].map(([row, t]) => ({ row, n: t.value(distinct) }));
    const cols = (map: Map<string, Tally>) =>
      [...map].map(([col, t]) => ({ col, n: t.value(distinct) }));
    return {
      layer,
      cells: [...this.cells.values()].map((c) => ({
        row: c.row,
        col: c.col,
        n: c.tally.value(distinct),
      })),
      rowTotals: rows(this.rowTotals),
      colTotals: cols(this.colTotals),
      rowsAny: rows(this.rowsAny),
      colsAny: cols(this.colsAny),
      total: this.total.value(distinct),
      multiCell: distinct
        ? [...this.cellsOf.values()].filter((cells) => cells.size > 1).length
        : this.multiExcerpts,
    };
  }
}

/**
 * The counts of {@link aggregateUnits} from the query's signatures: each signature adds to every
 * cell of its row and column values, in the overall table and in the table of each of its layer
 * values; margins and totals count it once. With `distinct` (actors or documents counted) a
 * number is the distinct units behind it, otherwise the excerpts. A table exists for the overall
 * count and for each layer value that has a row or a column value.
 */
export function countSignatures(
  signatures: readonly Signature[],
  distinct: boolean,
): AggregateCounts {
  const layers = new Map<string | null, LayerTally>([[null, new LayerTally()]]);
  const matched = new Tally();
  for (const s of signatures) {
    matched.add(s);
    // a signature without a row or a column value is matched, in no table
    if (s.rs.length === 0 && s.cs.length === 0) continue;
    for (const l of [null, ...s.ls]) entry(layers, l, () => new LayerTally()).add(s);
  }
  return {
    matched: matched.value(distinct),
    tables: [...layers].map(([l, t]) => t.table(l, distinct)),
  };
}

/**
 * Counts the selected excerpts (or the distinct actors or documents behind them) per cell, row,
 * column and table. Neo4j groups the selected excerpts by their values on each axis (and their
 * counted unit): only those groups, never an excerpt, leave it; {@link countSignatures} sums them.
 * An excerpt with several values on an axis (two form codes) counts in each of its cells, once per
 * cell; margins and totals count distinct units, so they can be smaller than the sums of the
 * cells.
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
  const signatures = parseRows(await graph.read(cypher, params), Signature, 'aggregate units');
  return countSignatures(signatures, query.unit !== 'excerpts');
}
