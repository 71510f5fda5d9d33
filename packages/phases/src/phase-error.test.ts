import { DomainError } from '@iwa/taxonomy';
import { describe, expect, it } from 'vitest';
import { PhaseError } from './phase-error.ts';

describe('PhaseError', () => {
  it('is a DomainError with a phase code', () => {
    const cause = new Error('root');
    const err = new PhaseError('not_provided', 'persistPhase is not provided', { cause });
    expect(err).toBeInstanceOf(DomainError);
    expect(err.name).toBe('PhaseError');
    expect(err.code).toBe('not_provided');
    expect(err.cause).toBe(cause);
  });
});
