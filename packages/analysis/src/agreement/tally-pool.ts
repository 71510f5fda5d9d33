import { codeFamily } from '@iwa/taxonomy';
import type { AgreementSummary } from './binary-tally.ts';
import { BinaryTally } from './binary-tally.ts';

/** The pooled levels of an agreement report. */
export interface PooledTallies {
  readonly overall: AgreementSummary;
  readonly byCode: Readonly<Record<string, AgreementSummary>>;
  readonly byFamily: Readonly<Record<string, AgreementSummary>>;
  readonly byDocument: Readonly<Record<string, AgreementSummary>>;
}

/**
 * Pools per-(document, code) tallies into codes, families, documents and the whole study as
 * they are made, so that no tally is kept per (document, code): a caller tallies one document's
 * codes in scratch tallies, merges each with {@link mergeCode} and closes the document with
 * {@link endDocument}. Merging in document order, then code order, adds the same sums in the
 * same order as pooling a map of every (document, code) tally would.
 */
export class TallyPool {
  private readonly codes: readonly string[];
  private readonly byCode: BinaryTally[];
  private readonly familyOf: Int32Array;
  private readonly families: readonly string[];
  private readonly byFamily: BinaryTally[];
  private readonly byDocument = new Map<string, BinaryTally>();
  private readonly overall = new BinaryTally();
  private current: BinaryTally | undefined;

  constructor(codes: readonly string[]) {
    this.codes = codes;
    this.byCode = codes.map(() => new BinaryTally());
    const { families, familyOf } = familiesOf(codes);
    this.familyOf = familyOf;
    this.families = families;
    this.byFamily = families.map(() => new BinaryTally());
  }

  /** Opens a document: the codes merged next belong to it. */
  startDocument(documentId: string): void {
    this.current = new BinaryTally();
    this.byDocument.set(documentId, this.current);
  }

  /** Adds the tally of code `k` (index into the codes) in the open document. */
  mergeCode(k: number, tally: BinaryTally): void {
    this.byCode[k]?.merge(tally);
    this.byFamily[this.familyOf[k] ?? 0]?.merge(tally);
    this.current?.merge(tally);
  }

  /** Closes the open document. */
  endDocument(): void {
    if (this.current !== undefined) this.overall.merge(this.current);
    this.current = undefined;
  }

  /** Every level's summary. `twoCoders` says whether the study has exactly two coders. */
  summaries(twoCoders: boolean): PooledTallies {
    const byCode: Record<string, AgreementSummary> = {};
    this.codes.forEach(
      (code, k) => (byCode[code] = (this.byCode[k] as BinaryTally).summary(twoCoders)),
    );
    const byFamily: Record<string, AgreementSummary> = {};
    this.families.forEach(
      (family, f) => (byFamily[family] = (this.byFamily[f] as BinaryTally).summary(twoCoders)),
    );
    const byDocument: Record<string, AgreementSummary> = {};
    for (const [documentId, tally] of this.byDocument)
      byDocument[documentId] = tally.summary(twoCoders);
    return { overall: this.overall.summary(twoCoders), byCode, byFamily, byDocument };
  }
}

/** The families of `codes` in order of first appearance, and each code's index among them. */
function familiesOf(codes: readonly string[]): { families: string[]; familyOf: Int32Array } {
  const families: string[] = [];
  const familyOf = new Int32Array(codes.length);
  const familyIndex = new Map<string, number>();
  codes.forEach((code, k) => {
    const family = codeFamily(code);
    let f = familyIndex.get(family);
    if (f === undefined) {
      f = families.length;
      familyIndex.set(family, f);
      families.push(family);
    }
    familyOf[k] = f;
  });
  return { families, familyOf };
}

/**
 * The pair patterns a {@link PairCountPool} counts, as the present/absent items they stand for
 * (two coders each): both applied the code, the first only, the second only, neither.
 */
const PAIR_PRESENT = [2, 1, 1, 0] as const;

/**
 * {@link TallyPool} for a study in which every document assessed has two coders: items counted
 * by pattern (both, first only, second only, neither) per code and per document instead of
 * tallied one by one and merged per (document, code). With two coders per item every sum of a
 * {@link BinaryTally} is a whole or half number, so exact in any order: the tallies made from
 * the counts equal those {@link TallyPool} makes, to the bit.
 */
