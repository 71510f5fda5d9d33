import { describe, expect, it } from 'vitest';
import type { CoderCoding } from '../coder-coding.ts';
import { characterAgreement } from './character-agreement.ts';
import { unitizingAlpha } from './unitizing-alpha.ts';

/**
 * Krippendorff (1995), "On the reliability of unitizing continuous data", Sociological
 * Methodology 25, p. 57: four pairs of observers unitize a continuum of 24 positions (segments
 * as start and length, as reconstructed in DKPro Statistics' Krippendorff1995Test). The paper
 * digitizes each pair (every position coded or not) and reports Cohen's κ, Scott's π and α
 * on the digits; iwa's character agreement is that digitization. The paper's αU per pair
 * (.553, −.926, .679, .066) is the 1995 coefficient, whose expected disagreement differs from
 * the 2016 uα that iwa computes, so it is not asserted here (see docs/agreement.md).
 */
const segment = (coderId: string, start: number, length: number): CoderCoding => ({
  documentId: 'continuum',
  coderId,
  code: 'unit',
  start,
  end: start + length,
});
const EXAMPLES = {
  A: [
    segment('Bertha', 2, 8),
    segment('Bertha', 14, 6),
    segment('Bill', 4, 4),
    segment('Bill', 15, 2),
  ],
  B: [
    segment('John', 0, 18),
    ...[
      [0, 2],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 3],
      [9, 1],
    ].map(([s, l]) => segment('Jill', s ?? 0, l ?? 0)),
  ],
  C: [
    ...[
      [2, 6],
      [10, 2],
      [14, 4],
      [20, 2],
    ].map(([s, l]) => segment('Gerret', s ?? 0, l ?? 0)),
    ...[
      [0, 2],
      [4, 4],
      [10, 4],
      [16, 2],
      [20, 2],
    ].map(([s, l]) => segment('Gill', s ?? 0, l ?? 0)),
  ],
  D: [
    ...[
      [0, 2],
      [2, 8],
      [10, 4],
      [14, 6],
      [20, 4],
    ].map(([s, l]) => segment('Heather', s ?? 0, l ?? 0)),
    ...[
      [0, 4],
      [4, 4],
      [8, 7],
      [15, 2],
      [17, 7],
    ].map(([s, l]) => segment('Hill', s ?? 0, l ?? 0)),
  ],
};
const digitized = (codings: CoderCoding[]) =>
  characterAgreement(codings, { documentLengths: { continuum: 24 } }).byCode.unit;

describe('Krippendorff (1995), p. 57: the digitized comparisons', () => {
  it('A (Bertha, Bill): κ = .385, π = .314, α = .329', () => {
    const s = digitized(EXAMPLES.A);
    expect(s?.kappa.value).toBeCloseTo(0.385, 3);
    expect(s?.scottsPi.value).toBeCloseTo(0.314, 3);
    expect(s?.alpha.value).toBeCloseTo(0.329, 3);
  });

  it('B (John, Jill): κ = .385, π = .314; C (Gerret, Gill): κ = π = .314', () => {
    const b = digitized(EXAMPLES.B);
    expect(b?.kappa.value).toBeCloseTo(0.385, 3);
    expect(b?.scottsPi.value).toBeCloseTo(0.314, 3);
    const c = digitized(EXAMPLES.C);
    expect(c?.kappa.value).toBeCloseTo(0.314, 3);
    expect(c?.scottsPi.value).toBeCloseTo(0.314, 3);
  });

  it('D (Heather, Hill): every position is coded by both, so κ and π are undefined', () => {
    const d = digitized(EXAMPLES.D);
    expect(d?.kappa.value).toBeNull();
    expect(d?.scottsPi.value).toBeNull();
    // The 2016 uα compares values along the continuum, not where units are cut: one value
    // throughout is no variation either (the 1995 αU, a different coefficient that iwa does not
    // compute, rates the differing cuts at .066).
    const u = unitizingAlpha(EXAMPLES.D, { documentLengths: { continuum: 24 } });
    expect(u.uAlpha.value).toBeNull();
  });
});
