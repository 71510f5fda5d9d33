import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '@iwa/testing/fuzz';
import { AnalysisError } from './analysis-error.ts';
import { cohensKappa } from './agreement/cohens-kappa.ts';
import { fleissKappa } from './agreement/fleiss-kappa.ts';
import { krippendorffAlpha, type AlphaLevel } from './agreement/krippendorff-alpha.ts';
import { percentAgreement } from './agreement/percent-agreement.ts';
import { chiSquareTest } from './chi-square.ts';
import { fisherExact } from './fisher-exact.ts';
import { unitize } from './unitize.ts';
import type { CoderCoding } from './coder-coding.ts';

/*
 * Bounds every statistic must keep on arbitrary valid input (p-values in [0, 1], Cramér's V in
 * [0, 1], kappa and alpha at most 1), AnalysisError and nothing else on invalid input, and
 * unitizing that does not depend on the order of the codings.
 */

const inUnit = (x: number) => {
  expect(Number.isFinite(x)).toBe(true);
  expect(x).toBeGreaterThanOrEqual(0);
  expect(x).toBeLessThanOrEqual(1 + 1e-12);
};
const count = fc.oneof(fc.nat(5), fc.nat(50), fc.nat(100_000));
const table = (rows: fc.Arbitrary<number>, cols: fc.Arbitrary<number>) =>
  fc
    .tuple(rows, cols)
    .chain(([r, c]) =>
      fc.array(fc.array(count, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
    );

/** Expects `fn` to return, or to throw an AnalysisError('invalid_input'). */
function onlyAnalysisErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AnalysisError);
    expect((err as AnalysisError).code).toBe('invalid_input');
  }
}

