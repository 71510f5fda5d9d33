import { AnalysisError } from '../analysis-error.ts';
import type { CoderCoding } from '../coder-coding.ts';
import { checkCodingSpan } from '../coder-coding.ts';
import type { BootstrapInterval, BootstrapOptions } from './bootstrap.ts';
import { bootstrapUnits } from './bootstrap.ts';
import type { UndefinedValue } from './undefined-value.ts';
import { undefinedValue } from './undefined-value.ts';

/** One coefficient of the unitizing family with its disagreements. */
export interface UnitizingEstimate {
  readonly value: number;
  /** Σ of the off-diagonal observed coincidences (in characters). */
  readonly observedDisagreement: number;
  /** Σ of the off-diagonal expected coincidences (in characters). */
  readonly expectedDisagreement: number;
}

/** The unitizing alphas of Krippendorff, Mathet, Bouvry & Widlöcher (2016). */
export interface UnitizingAlphaReport {
  /** uα: agreement on where units are and which value each carries, gaps included. */
  readonly uAlpha: UnitizingEstimate | UndefinedValue;
  /** |uα: agreement on telling units from gaps, whatever their values. */
  readonly binaryUAlpha: UnitizingEstimate | UndefinedValue;
  /** cuα: agreement on the values where coders' units overlap, gaps left out. */
  readonly cuAlpha: UnitizingEstimate | UndefinedValue;
  /** The values (codes), sorted. */
  readonly values: readonly string[];
  /** Σ over assessed documents of (coders × length): ℓ.., the total of the coincidences. */
  readonly coincidenceTotal: number;
  /** Characters assessed: the summed length of the documents with two or more coders. */
  readonly length: number;
  /** Coder segments after merging a coder's overlapping or identical spans of one value. */
  readonly segments: number;
  readonly skippedDocuments: readonly { readonly documentId: string; readonly reason: string }[];
  /** The bootstrap interval of uα when `bootstrap` was asked for, else null. */
  readonly uAlphaInterval: BootstrapInterval | UndefinedValue | null;
}

/** Options of {@link unitizingAlpha}. */
export interface UnitizingAlphaOptions {
  /** Each document's length in code points: the continuum, gaps included. Required per document. */
  readonly documentLengths: Readonly<Record<string, number>>;
  /** Each document's coders, including coders with no segment in it (all gap). */
  readonly codersByDocument?: Readonly<Record<string, readonly string[]>>;
  /**
   * A bootstrap interval of uα, resampling documents (each document is an independent
   * continuum whose coincidences add up); none without it.
   */
  readonly bootstrap?: BootstrapOptions;
}

const GAP = 0;

/**
 * Krippendorff's unitizing alphas uα, |uα and cuα (Krippendorff, Mathet, Bouvry & Widlöcher
 * 2016, "On the reliability of unitizing textual continua: further developments", Quality &
 * Quantity 50; Krippendorff 2019, §12.6). Each coder's segments (`code` is the value) and the
 * gaps between them partition each document; the observed coincidence ℓ_ck is the length of the
 * overlaps of coder i's c-segments with coder j's k-segments summed over ordered pairs of coders
 * and divided by m − 1; the expected coincidences treat a unit as indivisible (its length
 * squared) and a gap as divisible into characters. Documents are independent continua whose
 * coincidences add up (equivalent to concatenating them); a document needs two coders.
 *
 * Each coder's segments of one value that overlap or repeat are merged first. Segments of
 * different values of one coder may not overlap (a coder partitions the continuum): the
 * report then says so instead of a value. To assess codes that may overlap, compute uα per
 * code (each code on its own), or use the set-valued alpha.
 */
