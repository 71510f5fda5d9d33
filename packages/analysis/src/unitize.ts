import { AnalysisError } from './analysis-error.ts';
import type { CoderCoding } from './coder-coding.ts';
import { checkCodingSpan } from './coder-coding.ts';

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
  const compact = unitizeCompact(codings, options);
  const units: AlignedUnit[] = [];
  for (let u = 0; u < compact.count; u++) {
    const codes: Record<string, readonly string[]> = {};
    for (let e = compact.entryStart[u] ?? 0; e < (compact.entryStart[u + 1] ?? 0); e++) {
      codes[compact.coderIds[compact.entryCoder[e] ?? 0] ?? ''] = entryCodes(compact, e);
    }
    units.push({
      documentId: compact.documentIds[compact.document[u] ?? 0] ?? '',
      start: compact.start[u] ?? 0,
      end: compact.end[u] ?? 0,
      codes,
      segments: compact.segments[u] ?? 0,
    });
  }
  return units;
}

/**
 * The units of {@link unitize} in flat arrays, for callers that read millions of them (the
 * agreement functions): unit u has `entryStart[u] .. entryStart[u + 1]` entries, one per coder
 * with a segment in it (by coder index), and entry e has the codes
 * `codeIds[codeStart[e] .. codeStart[e + 1]]` (indices into `codes`, ascending, so sorted by
 * name).
 */
export interface CompactUnits {
  /** Sorted; `document[u]` indexes it. */
  readonly documentIds: readonly string[];
  /** Sorted; `entryCoder[e]` indexes it. */
  readonly coderIds: readonly string[];
  /** Sorted; `codeIds[i]` indexes it. */
  readonly codes: readonly string[];
  readonly count: number;
  readonly document: Int32Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly segments: Int32Array;
  readonly entryStart: Int32Array;
  readonly entryCoder: Int32Array;
  readonly codeStart: Int32Array;
  readonly codeIds: Int32Array;
}

/** The code names of entry `e` of {@link CompactUnits}, sorted. */
export function entryCodes(units: CompactUnits, e: number): string[] {
  const from = units.codeStart[e] ?? 0;
  const to = units.codeStart[e + 1] ?? 0;
  // Sized at once: an array grown by push keeps room for 17 elements.
  const out = new Array<string>(to - from);
  for (let i = from; i < to; i++) out[i - from] = units.codes[units.codeIds[i] ?? 0] ?? '';
  return out;
}

/** {@link unitize} into {@link CompactUnits}: the same units, no object per unit. */
export function unitizeCompact(
  codings: readonly CoderCoding[],
  options: UnitizeOptions = {},
): CompactUnits {
  return unitizeColumns(codings, codingColumns(codings), options);
}

/**
 * {@link unitizeCompact} of codings already read into columns by {@link codingColumns} (for a
 * caller that reads the columns too). Throws for an invalid rule, then for the first invalid
 * span, as {@link unitizeCompact} does.
 */
export function unitizeColumns(
  codings: readonly CoderCoding[],
  columns: CodingColumns,
  options: UnitizeOptions,
): CompactUnits {
  const unitizer = new DocumentUnitizer(codings, columns, options);
  // Units ≤ entries ≤ segments ≤ codings, and a code of an entry is one of a coding.
  const out = new UnitBuffers(columns, codings.length);
  for (let d = 0; d < columns.documentIds.length; d++) unitizer.unitize(d, out);
  return out.compact();
}

/**
 * {@link CompactUnits} being written, with room for the units of `capacity` codings: the
 * units of every document ({@link unitizeColumns}), or of one document at a time, cleared
 * before the next (a caller that reads each document's units once needs no array per unit
 * of the whole study). `count`, `entries` and `codeCount` say how much is written.
 */
export class UnitBuffers implements CompactUnits {
  readonly documentIds: readonly string[];
  readonly coderIds: readonly string[];
  readonly codes: readonly string[];
  count = 0;
  entries = 0;
  codeCount = 0;
  readonly document: Int32Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly segments: Int32Array;
  readonly entryStart: Int32Array;
  readonly entryCoder: Int32Array;
  readonly codeStart: Int32Array;
  readonly codeIds: Int32Array;

