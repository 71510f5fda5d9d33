import { alphaFromCoincidences } from './krippendorff-alpha.ts';
import type { AlphaEstimate } from './krippendorff-alpha.ts';
import type { KappaEstimate } from './cohens-kappa.ts';
import { cohensKappa } from './cohens-kappa.ts';
import type { FleissKappaEstimate } from './fleiss-kappa.ts';
import { fleissFromSums } from './fleiss-kappa.ts';
import type { PercentAgreement } from './percent-agreement.ts';
import type { UndefinedValue } from './undefined-value.ts';
import { undefinedValue } from './undefined-value.ts';

/**
 * Which of two coders applied a code to an item: index into the 2 × 2 table
 * `[both, first only, second only, neither]`, or -1 when the item is not coded by exactly the
 * study's two coders.
 */
export type PairPattern = -1 | 0 | 1 | 2 | 3;

/** Agreement on one code (or a pool of codes) over binary present/absent items. */
export interface AgreementSummary {
  /** Items: units × codes for unit agreement, characters × codes for character agreement. */
  readonly items: number;
  /** Items on which at least one coder applied the code. */
  readonly itemsCoded: number;
  /** Percent agreement on present/absent, pairwise and all-coders-agree. */
  readonly percentAgreement: PercentAgreement | UndefinedValue;
  /** Krippendorff's alpha, nominal, on present/absent. */
  readonly alpha: AlphaEstimate | UndefinedValue;
  /** Cohen's kappa on the present/absent 2 × 2 table; defined for exactly two coders. */
  readonly kappa: KappaEstimate | UndefinedValue;
  /** Fleiss' kappa on present/absent; defined when every item has the same number of coders. */
  readonly fleiss: FleissKappaEstimate | UndefinedValue;
  /** Gwet's AC1 on present/absent: robust when a code is rare (its chance agreement 2π(1 − π)). */
  readonly ac1: BinaryChanceCorrected | UndefinedValue;
  /** Brennan–Prediger (Bennett's S) on present/absent: chance agreement 1/2. */
  readonly brennanPrediger: BinaryChanceCorrected | UndefinedValue;
  /** Scott's π (Fleiss' κ generalised to missing values by Gwet) on present/absent. */
  readonly scottsPi: BinaryChanceCorrected | UndefinedValue;
  /** The 2 × 2 table `[[both, first only], [second only, neither]]` when there are two coders. */
  readonly table: readonly [readonly [number, number], readonly [number, number]] | null;
}

/** A chance-corrected coefficient on present/absent items: (p_a − p_e) / (1 − p_e). */
export interface BinaryChanceCorrected {
  readonly value: number;
  readonly observedAgreement: number;
  readonly expectedAgreement: number;
}

/** The values of a presence item, for alpha. */
const PRESENCE: readonly string[] = ['absent', 'present'];

function corrected(pa: number, pe: number): BinaryChanceCorrected | UndefinedValue {
  if (1 - pe <= 1e-15) {
    return undefinedValue(
      'no variation: the chance agreement is 1 (the code is always or never applied)',
    );
  }
  return { value: (pa - pe) / (1 - pe), observedAgreement: pa, expectedAgreement: pe };
}

/** Identical binary items added to a {@link BinaryTally} at once. */
export interface TallyItem {
  /** Coders who applied the code. */
  readonly present: number;
  /** Coders who coded the item. */
  readonly coders: number;
  /** How many such items. */
  readonly weight: number;
  readonly pattern: PairPattern;
}

/**
 * Additive sums of binary (present/absent) codings, from which every coefficient follows.
 * Items carry weights so that a run of identical items (uncoded units, characters) is added
 * at once. Tallies merge by adding, which is how per-code results pool into families,
 * documents and the whole study.
 */
export class BinaryTally {
  items = 0;
  itemsCoded = 0;
  /** Coincidences o_00, o_01, o_10, o_11 (0 = absent, 1 = present). */
  readonly coincidences = new Float64Array(4);
  /** Σ weight · share of agreeing coder pairs (Fleiss' P_i). */
  pairAgreement = 0;
  unanimous = 0;
  presentValues = 0;
  allValues = 0;
  /** Σ weight · present / coders: Gwet's π (share of present) times the items. */
  presentShare = 0;
  minCoders = Infinity;
  maxCoders = 0;
  readonly pairTable = new Float64Array(4);
  pairItems = 0;

