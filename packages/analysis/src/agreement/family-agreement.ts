import type { CoderCoding } from '../coder-coding.ts';
import { codeFamily } from '../coded-unit.ts';
import type { UnitizeOptions } from '../unitize.ts';
import { unitize } from '../unitize.ts';
import type { BootstrapInterval, BootstrapOptions } from './bootstrap.ts';
import { bootstrapUnits } from './bootstrap.ts';
import type { ChanceCorrectedSet } from './chance-corrected.ts';
import { chanceCorrected } from './chance-corrected.ts';
import { assignCoders } from './coders-by-document.ts';
import type { AlphaEstimate } from './krippendorff-alpha.ts';
import { krippendorffAlpha } from './krippendorff-alpha.ts';
import type { PercentAgreement } from './percent-agreement.ts';
import { percentAgreement } from './percent-agreement.ts';
import type { SetAlphaEstimate } from './set-alpha.ts';
import { setAlpha } from './set-alpha.ts';
import type { UndefinedValue } from './undefined-value.ts';
import { undefinedValue } from './undefined-value.ts';
import type { UnitizingAlphaReport } from './unitizing-alpha.ts';
import { unitizingAlpha } from './unitizing-alpha.ts';

/**
 * Which units count: `all` units, including spans only one coder coded (the other coders of
 * the document count as having coded nothing there), or only units `both-coded` by two or more
 * coders (coders without a segment in a unit are missing there).
 */
export type SpanSelection = 'all' | 'both-coded';

/** The value of a family for a coder who applied none of its codes in a unit. */
export const NO_CODE = '(none)';

/** Options of {@link familyAgreement}. */
export interface FamilyAgreementOptions extends UnitizeOptions {
  readonly codersByDocument?: Readonly<Record<string, readonly string[]>>;
  /** Default `all`. */
  readonly spans?: SpanSelection;
  /** Each document's length in code points, for the unitizing alphas; without it they are left out. */
  readonly documentLengths?: Readonly<Record<string, number>>;
  /** Bootstrap intervals for the nominal and the MASI alpha; none without it. */
  readonly bootstrap?: BootstrapOptions;
}

/** How a family's codes are used: as alternatives (one per passage) or not. */
export interface FamilyUse {
  /** Values (unit × coder) that carry at least one code of the family. */
  readonly codedValues: number;
  /** Of those, values with two or more codes of the family. */
  readonly multiCodedValues: number;
  readonly alternatives: boolean;
}

/** Agreement on one code family as one variable. */
export interface FamilyAgreement {
  readonly family: string;
  readonly codes: readonly string[];
  /** Units formed from the family's codings (after the span selection). */
  readonly units: number;
  /** Units only one coder coded (counted in `all`, left out in `both-coded`). */
  readonly singleCoderUnits: number;
  readonly use: FamilyUse;
  /** Nominal alpha over the family's codes (plus `(none)`); undefined unless used as alternatives. */
  readonly nominalAlpha: AlphaEstimate | UndefinedValue;
  readonly percent: PercentAgreement | UndefinedValue;
  /** Gwet's AC1, Brennan–Prediger, Scott's π, Conger's κ on the same nominal data. */
  readonly chance: ChanceCorrectedSet;
  /** Set-valued alpha on the code sets, MASI and Jaccard distances: defined either way. */
  readonly masiAlpha: SetAlphaEstimate | UndefinedValue;
  readonly jaccardAlpha: SetAlphaEstimate | UndefinedValue;
  readonly nominalAlphaInterval: BootstrapInterval | UndefinedValue | null;
  readonly masiAlphaInterval: BootstrapInterval | UndefinedValue | null;
  /** uα, |uα, cuα over the family's spans; null without document lengths. */
  readonly unitizing: UnitizingAlphaReport | null;
}

/** {@link familyAgreement}'s result. */
export interface FamilyAgreementReport {
  readonly coders: readonly string[];
  readonly spans: SpanSelection;
  readonly byFamily: Readonly<Record<string, FamilyAgreement>>;
}

const notAlternatives = (use: FamilyUse): UndefinedValue =>
  undefinedValue(
    `the family's codes are not used as alternatives: ${use.multiCodedValues} of ${use.codedValues} coded values carry two or more of its codes; read the code-set (MASI) alpha`,
  );

