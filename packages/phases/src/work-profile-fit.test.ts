import { describe, expect, it } from 'vitest';
import { ipsPhaseModel } from './ips-phase-model.ts';
import { PhaseError } from './phase-error.ts';
import { compareWorkProfile } from './work-profile-fit.ts';

const model = ipsPhaseModel;

describe('compareWorkProfile', () => {
  it('fits establishing when structural and conceptual creating work dominate', () => {
    const fit = compareWorkProfile(model, {
      organisationId: 'c1',
      state: 'establishing',
      counts: {
        'form.structural': 4,
        'form.conceptual': 2,
        'form.relational': 2,
        'purpose.creating': 8,
        'lns.educating': 3,
        'theme.t1': 5,
      },
    });
    expect(fit.verdict).toBe('fit');
    // forms: 6/8 expected dominant + 2/8 × 0.5 supporting = 0.875; purposes: 8/8 = 1
    expect(fit.forms.score).toBe(0.875);
    expect(fit.purposes.score).toBe(1);
    expect(fit.score).toBe(0.938);
    expect(fit.forms.categories.map((c) => [c.key, c.share, c.expected, c.dominant])).toEqual([
      ['form.structural', 0.5, 'dominant', true],
      ['form.conceptual', 0.25, 'dominant', true],
      ['form.relational', 0.25, 'supporting', true],
      ['form.operational', 0, 'not_expected', false],
    ]);
    expect(fit.lns[0]).toEqual({ key: 'lns.educating', count: 3, expected: true });
    expect(fit.explanation).toBe(
      'c1 in establishing: fit, score 0.94. Forms fit (n=8): dominant observed structural 50%, conceptual 25%, relational 25%; expected dominant structural, conceptual, supporting relational. Purposes fit (n=8): dominant observed creating 100%; expected dominant creating. Expected L&S forms seen: educating 3; not seen: advocacy, defining, constructing_normative_networks, theorizing.',
    );
  });

  it('calls it a misfit when the dominant work is of other kinds', () => {
    const fit = compareWorkProfile(model, {
      organisationId: 'c2',
      state: 'routinised',
      counts: {
        'form.structural': 7,
        'form.relational': 3,
        'purpose.creating': 6,
        'purpose.disrupting': 4,
      },
    });
    expect(fit.forms.verdict).toBe('misfit');
    expect(fit.purposes.verdict).toBe('partial');
    expect(fit.verdict).toBe('partial');
    const worse = compareWorkProfile(model, {
      organisationId: 'c2',
      state: 'routinised',
      counts: { 'form.structural': 7, 'form.relational': 3, 'purpose.disrupting': 10 },
    });
    expect(worse.verdict).toBe('misfit');
    expect(worse.score).toBe(0);
    expect(worse.explanation).toContain('not expected: structural, relational');
  });

  it('is partial when some dominant work is expected and some is not', () => {
    const fit = compareWorkProfile(model, {
      organisationId: 'c3',
      state: 'operationalising',
      counts: {
        'form.operational': 5,
        'form.conceptual': 5,
        'purpose.creating': 6,
        'purpose.maintaining': 4,
      },
    });
    expect(fit.forms.verdict).toBe('partial');
    expect(fit.purposes.verdict).toBe('fit');
    expect(fit.verdict).toBe('partial');
  });

  it('honours the dominance share option', () => {
    const counts = { 'form.operational': 7, 'form.structural': 3, 'purpose.maintaining': 10 };
    const observed = { organisationId: 'c4', state: 'drifted', counts };
    expect(compareWorkProfile(model, observed).forms.verdict).toBe('partial');
    expect(compareWorkProfile(model, observed, { dominanceShare: 0.4 }).forms.verdict).toBe('fit');
  });

  it('says when there is too little data or no expectation', () => {
    const observed = {
      organisationId: 'c5',
      state: 'establishing',
      counts: { 'form.structural': 2, 'purpose.creating': 2 },
    };
    const few = compareWorkProfile(model, observed);
    expect(few.verdict).toBe('insufficient_data');
    expect(few.score).toBeNull();
    expect(compareWorkProfile(model, observed, { minCount: 2 }).verdict).toBe('fit');
    const none = compareWorkProfile(model, {
      organisationId: 'c6',
      state: 'pre_adoption',
      counts: { 'form.structural': 9 },
    });
    expect(none.verdict).toBe('no_expectation');
    expect(none.explanation).toBe(
      'c6 in pre_adoption: the model expects no particular work profile in pre_adoption.',
    );
  });

  it('throws PhaseError unknown_state for a state the model lacks', () => {
    expect(() =>
      compareWorkProfile(model, { organisationId: 'c', state: 'live', counts: {} }),
    ).toThrow(PhaseError);
  });
});
