import { z } from 'zod';
import { EvidenceRule } from './evidence-rule.ts';
import { ExpectedWorkProfile } from './expected-work-profile.ts';
import { GuardSpec } from './guard-spec.ts';
import { PhaseId } from './phase-event.ts';

/** One state (phase) of a phase model. */
export const PhaseStateDefinition = z.strictObject({
  id: PhaseId,
  label: z.string().min(1),
  description: z.string().min(1),
  /** A terminal state ends the model: no transition leaves it. */
  terminal: z.boolean().optional(),
  /** The institutional work the phase is expected to show. */
  expectedProfile: ExpectedWorkProfile.optional(),
  /** Where the state comes from (sources, claims). */
  grounding: z.string().optional(),
});
export type PhaseStateDefinition = z.infer<typeof PhaseStateDefinition>;

/** One event of a phase model. */
export const PhaseEventDefinition = z.strictObject({
  id: PhaseId,
  label: z.string().min(1),
  description: z.string().min(1),
  grounding: z.string().optional(),
});
export type PhaseEventDefinition = z.infer<typeof PhaseEventDefinition>;

/**
 * One transition: `event` moves the unit from `from` (one state, several, or `'*'` for every
 * non-terminal state other than `to`) to `to`, when the optional `guard` holds. Several guarded
 * transitions for the same event and state are tried in the order they are listed.
 */
export const PhaseTransitionDefinition = z.strictObject({
  event: PhaseId,
  from: z.union([z.literal('*'), PhaseId, z.array(PhaseId).min(1)]),
  to: PhaseId,
  guard: GuardSpec.optional(),
  description: z.string().optional(),
  /** True when no source states the transition and it is the model author's inference. */
  inferred: z.boolean().optional(),
});
export type PhaseTransitionDefinition = z.infer<typeof PhaseTransitionDefinition>;

const PhaseModelShape = z.strictObject({
  id: PhaseId,
  /** Bump when states change shape; persisted snapshots of older versions need a migration. */
  version: z.int().min(1),
  label: z.string().min(1),
  description: z.string().optional(),
  /** What one machine tracks, e.g. "one IPS collaboration". */
  unit: z.string().min(1),
  initial: PhaseId,
  states: z.array(PhaseStateDefinition).min(1),
  events: z.array(PhaseEventDefinition).min(1),
  transitions: z.array(PhaseTransitionDefinition).min(1),
  evidenceRules: z.array(EvidenceRule).optional(),
});
/**
 * A phase model as plain data: states, events, transitions with declarative guards, expected
 * work profiles and evidence rules. A study can write its own in its YAML; iwa's default model
 * is written the same way. `PhaseModelDefinition.safeParse(value)` reports every problem with
 * its path in two rounds: first the shape (unknown fields, bad code keys, guards with bad
 * parameters), then, once the shape is valid, the cross-references (unknown states or events,
 * duplicates, transitions never taken, unreachable or dead-end states, unused events).
 */
export const PhaseModelDefinition = PhaseModelShape.superRefine(checkModel);
export type PhaseModelDefinition = z.infer<typeof PhaseModelDefinition>;

/** One concrete transition of a model, with `'*'` and lists of source states expanded. */
export interface PhaseTransition {
  readonly from: string;
  readonly event: string;
  readonly to: string;
  readonly guard?: GuardSpec;
  /** Its index in the definition's `transitions`. */
  readonly definitionIndex: number;
}

/**
 * Every concrete transition of a definition, in definition order: a transition with several
 * source states (or `'*'`) becomes one per source state.
 */
export function expandTransitions(def: PhaseModelDefinition): PhaseTransition[] {
  const nonTerminal = def.states.filter((s) => s.terminal !== true).map((s) => s.id);
  return def.transitions.flatMap((t, definitionIndex) => {
    const sources =
      t.from === '*'
        ? nonTerminal.filter((id) => id !== t.to)
        : typeof t.from === 'string'
          ? [t.from]
          : t.from;
    return sources.map((from) => ({
      from,
      event: t.event,
      to: t.to,
      ...(t.guard === undefined ? {} : { guard: t.guard }),
      definitionIndex,
    }));
  });
}

function known(ids: Iterable<string>): string {
  return `known: ${[...ids].join(', ')}`;
}

function firstIndexes<T>(
  items: readonly T[],
  key: (item: T) => string,
  report: (i: number, first: number) => void,
): Map<string, number> {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else report(i, first);
  });
  return seen;
}