  constructor(columns: CodingColumns, capacity: number) {
    this.documentIds = columns.documentIds;
    this.coderIds = columns.coderIds;
    this.codes = columns.codes;
    this.document = new Int32Array(capacity);
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.segments = new Int32Array(capacity);
    this.entryStart = new Int32Array(capacity + 1);
    this.entryCoder = new Int32Array(capacity);
    this.codeStart = new Int32Array(capacity + 1);
    this.codeIds = new Int32Array(capacity);
  }

  /** Forgets the units written, keeping the arrays. */
  clear(): void {
    this.count = 0;
    this.entries = 0;
    this.codeCount = 0;
  }

  /** The units written, in arrays of their length (views of these buffers). */
  compact(): CompactUnits {
    const { count, entries, codeCount } = this;
    return {
      documentIds: this.documentIds,
      coderIds: this.coderIds,
      codes: this.codes,
      count,
      document: this.document.subarray(0, count),
      start: this.start.subarray(0, count),
      end: this.end.subarray(0, count),
      segments: this.segments.subarray(0, count),
      entryStart: this.entryStart.subarray(0, count + 1),
      entryCoder: this.entryCoder.subarray(0, entries),
      codeStart: this.codeStart.subarray(0, entries + 1),
      codeIds: this.codeIds.subarray(0, codeCount),
    };
  }
}

/**
 * The unitizer of {@link unitizeColumns}, document by document: the codings sorted once, then
 * each document's units appended to a {@link UnitBuffers} on demand. Throws for an invalid
 * rule, then for the first invalid span, when it is made.
 */
export class DocumentUnitizer {
  /** The most codings of one document: room enough for one document's units. */
  readonly longest: number;
  private readonly columns: CodingColumns;
  private readonly order: Int32Array;
  private readonly documentFrom: Int32Array;
  private readonly lastEnd: Float64Array;
  private readonly linked: (a: number, b: number, spans: Spans) => boolean;
  private readonly scratch: Scratch;
  /** What {@link sortBySpan} reads and writes. */
  private readonly sorting: SortScratch;

  constructor(codings: readonly CoderCoding[], columns: CodingColumns, options: UnitizeOptions) {
    const minOverlap = options.minOverlap ?? 0.5;
    const relativeTo = options.relativeTo ?? 'union';
    if (!(minOverlap > 0 && minOverlap <= 1)) {
      throw new AnalysisError('invalid_input', `minOverlap must be in (0, 1], got ${minOverlap}`);
    }
    if (columns.firstInvalid >= 0) checkCodingSpan(codings[columns.firstInvalid] as CoderCoding);
    const { order, documentFrom, lastEnd, longest } = documentOrder(columns);
    this.columns = columns;
    this.order = order;
    this.documentFrom = documentFrom;
    this.lastEnd = lastEnd;
    this.longest = longest;
    this.linked = overlapRule(minOverlap, relativeTo);
    this.scratch = newScratch(longest);
    this.sorting = { columns, keys: this.scratch.keys, merged: this.scratch.merged };
  }

  /** Appends the units of document `d` (index into the columns' documents) to `out`. */
  unitize(d: number, out: UnitBuffers): void {
    const indices = this.order.subarray(this.documentFrom[d] ?? 0, this.documentFrom[d + 1] ?? 0);
    // Sorted here rather than all at once: a document left out is never sorted, and one just
    // sorted is still in the cache when its segments are read.
    sortBySpan(indices, this.lastEnd[d] ?? 0, this.sorting);
    const count = segmentsOf(indices, this.columns, this.scratch);
    const headCount = componentsOf(count, this.linked, this.scratch);
    this.writeUnits(d, headCount, out);
  }

