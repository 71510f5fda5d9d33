import { DomainError } from '@iwa/taxonomy';

/** The codes an {@link AnalysisError} carries. */
export type AnalysisErrorCode = 'invalid_input' | 'invalid_claim';

/**
 * The one error class of `@iwa/analysis`. It is thrown for input that no computation can use
 * (a ragged table, a negative count, a span whose end precedes its start). Results that are
 * merely undefined for valid input (no variation, an empty group) are never thrown: they come
 * back as `null` with a reason.
 */
export class AnalysisError extends DomainError<AnalysisErrorCode> {
  override readonly name = 'AnalysisError';
}
