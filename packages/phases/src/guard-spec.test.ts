import { describe, expect, it } from 'vitest';
import { describeGuard, unmetGuardConditions } from './guard-spec.ts';
import type { GuardSpec } from './guard-spec.ts';

const full: GuardSpec = {
  requiresEvidence: 2,
  minConfidence: 'medium',
  fidelityBelow: 110,
  fidelityAtLeast: 74,
  cameFrom: 'establishing',
  notBefore: '2016-01-01',
  notAfter: '2021-12-31',
};

describe('guards', () => {
  it('describe every condition in words', () => {
    expect(describeGuard(full)).toEqual([
      'at least 2 evidence excerpts',
      'confidence at least medium',
      'fidelity total below 110',
      'fidelity total at least 74',
      'came from establishing',
      'dated on or after 2016-01-01',
      'dated on or before 2021-12-31',
    ]);
    expect(describeGuard(undefined)).toEqual([]);
  });

  it('pass when every condition holds', () => {
    expect(
      unmetGuardConditions(full, {
        evidence: ['a', 'b'],
        confidence: 'high',
        fidelity: 90,
        at: '2018-05-01',
        previousState: 'establishing',
      }),
    ).toEqual([]);
  });

  it('list each failing condition with the value found', () => {
    expect(
      unmetGuardConditions(full, {
        evidence: ['a', 'a'],
        confidence: 'low',
        fidelity: 120,
        at: '2023-01-01',
        previousState: null,
      }),
    ).toEqual([
      'at least 2 evidence excerpts (got 1)',
      'confidence at least medium (got low)',
      'a fidelity review total below 110 (got 120)',
      'the previous state to be establishing (no earlier state is recorded)',
      'a date on or before 2021-12-31 (got 2023-01-01)',
    ]);
  });

  it('phrase unknown facts as requirements', () => {
    expect(unmetGuardConditions({ fidelityAtLeast: 100, notBefore: '2022-01-01' }, {})).toEqual([
      'a fidelity review total of at least 100',
      'a date on or after 2022-01-01',
    ]);
  });
});
