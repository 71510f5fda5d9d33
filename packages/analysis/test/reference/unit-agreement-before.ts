/**
 * The unit agreement as it was before the speed-up of issue 17 (item 6), frozen as the
 * reference of unit-agreement.equivalence.test.ts: the unitizer, the coder assignment and
 * unitAgreement of commit 6739620, unchanged but for their imports. Only the tests read it.
 */
import { AnalysisError } from '../../src/analysis-error.ts';
import type { CoderCoding } from '../../src/coder-coding.ts';
import { checkCodingSpan } from '../../src/coder-coding.ts';
import type { UnitizeOptions } from '../../src/unitize.ts';
import type { PairPattern } from '../../src/agreement/binary-tally.ts';
import { BinaryTally } from '../../src/agreement/binary-tally.ts';
import { TallyPool } from '../../src/agreement/tally-pool.ts';
import { PresenceUnits } from '../../src/agreement/presence-bootstrap.ts';
import { pairPattern } from '../../src/agreement/coders-by-document.ts';
import type {
  Disagreement,
  UnitAgreementOptions,
  UnitAgreementReport,
} from '../../src/agreement/unit-agreement.ts';

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
  const out: string[] = [];
  for (let i = units.codeStart[e] ?? 0; i < (units.codeStart[e + 1] ?? 0); i++) {
    out.push(units.codes[units.codeIds[i] ?? 0] ?? '');
  }
  return out;
}

/** {@link unitize} into {@link CompactUnits}: the same units, no object per unit. */
export function unitizeCompactBefore(
  codings: readonly CoderCoding[],
  options: UnitizeOptions = {},
): CompactUnits {
  const minOverlap = options.minOverlap ?? 0.5;
  const relativeTo = options.relativeTo ?? 'union';
  if (!(minOverlap > 0 && minOverlap <= 1)) {
    throw new AnalysisError('invalid_input', `minOverlap must be in (0, 1], got ${minOverlap}`);
  }
  const coderSet = new Set<string>();
  const codeSet = new Set<string>();
  for (const c of codings) {
    coderSet.add(c.coderId);
    codeSet.add(c.code);
  }
  const coderIds = [...coderSet].sort();
  const coderIndex = new Map(coderIds.map((id, i) => [id, i]));
  // Code ids are ranks in the sorted names, so that sorting ids sorts names.
  const codes = [...codeSet].sort();
  const codeIndex = new Map(codes.map((code, i) => [code, i]));
  // Spans, coders and codes in typed arrays, so that the sort reads no objects.
  const n = codings.length;
  const coderOf = new Int32Array(n);
  const codeOf = new Int32Array(n);
  const startOf = new Float64Array(n);
  const endOf = new Float64Array(n);
  const byDocument = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const coding = codings[i] as CoderCoding;
    coderOf[i] = coderIndex.get(coding.coderId) ?? 0;
    checkCodingSpan(coding);
    codeOf[i] = codeIndex.get(coding.code) ?? 0;
    startOf[i] = coding.start;
    endOf[i] = coding.end;
    const list = byDocument.get(coding.documentId);
    if (list === undefined) byDocument.set(coding.documentId, [i]);
    else list.push(i);
  }
  const linked = overlapRule(minOverlap, relativeTo);
  const bySpan = (a: number, b: number): number =>
    (startOf[a] ?? 0) - (startOf[b] ?? 0) ||
    (endOf[a] ?? 0) - (endOf[b] ?? 0) ||
    (coderOf[a] ?? 0) - (coderOf[b] ?? 0);

  // Every output array has at most one element per coding (units ≤ entries ≤ segments ≤ n).
  const document = new Int32Array(n);
  const unitStart = new Float64Array(n);
  const unitEnd = new Float64Array(n);
  const unitSegments = new Int32Array(n);
  const entryStart = new Int32Array(n + 1);
  const entryCoder = new Int32Array(n);
  const codeStart = new Int32Array(n + 1);
  const codeIds = new Int32Array(n);
  let units = 0;
  let entries = 0;
  let codeCount = 0;
  // A unit's segments and a coder's pooled codes, in buffers reused unit after unit.
  const members = new Int32Array(n);
  const pooled = new Int32Array(n);
  const documentIds = [...byDocument.keys()].sort();
  documentIds.forEach((documentId, d) => {
    const indices = byDocument.get(documentId) ?? [];
    indices.sort(bySpan);
    const { spans, segmentFrom, segmentCodes, count } = segmentsOf(indices, {
      coderOf,
      codeOf,
      startOf,
      endOf,
    });
    const { heads, next } = componentsOf(spans, count, linked);
    for (const head of heads) {
      let start = Infinity;
      let end = -Infinity;
      let memberCount = 0;
      for (let i = head; i >= 0; i = next[i] ?? -1) {
        members[memberCount++] = i;
        start = Math.min(start, spans.start[i] ?? 0);
        end = Math.max(end, spans.end[i] ?? 0);
      }
      // By coder (stable), then each coder's codes pooled over their segments, sorted, unique.
      if (memberCount > 1)
        insertionSort(
          members,
          memberCount,
          (a, b) => (spans.coder[a] ?? 0) - (spans.coder[b] ?? 0),
        );
      document[units] = d;
      unitStart[units] = start;
      unitEnd[units] = end;
      unitSegments[units] = memberCount;
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
        if (pooledCount > 1) insertionSort(pooled, pooledCount, (a, b) => a - b);
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
  });
  entryStart[units] = entries;
  codeStart[entries] = codeCount;
  return {
    documentIds,
    coderIds,
    codes,
    count: units,
    document: document.subarray(0, units),
    start: unitStart.subarray(0, units),
    end: unitEnd.subarray(0, units),
    segments: unitSegments.subarray(0, units),
    entryStart: entryStart.subarray(0, units + 1),
    entryCoder: entryCoder.subarray(0, entries),
    codeStart: codeStart.subarray(0, entries + 1),
    codeIds: codeIds.subarray(0, codeCount),
  };
}

