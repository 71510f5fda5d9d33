import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../analysis-error.ts';
import type { CoderCoding } from '../coder-coding.ts';
import { unitize } from '../unitize.ts';
import { krippendorffAlpha } from './krippendorff-alpha.ts';
import { unitAgreement } from './unit-agreement.ts';

const coding = (
  coderId: string,
  code: string,
  start: number,
  end: number,
  documentId = 'int-01',
): CoderCoding => ({ documentId, coderId, code, start, end });

// Two coders, one interview: four units after alignment (see unitize.test.ts).
const codings = [
  coding('ann', 'form.conceptual', 0, 100),
  coding('ann', 'purpose.creating', 0, 100),
  coding('ben', 'form.conceptual', 10, 100),
  coding('ann', 'form.operational', 200, 260),
  coding('ben', 'form.operational', 230, 400),
  coding('ben', 'flag.lacks_authority', 500, 560),
];

describe('unitAgreement', () => {
  const report = unitAgreement(codings);

  it('computes agreement per code over present/absent decisions', () => {
    expect(report.units).toBe(4);
    const conceptual = report.byCode['form.conceptual'];
    expect(conceptual?.table).toEqual([
      [1, 0],
      [0, 3],
    ]);
    expect(conceptual?.kappa.value).toBe(1);
    expect(conceptual?.alpha.value).toBe(1);
    // operational: ann only in one unit, ben only in another, two units without it
    const operational = report.byCode['form.operational'];
    expect(operational?.percentAgreement.value).toBe(0.5);
    expect(operational?.kappa.value).toBeCloseTo(-1 / 3, 12);
    expect(operational?.alpha.value).toBeCloseTo(-1 / 6, 12);
    expect(report.byCode['purpose.creating']?.kappa.value).toBeCloseTo(0, 12);
  });

  it('pools codes into families, documents and the whole study', () => {
    // form: 8 items, [[1, 1], [1, 5]] → p_o = 6/8, p_e = 10/16, kappa = 1/3
    expect(report.byFamily.form?.table).toEqual([
      [1, 1],
      [1, 5],
    ]);
    expect(report.byFamily.form?.kappa.value).toBeCloseTo(1 / 3, 12);
    // all 16 items: [[1, 2], [2, 11]] → kappa = 14/78
    expect(report.overall.items).toBe(16);
    expect(report.overall.kappa.value).toBeCloseTo(14 / 78, 12);
    expect(report.byDocument['int-01']?.items).toBe(16);
    expect(Object.keys(report.byFamily)).toEqual(['flag', 'form', 'purpose']);
  });

  it('matches Krippendorff’s alpha computed on the explicit reliability data', () => {
    const units = unitize(codings);
    for (const code of ['form.conceptual', 'form.operational', 'purpose.creating']) {
      const data = units.map((u) =>
        ['ann', 'ben'].map((coder) => ((u.codes[coder] ?? []).includes(code) ? 1 : 0)),
      );
      expect(report.byCode[code]?.alpha.value).toBeCloseTo(
        krippendorffAlpha(data).value ?? NaN,
        12,
      );
    }
  });

  it('lists disagreements with each coder’s codes and the text', () => {
    const text = '🙂'.repeat(10) + 'x'.repeat(600);
    const { disagreements } = unitAgreement(codings, { texts: { 'int-01': text } });
    expect(disagreements.map((d) => [d.start, d.end, d.disputed])).toEqual([
      [0, 100, ['purpose.creating']],
      [200, 260, ['form.operational']],
      [230, 400, ['form.operational']],
      [500, 560, ['flag.lacks_authority']],
    ]);
    expect(disagreements[0]?.codes).toEqual({
      ann: ['form.conceptual', 'purpose.creating'],
      ben: ['form.conceptual'],
    });
    // offsets are code points: the ten emoji are ten characters
    expect(disagreements[0]?.text).toBe('🙂'.repeat(10) + 'x'.repeat(90));
  });

  it('handles three coders, coders who coded nothing, and documents with one coder', () => {
    const three = unitAgreement(
      [
        ...codings,
        coding('cai', 'form.conceptual', 0, 95),
        coding('ann', 'form.relational', 0, 50, 'int-02'),
      ],
      { codersByDocument: { 'int-01': ['ann', 'ben', 'cai'], 'int-03': ['ann', 'ben'] } },
    );
    expect(three.coders).toEqual(['ann', 'ben', 'cai']);
    expect(three.byCode['form.conceptual']?.kappa.value).toBeNull();
    expect(three.byCode['form.conceptual']?.fleiss.value).toBe(1);
    expect(three.byCode['form.conceptual']?.alpha.value).toBe(1);
    expect(three.skippedDocuments).toEqual([{ documentId: 'int-02', reason: 'coded by 1 coder' }]);
    // int-03 has two coders and nothing coded: no units, no items
    expect(three.byDocument['int-03']?.items).toBe(0);
    expect(three.byDocument['int-03']?.alpha.value).toBeNull();
    expect(() => unitAgreement(codings, { codersByDocument: { 'int-01': ['ann'] } })).toThrow(
      AnalysisError,
    );
  });

  it('reports no variation as undefined, never as a number', () => {
    const same = unitAgreement([
      coding('ann', 'form.relational', 0, 10),
      coding('ben', 'form.relational', 0, 10),
    ]);
    const summary = same.byCode['form.relational'];
    expect(summary?.percentAgreement.value).toBe(1);
    expect(summary?.alpha.value).toBeNull();
    expect(summary?.kappa.value).toBeNull();
    expect(summary?.alpha).toHaveProperty('reason');
  });
});
