/**
 * The base class of every typed error in iwa. Each package adds one subclass with a literal
 * union of codes, so callers branch on `code` rather than on messages.
 *
 * @example
 * class GraphError extends DomainError<'not_found' | 'unavailable'> {
 *   override readonly name = 'GraphError';
 * }
 */
export class DomainError<C extends string> extends Error {
  override readonly name: string = 'DomainError';
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