/**
 * In-place sort of `list[0 .. length)` for the few members of one unit (a call of the built-in
 * sort costs more than this on a handful of numbers); long lists use the built-in sort.
 */
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

/** A document's codings as typed arrays, by coding index. */
interface CodingColumns {
  readonly coderOf: Int32Array;
  readonly codeOf: Int32Array;
  readonly startOf: Float64Array;
  readonly endOf: Float64Array;
}

/**
 * The segments of one document's codings, sorted by span (`indices`): one segment per (coder,
 * start, end), identical spans being adjacent after the sort. A segment's codes (deduplicated,
 * in coding order) are `segmentCodes[segmentFrom[s] .. segmentFrom[s + 1])`.
 */
function segmentsOf(
  indices: readonly number[],
  { coderOf, codeOf, startOf, endOf }: CodingColumns,
): { spans: Spans; segmentFrom: Int32Array; segmentCodes: Int32Array; count: number } {
  const spans: Spans = {
    start: new Float64Array(indices.length),
    end: new Float64Array(indices.length),
    coder: new Int32Array(indices.length),
  };
  const segmentFrom = new Int32Array(indices.length + 1);
  const segmentCodes = new Int32Array(indices.length);
  let count = 0;
  let codesUsed = 0;
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
  return { spans, segmentFrom, segmentCodes, count };
}

/**
 * The units of a document: segments of different coders linked by `linked`, joined transitively
 * (union-find over a sweep of the segments still open). Units come in order of their first
 * segment, so sorted by start; a unit's members are chained from `heads[u]` through `next`
 * rather than collected into arrays (far fewer allocations).
 */
function componentsOf(
  spans: Spans,
  count: number,
  linked: (a: number, b: number, spans: Spans) => boolean,
): { heads: number[]; next: Int32Array } {
  const parent = new Int32Array(count);
  for (let i = 0; i < count; i++) parent[i] = i;
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
  return { heads, next };
}

