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

interface Segment {
  readonly documentId: string;
  readonly coderId: string;
  readonly start: number;
  readonly end: number;
  readonly codes: Set<string>;
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
 * overlapping pairs. Units come sorted by document id, then start, then end.
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
  const byDocument = new Map<string, Map<string, Segment>>();
  for (const coding of codings) {
    checkSpan(coding, `Coding of ${coding.code} by ${coding.coderId} in ${coding.documentId}`);
    let segments = byDocument.get(coding.documentId);
    if (segments === undefined) {
      segments = new Map();
      byDocument.set(coding.documentId, segments);
    }
    const key = `${coding.coderId}\u0000${coding.start}\u0000${coding.end}`;
    const segment = segments.get(key);
    if (segment === undefined) {
      segments.set(key, { ...coding, codes: new Set([coding.code]) });
    } else {
      segment.codes.add(coding.code);
    }
  }
  const linked = (a: Segment, b: Segment): boolean => {
    const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
    if (overlap <= 0) return false;
    const la = a.end - a.start;
    const lb = b.end - b.start;
    const base =
      relativeTo === 'union'
        ? Math.max(a.end, b.end) - Math.min(a.start, b.start)
        : relativeTo === 'shorter'
          ? Math.min(la, lb)
          : Math.max(la, lb);
    return overlap >= minOverlap * base;
  };

  const units: AlignedUnit[] = [];
  const documentIds = [...byDocument.keys()].sort();
  for (const documentId of documentIds) {
    const segments = [...(byDocument.get(documentId)?.values() ?? [])].sort(
      (a, b) => a.start - b.start || a.end - b.end,
    );
    const parent = new Int32Array(segments.length).map((_, i) => i);
    let active: number[] = [];
    segments.forEach((segment, i) => {
      active = active.filter((j) => (segments[j]?.end ?? 0) > segment.start);
      for (const j of active) {
        const other = segments[j];
        if (other !== undefined && other.coderId !== segment.coderId && linked(other, segment)) {
          parent[find(parent, i)] = find(parent, j);
        }
      }
      active.push(i);
    });
    const groups = new Map<number, Segment[]>();
    segments.forEach((segment, i) => {
      const root = find(parent, i);
      const group = groups.get(root);
      if (group === undefined) groups.set(root, [segment]);
      else group.push(segment);
    });
    const documentUnits: AlignedUnit[] = [];
    for (const group of groups.values()) {
      const codes = new Map<string, Set<string>>();
      let start = Infinity;
      let end = -Infinity;
      for (const segment of group) {
        start = Math.min(start, segment.start);
        end = Math.max(end, segment.end);
        const set = codes.get(segment.coderId) ?? new Set<string>();
        for (const code of segment.codes) set.add(code);
        codes.set(segment.coderId, set);
      }
      documentUnits.push({
        documentId,
        start,
        end,
        codes: Object.fromEntries(
          [...codes]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([coder, set]) => [coder, [...set].sort()]),
        ),
        segments: group.length,
      });
    }
    documentUnits.sort((a, b) => a.start - b.start || a.end - b.end);
    units.push(...documentUnits);
  }
  return units;
}
