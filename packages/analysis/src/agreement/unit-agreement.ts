import type { CoderCoding } from '../coder-coding.ts';
import type { CodingColumns, CompactUnits, UnitizeOptions } from '../unitize.ts';
import { codingColumns, DocumentUnitizer, entryCodes, UnitBuffers } from '../unitize.ts';
import type { AgreementSummary, PairPattern, TallyItem } from './binary-tally.ts';
import { BinaryTally } from './binary-tally.ts';
import type { PooledTallies } from './tally-pool.ts';
import { PairCountPool, TallyPool } from './tally-pool.ts';
import { sortStrings } from '../sort-strings.ts';
import type { BootstrapOptions } from './bootstrap.ts';
import type { PresenceAlphaIntervals } from './presence-bootstrap.ts';
import { PresenceUnits } from './presence-bootstrap.ts';
import { pairPattern, resolveCoders } from './coders-by-document.ts';
import type { SpanSelection } from './family-agreement.ts';

/** Options of {@link unitAgreement}. */
export interface UnitAgreementOptions extends UnitizeOptions {
  /**
   * The coders of each document, including coders who coded nothing in it. Without it a
   * document's coders are those with at least one coding in it.
   */
  readonly codersByDocument?: Readonly<Record<string, readonly string[]>>;
  /** The codes to assess; default every code in the codings. */
  readonly codes?: readonly string[];
  /** Document texts, to quote the text of each disagreement (sliced by code points). */
  readonly texts?: Readonly<Record<string, string>>;
  /**
   * `all` (default): every unit, a span only one coder coded included (the document's other
   * coders applied nothing there); `both-coded`: only units with segments of two or more
   * coders, and in each only the coders with a segment there.
   */
  readonly spans?: SpanSelection;
  /**
   * Bootstrap intervals of the presence alpha (overall, per family, per code), resampling
   * units; none without it.
   */
  readonly bootstrap?: BootstrapOptions;
}

/** A unit on which the coders did not all agree. */
export interface Disagreement {
  readonly documentId: string;
  readonly start: number;
  readonly end: number;
  /** Each of the document's coders with the codes they applied in the unit (maybe none). */
  readonly codes: Readonly<Record<string, readonly string[]>>;
  /** The codes some but not all coders applied. */
  readonly disputed: readonly string[];
  /** The unit's text, when the document text was supplied. */
  readonly text?: string;
}

/** Agreement results at every level, plus what was left out. */
export interface AgreementReport {
  readonly coders: readonly string[];
  /** Pooled over every code and document. */
  readonly overall: AgreementSummary;
  readonly byCode: Readonly<Record<string, AgreementSummary>>;
  /** Pooled over the codes of each family (`form`, `purpose`, `lns`, `pillar`, `theme`, `flag`). */
  readonly byFamily: Readonly<Record<string, AgreementSummary>>;
  /** Pooled over every code within each document. */
  readonly byDocument: Readonly<Record<string, AgreementSummary>>;
  /** Documents with fewer than two coders, which cannot show agreement. */
  readonly skippedDocuments: readonly { readonly documentId: string; readonly reason: string }[];
}

/** {@link AgreementReport} for unitized codings, with the units and the disagreement list. */
export interface UnitAgreementReport extends AgreementReport {
  /** Units assessed (after the span selection). */
  readonly units: number;
  /** Units with segments of fewer than two coders (assessed under `all`, left out under `both-coded`). */
  readonly singleCoderUnits: number;
  readonly spans: SpanSelection;
  readonly disagreements: readonly Disagreement[];
  /** Bootstrap intervals of alpha when `bootstrap` was asked for, else null. */
  readonly alphaIntervals: PresenceAlphaIntervals | null;
}