  /** Adds `weight` items on which `present` of `coders` coders applied the code. */
  add(item: TallyItem): void {
    const { present, coders, weight, pattern } = item;
    if (coders < 2 || weight <= 0) return;
    const absent = coders - present;
    this.items += weight;
    if (present > 0) this.itemsCoded += weight;
    const agreeing = present * (present - 1) + absent * (absent - 1);
    this.pairAgreement += (weight * agreeing) / (coders * (coders - 1));
    if (present === 0 || absent === 0) this.unanimous += weight;
    const o = this.coincidences;
    o[0] = (o[0] ?? 0) + (weight * absent * (absent - 1)) / (coders - 1);
    const mixed = (weight * present * absent) / (coders - 1);
    o[1] = (o[1] ?? 0) + mixed;
    o[2] = (o[2] ?? 0) + mixed;
    o[3] = (o[3] ?? 0) + (weight * present * (present - 1)) / (coders - 1);
    this.presentValues += weight * present;
    this.allValues += weight * coders;
    this.presentShare += (weight * present) / coders;
    if (coders < this.minCoders) this.minCoders = coders;
    if (coders > this.maxCoders) this.maxCoders = coders;
    if (pattern >= 0) {
      this.pairTable[pattern] = (this.pairTable[pattern] ?? 0) + weight;
      this.pairItems += weight;
    }
  }

  /** Adds another tally's sums to this one. */
  merge(other: BinaryTally): this {
    this.items += other.items;
    this.itemsCoded += other.itemsCoded;
    const o = this.coincidences;
    const p = this.pairTable;
    for (let i = 0; i < 4; i++) {
      o[i] = (o[i] ?? 0) + (other.coincidences[i] ?? 0);
      p[i] = (p[i] ?? 0) + (other.pairTable[i] ?? 0);
    }
    this.pairAgreement += other.pairAgreement;
    this.unanimous += other.unanimous;
    this.presentValues += other.presentValues;
    this.allValues += other.allValues;
    this.presentShare += other.presentShare;
    this.minCoders = Math.min(this.minCoders, other.minCoders);
    this.maxCoders = Math.max(this.maxCoders, other.maxCoders);
    this.pairItems += other.pairItems;
    return this;
  }

  /** Empties the tally, so that one object can tally item after item without allocating. */
  reset(): this {
    this.items = 0;
    this.itemsCoded = 0;
    this.coincidences.fill(0);
    this.pairAgreement = 0;
    this.unanimous = 0;
    this.presentValues = 0;
    this.allValues = 0;
    this.presentShare = 0;
    this.minCoders = Infinity;
    this.maxCoders = 0;
    this.pairTable.fill(0);
    this.pairItems = 0;
    return this;
  }

  /** Every coefficient of the tally. `twoCoders` says whether the study has exactly two coders. */
  summary(twoCoders: boolean): AgreementSummary {
    const t = this.pairTable;
    const table =
      twoCoders && this.pairItems > 0
        ? ([
            [t[0] ?? 0, t[1] ?? 0],
            [t[2] ?? 0, t[3] ?? 0],
          ] as const)
        : null;
    const chance = this.chanceCorrected();
    return {
      items: this.items,
      itemsCoded: this.itemsCoded,
      percentAgreement:
        this.items > 0
          ? {
              value: this.pairAgreement / this.items,
              pairwise: this.pairAgreement / this.items,
              allAgree: this.unanimous / this.items,
              units: this.items,
            }
          : undefinedValue('no item was coded by two coders'),
      alpha: alphaFromCoincidences(this.coincidences, {
        values: PRESENCE,
        level: 'nominal',
        pairableUnits: this.items,
      }),
      kappa: !twoCoders
        ? undefinedValue("Cohen's kappa needs exactly two coders; read alpha or Fleiss' kappa")
        : table === null || this.pairItems !== this.items
          ? undefinedValue('not every item was coded by both coders')
          : cohensKappa(table),
      fleiss:
        this.items === 0
          ? undefinedValue('no item was coded by two coders')
          : this.minCoders !== this.maxCoders
            ? undefinedValue("Fleiss' kappa needs the same number of coders on every item")
            : fleissFromSums({
                subjects: this.items,
                raters: this.maxCoders,
                sumP: this.pairAgreement,
                categoryTotals: [this.allValues - this.presentValues, this.presentValues],
                total: this.allValues,
              }),
      // named rather than spread from an object made for the purpose (a summary is made per
      // document, code and family)
      ac1: chance.ac1,
      brennanPrediger: chance.brennanPrediger,
      scottsPi: chance.scottsPi,
      table,
    };
  }

  private chanceCorrected(): Pick<AgreementSummary, 'ac1' | 'brennanPrediger' | 'scottsPi'> {
    if (this.items === 0) {
      const none = undefinedValue('no item was coded by two coders');
      return { ac1: none, brennanPrediger: none, scottsPi: none };
    }
    const pa = this.pairAgreement / this.items;
    const pi = this.presentShare / this.items;
    return {
      ac1: corrected(pa, 2 * pi * (1 - pi)),
      brennanPrediger: corrected(pa, 0.5),
      scottsPi: corrected(pa, pi * pi + (1 - pi) * (1 - pi)),
    };
  }
}
