import { codeFamily } from '@iwa/taxonomy';
import type { BootstrapInterval, BootstrapOptions } from './bootstrap.ts';
import { bootstrapUnits } from './bootstrap.ts';
import { alphaFromCoincidences } from './krippendorff-alpha.ts';
import type { UndefinedValue } from './undefined-value.ts';

/** Bootstrap intervals of the presence alpha at each level of an agreement report. */
export interface PresenceAlphaIntervals {
  readonly overall: BootstrapInterval | UndefinedValue;
  readonly byFamily: Readonly<Record<string, BootstrapInterval | UndefinedValue>>;
  readonly byCode: Readonly<Record<string, BootstrapInterval | UndefinedValue>>;
}

/**
 * The assessed units of a unit agreement, as the bootstrap needs them: each unit's number of
 * coders and, for each code some coder applied there, how many applied it.
 */
export class PresenceUnits {
  private readonly coders: number[] = [];
  private readonly from: number[] = [0];
  private readonly code: number[] = [];
  private readonly present: number[] = [];

  /** Adds a unit with `m` coders; then {@link addCode} for each code applied in it. */
  addUnit(m: number): void {
    this.coders.push(m);
    this.from.push(this.code.length);
  }

  /** `present` coders of the last unit applied code `k`. */
  addCode(k: number, present: number): void {
    this.code.push(k);
    this.present.push(present);
    this.from[this.from.length - 1] = this.code.length;
  }

  /**
   * Percentile intervals of nominal alpha on present/absent for the whole study, each family
   * and each code, resampling whole units (all of a unit's codes and coders together): a unit ×
   * code item is not independent of the unit's other codes. Each level's resamples are the same
   * draws (one seed). The interval's `value` is the report's alpha.
   */
  intervals(codes: readonly string[], options: BootstrapOptions): PresenceAlphaIntervals {
    const n = this.coders.length;
    const o00 = new Float64Array(n);
    const o01 = new Float64Array(n);
    const o11 = new Float64Array(n);
    const interval = (inRow: (k: number) => boolean, size: number) => {
      // Each unit's coincidences over the row's codes: every code absent for all m coders
      // (m pairs each), corrected for the codes applied in the unit.
      for (let u = 0; u < n; u++) {
        const m = this.coders[u] ?? 0;
        let a00 = size * m;
        let a01 = 0;
        let a11 = 0;
        for (let e = this.from[u] ?? 0; e < (this.from[u + 1] ?? 0); e++) {
          if (!inRow(this.code[e] ?? 0)) continue;
          const p = this.present[e] ?? 0;
          const a = m - p;
          a00 += (a * (a - 1)) / (m - 1) - m;
          a01 += (p * a) / (m - 1);
          a11 += (p * (p - 1)) / (m - 1);
        }
        o00[u] = a00;
        o01[u] = a01;
        o11[u] = a11;
      }
      const coincidences = new Float64Array(4);
      return bootstrapUnits(
        n,
        (counts) => {
          let s00 = 0;
          let s01 = 0;
          let s11 = 0;
          for (let u = 0; u < n; u++) {
            const c = counts[u] ?? 0;
            if (c === 0) continue;
            s00 += c * (o00[u] ?? 0);
            s01 += c * (o01[u] ?? 0);
            s11 += c * (o11[u] ?? 0);
          }
          coincidences[0] = s00;
          coincidences[1] = s01;
          coincidences[2] = s01;
          coincidences[3] = s11;
          return alphaFromCoincidences(coincidences, {
            values: ['absent', 'present'],
            level: 'nominal',
            pairableUnits: n,
          }).value;
        },
        options,
      );
    };
    const familyOf = codes.map((code) => codeFamily(code));
    const byFamily: Record<string, BootstrapInterval | UndefinedValue> = {};
    for (const family of new Set(familyOf)) {
      const size = familyOf.filter((f) => f === family).length;
      byFamily[family] = interval((k) => familyOf[k] === family, size);
    }
    const byCode: Record<string, BootstrapInterval | UndefinedValue> = {};
    codes.forEach((code, k) => (byCode[code] = interval((c) => c === k, 1)));
    return { overall: interval(() => true, codes.length), byFamily, byCode };
  }
}