/**
 * Inter-coder agreement on unitized codings. The codings are aligned into units by
 * {@link unitize}; then, for each code, each unit is one item on which each of the document's
 * coders either applied the code (present) or did not (absent), and percent agreement,
 * Krippendorff's alpha (nominal), Cohen's kappa (two coders) and Fleiss' kappa are computed over
 * those items. Families, documents and the whole study pool the items of their codes
 * (unit × code), so a code used rarely weighs as much per unit as a frequent one.
 *
 * Units where no coder applied a code count as agreement on that code (absent/absent). That is
 * the meaning of presence/absence coding, but it raises agreement for codes that are rare:
 * read `itemsCoded` beside the coefficients.
 */
export function unitAgreement(
  codings: readonly CoderCoding[],
  options: UnitAgreementOptions = {},
): UnitAgreementReport {
  // The codings are read once, for the coders of each document and for the unitizer.
  const columns = codingColumns(codings);
  const { coders, documents } = resolveCoders(codersFound(columns), options.codersByDocument);
  const unitizer = new DocumentUnitizer(codings, columns, options);
  // The unitizer's codes are every code in the codings, sorted.
  const codes = options.codes ? [...new Set(options.codes)] : columns.codes;
  const spans = options.spans ?? 'all';
  const tallies = new PresenceTallies(columns, {
    ...options,
    coders,
    codes,
    spans,
    // Two coders on every document assessed: items counted by pattern (PairCountPool).
    pairs: [...documents.values()].every((documentCoders) => documentCoders.length <= 2),
  });
  // One document's units at a time, in buffers reused document after document.
  const units = new UnitBuffers(columns, unitizer.longest);
  const unitizerDocument = new Map(columns.documentIds.map((id, d) => [id, d]));
  const skippedDocuments: { documentId: string; reason: string }[] = [];
  for (const [documentId, documentCoders] of documents) {
    const documentM = documentCoders.length;
    if (documentM < 2) {
      skippedDocuments.push({
        documentId,
        reason: `coded by ${documentM} coder${documentM === 1 ? '' : 's'}`,
      });
      continue;
    }
    units.clear();
    const d = unitizerDocument.get(documentId);
    if (d !== undefined) unitizer.unitize(d, units);
    tallies.addDocument(documentId, documentCoders, units);
  }
  return {
    coders,
    units: tallies.unitCount,
    singleCoderUnits: tallies.singleCoderUnits,
    spans,
    ...tallies.summaries(),
    disagreements: tallies.disagreements,
    skippedDocuments,
    alphaIntervals: tallies.alphaIntervals(codes, options.bootstrap),
  };
}

/** How {@link PresenceTallies} reads units: the options of the report, and whether `pairs`. */
interface PresenceOptions {
  /** The study's coders, sorted. */
  readonly coders: readonly string[];
  /** The codes assessed. */
  readonly codes: readonly string[];
  readonly spans: SpanSelection;
  readonly texts?: Readonly<Record<string, string>>;
  readonly bootstrap?: BootstrapOptions;
  /** Every document assessed has two coders: count items by pattern ({@link PairCountPool}). */
  readonly pairs: boolean;
}

/**
 * The presence items of each document's units, tallied and pooled, and the disagreements.
 * Each unit is one item per code: the codes applied in it are gathered from its entries, each
 * an item of `present` coders of m; every code not applied is an absent/absent item, added
 * for all the document's units at once. With two coders per document (`pairs`) the items are
 * only counted by pattern; else each is added to its code's tally in unit order, the tallies
 * merged per document (sums of thirds, sixths… depend on their order).
 */
