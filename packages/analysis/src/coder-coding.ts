import { AnalysisError } from './analysis-error.ts';

/**
 * One coding by one coder: a code applied to the span [start, end) of a document, offsets in
 * Unicode code points (start inclusive, end exclusive).
 */
export interface CoderCoding {
  readonly documentId: string;
  readonly coderId: string;
  /** A code key such as `form.relational`. */
  readonly code: string;
  readonly start: number;
  readonly end: number;
}

/** Throws `AnalysisError('invalid_input')` unless 0 ≤ start < end are integers. */
export function checkSpan(
  span: { readonly start: number; readonly end: number },
  what: string,
): void {
  if (
    !Number.isInteger(span.start) ||
    !Number.isInteger(span.end) ||
    span.start < 0 ||
    span.end <= span.start
  ) {
    throw new AnalysisError(
      'invalid_input',
      `${what} has span [${span.start}, ${span.end}); offsets must be integers with 0 ≤ start < end`,
    );
  }
}

/**
 * {@link checkSpan} for a coding, naming it by code, coder and document. The message is built
 * only when the span is invalid: callers check millions of codings.
 */
export function checkCodingSpan(coding: CoderCoding): void {
  const { start, end } = coding;
  if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start) return;
  checkSpan(coding, `Coding of ${coding.code} by ${coding.coderId} in ${coding.documentId}`);
}
