import type { CodedUnit, Perspective } from './coded-unit.ts';
import { codeFamily, codeName } from '@iwa/taxonomy';
import { resolveDimension, valuesOf } from './coded-unit.ts';
import { checkSpan } from './coder-coding.ts';
import { parseCondition, satisfiesAll } from './condition.ts';

/** The co-occurrence of two codes (or two dimension values). */
export interface CooccurrenceCell {
  readonly row: string;
  readonly col: string;
  /** Units (or segments) carrying the row value, the column value, and both (co-occurrences). */
  readonly n1: number;
  readonly n2: number;
  readonly n12: number;
  /**
   * The normalised co-occurrence coefficient c = n12 / (n1 + n2 − n12), as ATLAS.ti reports
   * it: 0 when the two never co-occur, 1 when they always do. `null` when neither occurs.
   */
  readonly c: number | null;
}

/** A table of co-occurrence between the values of two dimensions or code families. */
export interface CooccurrenceTable<Cell extends CooccurrenceCell = CooccurrenceCell> {
  readonly rowValues: string[];
  readonly colValues: string[];
  readonly cells: Cell[][];
}

/** A co-occurrence within excerpts, with the excerpts behind n12. */
export interface ExcerptCooccurrenceCell extends CooccurrenceCell {
  readonly unitIds: string[];
}

/** Options of {@link cooccurrence}. */
export interface CooccurrenceOptions {
  /** Row dimension, e.g. `form` (a code family) or `role` (resolved with `by`). */
  readonly rows: string;
  readonly cols: string;
  readonly by?: Perspective;
  readonly where?: readonly string[];
  readonly rowValues?: readonly string[];
  readonly colValues?: readonly string[];
}

const sorted = (set: Iterable<string>): string[] => [...set].sort();

function coefficient(n1: number, n2: number, n12: number): number | null {
  const union = n1 + n2 - n12;
  return union > 0 ? n12 / union : null;
}

/**
 * Co-occurrence within excerpts of two code families (e.g. form × pillar): for each pair of
 * values, the excerpts carrying each and both, and the c-coefficient. Unlike a crosstab, n1 and
 * n2 count every excerpt with the value, whether or not it has a value on the other dimension.
 */
export function cooccurrence(
  units: readonly CodedUnit[],
  options: CooccurrenceOptions,
): CooccurrenceTable<ExcerptCooccurrenceCell> {
  const by = options.by ?? 'speaker';
  const rows = resolveDimension(options.rows, by);
  const cols = resolveDimension(options.cols, by);
  const where = (options.where ?? []).map((c) => parseCondition(c, by));
  const rowCounts = new Map<string, number>();
  const colCounts = new Map<string, number>();
  const both = new Map<string, string[]>();
  for (const unit of units) {
    if (where.length > 0 && !satisfiesAll(unit, where)) continue;
    const rs = valuesOf(unit, rows);
    const cs = valuesOf(unit, cols);
    for (const r of rs) rowCounts.set(r, (rowCounts.get(r) ?? 0) + 1);
    for (const c of cs) colCounts.set(c, (colCounts.get(c) ?? 0) + 1);
    for (const r of rs) {
      for (const c of cs) {
        const key = `${r}\u0000${c}`;
        const list = both.get(key);
        if (list === undefined) both.set(key, [unit.unitId]);
        else list.push(unit.unitId);
      }
    }
  }
  const rowValues = options.rowValues ? [...options.rowValues] : sorted(rowCounts.keys());
  const colValues = options.colValues ? [...options.colValues] : sorted(colCounts.keys());
  return {
    rowValues,
    colValues,
    cells: rowValues.map((row) =>
      colValues.map((col) => {
        const unitIds = both.get(`${row}\u0000${col}`) ?? [];
        const n1 = rowCounts.get(row) ?? 0;
        const n2 = colCounts.get(col) ?? 0;
        return {
          row,
          col,
          n1,
          n2,
          n12: unitIds.length,
          c: coefficient(n1, n2, unitIds.length),
          unitIds,
        };
      }),
    ),
  };
}

/** One coded segment of a document: a code on [start, end), offsets in code points. */
export interface CodedSpan {
  readonly documentId: string;
  readonly start: number;
  readonly end: number;
  readonly code: string;
}