/**
 * Agreement on code families as variables. For each family, its codings are aligned into units
 * ({@link unitize}); each coder's value in a unit is the set of the family's codes they applied
 * there (`[]` when they coded the document but not this span; missing under `both-coded`).
 * When no value carries two codes of the family, the family is a nominal variable (`(none)`
 * standing for no code) and gets nominal alpha, percent agreement and the chance-corrected
 * coefficients; otherwise those say why not, and the set-valued alphas (MASI, Jaccard) answer.
 */
export function familyAgreement(
  codings: readonly CoderCoding[],
  options: FamilyAgreementOptions = {},
): FamilyAgreementReport {
  const spans = options.spans ?? 'all';
  const { coders, documents } = assignCoders(codings, options.codersByDocument);
  const byFamilyCodings = new Map<string, CoderCoding[]>();
  for (const c of codings) {
    const f = codeFamily(c.code);
    const list = byFamilyCodings.get(f);
    if (list === undefined) byFamilyCodings.set(f, [c]);
    else list.push(c);
  }
  const coderIndex = new Map(coders.map((c, i) => [c, i]));
  const byFamily: Record<string, FamilyAgreement> = {};
  for (const family of [...byFamilyCodings.keys()].sort()) {
    const familyCodings = byFamilyCodings.get(family) ?? [];
    const codes = [...new Set(familyCodings.map((c) => c.code))].sort();
    const sets: (string[] | null)[][] = [];
    let singleCoderUnits = 0;
    let codedValues = 0;
    let multiCodedValues = 0;
    for (const unit of unitize(familyCodings, options)) {
      const documentCoders = documents.get(unit.documentId) ?? [];
      const withSegment = Object.keys(unit.codes).length;
      if (withSegment < 2) singleCoderUnits += 1;
      if (spans === 'both-coded' && withSegment < 2) continue;
      const row: (string[] | null)[] = coders.map(() => null);
      for (const coder of documentCoders) {
        const own = unit.codes[coder];
        if (own === undefined && spans === 'both-coded') continue;
        const value = [...(own ?? [])];
        if (value.length > 0) codedValues += 1;
        if (value.length > 1) multiCodedValues += 1;
        row[coderIndex.get(coder) ?? 0] = value;
      }
      if (row.filter((v) => v !== null).length < 2) continue;
      sets.push(row);
    }
    const use = { codedValues, multiCodedValues, alternatives: multiCodedValues === 0 };
    const nominal = sets.map((row) => row.map((v) => (v === null ? null : (v[0] ?? NO_CODE))));
    const boot = options.bootstrap;
    const masiAlpha = setAlpha(sets, { distance: 'masi' });
    byFamily[family] = {
      family,
      codes,
      units: sets.length,
      singleCoderUnits,
      use,
      nominalAlpha: use.alternatives ? krippendorffAlpha(nominal) : notAlternatives(use),
      percent: use.alternatives ? percentAgreement(nominal) : notAlternatives(use),
      chance: use.alternatives
        ? chanceCorrected(nominal)
        : {
            gwet: notAlternatives(use),
            brennanPrediger: notAlternatives(use),
            scottsPi: notAlternatives(use),
            conger: notAlternatives(use),
          },
      masiAlpha,
      jaccardAlpha: setAlpha(sets, { distance: 'jaccard' }),
      nominalAlphaInterval:
        boot === undefined
          ? null
          : use.alternatives
            ? bootstrapUnits(
                nominal.length,
                (counts) => krippendorffAlpha(repeatUnits(nominal, counts)).value,
                boot,
              )
            : notAlternatives(use),
      masiAlphaInterval:
        boot === undefined
          ? null
          : bootstrapUnits(
              sets.length,
              (counts) => setAlpha(repeatUnits(sets, counts)).value,
              boot,
            ),
      unitizing:
        options.documentLengths === undefined
          ? null
          : unitizingAlpha(familyCodings, {
              documentLengths: options.documentLengths,
              ...(options.codersByDocument ? { codersByDocument: options.codersByDocument } : {}),
            }),
    };
  }
  return { coders, spans, byFamily };
}

/** The units repeated by their bootstrap multiplicities. */
export function repeatUnits<T>(units: readonly T[], counts: Int32Array): T[] {
  const out: T[] = [];
  counts.forEach((c, u) => {
    const unit = units[u];
    if (unit === undefined) return;
    for (let i = 0; i < c; i++) out.push(unit);
  });
  return out;
}
