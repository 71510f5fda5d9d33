import { describe, expect, it } from 'vitest';
import type { CoderCoding } from '../coder-coding.ts';
import { chanceCorrected } from './chance-corrected.ts';
import { familyAgreement } from './family-agreement.ts';
import { unitAgreement } from './unit-agreement.ts';

const c = (coderId: string, code: string, start: number, end: number): CoderCoding => ({
  documentId: 'interview-1',
  coderId,
  code,
  start,
  end,
});

// Two coders of one interview: three passages both coded (one disputed form), one passage only
// ana coded and one only ben coded.
const codings = [
  c('ana', 'form.relational', 0, 100),
  c('ben', 'form.relational', 5, 100),
  c('ana', 'form.conceptual', 200, 300),
  c('ben', 'form.operational', 200, 290),
  c('ana', 'form.structural', 400, 500),
  c('ben', 'form.structural', 400, 500),
  c('ana', 'form.relational', 600, 650),
  c('ben', 'form.conceptual', 800, 900),
  c('ana', 'purpose.creating', 0, 100),
  c('ben', 'purpose.creating', 0, 100),
];

describe('unitAgreement spans', () => {
  it('both-coded leaves out exactly the units one coder alone coded', () => {
    const all = unitAgreement(codings, { spans: 'all' });
    const both = unitAgreement(codings, { spans: 'both-coded' });
    expect(all.singleCoderUnits).toBe(2);
    expect(both.singleCoderUnits).toBe(2);
    expect(all.units - both.units).toBe(2);
    expect(both.disagreements.map((d) => d.start)).toEqual([200]);
    expect(all.disagreements.map((d) => d.start)).toEqual([200, 600, 800]);
    expect(both.overall.alpha.value).toBeGreaterThan(all.overall.alpha.value ?? 1);
  });

  it('reports AC1, Brennan–Prediger and Scott’s π equal to the general coefficients', () => {
    const report = unitAgreement(codings);
    // The per-code present/absent items of form.relational as reliability data.
    const units = [
      ['present', 'present'],
      ['absent', 'absent'],
      ['absent', 'absent'],
      ['present', 'absent'],
      ['absent', 'absent'],
    ];
    const general = chanceCorrected(units);
    const summary = report.byCode['form.relational'];
    expect(summary?.items).toBe(5);
    expect(summary?.ac1.value).toBeCloseTo(general.gwet.value ?? Number.NaN, 12);
    expect(summary?.brennanPrediger.value).toBeCloseTo(
      general.brennanPrediger.value ?? Number.NaN,
      12,
    );
    expect(summary?.scottsPi.value).toBeCloseTo(general.scottsPi.value ?? Number.NaN, 12);
  });
});

describe('familyAgreement', () => {
  it('treats a family of alternatives as one nominal variable', () => {
    const report = familyAgreement(codings, { documentLengths: { 'interview-1': 1000 } });
    const form = report.byFamily.form;
    expect(form?.use).toEqual({ codedValues: 8, multiCodedValues: 0, alternatives: true });
    expect(form?.units).toBe(5);
    // Agreement on relational and structural, disagreement on the other three units.
    expect(form?.percent.value).toBeCloseTo(2 / 5, 12);
    expect(form?.nominalAlpha.value).not.toBeNull();
    expect(form?.unitizing?.uAlpha.value).not.toBeNull();
    const both = familyAgreement(codings, { spans: 'both-coded' }).byFamily.form;
    expect(both?.units).toBe(3);
    expect(both?.percent.value).toBeCloseTo(2 / 3, 12);
  });

  it('refuses nominal alpha when a coder applies two codes of the family to one passage', () => {
    const report = familyAgreement(
      [...codings, c('ana', 'form.relational', 400, 500), c('ben', 'form.relational', 400, 500)],
      { bootstrap: { resamples: 50, seed: 3 } },
    );
    const form = report.byFamily.form;
    expect(form?.use.alternatives).toBe(false);
    expect(form?.use.multiCodedValues).toBe(2);
    expect(form?.nominalAlpha.value).toBeNull();
    expect(form?.chance.gwet.value).toBeNull();
    expect(form?.masiAlpha.value).not.toBeNull();
    expect(form?.masiAlphaInterval?.value).toBe(form?.masiAlpha.value);
  });
});
