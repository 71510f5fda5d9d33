import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error.ts';

class SampleError extends DomainError<'bad' | 'worse'> {
  override readonly name = 'SampleError';
}

describe('DomainError', () => {
  it('carries a typed code, its subclass name and the cause', () => {
    const cause = new Error('root');
    const err = new SampleError('bad', 'something went wrong', { cause });
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('bad');
    expect(err.name).toBe('SampleError');
    expect(err.cause).toBe(cause);
    expect(String(err)).toBe('SampleError: something went wrong');
  });
});
