import { AnalysisError } from '../analysis-error.ts';
import type { CoderCoding } from '../coder-coding.ts';
import { checkCodingSpan } from '../coder-coding.ts';
import type { AgreementReport } from './unit-agreement.ts';
import { TallyPool } from './tally-pool.ts';
import { BinaryTally } from './binary-tally.ts';
import type { PairPattern } from './binary-tally.ts';
import { assignCoders, pairPattern } from './coders-by-document.ts';

/** Options of {@link characterAgreement}. */
export interface CharacterAgreementOptions {
  /** As in {@link UnitAgreementOptions.codersByDocument}. */
  readonly codersByDocument?: Readonly<Record<string, readonly string[]>>;
  /** The codes to assess; default every code in the codings. */
  readonly codes?: readonly string[];
  /**
   * Each document's length in code points. Without it a document is taken to end where its last
   * coding ends, which leaves out any uncoded text after it.
   */
  readonly documentLengths?: Readonly<Record<string, number>>;
}

/** {@link AgreementReport} where each item is one character of one document for one code. */
export interface CharacterAgreementReport extends AgreementReport {
  /** Characters assessed per code, summed over documents. */
  readonly characters: number;
  /** The caveat every reader of these numbers needs. */
  readonly caveat: string;
}

/** The caveat of character-level agreement, as reported in {@link CharacterAgreementReport}. */
export const CHARACTER_AGREEMENT_CAVEAT =
  'Character-level agreement counts every character as an item, coded or not. Uncoded text is ' +
  'usually most of a transcript and both coders agree on it, so percent agreement is high even ' +
  'when the coded spans barely match; kappa and alpha correct for chance but still weigh long ' +
  'passages more than short ones. Characters are not independent observations: the standard ' +
  'errors and p-values of kappa are far too small. Compare with unit-level agreement.';

/**
 * Inter-coder agreement character by character, like NVivo's coding comparison: for each
 * document and code, each character is coded or not by each coder; percent agreement, kappa
 * (two coders), Fleiss' kappa and Krippendorff's alpha are computed over characters, pooled per
 * code, family, document and overall. A coder's overlapping codings of one code cover a
 * character once (QualCoder counts such a character twice). See
 * {@link CHARACTER_AGREEMENT_CAVEAT}.
 *
 * Runs on interval boundaries, not characters: the codings are counting-sorted by document and
 * code and each (document, code) is one sorted sweep of its span ends, so the cost is
 * O(n log n) in the codings plus O(documents × codes), with no object per coding.
 */