  /**
   * Writes document `d`'s `headCount` units (chained in the scratch by {@link componentsOf})
   * to `out`: each unit's span and, by coder, the codes the coder applied in it, pooled over
   * the coder's segments, sorted, unique.
   */
  private writeUnits(d: number, headCount: number, out: UnitBuffers): void {
    // A unit's segments and a coder's pooled codes, in buffers reused unit after unit.
    const { members, pooled, spans, segmentFrom, segmentCodes, heads, next } = this.scratch;
    const { document, entryStart, entryCoder, codeStart, codeIds } = out;
    let units = out.count;
    let entries = out.entries;
    let codeCount = out.codeCount;
    for (let h = 0; h < headCount; h++) {
      let start = Infinity;
      let end = -Infinity;
      let memberCount = 0;
      for (let i = heads[h] ?? 0; i >= 0; i = next[i] ?? -1) {
        members[memberCount++] = i;
        start = Math.min(start, spans.start[i] ?? 0);
        end = Math.max(end, spans.end[i] ?? 0);
      }
      // By coder (stable), then each coder's codes pooled over their segments, sorted, unique.
      if (memberCount > 1) sortByKey(members, memberCount, spans.coder);
      document[units] = d;
      out.start[units] = start;
      out.end[units] = end;
      out.segments[units] = memberCount;
      entryStart[units] = entries;
      for (let m = 0; m < memberCount;) {
        const coder = spans.coder[members[m] ?? 0] ?? 0;
        let pooledCount = 0;
        for (; m < memberCount && spans.coder[members[m] ?? 0] === coder; m++) {
          const s = members[m] ?? 0;
          for (let j = segmentFrom[s] ?? 0; j < (segmentFrom[s + 1] ?? 0); j++) {
            pooled[pooledCount++] = segmentCodes[j] ?? 0;
          }
        }
        if (pooledCount > 1) sortAscending(pooled, pooledCount);
        entryCoder[entries] = coder;
        codeStart[entries] = codeCount;
        for (let j = 0; j < pooledCount; j++) {
          if (j > 0 && pooled[j] === pooled[j - 1]) continue;
          codeIds[codeCount++] = pooled[j] ?? 0;
        }
        entries += 1;
      }
      units += 1;
    }
    // Closed after the last unit and entry, so that a reader of one document finds their ends.
    entryStart[units] = entries;
    codeStart[entries] = codeCount;
    out.count = units;
    out.entries = entries;
    out.codeCount = codeCount;
  }
}

/** The codings as typed arrays, by coding index, with their documents, coders and codes. */
export interface CodingColumns {
  /** The first coding whose span is invalid, or -1. */
  readonly firstInvalid: number;
  /** Sorted; `documentOf[i]` indexes it. */
  readonly documentIds: string[];
  /** Sorted; `coderOf[i]` indexes it. */
  readonly coderIds: string[];
  /** Sorted; `codeOf[i]` indexes it, so that sorting ids sorts names. */
  readonly codes: string[];
  readonly documentOf: Int32Array;
  readonly coderOf: Int32Array;
  readonly codeOf: Int32Array;
  readonly startOf: Float64Array;
  readonly endOf: Float64Array;
}

/**
 * Names numbered in order of first appearance, renumbered by {@link ranks} once all are seen.
 */
class Interner {
  readonly names: string[] = [];
  // Strings are looked up in an object without prototype, which V8 searches faster than a Map
  // (about 30 against 55 ms for the bench's million codes); anything else, against the types,
  // in a Map, so that 5 and '5' stay two names as before.
  private readonly byString = Object.create(null) as Record<string, number>;
  private readonly others = new Map<unknown, number>();
  private last: string | undefined;
  private lastId = -1;

  /**
   * The id of a name that often repeats the one before (codings come grouped by document and
   * coder more often than not): the last name is checked before the dictionary.
   */
  idInRuns(name: string): number {
    if (name === this.last && this.lastId >= 0) return this.lastId;
    const id = this.id(name);
    this.last = name;
    this.lastId = id;
    return id;
  }

