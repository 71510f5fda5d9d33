import { assign, fromPromise, setup } from 'xstate';
import { z } from 'zod';
import type { GuardSpec } from './guard-spec.ts';
import { unmetGuardConditions } from './guard-spec.ts';
import { PhaseError } from './phase-error.ts';
import { PhaseEvent } from './phase-event.ts';
import { PhaseTransitionRecord } from './phase-event.ts';
import type { PhaseModelDefinition, PhaseTransition } from './phase-model-definition.ts';

/** Whether the latest state has been saved by the `persistPhase` actor. */
export const PhasePersistence = z.object({
  status: z.enum(['pending', 'saved', 'failed']),
  /** The error message when saving failed. */
  error: z.string().optional(),
});
export type PhasePersistence = z.infer<typeof PhasePersistence>;

/**
 * The context of a phase machine: which organisation (or collaboration) it tracks, by the
 * organisation id the study and the graph use, which model version made it, every
 * accepted event in order, and whether the latest state is saved. Plain JSON, so
 * `JSON.stringify(actor.getPersistedSnapshot())` round-trips.
 */
export const PhaseContext = z.object({
  organisationId: z.string(),
  modelId: z.string(),
  /** The model version the snapshot was made with; see `restorePhaseSnapshot`. */
  modelVersion: z.int().min(1),
  history: z.array(PhaseTransitionRecord),
  persistence: PhasePersistence,
});
export type PhaseContext = z.infer<typeof PhaseContext>;

/**
 * The input of a phase machine: the organisation or collaboration it tracks. Give it when
 * starting a fresh actor (`createActor(machine, { input: { organisationId } })`); a restored
 * actor takes the organisation from its snapshot.
 */
export interface PhaseInput {
  readonly organisationId: string;
}

/**
 * What the `persistPhase` actor receives on entry to every state: enough to store the state and
 * the event that led to it.
 */
export interface PersistPhaseInput {
  readonly organisationId: string;
  readonly modelId: string;
  readonly modelVersion: number;
  readonly state: string;
  /** The event that led here; `null` in the initial state. */
  readonly last: PhaseTransitionRecord | null;
  readonly context: PhaseContext;
}

/** Parameters of the machine's one guard: the transition's declarative guard, if any. */
export interface PhaseGuardParams {
  readonly guard: GuardSpec | undefined;
}

/**
 * Why `event` may not take a transition guarded by `guard` from a machine with `context`, in
 * words; an empty list means it may. Besides the declarative guard, every event must be
 * well-formed ({@link PhaseEvent}) and dated no earlier than the last recorded event.
 */
