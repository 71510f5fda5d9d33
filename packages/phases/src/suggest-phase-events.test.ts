import { describe, expect, it } from 'vitest';
import { drive, ipsScenarios, pathTo } from '../test/ips-scenarios.ts';
import { ipsPhaseModel } from './ips-phase-model.ts';
import { PhaseError } from './phase-error.ts';
import { excerptMatchesRule, suggestPhaseEvents } from './suggest-phase-events.ts';
import type { PhaseExcerpt } from './suggest-phase-events.ts';

const model = ipsPhaseModel;
const x = (id: string, codes: string[], extra: Partial<PhaseExcerpt> = {}): PhaseExcerpt => ({
  id,
  codes,
  ...extra,
});
const confidentiality = ['form.operational', 'purpose.maintaining', 'flag.confidentiality'];

describe('suggestPhaseEvents', () => {
  it('suggests integration_limited from health performers keeping the specialist out', () => {
    const excerpts = [
      x('e1', confidentiality, { performer: { sector: 'health' } }),
      x('e2', confidentiality, { performer: { sector: 'nav' } }),
      x('e3', ['form.operational', 'purpose.maintaining'], { performer: { sector: 'health' } }),
    ];
    const suggestions = suggestPhaseEvents(model, 'operationalising', excerpts);
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({
      event: 'integration_limited',
      rule: { id: 'health_confidentiality_limits' },
      evidence: ['e1'],
      confidence: 'medium',
      targets: [{ to: 'partially_integrated', needs: [] }],
    });
    expect(suggestions[0]?.explanation).toBe(
      '1 excerpt match rule health_confidentiality_limits (health performers keep the specialist out on confidentiality grounds): suggests Integration limited [integration_limited] from Operationalising [operationalising] to Partially integrated [partially_integrated]',
    );
  });

  it('suggests collaboration_initiated from structural creating work on agreements and steering groups', () => {
    const structural = ['form.structural', 'purpose.creating'];
    const two = [
      x('s1', [...structural, 'flag.steering_group']),
      x('s2', [...structural, 'lns.defining']),
      x('s3', structural),
    ];
    const [first] = suggestPhaseEvents(model, 'adoption_decided', two);
    expect(first).toMatchObject({
      event: 'collaboration_initiated',
      rule: { id: 'collaboration_structures_created' },
      evidence: ['s1', 's2'],
      confidence: 'medium',
    });
    const four = [
      ...two,
      x('s4', [...structural, 'lns.defining']),
      x('s5', [...structural, 'flag.steering_group']),
    ];
    expect(suggestPhaseEvents(model, 'adoption_decided', four)[0]).toMatchObject({
      evidence: ['s1', 's2', 's4', 's5'],
      confidence: 'high',
    });
    expect(suggestPhaseEvents(model, 'adoption_decided', two.slice(0, 1))).toEqual([]);
  });

  it('suggests specialist_placed from operational creating work that meets resistance', () => {
    const excerpts = [
      x('o1', ['form.operational', 'purpose.creating', 'flag.resistance_encountered']),
    ];
    expect(suggestPhaseEvents(model, 'establishing', excerpts).map((s) => s.event)).toEqual([
      'specialist_placed',
    ]);
  });

  it('only suggests events legal from the current state', () => {
    const excerpts = [
      x('e1', confidentiality, { performer: { sector: 'health' } }),
      x('o1', ['form.operational', 'purpose.creating', 'flag.resistance_encountered']),
    ];
    expect(suggestPhaseEvents(model, 'pre_adoption', excerpts)).toEqual([]);
    expect(suggestPhaseEvents(model, 'de_implemented', excerpts)).toEqual([]);
    for (const state of model.definition.states.map((s) => s.id)) {
      const legal = new Set(model.transitions.filter((t) => t.from === state).map((t) => t.event));
      for (const s of suggestPhaseEvents(model, state, excerpts)) expect(legal).toContain(s.event);
    }
    expect(suggestPhaseEvents(model, 'routinised', excerpts).map((s) => s.event)).toEqual([
      'regression_to_partial',
    ]);
  });

  it('never suggests regulatory reassignment from undated or pre-2022 excerpts', () => {
    const codes = ['form.structural', 'purpose.disrupting', 'lns.disconnecting_sanctions'];
    expect(
      suggestPhaseEvents(model, 'routinised', [
        x('r1', codes),
        x('r2', codes, { date: '2021-11-30' }),
      ]),
    ).toEqual([]);
    expect(
      suggestPhaseEvents(model, 'routinised', [x('r3', codes, { date: '2022-03-01' })]).map((s) => [
        s.event,
        s.evidence,
      ]),
    ).toEqual([['regulatory_reassignment', ['r3']]]);
  });

  it('says what a suggestion still needs to pass the guard', () => {
    const decline = [
      x('f1', ['form.operational', 'purpose.maintaining', 'flag.fidelity_reference']),
    ];
    expect(suggestPhaseEvents(model, 'routinised', decline)[0]?.targets).toEqual([
      { to: 'drifted', needs: ['a fidelity review total below 100'] },
    ]);
    const upheld = [
      x('u1', ['form.operational', 'purpose.maintaining', 'lns.embedding_and_routinizing']),
      x('u2', ['form.operational', 'purpose.maintaining', 'lns.policing']),
    ];
    expect(suggestPhaseEvents(model, 'operationalising', upheld)[0]).toMatchObject({
      event: 'integration_achieved',
      targets: [{ to: 'routinised', needs: [] }],
    });
  });

  it('reads the path from a snapshot: anchor_secured leads back where the unit stalled', () => {
    const stalled = drive(model, pathTo(ipsScenarios, 'pre_adoption', 'stalled', 'establishing'));
    const allies = [
      x('a1', ['form.relational', 'purpose.creating', 'flag.ally_enlisted']),
      x('a2', ['form.structural', 'purpose.creating', 'flag.ally_enlisted']),
    ];
    expect(suggestPhaseEvents(model, stalled, allies)[0]?.targets).toEqual([
      { to: 'establishing', needs: [] },
      {
        to: 'operationalising',
        needs: ['the previous state to be operationalising (was establishing)'],
      },
    ]);
  });

  it('orders suggestions by confidence, then evidence', () => {
    const excerpts = [
      x('a', ['form.operational', 'purpose.creating', 'flag.resistance_encountered']),
      x('b', ['form.operational', 'purpose.creating', 'lns.enabling_work']),
      x('c', ['form.operational', 'purpose.creating', 'lns.vesting']),
      x('d', ['form.relational', 'flag.lacks_authority']),
      x('e', ['form.conceptual', 'flag.lacks_authority']),
    ];
    expect(
      suggestPhaseEvents(model, 'establishing', excerpts).map((s) => [s.event, s.confidence]),
    ).toEqual([
      ['resources_reallocated', 'high'],
      ['specialist_placed', 'medium'],
      ['progress_blocked', 'low'],
    ]);
  });

  it('throws PhaseError unknown_state for a state the model lacks', () => {
    expect(() => suggestPhaseEvents(model, 'routinized', [])).toThrow(PhaseError);
  });
});

describe('excerptMatchesRule', () => {
  const rule = model.definition.evidenceRules?.find((r) => r.id === 'authority_lacking');
  it('applies all/any/flags/none', () => {
    expect(rule).toBeDefined();
    if (rule === undefined) return;
    expect(excerptMatchesRule(rule, x('1', ['form.relational', 'flag.lacks_authority']))).toBe(
      true,
    );
    expect(excerptMatchesRule(rule, x('2', ['form.operational', 'flag.lacks_authority']))).toBe(
      false,
    );
    expect(excerptMatchesRule(rule, x('3', ['form.relational']))).toBe(false);
    expect(
      excerptMatchesRule(
        rule,
        x('4', ['form.relational', 'flag.lacks_authority', 'flag.ally_enlisted']),
      ),
    ).toBe(false);
  });
});