export function characterAgreement(
  codings: readonly CoderCoding[],
  options: CharacterAgreementOptions = {},
): CharacterAgreementReport {
  const { coders, documents } = assignCoders(codings, options.codersByDocument);
  const codes = options.codes
    ? [...new Set(options.codes)]
    : [...new Set(codings.map((c) => c.code))].sort();
  const codeIndex = new Map(codes.map((code, i) => [code, i]));
  const twoCoders = coders.length === 2;
  if (coders.length > 32768) {
    throw new AnalysisError('invalid_input', 'Character agreement handles at most 32768 coders');
  }
  const documentIds = [...documents.keys()];
  const documentIndex = new Map(documentIds.map((id, d) => [id, d]));
  const coderIndex = new Map(coders.map((id, c) => [id, c]));
  const n = codings.length;
  const k = codes.length;

  // One pass over the codings: check, note each document's last end, and count the codings of
  // each document among the assessed codes (a counting sort by document, no object per coding).
  const lastEnd = new Float64Array(documentIds.length);
  const documentOf = new Int32Array(n);
  const codeOf = new Int32Array(n);
  const documentStart = new Int32Array(documentIds.length + 1);
  for (let i = 0; i < n; i++) {
    const coding = codings[i] as CoderCoding;
    checkCodingSpan(coding);
    const d = documentIndex.get(coding.documentId) ?? 0;
    documentOf[i] = d;
    if (coding.end > (lastEnd[d] ?? 0)) lastEnd[d] = coding.end;
    const c = codeIndex.get(coding.code) ?? -1;
    codeOf[i] = c;
    if (c >= 0) documentStart[d + 1] = (documentStart[d + 1] ?? 0) + 1;
  }
  for (let d = 0; d < documentIds.length; d++) {
    documentStart[d + 1] = (documentStart[d + 1] ?? 0) + (documentStart[d] ?? 0);
  }
  const byDocument = new Int32Array(documentStart[documentIds.length] ?? 0);
  const fill = documentStart.slice(0, documentIds.length);
  for (let i = 0; i < n; i++) {
    if ((codeOf[i] ?? -1) < 0) continue;
    const d = documentOf[i] ?? 0;
    const at = fill[d] ?? 0;
    byDocument[at] = i;
    fill[d] = at + 1;
  }

  // Per document, the codings again counting-sorted by code, then each code's events swept.
  const codeStart = new Int32Array(k + 1);
  const byCode = new Int32Array(byDocument.length);
  let events = new Float64Array(64);
  const localCoder = new Int32Array(coders.length);
  const pool = new TallyPool(codes);
  const tally = new BinaryTally();
  const skippedDocuments: { documentId: string; reason: string }[] = [];
  let characters = 0;
  documentIds.forEach((documentId, d) => {
    const documentCoders = documents.get(documentId) ?? [];
    const m = documentCoders.length;
    if (m < 2) {
      skippedDocuments.push({ documentId, reason: `coded by ${m} coder${m === 1 ? '' : 's'}` });
      return;
    }
    const end = lastEnd[d] ?? 0;
    const length = options.documentLengths?.[documentId] ?? end;
    if (end > length) {
      throw new AnalysisError(
        'invalid_input',
        `A coding in ${documentId} ends at ${end}, after the document's length ${length}`,
      );
    }
    characters += length;
    documentCoders.forEach((coder, c) => (localCoder[coderIndex.get(coder) ?? 0] = c));
    const from = documentStart[d] ?? 0;
    const to = documentStart[d + 1] ?? 0;
    codeStart.fill(0);
    for (let j = from; j < to; j++) {
      const c = codeOf[byDocument[j] ?? 0] ?? 0;
      codeStart[c + 1] = (codeStart[c + 1] ?? 0) + 1;
    }
    for (let c = 0; c < k; c++) codeStart[c + 1] = (codeStart[c + 1] ?? 0) + (codeStart[c] ?? 0);
    for (let j = from; j < to; j++) {
      const i = byDocument[j] ?? 0;
      const c = codeOf[i] ?? 0;
      byCode[from + (codeStart[c] ?? 0)] = i;
      codeStart[c] = (codeStart[c] ?? 0) + 1;
    }
    // codeStart[c] is now the end of code c's slice (relative to `from`); its start is that of c − 1.
    const pairs = twoCoders && m === 2;
    pool.startDocument(documentId);
    const depth = new Int32Array(m);
    for (let c = 0; c < k; c++) {
      tally.reset();
      const sliceFrom = from + (c === 0 ? 0 : (codeStart[c - 1] ?? 0));
      const sliceTo = from + (codeStart[c] ?? 0);
      const count = 2 * (sliceTo - sliceFrom);
      if (events.length < count) events = new Float64Array(Math.max(count, 2 * events.length));
      // Events packed into one float each: position · 2^16 + coder · 2 + (1 for a start).
      // A numeric sort of a Float64Array needs no comparator.
      for (let j = sliceFrom, e = 0; j < sliceTo; j++, e += 2) {
        const coding = codings[byCode[j] ?? 0] as CoderCoding;
        const coder = localCoder[coderIndex.get(coding.coderId) ?? 0] ?? 0;
        events[e] = coding.start * 65536 + coder * 2 + 1;
        events[e + 1] = coding.end * 65536 + coder * 2;
      }
      const sorted = events.subarray(0, count).sort();
      depth.fill(0);
      let present = 0;
      let position = 0;
      let accounted = 0;
      for (let e = 0; e < count; e++) {
        const event = sorted[e] ?? 0;
        const at = Math.floor(event / 65536);
        const rest = event - at * 65536;
        const coder = rest >> 1;
        if (at > position) {
          const pattern: PairPattern = pairs
            ? pairPattern((depth[0] ?? 0) > 0, (depth[1] ?? 0) > 0)
            : -1;
          tally.add({ present, coders: m, weight: at - position, pattern });
          accounted += at - position;
          position = at;
        }
        const before = depth[coder] ?? 0;
        const after = before + ((rest & 1) === 1 ? 1 : -1);
        depth[coder] = after;
        if (before === 0 && after > 0) present += 1;
        if (before > 0 && after === 0) present -= 1;
      }
      tally.add({ present: 0, coders: m, weight: length - accounted, pattern: pairs ? 3 : -1 });
      pool.mergeCode(c, tally);
    }
    pool.endDocument();
  });
  return {
    coders,
    characters,
    ...pool.summaries(twoCoders),
    skippedDocuments,
    caveat: CHARACTER_AGREEMENT_CAVEAT,
  };
}
