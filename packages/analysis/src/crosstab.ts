import { AnalysisError } from './analysis-error.ts';
import type { CodedUnit, Perspective } from './coded-unit.ts';
import { resolveDimension, valuesOf } from './coded-unit.ts';
import { parseCondition, satisfiesAll } from './condition.ts';

/**
 * What a crosstab cell counts: distinct excerpts (unit ids), distinct informants (speakers) or
 * distinct documents among the units in the cell.
 */
export type CountingUnit = 'excerpts' | 'informants' | 'documents';

/** Options of {@link crosstab}. */
export interface CrosstabOptions {
  /** The row dimension, e.g. `role` (resolved with `by`), `speaker.sector` or `form`. */
  readonly rows: string;
  readonly cols: string;
  /** An optional third dimension: one table per value (e.g. role × form split by purpose). */
  readonly layer?: string;
  /** Default `excerpts`. */
  readonly count?: CountingUnit;
  /** Whose position bare position dimensions refer to; default `speaker`. */
  readonly by?: Perspective;
  /** Conditions every unit must satisfy first (see {@link parseCondition}). */
  readonly where?: readonly string[];
  /**
   * The categories and their order. Without them every value seen is used, sorted; with them
   * only the listed values are used and listed values without units get zero rows/columns.
   */
  readonly rowValues?: readonly string[];
  readonly colValues?: readonly string[];
  readonly layerValues?: readonly string[];
}

/** One two-dimensional table of a {@link Crosstab} (one layer value, or the whole data). */
export interface CrosstabTable {
  /** The layer value, or `null` when the crosstab has no layer. */
  readonly layer: string | null;
  /** `counts[i][j]`: distinct counted entities in row value i and column value j. */
  readonly counts: number[][];
  /** The excerpt ids behind each cell, in input order, whatever is counted. */
  readonly unitIds: string[][][];
  /**
   * Distinct entities per row, per column and in the whole table. With multi-valued dimensions
   * these are smaller than the sums of the cells: an entity in two cells counts once here.
   */
  readonly rowTotals: number[];
  readonly colTotals: number[];
  readonly total: number;
  /**
   * `counts[i][j] / rowTotals[i] × 100`: the percentage of the row's entities that fall in
   * column j. With multi-valued columns a row's percentages can add up to more than 100.
   * `null` when the row is empty.
   */
  readonly rowPercent: (number | null)[][];
  /** `counts[i][j] / colTotals[j] × 100`; `null` when the column is empty. */
  readonly colPercent: (number | null)[][];
  /** Counted entities that fall in more than one cell of this table. */
  readonly multiCell: number;
  /**
   * `true` when `multiCell > 0`: the cells overlap, so the table is not a partition of its
   * entities, the cells add up to more than `total`, and the chi-square test (which assumes
   * independent observations, one per cell) is not valid as it stands: read its p-value as
   * descriptive at best. Counting informants or documents nearly always gives such a table.
   */
  readonly notAPartition: boolean;
}

/** A crosstab of two dimensions, optionally split by a third. */
export interface Crosstab {
  readonly rows: string;
  readonly cols: string;
  readonly layer: string | null;
  readonly count: CountingUnit;
  readonly rowValues: string[];
  readonly colValues: string[];
  /** The layer values, one table each; `null` without a layer. */
  readonly layerValues: string[] | null;
  readonly tables: CrosstabTable[];
  /** Units that passed `where` and have a value on every dimension used (by layer if any). */
  readonly unitsUsed: number;
  /** Units that passed `where` but lack a value on one of the dimensions (or have only unlisted values). */
  readonly unitsWithoutValue: number;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function categories(
  units: readonly CodedUnit[],
  dimension: string,
  given: readonly string[] | undefined,
): string[] {
  if (given !== undefined) {
    if (new Set(given).size !== given.length) {
      throw new AnalysisError('invalid_input', `Values listed twice for ${dimension}`);
    }
    return [...given];
  }
  const seen = new Set<string>();
  for (const unit of units) for (const v of valuesOf(unit, dimension)) seen.add(v);
  return [...seen].sort(byCodeUnit);
}

function indicesOf(
  unit: CodedUnit,
  dimension: string | null,
  index: ReadonlyMap<string, number>,
): number[] {
  if (dimension === null) return [0];
  const out: number[] = [];
  for (const v of valuesOf(unit, dimension)) {
    const k = index.get(v);
    if (k !== undefined) out.push(k);
  }
  return out;
}

/** Counts distinct entities per key; for excerpts each unit is seen once, so a counter does. */
class DistinctCounter {
  private readonly counts: Float64Array;
  private readonly sets: Set<number>[] | null;

  constructor(size: number, distinct: boolean) {
    this.counts = new Float64Array(size);
    this.sets = distinct ? Array.from({ length: size }, () => new Set<number>()) : null;
  }

  add(key: number, entity: number): void {
    if (this.sets === null) this.counts[key] = (this.counts[key] ?? 0) + 1;
    else this.sets[key]?.add(entity);
  }

