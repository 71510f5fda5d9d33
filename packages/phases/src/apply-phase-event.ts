import { transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import type { PhaseModel } from './compile-phase-model.ts';
import { PhaseEvent } from './phase-event.ts';
import type { PhaseTransitionRecord } from './phase-event.ts';
import type { PhaseContext, PhaseMachine } from './phase-machine.ts';
import { unmetTransitionConditions } from './phase-machine.ts';

/** A snapshot of a phase machine, as `initialTransition`, `transition` or an actor give it. */
export type PhaseSnapshot = SnapshotFrom<PhaseMachine>;

/**
 * Why an event was rejected:
 *
 * - `invalid_event`: the event is not a well-formed {@link PhaseEvent};
 * - `unknown_event`: the model has no such event;
 * - `unknown_state`: the model has no such state (or the snapshot is of another model);
 * - `terminal_state`: the unit is in a terminal state;
 * - `not_allowed`: the model has no transition for the event from the current state;
 * - `guard_failed`: a transition exists, but the event does not meet its conditions.
 */
export type PhaseRejectionCode =
  | 'invalid_event'
  | 'unknown_event'
  | 'unknown_state'
  | 'terminal_state'
  | 'not_allowed'
  | 'guard_failed';

/** The result of {@link applyPhaseEvent}. */
export type ApplyPhaseEventResult =
  | {
      readonly ok: true;
      /** The new state id. */
      readonly state: string;
      readonly snapshot: PhaseSnapshot;
      /** What the context now records of the event. */
      readonly record: PhaseTransitionRecord;
    }
  | { readonly ok: false; readonly code: PhaseRejectionCode; readonly reason: string };

/** The state id of a snapshot (phase machines are flat, so the value is a string). */
export function phaseStateOf(snapshot: PhaseSnapshot): string {
  const value: unknown = snapshot.value;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Applies one event to a unit's phase, purely: it computes the next snapshot with xstate's
 * `transition` and executes nothing (no persistence). An illegal event is never ignored: the
 * result says why it was rejected.
 *
 * @param from the current snapshot, or a bare state id (then with an empty history, so
 *   `cameFrom` guards cannot pass)
 * @example
 * const [start] = initialTransition(ipsPhaseModel.machine, { organisationId: 'c1' });
 * const r = applyPhaseEvent(ipsPhaseModel, start, {
 *   type: 'adoption_decided', at: '2016-01-10', evidence: ['e1'], recordedBy: 'ls', confidence: 'high',
 * });
 * if (!r.ok) console.log(r.reason);
 */
export function applyPhaseEvent(
  model: PhaseModel,
  from: PhaseSnapshot | string,
  event: unknown,
): ApplyPhaseEventResult {
  const { definition, machine } = model;
  const reject = (code: PhaseRejectionCode, reason: string): ApplyPhaseEventResult => ({
    ok: false,
    code,
    reason,
  });
  const state = typeof from === 'string' ? from : phaseStateOf(from);
  const stateDef = definition.states.find((s) => s.id === state);
  if (stateDef === undefined || (typeof from !== 'string' && from.machine.id !== machine.id)) {
    return reject(
      'unknown_state',
      stateDef === undefined
        ? `the ${definition.id} model has no state ${state}`
        : `the snapshot belongs to machine ${typeof from === 'string' ? '' : from.machine.id}, not to the ${definition.id} model`,
    );
  }
  const type =
    typeof event === 'object' && event !== null ? (event as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && PhaseEvent.shape.type.safeParse(type).success) {
    if (!definition.events.some((e) => e.id === type)) {
      return reject(
        'unknown_event',
        `the ${definition.id} model has no event ${type} (known: ${definition.events.map((e) => e.id).join(', ')})`,
      );
    }
  }
  const parsed = PhaseEvent.safeParse(event);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`);
    return reject('invalid_event', `the event is not well-formed: ${issues.join('; ')}`);
  }
  const e = parsed.data;
  if (stateDef.terminal === true) {
    return reject('terminal_state', `${state} is terminal: no event can leave it (got ${e.type})`);
  }
  const candidates = model.transitions.filter((t) => t.from === state && t.event === e.type);
  if (candidates.length === 0) {
    const allowed = [
      ...new Set(model.transitions.filter((t) => t.from === state).map((t) => t.event)),
    ];
    return reject(
      'not_allowed',
      `${e.type} is not allowed from ${state} (allowed from ${state}: ${allowed.join(', ')})`,
    );
  }
  const snapshot = typeof from === 'string' ? resolve(model, state) : from;
  if (!snapshot.can(e)) {
    const why = candidates.map((t) => {
      const unmet = unmetTransitionConditions(snapshot.context, e, t.guard);
      return `to ${t.to} needs ${unmet.join(' and ') || 'conditions the machine rejected'}`;
    });
    return reject('guard_failed', `${e.type} from ${state}: ${why.join('; or ')}`);
  }
  const [next] = transition(machine, snapshot, e);
  const record = next.context.history.at(-1);
  if (record === undefined) {
    return reject(
      'guard_failed',
      `${e.type} from ${state} left no record: the machine rejected it`,
    );
  }
  return { ok: true, state: phaseStateOf(next), snapshot: next, record };
}

function resolve(model: PhaseModel, state: string): PhaseSnapshot {
  const { definition } = model;
  const context: PhaseContext = {
    organisationId: '',
    modelId: definition.id,
    modelVersion: definition.version,
    history: [],
    persistence: { status: 'pending' },
  };
  return model.machine.resolveState({ value: state, context });
}
