import { DomainError } from '@iwa/taxonomy';

/**
 * What a use case refuses: `invalid_query` when a name (dimension, value, code, coder,
 * organisation, relation type…) is unknown to the study or a request cannot be answered as
 * asked, `not_found` when the study does not exist, `conflict` when a change would lose work
 * that must be confirmed first (HTTP 409). Apps map these to exit code 2 and HTTP
 * 400 / 404. The message is written for the researcher: it names what was asked, the nearest
 * known names ("did you mean …") and what is known.
 */
export class ServiceError extends DomainError<'invalid_query' | 'not_found' | 'conflict'> {
  override readonly name = 'ServiceError';
}
