import { z } from 'zod';
import { DomainError } from './domain-error.ts';

/** What was wrong with a study's taxonomy input. */
export type TaxonomyErrorCode = 'invalid_codebook' | 'invalid_dimensions';

/**
 * Thrown by {@link defineCodebook} and {@link extendDimensions} when the input is invalid. The
 * message lists every problem; `issues` holds them as data (each with a `path`, a `message` and,
 * for codebook rules, `params.reason`), and `cause` is the underlying `ZodError`. Callers that
 * want a result instead of an exception use the schemas' `safeParse()`.
 */
export class TaxonomyError extends DomainError<TaxonomyErrorCode> {
  override readonly name = 'TaxonomyError';
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(code: TaxonomyErrorCode, message: string, options: { cause: z.ZodError }) {
    super(code, message, options);
    this.issues = options.cause.issues;
  }
}

/** Parses `input` with `schema`, or throws a {@link TaxonomyError} that lists every issue. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  error: { code: TaxonomyErrorCode; what: string },
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new TaxonomyError(error.code, `Invalid ${error.what}:\n${z.prettifyError(result.error)}`, {
    cause: result.error,
  });
}
