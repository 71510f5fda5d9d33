import { DomainError } from '@iwa/taxonomy';

/**
 * The codes a {@link PhaseError} carries:
 *
 * - `not_provided`: an actor slot (`persistPhase`) ran without an implementation; the app must
 *   `.provide()` one.
 * - `invalid_definition`: a phase model definition failed validation (see the `cause`).
 * - `invalid_snapshot`: a persisted snapshot does not have the shape of a phase snapshot.
 * - `unsupported_version`: a persisted snapshot has a model version no migration leads from.
 * - `unknown_state`: a state id that the phase model does not define.
 */
export type PhaseErrorCode =
  | 'not_provided'
  | 'invalid_definition'
  | 'invalid_snapshot'
  | 'unsupported_version'
  | 'unknown_state';

/**
 * The one error class of `@iwa/phases`. Branch on `code`, not on the message.
 *
 * Expected bad input (an illegal event) is never thrown: {@link applyPhaseEvent} returns a
 * rejection with a reason instead.
 */
export class PhaseError extends DomainError<PhaseErrorCode> {
  override readonly name = 'PhaseError';
}