export function unitizingAlpha(
  codings: readonly CoderCoding[],
  options: UnitizingAlphaOptions,
): UnitizingAlphaReport {
  const values = [...new Set(codings.map((c) => c.code))].sort();
  const valueIndex = new Map(values.map((v, i) => [v, i + 1]));
  const v = values.length + 1;
  const grouped = new Map<string, Map<string, number[]>>();
  for (let i = 0; i < codings.length; i++) {
    const coding = codings[i] as CoderCoding;
    checkCodingSpan(coding);
    let perCoder = grouped.get(coding.documentId);
    if (perCoder === undefined)
      grouped.set(coding.documentId, (perCoder = new Map<string, number[]>()));
    const list = perCoder.get(coding.coderId);
    if (list === undefined) perCoder.set(coding.coderId, [i]);
    else list.push(i);
  }
  const documentIds = [
    ...new Set([...grouped.keys(), ...Object.keys(options.codersByDocument ?? {})]),
  ].sort();
  const ell = new Float64Array(v * v);
  const correction = new Float64Array(v);
  const correctionStar = new Float64Array(v);
  const skipped: { documentId: string; reason: string }[] = [];
  let length = 0;
  let segmentCount = 0;
  let overlapReason: string | null = null;
  const perDocument: {
    ell: Float64Array;
    correction: Float64Array;
    correctionStar: Float64Array;
  }[] = [];

  for (const documentId of documentIds) {
    const perCoder = grouped.get(documentId) ?? new Map<string, number[]>();
    const coders = [
      ...new Set<string>(options.codersByDocument?.[documentId] ?? [...perCoder.keys()]),
    ].sort();
    for (const coder of perCoder.keys()) {
      if (!coders.includes(coder)) {
        throw new AnalysisError(
          'invalid_input',
          `Coder ${coder} coded document ${documentId} but is not listed among its coders`,
        );
      }
    }
    const L = options.documentLengths[documentId];
    if (L === undefined || !Number.isInteger(L) || L < 0) {
      throw new AnalysisError('invalid_input', `No length for document ${documentId}`);
    }
    const m = coders.length;
    if (m < 2) {
      skipped.push({ documentId, reason: `coded by ${m} coder${m === 1 ? '' : 's'}` });
      continue;
    }
    if (L === 0) continue;
    // Each coder's partition of [0, L): ends and values, gaps included.
    const partitions = coders.map((coder) => {
      const p = partitionOf(codings, perCoder.get(coder) ?? [], {
        coder,
        documentId,
        L,
        values,
        valueIndex,
      });
      segmentCount += p.segments;
      overlapReason ??= p.overlapReason;
      return p;
    });
    length += L;
    // With a bootstrap, each document's own coincidences and corrections too.
    const own =
      options.bootstrap === undefined
        ? undefined
        : {
            ell: new Float64Array(v * v),
            correction: new Float64Array(v),
            correctionStar: new Float64Array(v),
          };
    if (own !== undefined) perDocument.push(own);
    sweepDocument({ partitions, L, v }, { ell, correction, correctionStar }, own);
  }

  const common = {
    values,
    coincidenceTotal: ell.reduce((a, b) => a + b, 0),
    length,
    segments: segmentCount,
    skippedDocuments: skipped,
  };
  if (overlapReason !== null) {
    const reason = undefinedValue(overlapReason);
    return {
      ...common,
      uAlpha: reason,
      binaryUAlpha: reason,
      cuAlpha: reason,
      uAlphaInterval: options.bootstrap === undefined ? null : reason,
    };
  }
  const all = Array.from({ length: v }, (_x, i) => i);
  const valued = all.slice(1);
  const boot = options.bootstrap;
  return {
    ...common,
    uAlphaInterval: boot === undefined ? null : uAlphaBootstrap(perDocument, v, boot),
    uAlpha: fromBlocks(ell, v, { blocks: all.map((i) => [i]), correction }),
    binaryUAlpha: fromBlocks(ell, v, { blocks: [[GAP], valued], correction }),
    cuAlpha: fromBlocks(ell, v, {
      blocks: valued.map((i) => [i]),
      correction: correctionStar,
      restricted: true,
    }),
  };
}

/** One coder's segments in one document, and where they sit. */
interface PartitionInput {
  readonly coder: string;
  readonly documentId: string;
  /** The document's length: the continuum is [0, L). */
  readonly L: number;
  readonly values: readonly string[];
  readonly valueIndex: ReadonlyMap<string, number>;
}

