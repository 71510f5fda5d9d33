import neo4j from 'neo4j-driver';

/** A row as plain JSON-like values: no driver `Integer`, `Node` or temporal classes leak out. */
export type Row = Record<string, unknown>;

/** Converts driver values into plain values (numbers, strings, arrays, objects). */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // most values of most rows: nothing to convert, so no driver class checks
  if (typeof value !== 'object' && typeof value !== 'bigint') return value;
  if (neo4j.isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toPlain);
  if (neo4j.isNode(value) || neo4j.isRelationship(value)) return toPlain(value.properties);
  if (neo4j.isPath(value)) return value.segments.map((s) => toPlain(s.relationship));
  if (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  ) {
    return value.toString();
  }
  if (typeof value === 'object') {
    const out: Row = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}