class PresenceTallies {
  unitCount = 0;
  singleCoderUnits = 0;
  readonly disagreements: Disagreement[] = [];
  private readonly codes: readonly string[];
  /** The unitizer's code and coder ids mapped to the report's codes and the two coders' bits. */
  private readonly codeOf: Int32Array;
  private readonly bitOf: Int32Array;
  private readonly twoCoders: boolean;
  private readonly bothCoded: boolean;
  private readonly texts: Readonly<Record<string, string>> | undefined;
  private readonly bootUnits: PresenceUnits | undefined;
  private readonly pool: TallyPool | PairCountPool;
  // One unit's codes: present[k], coders who applied code k; who[k], bit 1 the first coder,
  // bit 2 the second; touched, the codes applied; disputed, those not applied by all.
  private readonly present: Int32Array;
  private readonly who: Int32Array;
  private readonly touched: Int32Array;
  private readonly disputed: Int32Array;
  /** `pairs`: the current document's items of code k by pattern at `k * 4 + pattern`. */
  private readonly pairCounts: Float64Array;
  /** Otherwise: scratch per code and per number of coders, reused for every document. */
  private readonly items: DocumentItems;
  /** The document being tallied, and how its disagreements are written (at the first). */
  private documentId = '';
  private documentCoders: readonly string[] = [];
  private quoting: DisagreementQuoting | undefined;

  constructor(columns: CodingColumns, options: PresenceOptions) {
    const { coders, codes } = options;
    const k = codes.length;
    const codeIndex = new Map(codes.map((code, c) => [code, c]));
    const [first, second] = coders;
    this.codes = codes;
    this.codeOf = Int32Array.from(columns.codes, (code) => codeIndex.get(code) ?? -1);
    this.bitOf = Int32Array.from(columns.coderIds, (coder) =>
      coder === first ? 1 : coder === second ? 2 : 0,
    );
    this.twoCoders = coders.length === 2;
    this.bothCoded = options.spans === 'both-coded';
    this.texts = options.texts;
    this.bootUnits = options.bootstrap === undefined ? undefined : new PresenceUnits();
    this.pool = options.pairs ? new PairCountPool(codes, this.twoCoders) : new TallyPool(codes);
    this.present = new Int32Array(k);
    this.who = new Int32Array(k);
    this.touched = new Int32Array(k);
    this.disputed = new Int32Array(k);
    this.pairCounts = new Float64Array(options.pairs ? k * 4 : 0);
    this.items = new DocumentItems(k, options.pairs ? 0 : coders.length);
  }

  /** Tallies the units of a document of two coders or more (`units` holds only its units). */
  addDocument(documentId: string, documentCoders: readonly string[], units: UnitBuffers): void {
    const documentM = documentCoders.length;
    const { bothCoded, bootUnits, pool, items } = this;
    const pairs = pool instanceof PairCountPool;
    if (!pairs) items.startDocument(documentM);
    this.documentId = documentId;
    this.documentCoders = documentCoders;
    this.quoting = undefined;
    let assessed = 0;
    for (let u = 0; u < units.count; u++) {
      // Every coder with a segment in the unit is one of the document's coders (resolveCoders
      // checks that each coding's coder is listed for its document).
      const withSegment = (units.entryStart[u + 1] ?? 0) - (units.entryStart[u] ?? 0);
      if (withSegment < 2) this.singleCoderUnits += 1;
      if (bothCoded && withSegment < 2) continue;
      const m = bothCoded ? withSegment : documentM;
      assessed += 1;
      bootUnits?.addUnit(m);
      if (!pairs) items.addUnit(m);
      const touchedCount = this.gather(units, u);
      const disputedCount = pairs ? this.countPairs(touchedCount) : this.addItems(touchedCount, m);
      if (disputedCount > 0) this.disagreements.push(this.disagreement(units, u, disputedCount));
    }
    this.unitCount += assessed;
    if (pool instanceof PairCountPool) pool.addDocument(documentId, this.pairCounts, assessed);
    else items.endDocument(documentId, pool, this.twoCoders);
  }

  /** Every level's summary. */
  summaries(): PooledTallies {
    const { pool } = this;
    return pool instanceof PairCountPool ? pool.summaries() : pool.summaries(this.twoCoders);
  }

