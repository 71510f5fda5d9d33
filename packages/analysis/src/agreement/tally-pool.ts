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
  private readonly families: string[] = [];
  private readonly byFamily: BinaryTally[] = [];
  private readonly byDocument = new Map<string, BinaryTally>();
  private readonly overall = new BinaryTally();
  private current: BinaryTally | undefined;

  constructor(codes: readonly string[]) {
    this.codes = codes;
    this.byCode = codes.map(() => new BinaryTally());
    this.familyOf = new Int32Array(codes.length);
    const familyIndex = new Map<string, number>();
    codes.forEach((code, k) => {
      const family = codeFamily(code);
      let f = familyIndex.get(family);
      if (f === undefined) {
        f = this.families.length;
        familyIndex.set(family, f);
        this.families.push(family);
        this.byFamily.push(new BinaryTally());
      }
      this.familyOf[k] = f;
    });
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
