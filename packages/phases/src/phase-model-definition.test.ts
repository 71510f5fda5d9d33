import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { compilePhaseModel } from './compile-phase-model.ts';
import { PhaseError } from './phase-error.ts';
import { expandTransitions, PhaseModelDefinition } from './phase-model-definition.ts';

/** A small valid model; each test breaks one thing. */
function small(): Record<string, unknown> & {
  states: Record<string, unknown>[];
  events: Record<string, unknown>[];
  transitions: Record<string, unknown>[];
} {
  return {
    id: 'small',
    version: 1,
    label: 'Small',
    unit: 'one team',
    initial: 'a',
    states: [
      { id: 'a', label: 'A', description: 'first' },
      { id: 'b', label: 'B', description: 'second' },
      { id: 'end', label: 'End', description: 'over', terminal: true },
    ],
    events: [
      { id: 'go', label: 'Go', description: 'a to b' },
      { id: 'back', label: 'Back', description: 'b to a' },
      { id: 'stop', label: 'Stop', description: 'to the end' },
    ],
    transitions: [
      { event: 'go', from: 'a', to: 'b' },
      { event: 'back', from: 'b', to: 'a', guard: { requiresEvidence: 2 } },
      { event: 'stop', from: '*', to: 'end' },
    ],
  };
}

