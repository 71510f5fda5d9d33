import { AnalysisError } from './analysis-error.ts';
import type { CoderCoding } from './coder-coding.ts';
import { checkSpan } from './coder-coding.ts';

/** What the overlap of two segments is measured against in the unitizing rule. */
export type OverlapBase = 'union' | 'shorter' | 'longer';

/**
 * The unitizing rule: two segments of different coders belong to the same unit when their
 * overlap is at least `minOverlap` of the base length: the union of the two spans (Jaccard,
 * the default), the shorter span (lenient: a sentence inside a coded paragraph matches it), or
 * the longer span (strict).
 */
export interface UnitizeOptions {
  /** In (0, 1]; default 0.5. */
  readonly minOverlap?: number;
  /** Default `union`. */
  readonly relativeTo?: OverlapBase;
}

/** A unit: the segments of several coders that the unitizing rule aligned. */
export interface AlignedUnit {
  readonly documentId: string;
  /** The union span of the unit's segments. */
  readonly start: number;
  readonly end: number;
  /** The codes each coder applied in the unit (sorted); coders without a segment are absent. */
  readonly codes: Readonly<Record<string, readonly string[]>>;
  /** The coder segments aligned into this unit. */
  readonly segments: number;
}

function find(parent: Int32Array, i: number): number {
  let root = i;
  while ((parent[root] ?? root) !== root) root = parent[root] ?? root;
  while ((parent[i] ?? i) !== root) {
    const next = parent[i] ?? i;
    parent[i] = root;
    i = next;
  }
  return root;
}

/**
 * Aligns different coders' codings of the same documents into units.
 *
 * 1. A coder's codings with the same span form one segment carrying all their codes.
 * 2. Two segments of different coders are linked when they satisfy the rule of
 *    {@link UnitizeOptions} (default: overlap ≥ 50% of their union).
 * 3. A unit is a connected group of linked segments. If the rule links two segments of the same
 *    coder into one unit (possible when one coder splits what another coded as one span), that
 *    coder's codes in the unit are pooled. Segments linked to nothing are units of one coder.
 *
 * Segments are sorted per document and swept once, so the cost is O(n log n) plus the number of
 * overlapping pairs. Units come sorted by document id, then start.
 */
