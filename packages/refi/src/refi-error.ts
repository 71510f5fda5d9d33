import { DomainError } from '@iwa/taxonomy';
import type { z } from 'zod';

/** What went wrong reading or writing a REFI-QDA file. */
export type RefiErrorCode = 'invalid_qdc' | 'invalid_study';

/**
 * The one error type `@iwa/refi` throws. For `invalid_qdc` the message lists every problem with
 * its line and element, `issues` holds them as data and `cause` is the underlying `ZodError`.
 */
export class RefiError extends DomainError<RefiErrorCode> {
  override readonly name = 'RefiError';
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(code: RefiErrorCode, message: string, options: { cause: z.ZodError }) {
    super(code, message, options);
    this.issues = options.cause.issues;
  }
}
