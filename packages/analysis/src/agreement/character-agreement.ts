import { AnalysisError } from '../analysis-error.ts';
import type { CoderCoding } from '../coder-coding.ts';
import { checkSpan } from '../coder-coding.ts';
import type { AgreementReport } from './unit-agreement.ts';
import { poolTallies } from './unit-agreement.ts';
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
 * Runs on interval boundaries, not characters: O(n log n) in the number of codings.
 */
export function characterAgreement(
  codings: readonly CoderCoding[],
  options: CharacterAgreementOptions = {},
): CharacterAgreementReport {
  const { coders, documents } = assignCoders(codings, options.codersByDocument);
  const codes = options.codes
    ? [...options.codes]
    : [...new Set(codings.map((c) => c.code))].sort();
  const codeIndex = new Map(codes.map((code, i) => [code, i]));
  const twoCoders = coders.length === 2;
  if (coders.length > 32768) {
    throw new AnalysisError('invalid_input', 'Character agreement handles at most 32768 coders');
  }

  // codings per document, per code
  const grouped = new Map<string, CoderCoding[][]>();
  const lastEnd = new Map<string, number>();
  for (const coding of codings) {
    checkSpan(coding, `Coding of ${coding.code} by ${coding.coderId} in ${coding.documentId}`);
    lastEnd.set(coding.documentId, Math.max(lastEnd.get(coding.documentId) ?? 0, coding.end));
    const k = codeIndex.get(coding.code);
    if (k === undefined) continue;
    let perCode = grouped.get(coding.documentId);
    if (perCode === undefined) {
      perCode = codes.map(() => []);
      grouped.set(coding.documentId, perCode);
    }
    perCode[k]?.push(coding);
  }

  const tallies = new Map<string, Map<string, BinaryTally>>();
  const skippedDocuments: { documentId: string; reason: string }[] = [];
  let characters = 0;
  for (const [documentId, documentCoders] of documents) {
    const m = documentCoders.length;
    if (m < 2) {
      skippedDocuments.push({ documentId, reason: `coded by ${m} coder${m === 1 ? '' : 's'}` });
      continue;
    }
    const length = options.documentLengths?.[documentId] ?? lastEnd.get(documentId) ?? 0;
    if ((lastEnd.get(documentId) ?? 0) > length) {
      throw new AnalysisError(
        'invalid_input',
        `A coding in ${documentId} ends at ${lastEnd.get(documentId)}, after the document's length ${length}`,
      );
    }
    characters += length;
    const coderIndex = new Map(documentCoders.map((coder, i) => [coder, i]));
    const perCode = new Map<string, BinaryTally>();
    tallies.set(documentId, perCode);
    const documentCodings = grouped.get(documentId);
    codes.forEach((code, k) => {
      const tally = new BinaryTally();
      perCode.set(code, tally);
      const list = documentCodings?.[k] ?? [];
      // Events packed into one float each: position · 2^16 + coder · 2 + (1 for a start).
      // A numeric sort of a Float64Array needs no comparator.
      const events = new Float64Array(list.length * 2);
      list.forEach((coding, i) => {
        const c = coderIndex.get(coding.coderId) ?? 0;
        events[2 * i] = coding.start * 65536 + c * 2 + 1;
        events[2 * i + 1] = coding.end * 65536 + c * 2;
      });
      events.sort();
      const depth = new Int32Array(m);
      let present = 0;
      let position = 0;
      let accounted = 0;
      for (const event of events) {
        const at = Math.floor(event / 65536);
        const rest = event - at * 65536;
        const c = rest >> 1;
        if (at > position) {
          const pattern: PairPattern =
            twoCoders && m === 2 ? pairPattern((depth[0] ?? 0) > 0, (depth[1] ?? 0) > 0) : -1;
          tally.add({ present, coders: m, weight: at - position, pattern });
          accounted += at - position;
          position = at;
        }
        const before = depth[c] ?? 0;
        depth[c] = before + ((rest & 1) === 1 ? 1 : -1);
        if (before === 0 && (depth[c] ?? 0) > 0) present += 1;
        if (before > 0 && (depth[c] ?? 0) === 0) present -= 1;
      }
      tally.add({
        present: 0,
        coders: m,
        weight: length - accounted,
        pattern: twoCoders && m === 2 ? 3 : -1,
      });
    });
  }
  return {
    coders,
    characters,
    ...poolTallies(tallies, codes, twoCoders),
    skippedDocuments,
    caveat: CHARACTER_AGREEMENT_CAVEAT,
  };
}
