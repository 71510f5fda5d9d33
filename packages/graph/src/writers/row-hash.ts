import { createHash } from 'node:crypto';

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = stable(v);
    }
    return out;
  }
  return value;
}

/** A SHA-256 over a value's canonical JSON (sorted keys, undefined dropped): change detection. */
export function rowHash(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(stable(value)), 'utf8')
    .digest('hex');
}

/** Drops undefined and turns nested objects into JSON strings: Neo4j properties are flat. */
export function toProps(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      out[k] = v.every(
        (x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean',
      )
        ? v
        : JSON.stringify(v);
    } else if (typeof v === 'object') out[k] = JSON.stringify(v);
    else out[k] = v;
  }
  return out;
}