export class PairCountPool {
  private readonly codes: readonly string[];
  private readonly twoCoders: boolean;
  /** Items of code k by pattern at `k * 4 + pattern`. */
  private readonly byCode: Float64Array;
  private readonly familyOf: Int32Array;
  private readonly families: readonly string[];
  /**
   * The documents' items by pattern, at `d * 4 + pattern` for the d-th document added, their
   * tallies made only for the summaries (a tally per document kept until then is a few hundred
   * bytes for the garbage collector to move, thousands of times).
   */
  private readonly documentIds: string[] = [];
  private byDocument = new Float64Array(1024);
  private readonly scratch = new BinaryTally();

  /**
   * `twoCoders`: whether the study has two coders, whose patterns the 2 × 2 tables show;
   * with more, each document's two coders fill no table and only present/absent counts.
   */
  constructor(codes: readonly string[], twoCoders: boolean) {
    this.codes = codes;
    this.twoCoders = twoCoders;
    this.byCode = new Float64Array(codes.length * 4);
    const { families, familyOf } = familiesOf(codes);
    this.families = families;
    this.familyOf = familyOf;
  }

  /**
   * Adds a document of `units` units whose items of code k are counted by pattern in
   * `counts[k * 4 ..]` (neither left out: every unit not counted for a code), and empties
   * `counts` for the next document.
   */
  addDocument(documentId: string, counts: Float64Array, units: number): void {
    const d = this.documentIds.length;
    this.documentIds.push(documentId);
    if (this.byDocument.length < (d + 1) * 4) {
      const grown = new Float64Array(this.byDocument.length * 2);
      grown.set(this.byDocument);
      this.byDocument = grown;
    }
    const { byCode, byDocument } = this;
    for (let k = 0; k < this.codes.length; k++) {
      const at = k * 4;
      counts[at + 3] = units - (counts[at] ?? 0) - (counts[at + 1] ?? 0) - (counts[at + 2] ?? 0);
      for (let pattern = 0; pattern < 4; pattern++) {
        const items = counts[at + pattern] ?? 0;
        byCode[at + pattern] = (byCode[at + pattern] ?? 0) + items;
        byDocument[d * 4 + pattern] = (byDocument[d * 4 + pattern] ?? 0) + items;
        counts[at + pattern] = 0;
      }
    }
  }

  /** Every level's summary, as {@link TallyPool.summaries} gives them. */
  summaries(): PooledTallies {
    const k = this.codes.length;
    const byFamilyCounts = this.families.map(() => new Float64Array(4));
    const overall = new Float64Array(4);
    const byCode: Record<string, AgreementSummary> = {};
    for (let c = 0; c < k; c++) {
      const counts = this.byCode.subarray(c * 4, c * 4 + 4);
      const family = byFamilyCounts[this.familyOf[c] ?? 0] as Float64Array;
      for (let pattern = 0; pattern < 4; pattern++) {
        family[pattern] = (family[pattern] ?? 0) + (counts[pattern] ?? 0);
        overall[pattern] = (overall[pattern] ?? 0) + (counts[pattern] ?? 0);
      }
      byCode[this.codes[c] ?? ''] = this.tallyOf(counts).summary(this.twoCoders);
    }
    const byFamily: Record<string, AgreementSummary> = {};
    this.families.forEach(
      (family, f) =>
        (byFamily[family] = this.tallyOf(byFamilyCounts[f] as Float64Array).summary(
          this.twoCoders,
        )),
    );
    const byDocument: Record<string, AgreementSummary> = {};
    this.documentIds.forEach(
      (documentId, d) =>
        (byDocument[documentId] = this.tallyOf(
          this.byDocument.subarray(d * 4, d * 4 + 4),
        ).summary(this.twoCoders)),
    );
    return { overall: this.tallyOf(overall).summary(this.twoCoders), byCode, byFamily, byDocument };
  }

  /**
   * The tally of items counted by pattern: one weighted add per pattern, into one scratch
   * tally (a summary keeps no reference to its tally).
   */
  private tallyOf(counts: Float64Array): BinaryTally {
    const tally = this.scratch.reset();
    for (let pattern = 0; pattern < 4; pattern++) {
      tally.add({
        present: PAIR_PRESENT[pattern as 0 | 1 | 2 | 3],
        coders: 2,
        weight: counts[pattern] ?? 0,
        pattern: this.twoCoders ? (pattern as 0 | 1 | 2 | 3) : -1,
      });
    }
    return tally;
  }
}
