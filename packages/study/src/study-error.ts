import { DomainError } from '@iwa/taxonomy';

/**
 * Thrown by `@iwa/study` for bugs and infrastructure failures only (a folder that cannot be
 * listed, an I/O error mid-read, a caller passing offsets outside a string). Bad study input is
 * never thrown: readers return it as `StudyIssue`s.
 */
export class StudyError extends DomainError<'io' | 'invalid_argument' | 'internal'> {
  override readonly name = 'StudyError';
}