  /** The id of a name (a code: seldom the same as the coding before's). */
  id(name: string): number {
    const isString = typeof name === 'string';
    let id = isString ? this.byString[name] : this.others.get(name);
    if (id === undefined) {
      id = this.names.length;
      if (isString) this.byString[name] = id;
      else this.others.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** The names sorted, and each first-appearance id's index among them. */
  ranks(): { sorted: string[]; rankOf: Int32Array } {
    const sorted = [...this.names].sort();
    const rankOf = new Int32Array(sorted.length);
    sorted.forEach((name, rank) => (rankOf[this.idOf(name)] = rank));
    return { sorted, rankOf };
  }

  private idOf(name: string): number {
    return (typeof name === 'string' ? this.byString[name] : this.others.get(name)) ?? 0;
  }
}

/**
 * The codings' spans, and their documents, coders and codes numbered, notes the first invalid
 * span (for {@link unitizeColumns} to throw).
 */
export function codingColumns(codings: readonly CoderCoding[]): CodingColumns {
  const n = codings.length;
  const documentOf = new Int32Array(n);
  const coderOf = new Int32Array(n);
  const codeOf = new Int32Array(n);
  const startOf = new Float64Array(n);
  const endOf = new Float64Array(n);
  const documents = new Interner();
  const coders = new Interner();
  const codeNames = new Interner();
  let firstInvalid = -1;
  for (let i = 0; i < n; i++) {
    const coding = codings[i] as CoderCoding;
    const { start, end } = coding;
    if (
      firstInvalid < 0 &&
      !(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start)
    ) {
      firstInvalid = i;
    }
    documentOf[i] = documents.idInRuns(coding.documentId);
    coderOf[i] = coders.idInRuns(coding.coderId);
    codeOf[i] = codeNames.id(coding.code);
    startOf[i] = start;
    endOf[i] = end;
  }
  const documentRanks = documents.ranks();
  const coderRanks = coders.ranks();
  const codeRanks = codeNames.ranks();
  renumber(documentOf, documentRanks.rankOf);
  renumber(coderOf, coderRanks.rankOf);
  renumber(codeOf, codeRanks.rankOf);
  return {
    firstInvalid,
    documentIds: documentRanks.sorted,
    coderIds: coderRanks.sorted,
    codes: codeRanks.sorted,
    documentOf,
    coderOf,
    codeOf,
    startOf,
    endOf,
  };
}

/**
 * `ids[i] = rankOf[ids[i]]`, skipped when every rank is the id (names that came sorted, as
 * documents and coders often do).
 */
function renumber(ids: Int32Array, rankOf: Int32Array): void {
  let same = true;
  for (let id = 0; id < rankOf.length && same; id++) same = rankOf[id] === id;
  if (same) return;
  for (let i = 0; i < ids.length; i++) ids[i] = rankOf[ids[i] ?? 0] ?? 0;
}

/**
 * The coding indices by document, each document's in index order (a counting sort):
 * document d's are `order[documentFrom[d] .. documentFrom[d + 1])`, to be sorted by span with
 * {@link sortBySpan}. `longest` is the most codings of one document, `lastEnd[d]` the end of
 * document d's last coding.
 */
function documentOrder(columns: CodingColumns): {
  order: Int32Array;
  documentFrom: Int32Array;
  lastEnd: Float64Array;
  longest: number;
} {
  const { documentIds, documentOf, endOf } = columns;
  const n = documentOf.length;
  const documents = documentIds.length;
  const documentFrom = new Int32Array(documents + 1);
  const lastEnd = new Float64Array(documents);
  for (let i = 0; i < n; i++) {
    const d = documentOf[i] ?? 0;
    documentFrom[d + 1] = (documentFrom[d + 1] ?? 0) + 1;
    lastEnd[d] = Math.max(lastEnd[d] ?? 0, endOf[i] ?? 0);
  }
  let longest = 0;
  for (let d = 0; d < documents; d++) {
    longest = Math.max(longest, documentFrom[d + 1] ?? 0);
    documentFrom[d + 1] = (documentFrom[d + 1] ?? 0) + (documentFrom[d] ?? 0);
  }
  const order = new Int32Array(n);
  const fill = documentFrom.slice(0, documents);
  for (let i = 0; i < n; i++) {
    const d = documentOf[i] ?? 0;
    order[fill[d] ?? 0] = i;
    fill[d] = (fill[d] ?? 0) + 1;
  }
  return { order, documentFrom, lastEnd, longest };
}

/**
 * Sorts the coding indices `indices` of one document, whose last coding ends at `lastEnd`, by
 * start, end, coder, then index (a stable sort by span), with `keys` and `merged` (room for a
 * document's codings) as scratch.
 */
function sortBySpan(
  indices: Int32Array,
  lastEnd: number,
  { columns, keys, merged }: SortScratch,
): void {
  const { coderIds, coderOf, startOf, endOf } = columns;
  const count = indices.length;
  if (count < 2) return;
  // One key packed into a float, (start, end, coder, place), when it fits in 52 bits: a
  // numeric sort of a Float64Array needs no comparator. The place takes the lowest bits
  // (`places`, a power of two), read back without a remainder.
  const width = lastEnd + 1;
  const coders = coderIds.length;
  let places = 1;
  while (places < count) places *= 2;
  if (width * width * coders * places >= 2 ** 52) {
    const slice = Array.from(indices);
    slice.sort(
      (a, b) =>
        (startOf[a] ?? 0) - (startOf[b] ?? 0) ||
        (endOf[a] ?? 0) - (endOf[b] ?? 0) ||
        (coderOf[a] ?? 0) - (coderOf[b] ?? 0),
    );
    indices.set(slice);
    return;
  }
  for (let j = 0; j < count; j++) {
    const i = indices[j] ?? 0;
    keys[j] =
      (((startOf[i] ?? 0) * width + (endOf[i] ?? 0)) * coders + (coderOf[i] ?? 0)) * places + j;
  }
  sortRuns(keys, count, merged);
  // The places, then the indices at those places (the slice is read before it is rewritten).
  for (let j = 0; j < count; j++) {
    const key = keys[j] ?? 0;
    keys[j] = indices[key - Math.floor(key / places) * places] ?? 0;
  }
  for (let j = 0; j < count; j++) indices[j] = keys[j] ?? 0;
}

/**
 * Sorts `keys[0 .. count)`, distinct numbers, ascending, with `merged` (as long) as scratch.
 * Codings mostly come in the order of the text, in a few ascending runs (one coder's codings
 * of a passage after the other's, a passage coded late): those are merged, the sorted head
 * with the next run, in one pass each; more runs than that are left to the built-in sort.
 */
function sortRuns(keys: Float64Array, count: number, merged: Float64Array): void {
  let runs = 1;
  for (let i = 1; i < count; i++) if ((keys[i] ?? 0) < (keys[i - 1] ?? 0)) runs += 1;
  if (runs === 1) return;
  if (runs > 8) {
    keys.subarray(0, count).sort();
    return;
  }
  let sorted = runEnd(keys, 0, count);
  while (sorted < count) {
    const next = runEnd(keys, sorted, count);
    let a = 0;
    let b = sorted;
    let out = 0;
    while (a < sorted && b < next) {
      const x = keys[a] ?? 0;
      const y = keys[b] ?? 0;
      if (x < y) {
        merged[out++] = x;
        a += 1;
      } else {
        merged[out++] = y;
        b += 1;
      }
    }
    while (a < sorted) merged[out++] = keys[a++] ?? 0;
    // what is left of the run is in place already
    for (let i = 0; i < out; i++) keys[i] = merged[i] ?? 0;
    sorted = next;
  }
}

/** The end of the ascending run of `keys` that starts at `from`. */
function runEnd(keys: Float64Array, from: number, count: number): number {
  let end = from + 1;
  while (end < count && (keys[end - 1] ?? 0) < (keys[end] ?? 0)) end += 1;
  return end;
}

/** The columns and the buffers {@link sortBySpan} sorts a document's codings with. */
interface SortScratch {
  readonly columns: CodingColumns;
  readonly keys: Float64Array;
  readonly merged: Float64Array;
}

/** Buffers for one document's segments and units, reused document after document. */
interface Scratch {
  /** Sort keys of a document's codings, and room to merge them. */
  readonly keys: Float64Array;
  readonly merged: Float64Array;
  readonly spans: Spans;
  readonly segmentFrom: Int32Array;
  readonly segmentCodes: Int32Array;
  readonly members: Int32Array;
  readonly pooled: Int32Array;
  readonly parent: Int32Array;
  readonly active: Int32Array;
  readonly unitOf: Int32Array;
  readonly heads: Int32Array;
  readonly tails: Int32Array;
  readonly next: Int32Array;
}

/** {@link Scratch} for documents of at most `longest` codings. */
function newScratch(longest: number): Scratch {
  const ints = (): Int32Array => new Int32Array(longest + 1);
  return {
    keys: new Float64Array(longest),
    merged: new Float64Array(longest),
    spans: {
      start: new Float64Array(longest),
      end: new Float64Array(longest),
      coder: new Int32Array(longest),
    },
    segmentFrom: ints(),
    segmentCodes: ints(),
    members: ints(),
    pooled: ints(),
    parent: ints(),
    active: ints(),
    unitOf: ints(),
    heads: ints(),
    tails: ints(),
    next: ints(),
  };
}

/**
 * Whether two segments (by index into `spans`) are one unit: they overlap by at least
 * `minOverlap` of their union, the shorter or the longer span (`relativeTo`).
 */
function overlapRule(
  minOverlap: number,
  relativeTo: NonNullable<UnitizeOptions['relativeTo']>,
): (a: number, b: number, spans: Spans) => boolean {
  return (a: number, b: number, spans: Spans): boolean => {
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
}

/**
 * The segments of one document's codings, `indices` sorted by span: one segment per
 * (coder, start, end), identical spans being adjacent after the sort, into `scratch.spans`. A
 * segment's codes (deduplicated, in coding order) are
 * `segmentCodes[segmentFrom[s] .. segmentFrom[s + 1])`. Returns the number of segments.
 */
function segmentsOf(
  indices: Int32Array,
  { coderOf, codeOf, startOf, endOf }: CodingColumns,
  { spans, segmentFrom, segmentCodes }: Scratch,
): number {
  let count = 0;
  let codesUsed = 0;
  segmentFrom[0] = 0;
  for (const i of indices) {
    const c = coderOf[i] ?? 0;
    const code = codeOf[i] ?? 0;
    const last = count - 1;
    if (
      last >= 0 &&
      spans.start[last] === startOf[i] &&
      spans.end[last] === endOf[i] &&
      spans.coder[last] === c
    ) {
      let seen = false;
      for (let j = segmentFrom[last] ?? 0; j < codesUsed; j++) {
        if (segmentCodes[j] === code) seen = true;
      }
      if (!seen) segmentCodes[codesUsed++] = code;
      segmentFrom[count] = codesUsed;
      continue;
    }
    spans.start[count] = startOf[i] ?? 0;
    spans.end[count] = endOf[i] ?? 0;
    spans.coder[count] = c;
    segmentFrom[count] = codesUsed;
    segmentCodes[codesUsed++] = code;
    count += 1;
    segmentFrom[count] = codesUsed;
  }
  return count;
}

/**
 * The units of a document's `count` segments (in `scratch.spans`): segments of different coders
 * linked by `linked`, joined transitively (union-find over a sweep of the segments still open).
 * Units come in order of their first segment, so sorted by start; unit u's members are chained
 * from `scratch.heads[u]` through `scratch.next` rather than collected into arrays (far fewer
 * allocations). Returns the number of units.
 */
function componentsOf(
  count: number,
  linked: (a: number, b: number, spans: Spans) => boolean,
  { spans, parent, active, unitOf, heads, tails, next }: Scratch,
): number {
  for (let i = 0; i < count; i++) parent[i] = i;
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
  unitOf.fill(-1, 0, count);
  next.fill(-1, 0, count);
  let units = 0;
  for (let i = 0; i < count; i++) {
    const root = find(parent, i);
    const u = unitOf[root] ?? -1;
    if (u < 0) {
      unitOf[root] = units;
      heads[units] = i;
      tails[units] = i;
      units += 1;
    } else {
      next[tails[u] ?? 0] = i;
      tails[u] = i;
    }
  }
  return units;
}

/**
 * `list[0 .. length)` sorted by `key[list[i]]`, stably: an insertion sort for the few members
 * of one unit (a call of the built-in sort costs more than this on a handful of numbers); long
 * lists use the built-in sort, which is stable too.
 */
function sortByKey(list: Int32Array, length: number, key: Int32Array): void {
  if (length > 32) {
    list.subarray(0, length).sort((a, b) => (key[a] ?? 0) - (key[b] ?? 0));
    return;
  }
  for (let i = 1; i < length; i++) {
    const x = list[i] ?? 0;
    const kx = key[x] ?? 0;
    let j = i - 1;
    while (j >= 0 && (key[list[j] ?? 0] ?? 0) > kx) {
      list[j + 1] = list[j] ?? 0;
      j -= 1;
    }
    list[j + 1] = x;
  }
}

/** `list[0 .. length)` in ascending order, by insertion for a few numbers, as {@link sortByKey}. */
function sortAscending(list: Int32Array, length: number): void {
  if (length > 32) {
    list.subarray(0, length).sort();
    return;
  }
  for (let i = 1; i < length; i++) {
    const x = list[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (list[j] ?? 0) > x) {
      list[j + 1] = list[j] ?? 0;
      j -= 1;
    }
    list[j + 1] = x;
  }
}

interface Spans {
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly coder: Int32Array;
}