export function unitize(
  codings: readonly CoderCoding[],
  options: UnitizeOptions = {},
): AlignedUnit[] {
  const minOverlap = options.minOverlap ?? 0.5;
  const relativeTo = options.relativeTo ?? 'union';
  if (!(minOverlap > 0 && minOverlap <= 1)) {
    throw new AnalysisError('invalid_input', `minOverlap must be in (0, 1], got ${minOverlap}`);
  }
  const coderIds = [...new Set(codings.map((c) => c.coderId))].sort();
  const coderIndex = new Map(coderIds.map((id, i) => [id, i]));
  // Spans and coders in typed arrays, so that the sort reads no objects.
  const n = codings.length;
  const coderOf = new Int32Array(n);
  const startOf = new Float64Array(n);
  const endOf = new Float64Array(n);
  const byDocument = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const coding = codings[i] as CoderCoding;
    coderOf[i] = coderIndex.get(coding.coderId) ?? 0;
    checkSpan(coding, `Coding of ${coding.code} by ${coding.coderId} in ${coding.documentId}`);
    startOf[i] = coding.start;
    endOf[i] = coding.end;
    const list = byDocument.get(coding.documentId);
    if (list === undefined) byDocument.set(coding.documentId, [i]);
    else list.push(i);
  }
  const linked = (a: number, b: number, spans: Spans): boolean => {
    const as = spans.start[a] ?? 0;
    const ae = spans.end[a] ?? 0;
    const bs = spans.start[b] ?? 0;
    const be = spans.end[b] ?? 0;
    const overlap = Math.min(ae, be) - Math.max(as, bs);
    if (overlap <= 0) return false;
    const base =
      relativeTo === 'union'
        ? Math.max(ae, be) - Math.min(as, bs)
        : relativeTo === 'shorter'
          ? Math.min(ae - as, be - bs)
          : Math.max(ae - as, be - bs);
    return overlap >= minOverlap * base;
  };
  const bySpan = (a: number, b: number): number =>
    (startOf[a] ?? 0) - (startOf[b] ?? 0) ||
    (endOf[a] ?? 0) - (endOf[b] ?? 0) ||
    (coderOf[a] ?? 0) - (coderOf[b] ?? 0);

  const units: AlignedUnit[] = [];
  for (const documentId of [...byDocument.keys()].sort()) {
    const indices = byDocument.get(documentId) ?? [];
    indices.sort(bySpan);
    // One segment per (coder, start, end): identical spans are adjacent after the sort.
    const spans: Spans = {
      start: new Float64Array(indices.length),
      end: new Float64Array(indices.length),
      coder: new Int32Array(indices.length),
    };
    const segmentCodes: string[][] = [];
    let count = 0;
    for (const i of indices) {
      const coding = codings[i];
      if (coding === undefined) continue;
      const c = coderOf[i] ?? 0;
      const last = count - 1;
      if (
        last >= 0 &&
        spans.start[last] === coding.start &&
        spans.end[last] === coding.end &&
        spans.coder[last] === c
      ) {
        const list = segmentCodes[last];
        if (list !== undefined && !list.includes(coding.code)) list.push(coding.code);
        continue;
      }
      spans.start[count] = coding.start;
      spans.end[count] = coding.end;
      spans.coder[count] = c;
      segmentCodes.push([coding.code]);
      count += 1;
    }
    const parent = new Int32Array(count).map((_, i) => i);
    const active = new Int32Array(count);
    let activeCount = 0;
    for (let i = 0; i < count; i++) {
      const start = spans.start[i] ?? 0;
      let kept = 0;
      for (let a = 0; a < activeCount; a++) {
        const j = active[a] ?? 0;
        if ((spans.end[j] ?? 0) <= start) continue;
        active[kept++] = j;
        if (spans.coder[j] !== spans.coder[i] && linked(j, i, spans)) {
          parent[find(parent, i)] = find(parent, j);
        }
      }
      activeCount = kept;
      active[activeCount++] = i;
    }
    // Components in order of their first segment, so units come sorted by start. Members are
    // chained through `next` rather than collected into arrays: far fewer allocations.
    const unitOf = new Int32Array(count).fill(-1);
    const next = new Int32Array(count).fill(-1);
    const heads: number[] = [];
    const tails: number[] = [];
    for (let i = 0; i < count; i++) {
      const root = find(parent, i);
      const u = unitOf[root] ?? -1;
      if (u < 0) {
        unitOf[root] = heads.length;
        heads.push(i);
        tails.push(i);
      } else {
        next[tails[u] ?? 0] = i;
        tails[u] = i;
      }
    }
    for (const head of heads) {
      let start = Infinity;
      let end = -Infinity;
      let segments = 0;
      const perCoder: [number, string[]][] = [];
      for (let i = head; i >= 0; i = next[i] ?? -1) {
        segments += 1;
        start = Math.min(start, spans.start[i] ?? 0);
        end = Math.max(end, spans.end[i] ?? 0);
        const c = spans.coder[i] ?? 0;
        const own = segmentCodes[i] ?? [];
        const entry = perCoder.find(([coder]) => coder === c);
        if (entry === undefined) perCoder.push([c, own]);
        else entry[1] = [...new Set([...entry[1], ...own])];
      }
      if (perCoder.length > 1) perCoder.sort((a, b) => a[0] - b[0]);
      const codes: Record<string, readonly string[]> = {};
      for (const [c, list] of perCoder) codes[coderIds[c] ?? ''] = list.sort();
      units.push({ documentId, start, end, codes, segments });
    }
  }
  return units;
}

interface Spans {
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly coder: Int32Array;
}
