import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import {
  drive,
  day,
  ipsPathScenarios,
  ipsScenarios,
  pathTo,
  transitionKey,
} from '../test/ips-scenarios.ts';
import { applyPhaseEvent } from './apply-phase-event.ts';
import { ipsPhaseModel, ipsPhaseModelDefinition } from './ips-phase-model.ts';
import { PhaseModelDefinition } from './phase-model-definition.ts';

const model = ipsPhaseModel;
const initial = model.definition.initial;

describe('the default IPS phase model', () => {
  it('is plain data in the definition format and validates', () => {
    const parsed = PhaseModelDefinition.safeParse(
      JSON.parse(JSON.stringify(ipsPhaseModelDefinition)),
    );
    expect(parsed.success, parsed.error?.message).toBe(true);
    expect(model.definition.states.map((s) => s.id)).toEqual([
      'pre_adoption',
      'adoption_decided',
      'establishing',
      'operationalising',
      'routinised',
      'partially_integrated',
      'stalled',
      'drifted',
      'de_integrated',
      'de_implemented',
    ]);
    expect(model.definition.states.filter((s) => s.terminal === true).map((s) => s.id)).toEqual([
      'de_implemented',
    ]);
  });

  it('has a scenario for every transition of the definition, and none for transitions it lacks', () => {
    const defined = model.transitions.map(transitionKey).sort();
    const tested = [...ipsScenarios, ...ipsPathScenarios].map((s) =>
      transitionKey({ from: s.from, event: s.event.type, to: s.to }),
    );
    expect([...new Set(tested)].sort()).toEqual(defined);
  });

  it.each(ipsScenarios.map((s) => [transitionKey({ ...s, event: s.event.type }), s] as const))(
    '%s',
    (_, scenario) => {
      const path = pathTo(ipsScenarios, initial, scenario.from);
      const before = drive(model, path);
      expect(before.value).toBe(scenario.from);
      const event = { ...scenario.event, at: day(path.length + 1) };
      expect(before.can(event)).toBe(true);
      const [after] = transition(model.machine, before, event);
      expect(after.value).toBe(scenario.to);
      expect(after.context.history.at(-1)).toMatchObject({
        seq: path.length + 1,
        event: scenario.event.type,
        from: scenario.from,
        to: scenario.to,
        at: event.at,
      });
    },
  );

  it.each(
    ipsPathScenarios.map(
      (s) =>
        [`${transitionKey({ ...s, event: s.event.type })} (stalled from ${s.via})`, s] as const,
    ),
  )('%s', (_, scenario) => {
    const path = pathTo(ipsScenarios, initial, scenario.from, scenario.via);
    const before = drive(model, path);
    expect(before.context.history.at(-1)?.from).toBe(scenario.via);
    const event = { ...scenario.event, at: day(path.length + 1) };
    const [after] = transition(model.machine, before, event);
    expect(after.value).toBe(scenario.to);
  });

  describe('guards', () => {
    const at = (state: string) => drive(model, pathTo(ipsScenarios, initial, state));
    const event = (type: string, extra: object = {}) => ({
      type,
      at: '2030-01-01',
      evidence: ['a', 'b'],
      recordedBy: 'coder-1',
      confidence: 'medium',
      ...extra,
    });

    it('routinised needs evidence of integration: two excerpts, at least medium confidence', () => {
      const s = at('operationalising');
      const oneExcerpt = applyPhaseEvent(
        model,
        s,
        event('integration_achieved', { evidence: ['a', 'a'] }),
      );
      expect(oneExcerpt).toMatchObject({ ok: false, code: 'guard_failed' });
      expect(!oneExcerpt.ok && oneExcerpt.reason).toContain('at least 2 evidence excerpts (got 1)');
      const unsure = applyPhaseEvent(
        model,
        s,
        event('integration_achieved', { confidence: 'low' }),
      );
      expect(!unsure.ok && unsure.reason).toContain('confidence at least medium (got low)');
      expect(applyPhaseEvent(model, s, event('integration_achieved'))).toMatchObject({
        ok: true,
        state: 'routinised',
      });
    });

    it('a fidelity review below 100 moves routinised to drifted; 100 or more does not', () => {
      const s = at('routinised');
      for (const fidelity of [99, 74, 40]) {
        expect(applyPhaseEvent(model, s, event('fidelity_decline', { fidelity }))).toMatchObject({
          ok: true,
          state: 'drifted',
        });
      }
      const good = applyPhaseEvent(model, s, event('fidelity_decline', { fidelity: 100 }));
      expect(good).toMatchObject({ ok: false, code: 'guard_failed' });
      expect(!good.ok && good.reason).toContain('a fidelity review total below 100 (got 100)');
      const none = applyPhaseEvent(model, s, event('fidelity_decline'));
      expect(!none.ok && none.reason).toContain('a fidelity review total below 100');
    });

    it('fidelity is restored only by a review of at least 100', () => {
      const s = at('drifted');
      expect(applyPhaseEvent(model, s, event('fidelity_restored', { fidelity: 99 }))).toMatchObject(
        {
          ok: false,
          code: 'guard_failed',
        },
      );
      expect(
        applyPhaseEvent(model, s, event('fidelity_restored', { fidelity: 100 })),
      ).toMatchObject({
        ok: true,
        state: 'routinised',
      });
    });

    it('anchor_secured returns to where the unit stalled, and says why the other way is closed', () => {
      const s = drive(model, pathTo(ipsScenarios, initial, 'stalled', 'operationalising'));
      const r = applyPhaseEvent(model, s, event('anchor_secured'));
      expect(r).toMatchObject({ ok: true, state: 'operationalising' });
      const bare = applyPhaseEvent(model, 'stalled', event('anchor_secured'));
      expect(bare).toMatchObject({ ok: false, code: 'guard_failed' });
      expect(!bare.ok && bare.reason).toContain(
        'to establishing needs the previous state to be establishing (no earlier state is recorded)',
      );
    });
  });
});