  get(key: number): number {
    return this.sets === null ? (this.counts[key] ?? 0) : (this.sets[key]?.size ?? 0);
  }
}

/**
 * Builds a crosstab of coded units: rows × columns, optionally one table per layer value.
 *
 * A unit with several values on a dimension (an excerpt coded both `form.conceptual` and
 * `form.relational`) counts in every cell it belongs to, once per cell. The table then is not a
 * partition: each table reports `multiCell` and `notAPartition`, and {@link crosstabStatistics}
 * turns that into a caveat on the chi-square test.
 *
 * Runs in one pass over the units (O(units × cells per unit)).
 *
 * @example
 * crosstab(units, { rows: 'role', cols: 'form', layer: 'purpose' });
 */
export function crosstab(units: readonly CodedUnit[], options: CrosstabOptions): Crosstab {
  const by = options.by ?? 'speaker';
  const count = options.count ?? 'excerpts';
  const rows = resolveDimension(options.rows, by);
  const cols = resolveDimension(options.cols, by);
  const layer = options.layer === undefined ? null : resolveDimension(options.layer, by);
  const where = (options.where ?? []).map((c) => parseCondition(c, by));
  const filtered = where.length === 0 ? units : units.filter((u) => satisfiesAll(u, where));

  const rowValues = categories(filtered, rows, options.rowValues);
  const colValues = categories(filtered, cols, options.colValues);
  const layerValues = layer === null ? null : categories(filtered, layer, options.layerValues);
  const rowIndex = new Map(rowValues.map((v, i) => [v, i]));
  const colIndex = new Map(colValues.map((v, i) => [v, i]));
  const layerIndex = new Map((layerValues ?? []).map((v, i) => [v, i]));
  const nr = rowValues.length;
  const nc = colValues.length;
  const nl = layerValues?.length ?? 1;

  const distinct = count !== 'excerpts';
  const entityIds = new Map<string, number>();
  const entityOf = (unit: CodedUnit, position: number): number => {
    if (!distinct) return position;
    const key = count === 'informants' ? unit.informantId : unit.documentId;
    let id = entityIds.get(key);
    if (id === undefined) {
      id = entityIds.size;
      entityIds.set(key, id);
    }
    return id;
  };

  const cells = new DistinctCounter(nl * nr * nc, distinct);
  const rowTotals = new DistinctCounter(nl * nr, distinct);
  const colTotals = new DistinctCounter(nl * nc, distinct);
  const totals = new DistinctCounter(nl, distinct);
  const unitIds: string[][][][] = Array.from({ length: nl }, () =>
    Array.from({ length: nr }, () => Array.from({ length: nc }, () => [])),
  );
  // For each layer: the first cell each entity was seen in, and the entities seen in more.
  const firstCell = Array.from({ length: nl }, () => new Map<number, number>());
  const multi = Array.from({ length: nl }, () => new Set<number>());

  let unitsUsed = 0;
  filtered.forEach((unit, position) => {
    const rs = indicesOf(unit, rows, rowIndex);
    const cs = indicesOf(unit, cols, colIndex);
    const ls = indicesOf(unit, layer, layerIndex);
    if (rs.length === 0 || cs.length === 0 || ls.length === 0) return;
    unitsUsed += 1;
    const entity = entityOf(unit, position);
    for (const l of ls) {
      totals.add(l, entity);
      for (const r of rs) rowTotals.add(l * nr + r, entity);
      for (const c of cs) colTotals.add(l * nc + c, entity);
      for (const r of rs) {
        for (const c of cs) {
          const key = (l * nr + r) * nc + c;
          cells.add(key, entity);
          unitIds[l]?.[r]?.[c]?.push(unit.unitId);
          if (!distinct) continue;
          const seen = firstCell[l]?.get(entity);
          if (seen === undefined) firstCell[l]?.set(entity, key);
          else if (seen !== key) multi[l]?.add(entity);
        }
      }
      // An excerpt is seen once, so it spans several cells exactly when it has several.
      if (!distinct && rs.length * cs.length > 1) multi[l]?.add(entity);
    }
  });

  const percent = (part: number, whole: number): number | null =>
    whole > 0 ? (100 * part) / whole : null;
  const tables = Array.from({ length: nl }, (_, l): CrosstabTable => {
    const counts = Array.from({ length: nr }, (_, r) =>
      Array.from({ length: nc }, (_, c) => cells.get((l * nr + r) * nc + c)),
    );
    const rt = Array.from({ length: nr }, (_, r) => rowTotals.get(l * nr + r));
    const ct = Array.from({ length: nc }, (_, c) => colTotals.get(l * nc + c));
    const multiCell = multi[l]?.size ?? 0;
    return {
      layer: layerValues === null ? null : (layerValues[l] ?? null),
      counts,
      unitIds: unitIds[l] ?? [],
      rowTotals: rt,
      colTotals: ct,
      total: totals.get(l),
      rowPercent: counts.map((row, r) => row.map((v) => percent(v, rt[r] ?? 0))),
      colPercent: counts.map((row) => row.map((v, c) => percent(v, ct[c] ?? 0))),
      multiCell,
      notAPartition: multiCell > 0,
    };
  });

  return {
    rows,
    cols,
    layer,
    count,
    rowValues,
    colValues,
    layerValues,
    tables,
    unitsUsed,
    unitsWithoutValue: filtered.length - unitsUsed,
  };
}
