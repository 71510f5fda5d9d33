import { initialTransition } from 'xstate';
import type { PhaseEvent, PhaseModel, PhaseSnapshot } from '../src/index.ts';
import { applyPhaseEvent } from '../src/index.ts';

/** A phase event without its date: paths give events increasing dates. */
export type UndatedEvent = Omit<PhaseEvent, 'at'>;

/** One hand-written test case per transition: the event sent in `from` and where it must lead. */
export interface Scenario {
  readonly from: string;
  readonly event: UndatedEvent;
  readonly to: string;
}

const base = { recordedBy: 'coder-1', confidence: 'medium' } as const;
const ev = (type: string, extra: Partial<UndatedEvent> = {}): UndatedEvent => ({
  type,
  evidence: [`x-${type}-1`],
  ...base,
  ...extra,
});

/**
 * The scenarios of the default model, one per concrete transition. The coverage test fails when
 * the model gains a transition without a scenario here.
 */
export const ipsScenarios: readonly Scenario[] = [
  { from: 'pre_adoption', event: ev('adoption_decided'), to: 'adoption_decided' },
  { from: 'adoption_decided', event: ev('collaboration_initiated'), to: 'establishing' },
  { from: 'establishing', event: ev('specialist_placed'), to: 'operationalising' },
  { from: 'establishing', event: ev('resources_reallocated'), to: 'operationalising' },
  {
    from: 'operationalising',
    event: ev('integration_achieved', { evidence: ['x-int-1', 'x-int-2'] }),
    to: 'routinised',
  },
  { from: 'operationalising', event: ev('integration_limited'), to: 'partially_integrated' },
  { from: 'partially_integrated', event: ev('recommitment'), to: 'operationalising' },
  { from: 'establishing', event: ev('progress_blocked'), to: 'stalled' },
  { from: 'operationalising', event: ev('progress_blocked'), to: 'stalled' },
  { from: 'routinised', event: ev('regression_to_partial'), to: 'partially_integrated' },
  { from: 'routinised', event: ev('fidelity_decline', { fidelity: 88 }), to: 'drifted' },
  { from: 'drifted', event: ev('fidelity_restored', { fidelity: 104 }), to: 'routinised' },
  { from: 'routinised', event: ev('regulatory_reassignment'), to: 'de_integrated' },
  { from: 'partially_integrated', event: ev('regulatory_reassignment'), to: 'de_integrated' },
  { from: 'de_integrated', event: ev('reintegration_attempt'), to: 'establishing' },
  ...[
    'adoption_decided',
    'establishing',
    'operationalising',
    'routinised',
    'partially_integrated',
    'drifted',
    'de_integrated',
  ].map((from) => ({ from, event: ev('service_discontinued'), to: 'de_implemented' })),
];

/**
 * Scenarios that depend on the path taken: `anchor_secured` returns to where the unit stalled,
 * so they come with the state visited before `from`.
 */
export const ipsPathScenarios: readonly (Scenario & { readonly via: string })[] = [
  { via: 'establishing', from: 'stalled', event: ev('anchor_secured'), to: 'establishing' },
  { via: 'operationalising', from: 'stalled', event: ev('anchor_secured'), to: 'operationalising' },
  {
    via: 'operationalising',
    from: 'stalled',
    event: ev('service_discontinued'),
    to: 'de_implemented',
  },
];

/** `from --event--> to`, the key tests use to match scenarios with transitions. */
export function transitionKey(t: { from: string; event: string; to: string }): string {
  return `${t.from} --${t.event}--> ${t.to}`;
}

/** The day `i` days after 2015-01-01, as an ISO date. */
export function day(i: number): string {
  return new Date(Date.UTC(2015, 0, 1 + i)).toISOString().slice(0, 10);
}

/**
 * The shortest list of scenario events that leads from the initial state to `target`
 * (through `via` just before it, when given).
 */
export function pathTo(
  scenarios: readonly Scenario[],
  initial: string,
  target: string,
  via?: string,
): UndatedEvent[] {
  const find = (start: string, goal: string): UndatedEvent[] => {
    const prev = new Map<string, { state: string; event: UndatedEvent } | null>([[start, null]]);
    const queue = [start];
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      if (s === goal) break;
      for (const sc of scenarios) {
        if (sc.from === s && !prev.has(sc.to)) {
          prev.set(sc.to, { state: s, event: sc.event });
          queue.push(sc.to);
        }
      }
    }
    if (!prev.has(goal)) throw new Error(`no scenario path from ${start} to ${goal}`);
    const events: UndatedEvent[] = [];
    for (let step = prev.get(goal); step; step = prev.get(step.state)) events.unshift(step.event);
    return events;
  };
  if (via === undefined) return find(initial, target);
  return [...find(initial, via), ...find(via, target)];
}

/**
 * Drives a fresh unit through `events` with {@link applyPhaseEvent}, dating them day 1, 2, …;
 * fails the test when any is rejected.
 */
export function drive(
  model: PhaseModel,
  events: readonly UndatedEvent[],
  organisationId = 'nav-bodo',
): PhaseSnapshot {
  let [snapshot] = initialTransition(model.machine, { organisationId });
  events.forEach((event, i) => {
    const result = applyPhaseEvent(model, snapshot, { ...event, at: day(i + 1) });
    if (!result.ok) throw new Error(`step ${i + 1} (${event.type}) rejected: ${result.reason}`);
    snapshot = result.snapshot;
  });
  return snapshot;
}