function insertionSort(
  list: Int32Array,
  length: number,
  compare: (a: number, b: number) => number,
): void {
  if (length > 32) {
    list.subarray(0, length).sort(compare);
    return;
  }
  for (let i = 1; i < length; i++) {
    const x = list[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && compare(list[j] ?? 0, x) > 0) {
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

export interface CoderAssignment {
  /** Every coder, sorted. */
  readonly coders: string[];
  /** Documents, sorted, each with its coders (sorted). */
  readonly documents: ReadonlyMap<string, readonly string[]>;
}
export function assignCodersBefore(
  codings: readonly CoderCoding[],
  codersByDocument: Readonly<Record<string, readonly string[]>> | undefined,
): CoderAssignment {
  const seen = new Map<string, Set<string>>();
  for (const coding of codings) {
    const set = seen.get(coding.documentId) ?? new Set<string>();
    set.add(coding.coderId);
    seen.set(coding.documentId, set);
  }
  const documents = new Map<string, readonly string[]>();
  const all = new Set<string>();
  const ids = new Set([...seen.keys(), ...Object.keys(codersByDocument ?? {})]);
  for (const documentId of [...ids].sort()) {
    const listed = codersByDocument?.[documentId];
    const found = seen.get(documentId) ?? new Set<string>();
    if (listed !== undefined) {
      for (const coder of found) {
        if (!listed.includes(coder)) {
          throw new AnalysisError(
            'invalid_input',
            `Coder ${coder} coded document ${documentId} but is not listed among its coders`,
          );
        }
      }
    }
    const coders = [...new Set(listed ?? found)].sort();
    for (const coder of coders) all.add(coder);
    documents.set(documentId, coders);
  }
  return { coders: [...all].sort(), documents };
}

export function unitAgreementBefore(
  codings: readonly CoderCoding[],
  options: UnitAgreementOptions = {},
): UnitAgreementReport {
  const { coders, documents } = assignCodersBefore(codings, options.codersByDocument);
  const codes = options.codes
    ? [...new Set(options.codes)]
    : [...new Set(codings.map((c) => c.code))].sort();
  const codeIndex = new Map(codes.map((code, k) => [code, k]));
  const k = codes.length;
  const twoCoders = coders.length === 2;
  const [first, second] = coders;
  const units = unitizeCompactBefore(codings, options);
  // A document's units are consecutive: its first unit and how many.
  const unitRange = new Map<string, [number, number]>();
  for (let u = 0; u < units.count; u++) {
    const documentId = units.documentIds[units.document[u] ?? 0] ?? '';
    const range = unitRange.get(documentId);
    if (range === undefined) unitRange.set(documentId, [u, 1]);
    else range[1] += 1;
  }
  // The unitizer's code and coder ids mapped to this report's codes and the two coders' bits.
  const codeOf = Int32Array.from(units.codes, (code) => codeIndex.get(code) ?? -1);
  const bitOf = Int32Array.from(units.coderIds, (coder) =>
    coder === first ? 1 : coder === second ? 2 : 0,
  );
  const pool = new TallyPool(codes);
  // Scratch per code, reused for every document: no object per (document, code).
  const perCode = codes.map(() => new BinaryTally());
  const width = coders.length + 1;
  // present[k]: coders who applied code k in the current unit; who[k]: bit 1 first, bit 2 second.
  const present = new Int32Array(k);
  const who = new Int32Array(k);
  const touched = new Int32Array(k);
  // Items added per code and number of coders, so that the absent/absent items of each code
  // can be added at once at the end of a document.
  const itemsByCoders = new Float64Array(k * width);
  const unitsOfM = new Float64Array(width);
  const mOrder = new Int32Array(width);
  const skippedDocuments: { documentId: string; reason: string }[] = [];
  const disagreements: Disagreement[] = [];
  let unitCount = 0;
  let singleCoderUnits = 0;
  const spans = options.spans ?? 'all';
  const bootUnits = options.bootstrap === undefined ? undefined : new PresenceUnits();
  for (const [documentId, documentCoders] of documents) {
    const documentM = documentCoders.length;
    if (documentM < 2) {
      skippedDocuments.push({
        documentId,
        reason: `coded by ${documentM} coder${documentM === 1 ? '' : 's'}`,
      });
      continue;
    }
    for (const tally of perCode) tally.reset();
    const [from, count] = unitRange.get(documentId) ?? [0, 0];
    // Units per number of coders, in order of first appearance (the order the absent/absent
    // items are added in).
    // (m: a unit's number of coders, at most the document's coders)
    unitsOfM.fill(0, 0, documentM + 1);
    let mCount = 0;
    let characters: string[] | undefined;
    for (let u = from; u < from + count; u++) {
      // Every coder with a segment in the unit is one of the document's coders (assignCoders
      // checks that each coding's coder is listed for its document).
      const entryFrom = units.entryStart[u] ?? 0;
      const entryTo = units.entryStart[u + 1] ?? 0;
      const withSegment = entryTo - entryFrom;
      if (withSegment < 2) singleCoderUnits += 1;
      if (spans === 'both-coded' && withSegment < 2) continue;
      const bothCoded = spans === 'both-coded';
      const m = bothCoded ? withSegment : documentM;
      unitCount += 1;
      bootUnits?.addUnit(m);
      if (unitsOfM[m] === 0) mOrder[mCount++] = m;
      unitsOfM[m] = (unitsOfM[m] ?? 0) + 1;
      let touchedCount = 0;
      for (let e = entryFrom; e < entryTo; e++) {
        const bit = bitOf[units.entryCoder[e] ?? 0] ?? 0;
        for (let j = units.codeStart[e] ?? 0; j < (units.codeStart[e + 1] ?? 0); j++) {
          const c = codeOf[units.codeIds[j] ?? 0] ?? -1;
          if (c < 0) continue;
          if (present[c] === 0) touched[touchedCount++] = c;
          present[c] = (present[c] ?? 0) + 1;
          who[c] = (who[c] ?? 0) | bit;
        }
      }
      let disputed: string[] | undefined;
      for (let t = 0; t < touchedCount; t++) {
        const c = touched[t] ?? 0;
        const p = present[c] ?? 0;
        const bits = who[c] ?? 0;
        const pattern: PairPattern =
          twoCoders && m === 2 ? pairPattern((bits & 1) !== 0, (bits & 2) !== 0) : -1;
        perCode[c]?.add({ present: p, coders: m, weight: 1, pattern });
        bootUnits?.addCode(c, p);
        itemsByCoders[c * width + m] = (itemsByCoders[c * width + m] ?? 0) + 1;
        if (p < m) (disputed ??= []).push(codes[c] ?? '');
        present[c] = 0;
        who[c] = 0;
      }
      if (disputed === undefined) continue;
      const text = options.texts?.[documentId];
      if (text !== undefined) characters ??= Array.from(text);
      const own = new Map<string, string[]>();
      for (let e = entryFrom; e < entryTo; e++) {
        own.set(units.coderIds[units.entryCoder[e] ?? 0] ?? '', entryCodes(units, e));
      }
      const unitCoders = bothCoded ? documentCoders.filter((c) => own.has(c)) : documentCoders;
      const start = units.start[u] ?? 0;
      const end = units.end[u] ?? 0;
      disagreements.push({
        documentId,
        start,
        end,
        codes: Object.fromEntries(unitCoders.map((coder) => [coder, own.get(coder) ?? []])),
        disputed: disputed.sort(),
        ...(characters === undefined ? {} : { text: characters.slice(start, end).join('') }),
      });
    }
    // Every unit on which no coder applied a code is one absent/absent item for that code.
    pool.startDocument(documentId);
    for (let c = 0; c < k; c++) {
      const tally = perCode[c] as BinaryTally;
      for (let i = 0; i < mCount; i++) {
        const m = mOrder[i] ?? 0;
        const mUnits = unitsOfM[m] ?? 0;
        tally.add({
          present: 0,
          coders: m,
          weight: mUnits - (itemsByCoders[c * width + m] ?? 0),
          pattern: twoCoders && m === 2 ? 3 : -1,
        });
        itemsByCoders[c * width + m] = 0;
      }
      pool.mergeCode(c, tally);
    }
    pool.endDocument();
  }
  return {
    coders,
    units: unitCount,
    singleCoderUnits,
    spans,
    ...pool.summaries(twoCoders),
    disagreements,
    skippedDocuments,
    alphaIntervals:
      bootUnits === undefined || options.bootstrap === undefined
        ? null
        : bootUnits.intervals(codes, options.bootstrap),
  };
}