/**
 * A coder's partition of one document [0, L) into segments and gaps: the ends and values of
 * its pieces (gaps included), after merging the coder's overlapping or repeated segments of one
 * value. Segments of different values that overlap are left out and named in `overlapReason`
 * (the first such overlap).
 */
function partitionOf(
  codings: readonly CoderCoding[],
  indices: readonly number[],
  { coder, documentId, L, values, valueIndex }: PartitionInput,
): { ends: number[]; vals: number[]; segments: number; overlapReason: string | null } {
  let segments = 0;
  let overlapReason: string | null = null;
  const spans = indices
    .map((i) => codings[i] as CoderCoding)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const ends: number[] = [];
  const vals: number[] = [];
  let pos = 0;
  let curStart = -1;
  let curEnd = -1;
  let curValue = -1;
  const flush = (): void => {
    if (curValue < 0) return;
    if (curStart > pos) {
      ends.push(curStart);
      vals.push(GAP);
    }
    ends.push(curEnd);
    vals.push(curValue);
    pos = curEnd;
    segments += 1;
  };
  for (const s of spans) {
    if (s.end > L) {
      throw new AnalysisError(
        'invalid_input',
        `A coding in ${documentId} ends at ${s.end}, after the document's length ${L}`,
      );
    }
    const value = valueIndex.get(s.code) ?? GAP;
    if (curValue >= 0 && s.start < curEnd) {
      if (value === curValue) {
        curEnd = Math.max(curEnd, s.end);
        continue;
      }
      overlapReason ??= `coder ${coder}'s segments of ${values[curValue - 1]} and ${s.code} overlap in document ${documentId} at ${s.start}–${Math.min(curEnd, s.end)}: the values are not used as alternatives`;
      continue;
    }
    flush();
    curStart = s.start;
    curEnd = s.end;
    curValue = value;
  }
  flush();
  if (pos < L) {
    ends.push(L);
    vals.push(GAP);
  }
  return { ends, vals, segments, overlapReason };
}

/** Coincidences and corrections, summed over documents (or one document's own). */
interface Coincidences {
  readonly ell: Float64Array;
  readonly correction: Float64Array;
  readonly correctionStar: Float64Array;
}

/**
 * Adds one document's coincidences to `sums` (and to `own`, its own, for the bootstrap):
 * sweeps the elementary intervals of all the coders' partitions together. ℓ_ck gains each
 * interval's length over m − 1 per ordered pair of coders; a piece that ends adds its length
 * (a gap) or its length squared (a unit) to the corrections, and the length it spent paired
 * with another coder's unit, squared, to the cuα correction.
 */
function sweepDocument(
  {
    partitions,
    L,
    v,
  }: { partitions: readonly { ends: number[]; vals: number[] }[]; L: number; v: number },
  { ell, correction, correctionStar }: Coincidences,
  own: Coincidences | undefined,
): void {
  const m = partitions.length;
  const at = new Int32Array(m);
  const pairable = new Float64Array(m);
  const current = new Int32Array(m);
  let pos = 0;
  while (pos < L) {
    let next = L;
    for (let i = 0; i < m; i++) {
      const p = partitions[i] as { ends: number[]; vals: number[] };
      current[i] = p.vals[at[i] ?? 0] ?? GAP;
      next = Math.min(next, p.ends[at[i] ?? 0] ?? L);
    }
    const len = next - pos;
    let valued = 0;
    for (let i = 0; i < m; i++) if ((current[i] ?? 0) !== GAP) valued += 1;
    for (let i = 0; i < m; i++) {
      const c = current[i] ?? 0;
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const idx = c * v + (current[j] ?? 0);
        ell[idx] = (ell[idx] ?? 0) + len / (m - 1);
        if (own !== undefined) own.ell[idx] = (own.ell[idx] ?? 0) + len / (m - 1);
      }
      if (c !== GAP && valued >= 2) pairable[i] = (pairable[i] ?? 0) + len;
    }
    pos = next;
    for (let i = 0; i < m; i++) {
      const p = partitions[i] as { ends: number[]; vals: number[] };
      const seg = at[i] ?? 0;
      const end = p.ends[seg] ?? L;
      if (end !== pos) continue;
      const c = p.vals[seg] ?? GAP;
      const segLength = end - (seg === 0 ? 0 : (p.ends[seg - 1] ?? 0));
      const add = c === GAP ? segLength : segLength * segLength;
      correction[c] = (correction[c] ?? 0) + add;
      if (c !== GAP) correctionStar[c] = (correctionStar[c] ?? 0) + (pairable[i] ?? 0) ** 2;
      if (own !== undefined) {
        own.correction[c] = (own.correction[c] ?? 0) + add;
        if (c !== GAP)
          own.correctionStar[c] = (own.correctionStar[c] ?? 0) + (pairable[i] ?? 0) ** 2;
      }
      pairable[i] = 0;
      at[i] = seg + 1;
    }
  }
}

