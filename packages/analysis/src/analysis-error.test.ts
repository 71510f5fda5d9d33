import { DomainError } from '@iwa/taxonomy';
import { describe, expect, it } from 'vitest';
import { AnalysisError } from './analysis-error.ts';
import { chiSquareTest } from './chi-square.ts';

describe('AnalysisError', () => {
  it('is a DomainError with a code and the cause of a wrapped failure', () => {
    const cause = new RangeError('bad');
    const err = new AnalysisError('invalid_claim', 'Claim C01 cannot be evaluated', { cause });
    expect(err).toBeInstanceOf(DomainError);
    expect(err.name).toBe('AnalysisError');
    expect(err.code).toBe('invalid_claim');
    expect(err.cause).toBe(cause);
  });

  it('is what bad input raises', () => {
    expect(() => chiSquareTest([])).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