describe('statistics under fuzzing', () => {
  it(
    'chi-square: statistic ≥ 0, p and G² p in [0, 1], Cramér V in [0, 1]',
    () => {
      fc.assert(
        fc.property(table(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })), (t) => {
          const res = chiSquareTest(t);
          if (!res.defined) return;
          expect(res.statistic).toBeGreaterThanOrEqual(0);
          expect(res.gSquared).toBeGreaterThanOrEqual(-1e-9);
          inUnit(res.pValue);
          inUnit(res.gPValue);
          inUnit(res.cramersV);
          expect(res.df).toBe((res.rowsUsed.length - 1) * (res.colsUsed.length - 1));
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(2),
  );

  it(
    "Fisher's exact test: every p in [0, 1], two-sided p ≥ the smaller one-sided p",
    () => {
      fc.assert(
        fc.property(table(fc.constant(2), fc.constant(2)), (t) => {
          const small = t.map((r) => r.map((v) => v % 300));
          const res = fisherExact(small);
          inUnit(res.pValue);
          inUnit(res.pLess);
          inUnit(res.pGreater);
          expect(res.pValue + 1e-9).toBeGreaterThanOrEqual(Math.min(res.pLess, res.pGreater));
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(5),
  );

  it(
    "Cohen's kappa ≤ 1 (plain, linear, quadratic), 1 exactly when all units agree",
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 5 }).chain((k) => table(fc.constant(k), fc.constant(k))),
          fc.constantFrom<'none' | 'linear' | 'quadratic'>('none', 'linear', 'quadratic'),
          (t, weights) => {
            const res = cohensKappa(t, { weights });
            if (res.value === null) return;
            expect(res.value).toBeLessThanOrEqual(1 + 1e-12);
            expect(Number.isFinite(res.value)).toBe(true);
            inUnit(res.observedAgreement);
            inUnit(res.pValue);
            const offDiagonal = t.some((row, i) => row.some((v, j) => i !== j && v > 0));
            if (!offDiagonal && weights === 'none') expect(res.value).toBeCloseTo(1, 12);
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(2),
  );

  it(
    "Fleiss' kappa ≤ 1 for any subjects × categories with a fixed number of raters",
    () => {
      const subjects = fc
        .tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 5 }))
        .chain(([raters, categories]) =>
          fc.array(
            fc
              .array(fc.nat(categories - 1), { minLength: raters, maxLength: raters })
              .map((ratings) => {
                const row = new Array<number>(categories).fill(0);
                for (const r of ratings) row[r] = (row[r] ?? 0) + 1;
                return row;
              }),
            { minLength: 1, maxLength: 30 },
          ),
        );
      fc.assert(
        fc.property(subjects, (counts) => {
          const res = fleissKappa(counts);
          if (res.value === null) return;
          expect(res.value).toBeLessThanOrEqual(1 + 1e-12);
          inUnit(res.observedAgreement);
          inUnit(res.expectedAgreement);
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(2),
  );

  it(
    "Krippendorff's alpha ≤ 1 at every level, with missing values; percent agreement in [0, 1]",
    () => {
      const value = fc.option(fc.integer({ min: 0, max: 4 }), { nil: null, freq: 4 });
      const data = fc.array(fc.array(value, { maxLength: 4 }), { maxLength: 30 });
      fc.assert(
        fc.property(
          data,
          fc.constantFrom<AlphaLevel>('nominal', 'ordinal', 'interval', 'ratio'),
          (d, level) => {
            const res = krippendorffAlpha(d, { level });
            if (res.value !== null) {
              expect(Number.isFinite(res.value)).toBe(true);
              expect(res.value).toBeLessThanOrEqual(1 + 1e-12);
              expect(res.observedDisagreement).toBeGreaterThanOrEqual(0);
            }
            const pa = percentAgreement(d);
            if (pa.value !== null) inUnit(pa.value);
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(2),
  );

  it(
    'invalid tables and spans: AnalysisError, never another exception',
    () => {
      const weird = fc.oneof(
        fc.integer({ min: -3, max: 3 }),
        fc.constantFrom(Number.NaN, Infinity, -Infinity, 0.5, -0, 2 ** 53),
      );
      fc.assert(
        fc.property(
          fc.array(fc.array(weird, { maxLength: 4 }), { maxLength: 4 }),
          fc.array(fc.record({ start: weird, end: weird }), { maxLength: 4 }),
          (t, spans) => {
            onlyAnalysisErrors(() => chiSquareTest(t));
            onlyAnalysisErrors(() => cohensKappa(t));
            onlyAnalysisErrors(() => fleissKappa(t));
            onlyAnalysisErrors(() => fisherExact(t));
            onlyAnalysisErrors(() =>
              unitize(
                spans.map((s, i) => ({
                  documentId: 'd',
                  coderId: `c${i % 2}`,
                  code: 'form.relational',
                  ...s,
                })),
              ),
            );
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(2),
  );

  it(
    'unitize is independent of the order of the codings, and places every segment in one unit',
    () => {
      const coding = fc
        .record({
          documentId: fc.constantFrom('d1', 'd2'),
          coderId: fc.constantFrom('kari', 'ole', 'ida'),
          code: fc.constantFrom('form.relational', 'form.structural', 'purpose.creating'),
          start: fc.nat(60),
          length: fc.integer({ min: 1, max: 25 }),
        })
        .map(({ length, ...c }): CoderCoding => ({ ...c, end: c.start + length }));
      fc.assert(
        fc.property(
          fc
            .array(coding, { maxLength: 25 })
            .chain((cs) =>
              fc.tuple(
                fc.constant(cs),
                fc.shuffledSubarray(cs, { minLength: cs.length, maxLength: cs.length }),
              ),
            ),
          fc.constantFrom(0.1, 0.5, 1),
          fc.constantFrom<'union' | 'shorter' | 'longer'>('union', 'shorter', 'longer'),
          ([codings, shuffled], minOverlap, relativeTo) => {
            const a = unitize(codings, { minOverlap, relativeTo });
            const b = unitize(shuffled, { minOverlap, relativeTo });
            const canon = (units: typeof a) =>
              units
                .map((u) =>
                  JSON.stringify([
                    u.documentId,
                    u.start,
                    u.end,
                    u.segments,
                    Object.entries(u.codes).sort(),
                  ]),
                )
                .sort();
            expect(canon(b)).toEqual(canon(a));
            const segments = new Set(
              codings.map((c) => `${c.documentId}:${c.coderId}:${c.start}:${c.end}`),
            );
            expect(a.reduce((s, u) => s + u.segments, 0)).toBe(segments.size);
            for (const c of codings) {
              const holder = a.filter(
                (u) =>
                  u.documentId === c.documentId &&
                  u.start <= c.start &&
                  c.end <= u.end &&
                  (u.codes[c.coderId] ?? []).includes(c.code),
              );
              expect(holder.length).toBeGreaterThanOrEqual(1);
            }
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(2),
  );
});