/** A co-occurrence across overlapping segments. */
export interface SpanCooccurrenceCell extends CooccurrenceCell {
  /**
   * `true` when n12 exceeds n1 or n2: one segment co-occurs with several segments of the other
   * code, so c overstates the association and can even exceed 1. Read n12 as a count of
   * co-occurrence events then, not of segments.
   */
  readonly inflated: boolean;
}

/** Options of {@link spanCooccurrence}: code families, or explicit code lists. */
export interface SpanCooccurrenceOptions {
  /** The row code family (`form`) … */
  readonly rows: string;
  readonly cols: string;
  /** … or the row codes (full keys such as `form.relational`) in order. */
  readonly rowCodes?: readonly string[];
  readonly colCodes?: readonly string[];
}

interface Segment {
  readonly start: number;
  readonly end: number;
  readonly codes: Set<string>;
}

/**
 * Co-occurrence of two code families across overlapping coded segments, like ATLAS.ti's
 * co-occurrence table. Codings with the same document and span form one segment (one
 * quotation with several codes). For codes a and b:
 *
 * - n1, n2: the segments carrying a, b;
 * - n12: co-occurrence events: a segment carrying both counts once, and so does every pair of
 *   different segments, one carrying a and the other b, whose [start, end) ranges overlap.
 *
 * Segments are sorted per document and swept once (O(n log n) plus the overlapping pairs).
 * Row and column values in the result are the code keys (`relational`, not `form.relational`).
 */
export function spanCooccurrence(
  spans: readonly CodedSpan[],
  options: SpanCooccurrenceOptions,
): CooccurrenceTable<SpanCooccurrenceCell> {
  const rowCodes = new Set(
    options.rowCodes ?? spans.filter((s) => codeFamily(s.code) === options.rows).map((s) => s.code),
  );
  const colCodes = new Set(
    options.colCodes ?? spans.filter((s) => codeFamily(s.code) === options.cols).map((s) => s.code),
  );
  const byDocument = new Map<string, Map<string, Segment>>();
  for (const span of spans) {
    checkSpan(span, `Segment of ${span.code} in ${span.documentId}`);
    if (!rowCodes.has(span.code) && !colCodes.has(span.code)) continue;
    let segments = byDocument.get(span.documentId);
    if (segments === undefined) {
      segments = new Map();
      byDocument.set(span.documentId, segments);
    }
    const key = `${span.start}:${span.end}`;
    const segment = segments.get(key);
    if (segment === undefined) segments.set(key, { ...span, codes: new Set([span.code]) });
    else segment.codes.add(span.code);
  }
  const counts = new Map<string, number>();
  const pairs = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  const pair = (x: Segment, y: Segment): void => {
    for (const a of x.codes) {
      if (!rowCodes.has(a)) continue;
      for (const b of y.codes) if (colCodes.has(b)) bump(pairs, `${a}\u0000${b}`);
    }
  };
  for (const segments of byDocument.values()) {
    const list = [...segments.values()].sort((a, b) => a.start - b.start || a.end - b.end);
    let active: Segment[] = [];
    for (const segment of list) {
      for (const code of segment.codes) bump(counts, code);
      pair(segment, segment);
      active = active.filter((other) => other.end > segment.start);
      for (const other of active) {
        pair(other, segment);
        pair(segment, other);
      }
      active.push(segment);
    }
  }
  const rows = options.rowCodes ? [...rowCodes] : sorted(rowCodes);
  const cols = options.colCodes ? [...colCodes] : sorted(colCodes);
  return {
    rowValues: rows.map((k) => codeName(k)),
    colValues: cols.map((k) => codeName(k)),
    cells: rows.map((a) =>
      cols.map((b) => {
        const n1 = counts.get(a) ?? 0;
        const n2 = counts.get(b) ?? 0;
        const n12 = pairs.get(`${a}\u0000${b}`) ?? 0;
        return {
          row: codeName(a),
          col: codeName(b),
          n1,
          n2,
          n12,
          c: coefficient(n1, n2, n12),
          inflated: n12 > Math.min(n1, n2),
        };
      }),
    ),
  };
}
