import type { CoderCoding } from '../coder-coding.ts';
import type { CodingColumns, CompactUnits, UnitizeOptions } from '../unitize.ts';
import { codingColumns, entryCodes, unitizeColumns } from '../unitize.ts';
import type { AgreementSummary, PairPattern, TallyItem } from './binary-tally.ts';
import { BinaryTally } from './binary-tally.ts';
import { TallyPool } from './tally-pool.ts';
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
  const units = unitizeColumns(codings, columns, options);
  // The unitizer's codes are every code in the codings, sorted.
  const codes = options.codes ? [...new Set(options.codes)] : units.codes;
  const codeIndex = new Map(codes.map((code, k) => [code, k]));
  const k = codes.length;
  const twoCoders = coders.length === 2;
  const [first, second] = coders;
  // A document's units are consecutive: those of the unitizer's document d are
  // `unitFrom[d] .. unitFrom[d + 1]`.
  const unitizerDocument = new Map(units.documentIds.map((id, d) => [id, d]));
  const unitFrom = new Int32Array(units.documentIds.length + 1);
  for (let u = 0; u < units.count; u++) {
    const d = units.document[u] ?? 0;
    unitFrom[d + 1] = (unitFrom[d + 1] ?? 0) + 1;
  }
  for (let d = 0; d < units.documentIds.length; d++) {
    unitFrom[d + 1] = (unitFrom[d + 1] ?? 0) + (unitFrom[d] ?? 0);
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
  const disputedCodes = new Int32Array(k);
  // Items added per code and number of coders, so that the absent/absent items of each code
  // can be added at once at the end of a document.
  const itemsByCoders = new Float64Array(k * width);
  const unitsOfM = new Float64Array(width);
  const mOrder = new Int32Array(width);
  // One item, rewritten before each add: no object per (unit, code).
  const item: { -readonly [K in keyof TallyItem]: TallyItem[K] } = {
    present: 0,
    coders: 0,
    weight: 0,
    pattern: -1,
  };
  const skippedDocuments: { documentId: string; reason: string }[] = [];
  const disagreements: Disagreement[] = [];
  let unitCount = 0;
  let singleCoderUnits = 0;
  const spans = options.spans ?? 'all';
  const bothCoded = spans === 'both-coded';
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
    const d = unitizerDocument.get(documentId);
    const from = d === undefined ? 0 : (unitFrom[d] ?? 0);
    const to = d === undefined ? 0 : (unitFrom[d + 1] ?? 0);
    // Units per number of coders, in order of first appearance (the order the absent/absent
    // items are added in).
    // (m: a unit's number of coders, at most the document's coders)
    unitsOfM.fill(0, 0, documentM + 1);
    let mCount = 0;
    let quoting: DisagreementQuoting | undefined;
    for (let u = from; u < to; u++) {
      // Every coder with a segment in the unit is one of the document's coders (assignCoders
      // checks that each coding's coder is listed for its document).
      const entryFrom = units.entryStart[u] ?? 0;
      const entryTo = units.entryStart[u + 1] ?? 0;
      const withSegment = entryTo - entryFrom;
      if (withSegment < 2) singleCoderUnits += 1;
      if (bothCoded && withSegment < 2) continue;
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
      let disputedCount = 0;
      for (let t = 0; t < touchedCount; t++) {
        const c = touched[t] ?? 0;
        const p = present[c] ?? 0;
        const bits = who[c] ?? 0;
        const pattern: PairPattern =
          twoCoders && m === 2 ? pairPattern((bits & 1) !== 0, (bits & 2) !== 0) : -1;
        item.present = p;
        item.coders = m;
        item.weight = 1;
        item.pattern = pattern;
        (perCode[c] as BinaryTally).add(item);
        bootUnits?.addCode(c, p);
        itemsByCoders[c * width + m] = (itemsByCoders[c * width + m] ?? 0) + 1;
        if (p < m) disputedCodes[disputedCount++] = c;
        present[c] = 0;
        who[c] = 0;
      }
      if (disputedCount === 0) continue;
      const disputed = new Array<string>(disputedCount);
      for (let t = 0; t < disputedCount; t++) disputed[t] = codes[disputedCodes[t] ?? 0] ?? '';
      quoting ??= disagreementQuoting(units, documentCoders, options.texts?.[documentId]);
      disagreements.push(
        disagreementOf(units, u, {
          documentId,
          disputed: sortStrings(disputed),
          bothCoded,
          quoting,
        }),
      );
    }
    // Every unit on which no coder applied a code is one absent/absent item for that code.
    pool.startDocument(documentId);
    for (let c = 0; c < k; c++) {
      const tally = perCode[c] as BinaryTally;
      for (let i = 0; i < mCount; i++) {
        const m = mOrder[i] ?? 0;
        const mUnits = unitsOfM[m] ?? 0;
        item.present = 0;
        item.coders = m;
        item.weight = mUnits - (itemsByCoders[c * width + m] ?? 0);
        item.pattern = twoCoders && m === 2 ? 3 : -1;
        tally.add(item);
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
  for (let i = 0; i < documentOf.length; i++) {
    const d = documentOf[i] ?? 0;
    const c = coderOf[i] ?? 0;
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
  return {
    documentCoders,
    unitizerCoder,
    characters: text === undefined ? undefined : Array.from(text),
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
  const { documentCoders, unitizerCoder, characters } = quoting;
  // Entries and document coders are both in coder order, so one walk pairs them.
  const codes: Record<string, readonly string[]> = {};
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
