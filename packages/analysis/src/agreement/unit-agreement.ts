import type { CoderCoding } from '../coder-coding.ts';
import { codeFamily } from '../coded-unit.ts';
import type { UnitizeOptions } from '../unitize.ts';
import { unitize } from '../unitize.ts';
import type { AgreementSummary, PairPattern } from './binary-tally.ts';
import { BinaryTally } from './binary-tally.ts';
import { assignCoders, pairPattern } from './coders-by-document.ts';

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
  readonly units: number;
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
  for (const [documentId, documentCoders] of documents) {
    const m = documentCoders.length;
    if (m < 2) {
      skippedDocuments.push({ documentId, reason: `coded by ${m} coder${m === 1 ? '' : 's'}` });
      continue;
    }
    const perCode = new Map(codes.map((code) => [code, new BinaryTally()]));
    tallies.set(documentId, perCode);
    const documentUnits = unitsByDocument.get(documentId) ?? [];
    unitCount += documentUnits.length;
    let characters: string[] | undefined;
    for (const unit of documentUnits) {
      const present = new Map<string, string[]>();
      for (const coder of documentCoders) {
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
        if (who.length < m) disputed.push(code);
      }
      if (disputed.length === 0) continue;
      const text = options.texts?.[documentId];
      if (text !== undefined) characters ??= Array.from(text);
      disagreements.push({
        documentId,
        start: unit.start,
        end: unit.end,
        codes: Object.fromEntries(documentCoders.map((coder) => [coder, unit.codes[coder] ?? []])),
        disputed: disputed.sort(),
        ...(characters === undefined
          ? {}
          : { text: characters.slice(unit.start, unit.end).join('') }),
      });
    }
    // Every unit on which no coder applied a code is one absent/absent item for that code.
    for (const tally of perCode.values()) {
      tally.add({
        present: 0,
        coders: m,
        weight: documentUnits.length - tally.items,
        pattern: twoCoders && m === 2 ? 3 : -1,
      });
    }
  }
  return {
    coders,
    units: unitCount,
    ...poolTallies(tallies, codes, twoCoders),
    disagreements,
    skippedDocuments,
  };
}
