import type { CoderCoding } from '../coder-coding.ts';
import { codeFamily } from '@iwa/taxonomy';
import type { UnitizeOptions } from '../unitize.ts';
import { entryCodes, unitizeCompact } from '../unitize.ts';
import type { BootstrapInterval, BootstrapOptions } from './bootstrap.ts';
import { bootstrapUnits } from './bootstrap.ts';
import type { ChanceCorrectedSet } from './chance-corrected.ts';
import { chanceCorrectedFromRatings } from './chance-corrected.ts';
import { assignCoders } from './coders-by-document.ts';
import type { AlphaEstimate } from './krippendorff-alpha.ts';
import { alphaFromCoincidences, krippendorffAlpha } from './krippendorff-alpha.ts';
import type { PercentAgreement } from './percent-agreement.ts';
import { alphaFromCoincidenceMatrix } from './distance-alpha.ts';
import type { SetAlphaEstimate, SetDistance } from './set-alpha.ts';
import { jaccardDistance, masiDistance, setAlpha } from './set-alpha.ts';
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
    const compact = unitizeCompact(familyCodings, options);
    const codes = compact.codes;
    // Each coder's code set in a unit is interned (an id per distinct set, in order of first
    // appearance, as distanceAlpha numbers them) into a flat units × coders table of ids (-1:
    // missing): no row object per unit. Nested rows are built only for the bootstrap.
    const r = coders.length;
    const setIds = new Map<string | number, number>();
    const setValues: string[][] = [];
    let cells = new Int32Array(Math.max(16, 2 * r * familyCodings.length)).fill(-1);
    let units = 0;
    let singleCoderUnits = 0;
    let codedValues = 0;
    let multiCodedValues = 0;
    // Per document of the unitizer: its coders' indices among all coders and the unitizer's.
    const documentCoders = compact.documentIds.map((id) => {
      const list = documents.get(id) ?? [];
      return {
        study: Int32Array.from(list, (c) => coderIndex.get(c) ?? 0),
        unitizer: Int32Array.from(list, (c) => compact.coderIds.indexOf(c)),
      };
    });
    // The value of each of the unit's document coders: an entry index, or -1 for no segment.
    const entryOf = new Int32Array(r);
    for (let u = 0; u < compact.count; u++) {
      const { study, unitizer } = documentCoders[compact.document[u] ?? 0] ?? {
        study: new Int32Array(0),
        unitizer: new Int32Array(0),
      };
      const entryFrom = compact.entryStart[u] ?? 0;
      const entryTo = compact.entryStart[u + 1] ?? 0;
      // Entries and document coders are both in coder order (every coder with a segment is one of
      // the document's coders: assignCoders checks it), so one walk pairs them.
      let e = entryFrom;
      for (let g = 0; g < unitizer.length; g++) {
        if (e < entryTo && compact.entryCoder[e] === unitizer[g]) entryOf[g] = e++;
        else entryOf[g] = -1;
      }
      const withSegment = entryTo - entryFrom;
      if (withSegment < 2) singleCoderUnits += 1;
      if (spans === 'both-coded' && withSegment < 2) continue;
      // How the family's codes are used counts every value, the unit's pairable or not.
      for (let own = entryFrom; own < entryTo; own++) {
        const size = (compact.codeStart[own + 1] ?? 0) - (compact.codeStart[own] ?? 0);
        if (size > 0) codedValues += 1;
        if (size > 1) multiCodedValues += 1;
      }
      const values = spans === 'both-coded' ? withSegment : unitizer.length;
      if (values < 2) continue;
      if ((units + 1) * r > cells.length) {
        const grown = new Int32Array(2 * cells.length).fill(-1);
        grown.set(cells);
        cells = grown;
      }
      // Values in coder order (document coders and all coders are both sorted).
      for (let g = 0; g < unitizer.length; g++) {
        const own = entryOf[g] ?? -1;
        if (own < 0 && spans === 'both-coded') continue;
        // A set's key: -1 for no code, the code's id for one, the ids joined for several.
        const from = own < 0 ? 0 : (compact.codeStart[own] ?? 0);
        const to = own < 0 ? 0 : (compact.codeStart[own + 1] ?? 0);
        const key: string | number =
          to - from === 0
            ? -1
            : to - from === 1
              ? (compact.codeIds[from] ?? 0)
              : compact.codeIds.subarray(from, to).join(',');
        let id = setIds.get(key);
        if (id === undefined) {
          id = setValues.length;
          setIds.set(key, id);
          setValues.push(own < 0 ? [] : entryCodes(compact, own));
        }
        cells[units * r + (study[g] ?? 0)] = id;
      }
      units += 1;
    }
    const table = { cells: cells.subarray(0, units * r), coders: r };
    const use = { codedValues, multiCodedValues, alternatives: multiCodedValues === 0 };
    const coincidences = setCoincidences(table, setValues.length);
    const withDistance = (distance: SetDistance): SetAlphaEstimate | UndefinedValue => {
      const result = alphaFromCoincidenceMatrix(coincidences, {
        values: setValues,
        distance: distance === 'masi' ? masiDistance : jaccardDistance,
        pairableUnits: units,
      });
      return result.value === null ? result : { ...result, distance };
    };
    const masiAlpha = withDistance('masi');
    // The family as one nominal variable: a set's first code, or (none).
    const nominalOf = setValues.map((set) => set[0] ?? NO_CODE);
    const nominal = use.alternatives ? nominalMeasures(table, nominalOf) : null;
    const boot = options.bootstrap;
    const nominalRows = (): (string | null)[][] => rows(table, (id) => nominalOf[id] ?? NO_CODE);
    const setRows = (): (string[] | null)[][] => rows(table, (id) => [...(setValues[id] ?? [])]);
    byFamily[family] = {
      family,
      codes,
      units,
      singleCoderUnits,
      use,
      nominalAlpha: nominal?.alpha ?? notAlternatives(use),
      percent: nominal?.percent ?? notAlternatives(use),
      chance: nominal?.chance ?? {
        gwet: notAlternatives(use),
        brennanPrediger: notAlternatives(use),
        scottsPi: notAlternatives(use),
        conger: notAlternatives(use),
      },
      masiAlpha,
      jaccardAlpha: withDistance('jaccard'),
      nominalAlphaInterval:
        boot === undefined
          ? null
          : use.alternatives
            ? bootstrapNominal(nominalRows(), boot)
            : notAlternatives(use),
      masiAlphaInterval: boot === undefined ? null : bootstrapSets(setRows(), boot),
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

/** Units × coders of value ids, row-major; -1 where a coder has no value. */
interface IdTable {
  readonly cells: Int32Array;
  readonly coders: number;
}

/** The coincidence matrix of interned set values, as `alphaFromUnits` accumulates it. */
function setCoincidences(table: IdTable, k: number): Float64Array {
  const { cells, coders: r } = table;
  const coincidences = new Float64Array(k * k);
  for (let from = 0; from < cells.length; from += r) {
    let m = 0;
    for (let a = from; a < from + r; a++) if ((cells[a] ?? -1) >= 0) m += 1;
    for (let a = from; a < from + r; a++) {
      const c = cells[a] ?? -1;
      if (c < 0) continue;
      for (let b = from; b < from + r; b++) {
        const d = cells[b] ?? -1;
        if (a === b || d < 0) continue;
        const i = c * k + d;
        coincidences[i] = (coincidences[i] ?? 0) + 1 / (m - 1);
      }
    }
  }
  return coincidences;
}

/**
 * Nominal alpha, percent agreement and the chance-corrected coefficients of the family as one
 * nominal variable (`nominalOf[id]`: the value of set id), computed from the id table with the
 * same sums, in the same order, as {@link krippendorffAlpha}, {@link percentAgreement} and
 * {@link chanceCorrected} compute them from rows of values.
 */
function nominalMeasures(
  table: IdTable,
  nominalOf: readonly string[],
): {
  alpha: AlphaEstimate | UndefinedValue;
  percent: PercentAgreement | UndefinedValue;
  chance: ChanceCorrectedSet;
} {
  const { cells, coders: r } = table;
  const units = r === 0 ? 0 : cells.length / r;
  const categories = [...new Set(nominalOf)].sort();
  const k = categories.length;
  const index = new Map(categories.map((c, i) => [c, i]));
  const categoryOf = Int32Array.from(nominalOf, (v) => index.get(v) ?? 0);
  const rated = new Int32Array(cells.length).fill(-1);
  const coincidences = new Float64Array(k * k);
  const local = new Float64Array(k);
  const touched: number[] = [];
  let pairwise = 0;
  let allAgree = 0;
  for (let u = 0; u < units; u++) {
    let m = 0;
    for (let g = 0; g < r; g++) {
      const id = cells[u * r + g] ?? -1;
      if (id < 0) continue;
      const i = categoryOf[id] ?? 0;
      rated[u * r + g] = i;
      m += 1;
      if (local[i] === 0) touched.push(i);
      local[i] = (local[i] ?? 0) + 1;
    }
    let agreeing = 0;
    for (const c of touched) {
      const nc = local[c] ?? 0;
      agreeing += nc * (nc - 1);
      for (const d of touched) {
        const nd = local[d] ?? 0;
        const pairs = c === d ? nc * (nc - 1) : nc * nd;
        coincidences[c * k + d] = (coincidences[c * k + d] ?? 0) + pairs / (m - 1);
      }
    }
    pairwise += agreeing / (m * (m - 1));
    if (touched.length === 1) allAgree += 1;
    for (const c of touched) local[c] = 0;
    touched.length = 0;
  }
  return {
    alpha: alphaFromCoincidences(coincidences, {
      values: categories,
      level: 'nominal',
      pairableUnits: units,
    }),
    percent:
      units === 0
        ? undefinedValue('no unit was coded by two coders')
        : {
            value: pairwise / units,
            pairwise: pairwise / units,
            allAgree: allAgree / units,
            units,
          },
    chance: chanceCorrectedFromRatings(rated, {
      coders: r,
      categories,
      weights: 'identity',
      confidenceLevel: 0.95,
    }),
  };
}

/** The id table as rows of values (null where missing), for the bootstrap. */
function rows<T>(table: IdTable, value: (id: number) => T): (T | null)[][] {
  const { cells, coders: r } = table;
  const out: (T | null)[][] = [];
  for (let from = 0; from < cells.length; from += r) {
    const row: (T | null)[] = [];
    for (let g = 0; g < r; g++) {
      const id = cells[from + g] ?? -1;
      row.push(id < 0 ? null : value(id));
    }
    out.push(row);
  }
  return out;
}

function bootstrapNominal(
  nominal: (string | null)[][],
  boot: BootstrapOptions,
): BootstrapInterval | UndefinedValue {
  return bootstrapUnits(
    nominal.length,
    (counts) => krippendorffAlpha(repeatUnits(nominal, counts)).value,
    boot,
  );
}

function bootstrapSets(
  sets: (string[] | null)[][],
  boot: BootstrapOptions,
): BootstrapInterval | UndefinedValue {
  return bootstrapUnits(sets.length, (counts) => setAlpha(repeatUnits(sets, counts)).value, boot);
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