export function unmetTransitionConditions(
  context: PhaseContext,
  event: unknown,
  guard: GuardSpec | undefined,
): string[] {
  const parsed = PhaseEvent.safeParse(event);
  if (!parsed.success) {
    return parsed.error.issues.map(
      (i) => `a well-formed event (${i.path.join('.') || 'event'}: ${i.message})`,
    );
  }
  const e = parsed.data;
  const last = context.history.at(-1);
  const order =
    last !== undefined && e.at < last.at
      ? [
          `a date no earlier than the last recorded event (${last.event} on ${last.at}; got ${e.at})`,
        ]
      : [];
  return [
    ...order,
    ...unmetGuardConditions(guard, {
      evidence: e.evidence,
      confidence: e.confidence,
      fidelity: e.fidelity,
      at: e.at,
      previousState: last === undefined ? null : last.from,
    }),
  ];
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The implementations every phase machine shares: one parameterised guard, the actions that
 * record events and persistence results, and the `persistPhase` actor slot, which fails with
 * `PhaseError('not_provided')` until an app `.provide()`s it.
 */
export const phaseMachineSetup = setup({
  types: {
    context: {} as PhaseContext,
    events: {} as PhaseEvent,
    // optional so that `createActor(machine, { snapshot })` restores without an input
    input: {} as PhaseInput | undefined,
  },
  guards: {
    phaseGuard: ({ context, event }, params: PhaseGuardParams) =>
      unmetTransitionConditions(context, event, params.guard).length === 0,
  },
  actions: {
    recordTransition: assign(({ context, event }, params: { from: string; to: string }) => {
      const parsed = PhaseEvent.safeParse(event);
      if (!parsed.success) return {};
      const { type, at, evidence, recordedBy, confidence, fidelity, note } = parsed.data;
      const record: PhaseTransitionRecord = {
        seq: context.history.length + 1,
        event: type,
        from: params.from,
        to: params.to,
        at,
        evidence: [...new Set(evidence)],
        recordedBy,
        confidence,
        ...(fidelity === undefined ? {} : { fidelity }),
        ...(note === undefined ? {} : { note }),
      };
      return { history: [...context.history, record], persistence: { status: 'pending' } };
    }),
    markPersisted: assign({ persistence: { status: 'saved' } }),
    markPersistFailed: assign((_, params: { error: string }) => ({
      persistence: { status: 'failed', error: params.error },
    })),
  },
  actors: {
    persistPhase: fromPromise<void, PersistPhaseInput>(() =>
      Promise.reject(
        new PhaseError(
          'not_provided',
          'persistPhase is not provided: call machine.provide({ actors: { persistPhase } })',
        ),
      ),
    ),
  },
});

type PhaseMachineConfig = Parameters<typeof phaseMachineSetup.createMachine>[0];
type PhaseStateConfig = NonNullable<PhaseMachineConfig['states']>[string];
type PhaseTransitionConfig = {
  target: string;
  guard: { type: 'phaseGuard'; params: PhaseGuardParams };
  actions: { type: 'recordTransition'; params: { from: string; to: string } };
};

function stateConfig(
  def: PhaseModelDefinition,
  state: PhaseModelDefinition['states'][number],
  transitions: readonly PhaseTransition[],
): PhaseStateConfig {
  const on: Record<string, PhaseTransitionConfig[]> = {};
  for (const t of transitions) {
    if (t.from !== state.id) continue;
    (on[t.event] ??= []).push({
      target: t.to,
      guard: { type: 'phaseGuard', params: { guard: t.guard } },
      actions: { type: 'recordTransition', params: { from: t.from, to: t.to } },
    });
  }
  return {
    description: state.description,
    meta: { label: state.label, terminal: state.terminal === true },
    invoke: {
      src: 'persistPhase',
      id: 'persistPhase',
      input: ({ context }) => ({
        organisationId: context.organisationId,
        modelId: def.id,
        modelVersion: def.version,
        state: state.id,
        last: context.history.at(-1) ?? null,
        context,
      }),
      onDone: { actions: 'markPersisted' },
      onError: {
        actions: {
          type: 'markPersistFailed',
          params: ({ event }) => ({ error: errorMessage(event.error) }),
        },
      },
    },
    on,
  };
}

/**
 * Builds the xstate machine of a validated definition. Terminal states are not xstate `final`
 * states: the actor stays active there, so entering a terminal state is persisted like any
 * other.
 */
export function buildPhaseMachine(
  def: PhaseModelDefinition,
  transitions: readonly PhaseTransition[],
) {
  const states: Record<string, PhaseStateConfig> = {};
  for (const state of def.states) states[state.id] = stateConfig(def, state, transitions);
  return phaseMachineSetup.createMachine({
    id: def.id,
    initial: def.initial,
    meta: { modelId: def.id, version: def.version },
    context: ({ input }) => ({
      organisationId: input?.organisationId ?? '',
      modelId: def.id,
      modelVersion: def.version,
      history: [],
      persistence: { status: 'pending' },
    }),
    states,
  });
}

/** The xstate machine of a compiled phase model. */
export type PhaseMachine = ReturnType<typeof buildPhaseMachine>;