  /** The bootstrap intervals of alpha when they were asked for, else null. */
  alphaIntervals(
    codes: readonly string[],
    bootstrap: BootstrapOptions | undefined,
  ): PresenceAlphaIntervals | null {
    return this.bootUnits === undefined || bootstrap === undefined
      ? null
      : this.bootUnits.intervals(codes, bootstrap);
  }

  /**
   * The codes applied in unit `u` (of the report's codes), into `touched` in order of first
   * appearance, with `present` and `who`. Returns how many.
   */
  private gather(units: UnitBuffers, u: number): number {
    const { codeOf, bitOf, present, who, touched } = this;
    const { entryStart, entryCoder, codeStart, codeIds } = units;
    let touchedCount = 0;
    for (let e = entryStart[u] ?? 0; e < (entryStart[u + 1] ?? 0); e++) {
      const bit = bitOf[entryCoder[e] ?? 0] ?? 0;
      for (let j = codeStart[e] ?? 0; j < (codeStart[e + 1] ?? 0); j++) {
        const c = codeOf[codeIds[j] ?? 0] ?? -1;
        if (c < 0) continue;
        if (present[c] === 0) touched[touchedCount++] = c;
        present[c] = (present[c] ?? 0) + 1;
        who[c] = (who[c] ?? 0) | bit;
      }
    }
    return touchedCount;
  }

  /**
   * Counts the gathered codes of a unit of two coders by pattern (`pairs`), into
   * `pairCounts`, and the disputed ones into `disputed`; clears `present` and `who`. Returns
   * how many are disputed.
   */
  private countPairs(touchedCount: number): number {
    const { present, who, touched, disputed, pairCounts, bootUnits, twoCoders } = this;
    let disputedCount = 0;
    for (let t = 0; t < touchedCount; t++) {
      const c = touched[t] ?? 0;
      const p = present[c] ?? 0;
      // both (0), first only (1), second only (2); with more coders in the study, one (1)
      const pattern = p === 2 ? 0 : twoCoders && who[c] === 2 ? 2 : 1;
      pairCounts[c * 4 + pattern] = (pairCounts[c * 4 + pattern] ?? 0) + 1;
      bootUnits?.addCode(c, p);
      if (p < 2) disputed[disputedCount++] = c;
      present[c] = 0;
      who[c] = 0;
    }
    return disputedCount;
  }

  /**
   * Adds the gathered codes of a unit of `m` coders to their codes' tallies, and the disputed
   * ones into `disputed`; clears `present` and `who`. Returns how many are disputed.
   */
  private addItems(touchedCount: number, m: number): number {
    const { present, who, touched, disputed, bootUnits, twoCoders, items } = this;
    let disputedCount = 0;
    for (let t = 0; t < touchedCount; t++) {
      const c = touched[t] ?? 0;
      const p = present[c] ?? 0;
      const bits = who[c] ?? 0;
      const pattern: PairPattern =
        twoCoders && m === 2 ? pairPattern((bits & 1) !== 0, (bits & 2) !== 0) : -1;
      items.add(c, p, pattern);
      bootUnits?.addCode(c, p);
      if (p < m) disputed[disputedCount++] = c;
      present[c] = 0;
      who[c] = 0;
    }
    return disputedCount;
  }

  /** The disagreement of unit `u` of the current document, whose disputed codes are in `disputed`. */
  private disagreement(units: UnitBuffers, u: number, disputedCount: number): Disagreement {
    const { documentId, documentCoders } = this;
    this.quoting ??= disagreementQuoting(units, documentCoders, this.texts?.[documentId]);
    const disputed = new Array<string>(disputedCount);
    for (let t = 0; t < disputedCount; t++) {
      disputed[t] = this.codes[this.disputed[t] ?? 0] ?? '';
    }
    return disagreementOf(units, u, {
      documentId,
      disputed: sortStrings(disputed),
      bothCoded: this.bothCoded,
      quoting: this.quoting,
    });
  }
}

