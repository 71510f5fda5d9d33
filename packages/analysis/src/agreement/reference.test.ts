// Every new coefficient against its reference implementation, on the inputs and expected
// values that test/reference/agreement_reference.py wrote with irrCAC, krippendorff, nltk and
// krippendorff-unitized-alpha (see the script for versions and how to regenerate).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CoderCoding } from '../coder-coding.ts';
import { bootstrapAlpha, bootstrapKappa } from './bootstrap.ts';
import { chanceCorrected } from './chance-corrected.ts';
import type { ChanceCoefficient } from './chance-corrected.ts';
import { krippendorffAlpha } from './krippendorff-alpha.ts';
import { setAlpha } from './set-alpha.ts';
import { unitizingAlpha } from './unitizing-alpha.ts';
import type { AgreementWeights } from './weights.ts';

type Value = string | number | null;
interface Expected {
  value: number;
  pa: number;
  pe: number;
  se: number;
  ci: [number, number];
}
interface Fixture {
  chance: {
    name: string;
    data: Value[][];
    categories: (string | number)[];
    weights: AgreementWeights;
    expected: Record<ChanceCoefficient, Expected | null>;
    alpha: Record<string, number | null>;
  }[];
  sets: {
    name: string;
    data: (string[] | null)[][];
    expected: { masi: number; jaccard: number };
  }[];
  unitizing: {
    name: string;
    length: number;
    coders: [number, number, string][][];
    expected: {
      package_u: number | null;
      u: number | null;
      binary: number | null;
      cu: number | null;
    };
  }[];
  bootstrap: {
    name: string;
    kind: 'alpha' | 'kappa';
    data: Value[][];
    seed: number;
    resamples: number;
    expected: { lower: number; upper: number; below: Record<string, number>; defined: number };
  }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/agreement-reference.json', import.meta.url), 'utf8'),
) as Fixture;
const TOLERANCE = 1e-6;
const close = (actual: number | null | undefined, expected: number | null): void => {
  if (expected === null) {
    expect(actual ?? null).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThan(TOLERANCE);
};

describe('chance-corrected coefficients match irrCAC', () => {
  it('covers at least ten inputs, with missing values, a rare code, 3+ coders and no variation', () => {
    expect(fixture.chance.length).toBeGreaterThanOrEqual(10);
    expect(fixture.chance.some((c) => c.data.some((row) => row.includes(null)))).toBe(true);
    expect(fixture.chance.some((c) => c.data[0]!.length >= 3)).toBe(true);
    expect(fixture.chance.some((c) => c.expected.scottsPi === null)).toBe(true);
  });

  for (const c of fixture.chance) {
    it(c.name, () => {
      const got = chanceCorrected(c.data, { categories: c.categories, weights: c.weights });
      for (const key of ['gwet', 'brennanPrediger', 'scottsPi', 'conger'] as const) {
        const want = c.expected[key];
        const est = got[key];
        if (want === null) {
          expect(est.value, key).toBeNull();
          expect('reason' in est && est.reason.length > 0).toBe(true);
          continue;
        }
        if (est.value === null) throw new Error(`${key}: ${'reason' in est ? est.reason : ''}`);
        close(est.value, want.value);
        if (!('coefficient' in est)) throw new Error(key);
        close(est.observedAgreement, want.pa);
        close(est.expectedAgreement, want.pe);
        // irrCAC reports a zero standard error as 1e-15.
        close(est.se, want.se < 1e-12 ? 0 : want.se);
        if (want.se >= 1e-12) {
          close(est.ci?.[0] ?? null, want.ci[0]);
          close(est.ci?.[1] ?? null, want.ci[1]);
        }
      }
    });
  }

  it('alpha (every metric) matches the krippendorff package on the same inputs', () => {
    let compared = 0;
    for (const c of fixture.chance) {
      for (const [level, want] of Object.entries(c.alpha)) {
        const data =
          level === 'nominal'
            ? c.data
            : c.data.map((row) => row.map((v) => (v === null ? null : Number(v))));
        const got = krippendorffAlpha(data, {
          level: level as 'nominal' | 'ordinal' | 'interval' | 'ratio',
          ...(level === 'ordinal' ? { order: c.categories } : {}),
        });
        close(got.value, want);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  });
});

describe('set-valued alpha matches nltk', () => {
  it('covers at least ten inputs', () => expect(fixture.sets.length).toBeGreaterThanOrEqual(10));
  for (const c of fixture.sets) {
    it(c.name, () => {
      close(setAlpha(c.data, { distance: 'masi' }).value, c.expected.masi);
      close(setAlpha(c.data, { distance: 'jaccard' }).value, c.expected.jaccard);
    });
  }
});

function codingsOf(coders: [number, number, string][][], documentId = 'd'): CoderCoding[] {
  return coders.flatMap((segments, i) =>
    segments.map(([start, end, code]) => ({ documentId, coderId: `c${i}`, code, start, end })),
  );
}

describe('unitizing alphas', () => {
  it('covers at least ten inputs', () =>
    expect(fixture.unitizing.length).toBeGreaterThanOrEqual(10));
  for (const c of fixture.unitizing) {
    it(`${c.name}: uα matches krippendorff-unitized-alpha, |uα and cuα the formulas`, () => {
      const coders = c.coders.map((_s, i) => `c${i}`);
      const report = unitizingAlpha(codingsOf(c.coders), {
        documentLengths: { d: c.length },
        codersByDocument: { d: coders },
      });
      close(report.uAlpha.value, c.expected.package_u);
      close(report.uAlpha.value, c.expected.u);
      close(report.binaryUAlpha.value, c.expected.binary);
      close(report.cuAlpha.value, c.expected.cu);
    });
  }

  it('adds documents up as one concatenated continuum', () => {
    const [a, b] = fixture.unitizing;
    if (a === undefined || b === undefined) throw new Error('fixture');
    const shifted = b.coders.map((segments) =>
      segments.map(([s, e, v]) => [s + a.length, e + a.length, v] as [number, number, string]),
    );
    const joined = unitizingAlpha(
      codingsOf(a.coders.map((segments, i) => [...segments, ...(shifted[i] ?? [])])),
      { documentLengths: { d: a.length + b.length } },
    );
    const split = unitizingAlpha([...codingsOf(a.coders, 'a'), ...codingsOf(b.coders, 'b')], {
      documentLengths: { a: a.length, b: b.length },
    });
    close(split.uAlpha.value, joined.uAlpha.value);
    close(split.cuAlpha.value, joined.cuAlpha.value);
  });

  it('is 1 when the coders agree exactly and near 0 on random spans', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const values = ['form.conceptual', 'form.operational', 'form.relational'];
    const randomCoder = (coderId: string, length: number): CoderCoding[] => {
      const out: CoderCoding[] = [];
      for (let pos = Math.floor(random() * 40); pos < length - 60;) {
        const end = pos + 5 + Math.floor(random() * 50);
        out.push({
          documentId: 'd',
          coderId,
          code: values[Math.floor(random() * 3)]!,
          start: pos,
          end,
        });
        pos = end + Math.floor(random() * 80);
      }
      return out;
    };
    const first = randomCoder('a', 20000);
    const same = unitizingAlpha([...first, ...first.map((c) => ({ ...c, coderId: 'b' }))], {
      documentLengths: { d: 20000 },
    });
    expect(same.uAlpha.value).toBe(1);
    expect(same.binaryUAlpha.value).toBe(1);
    expect(same.cuAlpha.value).toBe(1);
    const random2 = unitizingAlpha([...first, ...randomCoder('b', 20000)], {
      documentLengths: { d: 20000 },
    });
    expect(Math.abs(random2.uAlpha.value ?? 1)).toBeLessThan(0.1);
    expect(Math.abs(random2.cuAlpha.value ?? 1)).toBeLessThan(0.1);
  });

  it('says why instead of a value when one coder’s codes overlap', () => {
    const report = unitizingAlpha(
      [
        { documentId: 'd', coderId: 'a', code: 'x', start: 0, end: 10 },
        { documentId: 'd', coderId: 'a', code: 'y', start: 5, end: 15 },
        { documentId: 'd', coderId: 'b', code: 'x', start: 0, end: 10 },
      ],
      { documentLengths: { d: 30 } },
    );
    expect(report.uAlpha.value).toBeNull();
    expect('reason' in report.uAlpha && report.uAlpha.reason).toMatch(/not used as alternatives/);
  });
});

describe('bootstrap intervals reproduce the reference resamples', () => {
  for (const c of fixture.bootstrap) {
    it(c.name, () => {
      const options = { seed: c.seed, resamples: c.resamples, minimums: [0.667, 0.8] };
      const got =
        c.kind === 'alpha'
          ? bootstrapAlpha(c.data, options)
          : bootstrapKappa(
              c.data.map((r) => r[0] ?? null),
              c.data.map((r) => r[1] ?? null),
              options,
            );
      if (got.value === null) throw new Error(got.reason);
      if (!('lower' in got)) throw new Error('no interval');
      close(got.lower, c.expected.lower);
      close(got.upper, c.expected.upper);
      expect(got.resamples - got.undefinedResamples).toBe(c.expected.defined);
      close(got.belowMinimum[0]?.probability ?? null, c.expected.below['0.667'] ?? null);
      close(got.belowMinimum[1]?.probability ?? null, c.expected.below['0.8'] ?? null);
    });
  }
});
