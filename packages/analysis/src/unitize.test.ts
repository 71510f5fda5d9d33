import { describe, expect, it } from 'vitest';
import { AnalysisError } from './analysis-error.ts';
import type { CoderCoding } from './coder-coding.ts';
import { unitize } from './unitize.ts';

const coding = (
  coderId: string,
  code: string,
  start: number,
  end: number,
  documentId = 'int-01',
): CoderCoding => ({ documentId, coderId, code, start, end });

const codings = [
  coding('ann', 'form.conceptual', 0, 100),
  coding('ann', 'purpose.creating', 0, 100),
  coding('ben', 'form.conceptual', 10, 100), // 90/100 of the union: same unit
  coding('ann', 'form.operational', 200, 260),
  coding('ben', 'form.operational', 230, 400), // 30/200 of the union: separate
  coding('ben', 'flag.lacks_authority', 500, 560),
];

describe('unitize', () => {
  it('aligns segments whose overlap is at least half their union', () => {
    const units = unitize(codings);
    expect(units.map((u) => [u.start, u.end, u.codes])).toEqual([
      [0, 100, { ann: ['form.conceptual', 'purpose.creating'], ben: ['form.conceptual'] }],
      [200, 260, { ann: ['form.operational'] }],
      [230, 400, { ben: ['form.operational'] }],
      [500, 560, { ben: ['flag.lacks_authority'] }],
    ]);
    expect(units[0]?.segments).toBe(2);
  });

  it('follows the configured rule', () => {
    // 30 of the shorter span's 60 code points overlap: exactly 50%
    const lenient = unitize(codings, { relativeTo: 'shorter' });
    expect(lenient.map((u) => [u.start, u.end])).toEqual([
      [0, 100],
      [200, 400],
      [500, 560],
    ]);
    const strict = unitize(codings, { minOverlap: 0.95 });
    expect(strict).toHaveLength(5);
  });

  it('pools one coder’s segments that the rule puts in one unit, and keeps documents apart', () => {
    const units = unitize([
      coding('ann', 'form.relational', 0, 10),
      coding('ann', 'pillar.normative', 10, 20),
      coding('ben', 'form.relational', 0, 20),
      coding('ben', 'form.relational', 0, 20, 'int-02'),
    ]);
    expect(units.map((u) => [u.documentId, u.start, u.end, u.codes])).toEqual([
      ['int-01', 0, 20, { ann: ['form.relational', 'pillar.normative'], ben: ['form.relational'] }],
      ['int-02', 0, 20, { ben: ['form.relational'] }],
    ]);
  });

  it('rejects empty or reversed spans and a rule outside (0, 1]', () => {
    expect(() => unitize([coding('ann', 'form.relational', 5, 5)])).toThrow(AnalysisError);
    expect(() => unitize([coding('ann', 'form.relational', 9, 3)])).toThrow(AnalysisError);
    expect(() => unitize(codings, { minOverlap: 0 })).toThrow(AnalysisError);
  });
});