/**
 * One document's items tallied one by one per code (documents of three coders or more): each
 * unit's items in unit order, then the absent/absent items of each code per number of coders.
 */
class DocumentItems {
  /** Scratch per code, reused for every document: no object per (document, code). */
  private readonly perCode: BinaryTally[];
  /** The most coders of a unit, plus one. */
  private readonly width: number;
  /** Items added per code and number of coders, at `k * width + m`. */
  private readonly itemsByCoders: Float64Array;
  /** Units per number of coders, and those numbers in order of first appearance. */
  private readonly unitsOfM: Float64Array;
  private readonly mOrder: Int32Array;
  private mCount = 0;
  /** The coders of the current unit. */
  private m = 0;
  /** One item, rewritten before each add: no object per (unit, code). */
  private readonly item: { -readonly [K in keyof TallyItem]: TallyItem[K] } = {
    present: 0,
    coders: 0,
    weight: 0,
    pattern: -1,
  };

  /** For `codes` codes and units of at most `coders` coders (none: left unused). */
  constructor(codes: number, coders: number) {
    this.width = coders + 1;
    this.perCode = Array.from({ length: coders === 0 ? 0 : codes }, () => new BinaryTally());
    this.itemsByCoders = new Float64Array(coders === 0 ? 0 : codes * this.width);
    this.unitsOfM = new Float64Array(this.width);
    this.mOrder = new Int32Array(this.width);
  }

  /** Starts a document of `documentM` coders. */
  startDocument(documentM: number): void {
    for (const tally of this.perCode) tally.reset();
    this.unitsOfM.fill(0, 0, documentM + 1);
    this.mCount = 0;
  }

  /** Adds the item of code `c` in the current unit, `present` of whose coders applied it. */
  add(c: number, present: number, pattern: PairPattern): void {
    const { item, width, itemsByCoders, m } = this;
    item.present = present;
    item.coders = m;
    item.weight = 1;
    item.pattern = pattern;
    (this.perCode[c] as BinaryTally).add(item);
    itemsByCoders[c * width + m] = (itemsByCoders[c * width + m] ?? 0) + 1;
  }

  /** Starts a unit of `m` coders (before its items are added). */
  addUnit(m: number): void {
    const { unitsOfM } = this;
    this.m = m;
    if (unitsOfM[m] === 0) this.mOrder[this.mCount++] = m;
    unitsOfM[m] = (unitsOfM[m] ?? 0) + 1;
  }

  /**
   * Adds every unit on which no coder applied a code as one absent/absent item for that
   * code, and merges the document's tallies into `pool`.
   */
  endDocument(documentId: string, pool: TallyPool, twoCoders: boolean): void {
    const { item, width, itemsByCoders, unitsOfM, mOrder } = this;
    pool.startDocument(documentId);
    for (let c = 0; c < this.perCode.length; c++) {
      const tally = this.perCode[c] as BinaryTally;
      for (let i = 0; i < this.mCount; i++) {
        const m = mOrder[i] ?? 0;
        item.present = 0;
        item.coders = m;
        item.weight = (unitsOfM[m] ?? 0) - (itemsByCoders[c * width + m] ?? 0);
        item.pattern = twoCoders && m === 2 ? 3 : -1;
        tally.add(item);
        itemsByCoders[c * width + m] = 0;
      }
      pool.mergeCode(c, tally);
    }
    pool.endDocument();
  }
}

/**
 * The coders with codings in each document, in order of first appearance, as `assignCoders`
 * finds them, from the columns rather than the codings.
 */
