import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../analysis-error.ts';
import { krippendorffAlpha } from './krippendorff-alpha.ts';
import { percentAgreement } from './percent-agreement.ts';

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: four coders
// (A–D), twelve units, missing values. Rows of the paper's matrix are coders; here data[u][c].
const _ = null;
const byCoder = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];
const data = Array.from({ length: 12 }, (_u, u) => byCoder.map((coder) => coder[u] ?? null));

describe('krippendorffAlpha', () => {
  it('reproduces the paper’s four-coder example under every metric', () => {
    const nominal = krippendorffAlpha(data, { level: 'nominal' });
    if (nominal.value === null) throw new Error(nominal.reason);
    expect(nominal.value.toFixed(3)).toBe('0.743');
    expect(nominal.pairableValues).toBe(40); // the paper's n..
    expect(nominal.pairableUnits).toBe(11); // unit 12 has a single value
    const values = (['ordinal', 'interval', 'ratio'] as const).map((level) =>
      krippendorffAlpha(data, { level }).value?.toFixed(3),
    );
    expect(values).toEqual(['0.815', '0.849', '0.797']);
  });

  it('gives the same ordinal alpha for labelled categories in an explicit order', () => {
    const labels = ['low', 'mid', 'high', 'higher', 'top'] as const;
    const labelled = data.map((unit) => unit.map((v) => (v === null ? null : labels[v - 1])));
    const alpha = krippendorffAlpha(labelled, { level: 'ordinal', order: labels });
    expect(alpha.value?.toFixed(3)).toBe('0.815');
    expect(() => krippendorffAlpha(labelled, { level: 'ordinal', order: ['low'] })).toThrow(
      AnalysisError,
    );
  });

  it('is 1 for perfect agreement and undefined without variation', () => {
    expect(
      krippendorffAlpha([
        ['a', 'a'],
        ['b', 'b', 'b'],
        ['a', null],
      ]).value,
    ).toBe(1);
    const flat = krippendorffAlpha([
      ['a', 'a'],
      ['a', 'a', null],
    ]);
    expect(flat.value).toBeNull();
    expect(flat).toHaveProperty('reason');
    expect(
      krippendorffAlpha([
        ['a', null],
        [null, 'b'],
      ]).value,
    ).toBeNull();
  });

  it('rejects labels under the interval metric', () => {
    expect(() => krippendorffAlpha([['a', 'b']], { level: 'interval' })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('percentAgreement', () => {
  it('averages pairwise agreement over pairable units and counts unanimous units', () => {
    const result = percentAgreement(data);
    if (result.value === null) throw new Error(result.reason);
    expect(result.units).toBe(11);
    // unanimous: units 1, 3, 4, 5, 7, 9, 10, 11. Unit 2 (2, 2, 3, 2) and unit 8 (1, 1, 2, 1):
    // 3 of 6 coder pairs agree; unit 6 (1, 2, 3, 4): none.
    expect(result.allAgree).toBeCloseTo(8 / 11, 12);
    expect(result.pairwise).toBeCloseTo((8 + 0.5 + 0 + 0.5) / 11, 12);
  });
});