/** The bootstrap interval of uα: documents resampled, their coincidences added up. */
function uAlphaBootstrap(
  perDocument: readonly Coincidences[],
  v: number,
  boot: BootstrapOptions,
): BootstrapInterval | UndefinedValue {
  const all = Array.from({ length: v }, (_x, i) => i);
  return bootstrapUnits(
    perDocument.length,
    (counts) => {
      const sumEll = new Float64Array(v * v);
      const sumCorrection = new Float64Array(v);
      perDocument.forEach((d, i) => {
        const c = counts[i] ?? 0;
        if (c === 0) return;
        for (let x = 0; x < v * v; x++) sumEll[x] = (sumEll[x] ?? 0) + c * (d.ell[x] ?? 0);
        for (let x = 0; x < v; x++)
          sumCorrection[x] = (sumCorrection[x] ?? 0) + c * (d.correction[x] ?? 0);
      });
      return fromBlocks(sumEll, v, {
        blocks: all.map((i) => [i]),
        correction: sumCorrection,
      }).value;
    },
    boot,
  );
}

/**
 * Alpha from the coincidences ℓ collapsed into the given blocks of values (one block per
 * category of the coefficient). Expected coincidences follow eq. 33 of Krippendorff (2019):
 * ε_ck = (ℓ_c. ℓ_.k − [c = k] Σ corrections of c) / (ℓ.. − Σ corrections / ℓ..), computed on the
 * uncollapsed values (those in the blocks) and then summed per block.
 */
function fromBlocks(
  ell: Float64Array,
  v: number,
  options: {
    readonly blocks: readonly (readonly number[])[];
    readonly correction: Float64Array;
    readonly restricted?: boolean;
  },
): UnitizingEstimate | UndefinedValue {
  const { blocks, correction, restricted = false } = options;
  const members = blocks.flat();
  const row = new Float64Array(v);
  const col = new Float64Array(v);
  let total = 0;
  for (const c of members) {
    for (const k of members) {
      const x = ell[c * v + k] ?? 0;
      row[c] = (row[c] ?? 0) + x;
      col[k] = (col[k] ?? 0) + x;
      total += x;
    }
  }
  if (total === 0) {
    return undefinedValue(
      restricted
        ? "no coder's unit overlaps another coder's unit, so there is no coding to compare"
        : 'the continuum is empty',
    );
  }
  let correctionTotal = 0;
  for (const c of members) correctionTotal += correction[c] ?? 0;
  const denom = total - correctionTotal / total;
  const blockOf = new Int32Array(v).fill(-1);
  blocks.forEach((b, bi) => b.forEach((c) => (blockOf[c] = bi)));
  let observed = 0;
  let expected = 0;
  for (const c of members) {
    for (const k of members) {
      if (blockOf[c] === blockOf[k]) continue;
      observed += ell[c * v + k] ?? 0;
      expected += ((row[c] ?? 0) * (col[k] ?? 0)) / denom;
    }
  }
  if (expected <= 0) {
    return undefinedValue(
      'no variation: a single value (or only gaps) throughout, so the expected disagreement is 0',
    );
  }
  return {
    value: 1 - observed / expected,
    observedDisagreement: observed,
    expectedDisagreement: expected,
  };
}