function codersFound(columns: CodingColumns): Map<string, string[]> {
  const { documentIds, coderIds, documentOf, coderOf } = columns;
  const coders = coderIds.length;
  const found = documentIds.map((): string[] => []);
  // Whether coder c has been seen in document d, at d * coders + c (in a set when the table
  // would be large).
  const pairs = documentIds.length * coders;
  const flags = pairs <= 2 ** 24 ? new Uint8Array(pairs) : undefined;
  const keys = new Set<number>();
  // Codings come grouped by document and coder more often than not: a repeat of the last pair
  // is skipped before the table.
  let lastD = -1;
  let lastC = -1;
  for (let i = 0; i < documentOf.length; i++) {
    const d = documentOf[i] ?? 0;
    const c = coderOf[i] ?? 0;
    if (d === lastD && c === lastC) continue;
    lastD = d;
    lastC = c;
    const key = d * coders + c;
    if (flags === undefined ? keys.has(key) : flags[key] === 1) continue;
    if (flags === undefined) keys.add(key);
    else flags[key] = 1;
    found[d]?.push(coderIds[c] ?? '');
  }
  return new Map(documentIds.map((id, d) => [id, found[d] ?? []]));
}

/** What a document's disagreements are written with: its coders and its text. */
interface DisagreementQuoting {
  readonly documentCoders: readonly string[];
  /** The unitizer's index of each document coder. */
  readonly unitizerCoder: Int32Array;
  /** The document text by code point, when it was supplied. */
  readonly characters: readonly string[] | undefined;
  /**
   * A record with every document coder as key, in order: a disagreement's record of every
   * coder is a copy of it with the values replaced, which V8 makes and fills faster than a
   * record whose keys are added one by one.
   */
  readonly everyCoder: Readonly<Record<string, readonly string[]>>;
}

/** {@link DisagreementQuoting} of a document, made at its first disagreement. */
function disagreementQuoting(
  units: CompactUnits,
  documentCoders: readonly string[],
  text: string | undefined,
): DisagreementQuoting {
  const unitizerCoder = new Int32Array(documentCoders.length);
  for (let g = 0; g < documentCoders.length; g++) {
    unitizerCoder[g] = units.coderIds.indexOf(documentCoders[g] ?? '');
  }
  const everyCoder: Record<string, readonly string[]> = {};
  for (const coder of documentCoders) defineOwn(everyCoder, coder, []);
  return {
    documentCoders,
    unitizerCoder,
    characters: text === undefined ? undefined : Array.from(text),
    everyCoder,
  };
}

/**
 * The disagreement of unit `u`: the codes of each of the document's coders (under
 * `both-coded`, of each coder with a segment in it) and the `disputed` codes, sorted.
 */
function disagreementOf(
  units: CompactUnits,
  u: number,
  unit: {
    readonly documentId: string;
    readonly disputed: string[];
    readonly bothCoded: boolean;
    readonly quoting: DisagreementQuoting;
  },
): Disagreement {
  const { documentId, disputed, bothCoded, quoting } = unit;
  const { documentCoders, unitizerCoder, characters, everyCoder } = quoting;
  // Entries and document coders are both in coder order, so one walk pairs them. Every coder
  // has a key unless `both-coded`: then only those with a segment, added one by one.
  const codes: Record<string, readonly string[]> = bothCoded ? {} : { ...everyCoder };
  let e = units.entryStart[u] ?? 0;
  const entryTo = units.entryStart[u + 1] ?? 0;
  for (let g = 0; g < documentCoders.length; g++) {
    const coder = documentCoders[g] ?? '';
    if (e < entryTo && units.entryCoder[e] === unitizerCoder[g]) {
      defineOwn(codes, coder, entryCodes(units, e));
      e += 1;
    } else if (!bothCoded) {
      defineOwn(codes, coder, []);
    }
  }
  const start = units.start[u] ?? 0;
  const end = units.end[u] ?? 0;
  return characters === undefined
    ? { documentId, start, end, codes, disputed }
    : {
        documentId,
        start,
        end,
        codes,
        disputed,
        text: characters.slice(start, end).join(''),
      };
}

/** `record[key] = value` as an own property, also for the key `__proto__`. */
function defineOwn(
  record: Record<string, readonly string[]>,
  key: string,
  value: readonly string[],
): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    record[key] = value;
  }
}
