import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../analysis-error.ts';
import type { CoderCoding } from '../coder-coding.ts';
import { characterAgreement } from './character-agreement.ts';
import { cohensKappa } from './cohens-kappa.ts';
import { krippendorffAlpha } from './krippendorff-alpha.ts';

const coding = (
  coderId: string,
  code: string,
  start: number,
  end: number,
  documentId = 'int-01',
): CoderCoding => ({ documentId, coderId, code, start, end });

describe('characterAgreement', () => {
  // ann codes [0, 40) (in two overlapping codings), ben [20, 60), in a 100-character document
  const codings = [
    coding('ann', 'form.relational', 0, 30),
    coding('ann', 'form.relational', 10, 40),
    coding('ben', 'form.relational', 20, 60),
  ];

  it('counts characters coded by both, one or neither coder', () => {
    const report = characterAgreement(codings, { documentLengths: { 'int-01': 100 } });
    const summary = report.byCode['form.relational'];
    expect(summary?.table).toEqual([
      [20, 20],
      [20, 40],
    ]);
    expect(summary?.percentAgreement.value).toBeCloseTo(0.6, 12);
    // p_e = 0.4·0.4 + 0.6·0.6 = 0.52 → kappa = 0.08/0.48
    expect(summary?.kappa.value).toBeCloseTo(1 / 6, 12);
    expect(report.characters).toBe(100);
    expect(report.caveat).toMatch(/uncoded text/i);
  });

  it('equals alpha and kappa over the explicit character-by-character data', () => {
    const report = characterAgreement(codings, { documentLengths: { 'int-01': 100 } });
    const data = Array.from({ length: 100 }, (_, i) => [i < 40 ? 1 : 0, i >= 20 && i < 60 ? 1 : 0]);
    const alpha = krippendorffAlpha(data);
    expect(report.byCode['form.relational']?.alpha.value).toBeCloseTo(alpha.value ?? NaN, 12);
    const kappa = cohensKappa([
      [20, 20],
      [20, 40],
    ]);
    expect(report.overall.kappa.value).toBeCloseTo(kappa.value ?? NaN, 12);
  });

  it('shows how uncoded text inflates percent agreement', () => {
    const short = characterAgreement(codings);
    const long = characterAgreement(codings, { documentLengths: { 'int-01': 10_000 } });
    expect(short.overall.percentAgreement.value).toBeCloseTo(1 / 3, 12);
    expect(long.overall.percentAgreement.value).toBeGreaterThan(0.99);
  });

  it('rejects a coding that runs past the document', () => {
    expect(() => characterAgreement(codings, { documentLengths: { 'int-01': 50 } })).toThrow(
      AnalysisError,
    );
  });
});
