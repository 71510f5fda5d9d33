import { z } from 'zod';
import { buildPhaseMachine } from './phase-machine.ts';
import type { PhaseMachine } from './phase-machine.ts';
import { PhaseError } from './phase-error.ts';
import { expandTransitions, PhaseModelDefinition } from './phase-model-definition.ts';
import type { PhaseTransition } from './phase-model-definition.ts';

/**
 * A compiled phase model: the validated definition, its xstate machine and its concrete
 * transitions. Pass it to {@link applyPhaseEvent}, {@link suggestPhaseEvents} and
 * {@link restorePhaseSnapshot}.
 */
export interface PhaseModel {
  readonly definition: PhaseModelDefinition;
  readonly machine: PhaseMachine;
  /** Every concrete transition, in definition order (`'*'` and source lists expanded). */
  readonly transitions: readonly PhaseTransition[];
}

/**
 * Validates a phase model definition and compiles it into an xstate v5 machine.
 *
 * Definitions from files are untrusted: check them with `PhaseModelDefinition.safeParse()` first
 * to show the researcher every issue with its path.
 *
 * @throws PhaseError `invalid_definition` when the definition does not validate (the `cause` is
 *   the `ZodError`, the message lists every issue).
 * @example
 * const model = compilePhaseModel(ipsPhaseModelDefinition);
 * const actor = createActor(model.machine, { input: { organisationId: 'collab-1' } });
 */
export function compilePhaseModel(def: unknown): PhaseModel {
  const parsed = PhaseModelDefinition.safeParse(def);
  if (!parsed.success) {
    throw new PhaseError(
      'invalid_definition',
      `invalid phase model definition:\n${z.prettifyError(parsed.error)}`,
      { cause: parsed.error },
    );
  }
  const definition = parsed.data;
  const transitions = expandTransitions(definition);
  return { definition, machine: buildPhaseMachine(definition, transitions), transitions };
}