function issues(def: unknown): { path: string; message: string }[] {
  const r = PhaseModelDefinition.safeParse(def);
  expect(r.success).toBe(false);
  return (r.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('PhaseModelDefinition', () => {
  it('accepts the small model and expands * to every non-terminal state but the target', () => {
    const def = PhaseModelDefinition.parse(small());
    expect(expandTransitions(def).map((t) => `${t.from}-${t.event}-${t.to}`)).toEqual([
      'a-go-b',
      'b-back-a',
      'a-stop-end',
      'b-stop-end',
    ]);
  });

  it('names an unknown target state with the known ones', () => {
    const def = small();
    def.transitions[0] = { event: 'go', from: 'a', to: 'bb' };
    expect(issues(def)).toContainEqual({
      path: 'transitions.0.to',
      message: 'unknown target state bb (known: a, b, end)',
    });
  });

  it('names unknown source states, events and cameFrom states', () => {
    const def = small();
    def.transitions.push({ event: 'jump', from: ['a', 'zz'], to: 'b', guard: { cameFrom: 'q' } });
    expect(issues(def)).toEqual(
      expect.arrayContaining([
        { path: 'transitions.3.event', message: 'unknown event jump (known: go, back, stop)' },
        { path: 'transitions.3.from.1', message: 'unknown source state zz (known: a, b, end)' },
        { path: 'transitions.3.guard.cameFrom', message: 'unknown state q (known: a, b, end)' },
      ]),
    );
  });

  it('reports an unreachable state', () => {
    const def = small();
    def.states.push({ id: 'island', label: 'Island', description: 'no way in' });
    def.events.push({ id: 'leave', label: 'Leave', description: 'x' });
    def.transitions.push({ event: 'leave', from: 'island', to: 'a' });
    expect(issues(def)).toEqual([
      { path: 'states.3.id', message: 'state island is unreachable from the initial state a' },
    ]);
  });

  it('reports duplicate events, states and transitions', () => {
    const def = small();
    def.events.push({ id: 'go', label: 'Go again', description: 'dup' });
    def.states.push({ id: 'b', label: 'B2', description: 'dup' });
    def.transitions.push({ event: 'back', from: 'b', to: 'a', guard: { requiresEvidence: 2 } });
    expect(issues(def)).toEqual(
      expect.arrayContaining([
        { path: 'events.3.id', message: 'duplicate event go (first defined at events[0])' },
        { path: 'states.3.id', message: 'duplicate state b (first defined at states[1])' },
        {
          path: 'transitions.3',
          message: 'duplicate transition b --back--> a (also at transitions[1])',
        },
      ]),
    );
  });

  it('reports a transition that an earlier unguarded one always shadows', () => {
    const def = small();
    def.transitions.push({ event: 'go', from: 'a', to: 'end', guard: { minConfidence: 'high' } });
    expect(issues(def)).toEqual([
      {
        path: 'transitions.3',
        message: 'never taken: transitions[0] takes go from a without a guard first',
      },
    ]);
  });

  it.each([
    [{ requiresEvidence: 0 }, 'transitions.1.guard.requiresEvidence'],
    [{ requiresEvidence: 1.5 }, 'transitions.1.guard.requiresEvidence'],
    [{ minConfidence: 'very' }, 'transitions.1.guard.minConfidence'],
    [{ fidelityBelow: 200 }, 'transitions.1.guard.fidelityBelow'],
    [{ fidelityAtLeast: 20 }, 'transitions.1.guard.fidelityAtLeast'],
    [{ fidelityBelow: 90, fidelityAtLeast: 100 }, 'transitions.1.guard.fidelityBelow'],
    [{ notBefore: '2022-01-01', notAfter: '2021-01-01' }, 'transitions.1.guard.notAfter'],
    [{ notBefore: '1.1.2022' }, 'transitions.1.guard.notBefore'],
    [{ requiresEvidance: 2 }, 'transitions.1.guard'],
    [{}, 'transitions.1.guard'],
  ])('rejects a guard with bad parameters: %j', (guard, path) => {
    const def = small();
    def.transitions[1] = { event: 'back', from: 'b', to: 'a', guard };
    const found = issues(def);
    expect(found.map((i) => i.path)).toContain(path);
  });

  it('reports an unknown or terminal initial state, transitions out of a terminal state, dead ends and unused events', () => {
    const def = small();
    def.initial = 'end';
    expect(issues(def)).toContainEqual({
      path: 'initial',
      message: 'the initial state end is terminal, so nothing can happen',
    });
    const def2 = small();
    def2.transitions.push({ event: 'go', from: 'end', to: 'a' });
    expect(issues(def2)).toContainEqual({
      path: 'transitions.3.from',
      message: 'end is terminal: no transition may leave it',
    });
    const def3 = small();
    def3.transitions = [
      { event: 'go', from: 'a', to: 'b' },
      { event: 'stop', from: 'a', to: 'end' },
    ];
    expect(issues(def3)).toEqual([
      { path: 'events.1.id', message: 'event back is used by no transition' },
      {
        path: 'states.1.id',
        message:
          'state b has no outgoing transition: mark it terminal: true if the model ends there',
      },
    ]);
  });

  it('checks evidence rules: code keys, not matching everything', () => {
    const def = {
      ...small(),
      evidenceRules: [
        { id: 'r1', event: 'go', description: 'x', all: ['form.structual'] },
        { id: 'r3', event: 'go', description: 'x', none: ['flag.x'] },
        { id: 'r4', event: 'go', description: 'x', flags: ['confidentiality'] },
      ],
    };
    expect(issues(def)).toEqual([
      {
        path: 'evidenceRules.0.all.0',
        message:
          'unknown code key "form.structual": use form.*, purpose.*, lns.*, pillar.* (framework keys) or theme.<key>, flag.<key>',
      },
      {
        path: 'evidenceRules.1',
        message:
          'rule r3 requires no code, so it would match every excerpt: give all, any or flags',
      },
      {
        path: 'evidenceRules.2.flags.0',
        message: 'a flag key is flag.<snake_case>, e.g. flag.confidentiality',
      },
    ]);
  });

  it('checks evidence rules: known events and unique ids (once the shape is valid)', () => {
    const def = {
      ...small(),
      evidenceRules: [
        { id: 'r1', event: 'fly', description: 'x', any: ['theme.t1'] },
        { id: 'r1', event: 'go', description: 'x', flags: ['flag.confidentiality'] },
      ],
    };
    expect(issues(def)).toEqual([
      {
        path: 'evidenceRules.1.id',
        message: 'duplicate rule r1 (first defined at evidenceRules[0])',
      },
      { path: 'evidenceRules.0.event', message: 'unknown event fly (known: go, back, stop)' },
    ]);
  });

  it('checks expected profiles use the framework keys', () => {
    const def = small();
    def.states[0] = {
      ...def.states[0],
      expectedProfile: {
        forms: { dominant: ['form.operational'], supporting: ['form.operational'] },
        purposes: { dominant: ['purpose.creating'] },
        lns: ['lns.routinizing'],
      },
    };
    expect(issues(def).map((i) => i.path)).toEqual([
      'states.0.expectedProfile.forms.supporting.0',
      'states.0.expectedProfile.lns.0',
    ]);
  });
});

describe('compilePhaseModel', () => {
  it('throws PhaseError invalid_definition with the ZodError as cause', () => {
    const def = small();
    def.initial = 'nowhere';
    let caught: unknown;
    try {
      compilePhaseModel(def);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PhaseError);
    expect(caught).toMatchObject({ code: 'invalid_definition' });
    expect((caught as PhaseError).cause).toBeInstanceOf(ZodError);
  });
});
