import { DomainError } from '@iwa/taxonomy';

/** What went wrong in the explorer, as a closed set the HTTP layer maps to statuses. */
export type ExplorerErrorCode =
  'invalid_request' | 'not_found' | 'conflict' | 'unavailable' | 'invalid_option';

/**
 * The explorer's one error type. `ExplorerData` implementations may throw it (or any error with
 * the same `code`, such as `GraphError('unavailable')`); `createExplorerServer` throws
 * `invalid_option` for bad options.
 */
export class ExplorerError extends DomainError<ExplorerErrorCode> {
  override readonly name = 'ExplorerError';
}
