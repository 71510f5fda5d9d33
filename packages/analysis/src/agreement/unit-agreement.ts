import type { CoderCoding } from '../coder-coding.ts';
import { codeFamily } from '../coded-unit.ts';
import type { UnitizeOptions } from '../unitize.ts';
import { unitize } from '../unitize.ts';
import type { AgreementSummary, PairPattern } from './binary-tally.ts';
import { BinaryTally } from './binary-tally.ts';
import { assignCoders, pairPattern } from './coders-by-document.ts';
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
}

/** Per-(document, code) tallies pooled into the levels of an {@link AgreementReport}. */
export function poolTallies(
  tallies: ReadonlyMap<string, ReadonlyMap<string, BinaryTally>>,
  codes: readonly string[],
  twoCoders: boolean,
): Pick<AgreementReport, 'overall' | 'byCode' | 'byFamily' | 'byDocument'> {
  const overall = new BinaryTally();
  const byCode = new Map(codes.map((code) => [code, new BinaryTally()]));
  const byFamily = new Map<string, BinaryTally>();
  for (const code of codes) byFamily.set(codeFamily(code), new BinaryTally());
  const byDocument = new Map<string, BinaryTally>();
  for (const [documentId, perCode] of tallies) {
    const documentTally = new BinaryTally();
    for (const [code, tally] of perCode) {
      byCode.get(code)?.merge(tally);
      byFamily.get(codeFamily(code))?.merge(tally);
      documentTally.merge(tally);
    }
    overall.merge(documentTally);
    byDocument.set(documentId, documentTally);
  }
  const summarise = (map: Map<string, BinaryTally>): Record<string, AgreementSummary> =>
    Object.fromEntries([...map].map(([key, tally]) => [key, tally.summary(twoCoders)]));
  return {
    overall: overall.summary(twoCoders),
    byCode: summarise(byCode),
    byFamily: summarise(byFamily),
    byDocument: summarise(byDocument),
  };
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
  const { coders, documents } = assignCoders(codings, options.codersByDocument);
  const codes = options.codes
    ? [...options.codes]
    : [...new Set(codings.map((c) => c.code))].sort();
  const codeSet = new Set(codes);
  const twoCoders = coders.length === 2;
  const [first, second] = coders;
  const units = unitize(codings, options);
  const unitsByDocument = new Map<string, typeof units>();
  for (const unit of units) {
    const list = unitsByDocument.get(unit.documentId) ?? [];
    list.push(unit);
    unitsByDocument.set(unit.documentId, list);
  }

  const tallies = new Map<string, Map<string, BinaryTally>>();
  const skippedDocuments: { documentId: string; reason: string }[] = [];
  const disagreements: Disagreement[] = [];
  let unitCount = 0;
  let singleCoderUnits = 0;
  const spans = options.spans ?? 'all';
  for (const [documentId, documentCoders] of documents) {
    const m = documentCoders.length;
    if (m < 2) {
      skippedDocuments.push({ documentId, reason: `coded by ${m} coder${m === 1 ? '' : 's'}` });
      continue;
    }
    const perCode = new Map(codes.map((code) => [code, new BinaryTally()]));
    tallies.set(documentId, perCode);
    const documentUnits = unitsByDocument.get(documentId) ?? [];
    // Units per number of coders, and items added per code and number of coders, so that the
    // absent/absent items can be added at once at the end.
    const unitsByCoders = new Map<number, number>();
    const itemsByCoders = new Map(codes.map((code) => [code, new Map<number, number>()]));
    let characters: string[] | undefined;
    for (const unit of documentUnits) {
      const withSegment = documentCoders.filter((c) => unit.codes[c] !== undefined);
      if (withSegment.length < 2) singleCoderUnits += 1;
      if (spans === 'both-coded' && withSegment.length < 2) continue;
      const unitCoders = spans === 'both-coded' ? withSegment : documentCoders;
      const m = unitCoders.length;
      unitCount += 1;
      unitsByCoders.set(m, (unitsByCoders.get(m) ?? 0) + 1);
      const present = new Map<string, string[]>();
      for (const coder of unitCoders) {
        for (const code of unit.codes[coder] ?? []) {
          if (!codeSet.has(code)) continue;
          const list = present.get(code) ?? [];
          list.push(coder);
          present.set(code, list);
        }
      }
      const disputed: string[] = [];
      for (const [code, who] of present) {
        const pattern: PairPattern =
          twoCoders && m === 2
            ? pairPattern(who.includes(first ?? ''), who.includes(second ?? ''))
            : -1;
        perCode.get(code)?.add({ present: who.length, coders: m, weight: 1, pattern });
        const added = itemsByCoders.get(code);
        added?.set(m, (added.get(m) ?? 0) + 1);
        if (who.length < m) disputed.push(code);
      }
      if (disputed.length === 0) continue;
      const text = options.texts?.[documentId];
      if (text !== undefined) characters ??= Array.from(text);
      disagreements.push({
        documentId,
        start: unit.start,
        end: unit.end,
        codes: Object.fromEntries(unitCoders.map((coder) => [coder, unit.codes[coder] ?? []])),
        disputed: disputed.sort(),
        ...(characters === undefined
          ? {}
          : { text: characters.slice(unit.start, unit.end).join('') }),
      });
    }
    // Every unit on which no coder applied a code is one absent/absent item for that code.
    for (const [code, tally] of perCode) {
      for (const [m, units] of unitsByCoders) {
        tally.add({
          present: 0,
          coders: m,
          weight: units - (itemsByCoders.get(code)?.get(m) ?? 0),
          pattern: twoCoders && m === 2 ? 3 : -1,
        });
      }
    }
  }
  return {
    coders,
    units: unitCount,
    singleCoderUnits,
    spans,
    ...poolTallies(tallies, codes, twoCoders),
    disagreements,
    skippedDocuments,
  };
}