function checkModel(def: PhaseModelDefinition, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string): void => {
    ctx.addIssue({ code: 'custom', path, message });
  };
  const states = firstIndexes(
    def.states,
    (s) => s.id,
    (i, first) =>
      issue(
        ['states', i, 'id'],
        `duplicate state ${def.states[i]?.id} (first defined at states[${first}])`,
      ),
  );
  const events = firstIndexes(
    def.events,
    (e) => e.id,
    (i, first) =>
      issue(
        ['events', i, 'id'],
        `duplicate event ${def.events[i]?.id} (first defined at events[${first}])`,
      ),
  );
  const terminal = new Set(def.states.filter((s) => s.terminal === true).map((s) => s.id));

  if (!states.has(def.initial)) {
    issue(['initial'], `unknown initial state ${def.initial} (${known(states.keys())})`);
  } else if (terminal.has(def.initial)) {
    issue(['initial'], `the initial state ${def.initial} is terminal, so nothing can happen`);
  }

  def.transitions.forEach((t, i) => {
    if (!events.has(t.event)) {
      issue(['transitions', i, 'event'], `unknown event ${t.event} (${known(events.keys())})`);
    }
    if (!states.has(t.to)) {
      issue(['transitions', i, 'to'], `unknown target state ${t.to} (${known(states.keys())})`);
    }
    const sources = t.from === '*' ? [] : typeof t.from === 'string' ? [t.from] : t.from;
    sources.forEach((from, j) => {
      const path =
        typeof t.from === 'string' ? ['transitions', i, 'from'] : ['transitions', i, 'from', j];
      if (!states.has(from)) {
        issue(path, `unknown source state ${from} (${known(states.keys())})`);
      } else if (terminal.has(from)) {
        issue(path, `${from} is terminal: no transition may leave it`);
      }
    });
    const cameFrom = t.guard?.cameFrom;
    if (cameFrom !== undefined && !states.has(cameFrom)) {
      issue(
        ['transitions', i, 'guard', 'cameFrom'],
        `unknown state ${cameFrom} (${known(states.keys())})`,
      );
    }
  });

  const expanded = expandTransitions(def).filter(
    (t) => states.has(t.from) && states.has(t.to) && events.has(t.event),
  );
  const byPair = new Map<string, PhaseTransition[]>();
  for (const t of expanded) {
    const pair = `${t.from}\u0000${t.event}`;
    const earlier = byPair.get(pair) ?? [];
    const same = earlier.find(
      (e) => e.to === t.to && JSON.stringify(e.guard) === JSON.stringify(t.guard),
    );
    const unguarded = earlier.find((e) => e.guard === undefined);
    if (same !== undefined) {
      issue(
        ['transitions', t.definitionIndex],
        `duplicate transition ${t.from} --${t.event}--> ${t.to} (also at transitions[${same.definitionIndex}])`,
      );
    } else if (unguarded !== undefined) {
      issue(
        ['transitions', t.definitionIndex],
        `never taken: transitions[${unguarded.definitionIndex}] takes ${t.event} from ${t.from} without a guard first`,
      );
    }
    byPair.set(pair, [...earlier, t]);
  }

  const used = new Set(expanded.map((t) => t.event));
  def.events.forEach((e, i) => {
    if (events.get(e.id) === i && !used.has(e.id)) {
      issue(['events', i, 'id'], `event ${e.id} is used by no transition`);
    }
  });

  const reached = new Set<string>();
  const queue = states.has(def.initial) ? [def.initial] : [];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    if (reached.has(s)) continue;
    reached.add(s);
    for (const t of expanded) if (t.from === s && !reached.has(t.to)) queue.push(t.to);
  }
  const hasExit = new Set(expanded.map((t) => t.from));
  def.states.forEach((s, i) => {
    if (states.get(s.id) !== i) return;
    if (states.has(def.initial) && !reached.has(s.id)) {
      issue(
        ['states', i, 'id'],
        `state ${s.id} is unreachable from the initial state ${def.initial}`,
      );
    }
    if (s.terminal !== true && !hasExit.has(s.id)) {
      issue(
        ['states', i, 'id'],
        `state ${s.id} has no outgoing transition: mark it terminal: true if the model ends there`,
      );
    }
  });

  const rules = def.evidenceRules ?? [];
  firstIndexes(
    rules,
    (r) => r.id,
    (i, first) =>
      issue(
        ['evidenceRules', i, 'id'],
        `duplicate rule ${rules[i]?.id} (first defined at evidenceRules[${first}])`,
      ),
  );
  rules.forEach((r, i) => {
    if (!events.has(r.event)) {
      issue(['evidenceRules', i, 'event'], `unknown event ${r.event} (${known(events.keys())})`);
    }
  });
}
