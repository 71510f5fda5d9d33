import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, initialTransition } from 'xstate';
import { drive, ipsScenarios, pathTo } from '../test/ips-scenarios.ts';
import { applyPhaseEvent, phaseStateOf } from './apply-phase-event.ts';
import { compilePhaseModel } from './compile-phase-model.ts';
import { ipsPhaseModel } from './ips-phase-model.ts';
import type { PersistPhaseInput } from './phase-machine.ts';

const model = ipsPhaseModel;
const event = (type: string, extra: object = {}) => ({
  type,
  at: '2016-02-01',
  evidence: ['e1'],
  recordedBy: 'coder-1',
  confidence: 'high',
  ...extra,
});

describe('applyPhaseEvent', () => {
  const [start] = initialTransition(model.machine, { organisationId: 'collab-7' });

  it('applies a legal event purely and records it in the context', () => {
    const r = applyPhaseEvent(
      model,
      start,
      event('adoption_decided', {
        evidence: ['e1', 'e2', 'e1'],
        note: 'from the steering group minutes',
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state).toBe('adoption_decided');
    expect(phaseStateOf(r.snapshot)).toBe('adoption_decided');
    expect(r.record).toEqual({
      seq: 1,
      event: 'adoption_decided',
      from: 'pre_adoption',
      to: 'adoption_decided',
      at: '2016-02-01',
      evidence: ['e1', 'e2'],
      recordedBy: 'coder-1',
      confidence: 'high',
      note: 'from the steering group minutes',
    });
    expect(r.snapshot.context).toMatchObject({ organisationId: 'collab-7', history: [r.record] });
    expect(start.value).toBe('pre_adoption');
    expect(start.context.history).toEqual([]);
  });

  it('accepts a bare state id', () => {
    expect(applyPhaseEvent(model, 'establishing', event('specialist_placed'))).toMatchObject({
      ok: true,
      state: 'operationalising',
    });
  });

  it('rejects an event that has no transition from the current state, naming the allowed ones', () => {
    const r = applyPhaseEvent(model, start, event('specialist_placed'));
    expect(r).toEqual({
      ok: false,
      code: 'not_allowed',
      reason:
        'specialist_placed is not allowed from pre_adoption (allowed from pre_adoption: adoption_decided)',
    });
  });

  it('rejects an event the model does not know', () => {
    const r = applyPhaseEvent(model, start, event('went_live'));
    expect(r).toMatchObject({ ok: false, code: 'unknown_event' });
    expect(!r.ok && r.reason).toMatch(/no event went_live \(known: adoption_decided, /);
  });

  it.each([
    ['no evidence', { evidence: [] }, 'evidence'],
    ['a date that is not ISO', { at: '01.02.2016' }, 'at'],
    ['an impossible date', { at: '2016-02-30' }, 'at'],
    ['a numeric confidence', { confidence: 0.8 }, 'confidence'],
    ['a fidelity total above 125', { fidelity: 130 }, 'fidelity'],
    ['no recorder', { recordedBy: '' }, 'recordedBy'],
    ['an unknown field', { weight: 3 }, 'event'],
  ])('rejects a malformed event: %s', (_, extra, field) => {
    const r = applyPhaseEvent(model, start, event('adoption_decided', extra));
    expect(r).toMatchObject({ ok: false, code: 'invalid_event' });
    expect(!r.ok && r.reason).toContain(`${field}:`);
  });

  it('rejects a non-object event', () => {
    expect(applyPhaseEvent(model, start, 'adoption_decided')).toMatchObject({
      ok: false,
      code: 'invalid_event',
    });
  });

  it('rejects every event in the terminal state', () => {
    const end = applyPhaseEvent(model, 'establishing', event('service_discontinued'));
    expect(end).toMatchObject({ ok: true, state: 'de_implemented' });
    if (!end.ok) return;
    const r = applyPhaseEvent(model, end.snapshot, event('reintegration_attempt'));
    expect(r).toEqual({
      ok: false,
      code: 'terminal_state',
      reason: 'de_implemented is terminal: no event can leave it (got reintegration_attempt)',
    });
  });

  it('rejects an unknown state and a snapshot of another model', () => {
    expect(applyPhaseEvent(model, 'routinized', event('fidelity_decline'))).toMatchObject({
      ok: false,
      code: 'unknown_state',
    });
    const other = compilePhaseModel({ ...model.definition, id: 'other_model' });
    const [foreign] = initialTransition(other.machine, { organisationId: 'u' });
    const r = applyPhaseEvent(model, foreign, event('adoption_decided'));
    expect(r).toMatchObject({ ok: false, code: 'unknown_state' });
    expect(!r.ok && r.reason).toBe(
      'the snapshot belongs to machine other_model, not to the ips_collaboration model',
    );
  });

  it('accepts the snapshot of an actor whose machine the app provided with implementations', () => {
    const provided = model.machine.provide({
      actors: { persistPhase: fromPromise<void, PersistPhaseInput>(() => Promise.resolve()) },
    });
    const actor = createActor(provided, { input: { organisationId: 'u' } }).start();
    expect(applyPhaseEvent(model, actor.getSnapshot(), event('adoption_decided'))).toMatchObject({
      ok: true,
      state: 'adoption_decided',
    });
    actor.stop();
  });

  it('rejects an event dated before the last recorded one', () => {
    const s = drive(model, pathTo(ipsScenarios, 'pre_adoption', 'establishing'));
    const last = s.context.history.at(-1);
    const r = applyPhaseEvent(model, s, event('specialist_placed', { at: '2014-12-31' }));
    expect(r).toMatchObject({ ok: false, code: 'guard_failed' });
    expect(!r.ok && r.reason).toContain(
      `a date no earlier than the last recorded event (${last?.event} on ${last?.at}; got 2014-12-31)`,
    );
    expect(applyPhaseEvent(model, s, event('specialist_placed', { at: last?.at }))).toMatchObject({
      ok: true,
    });
  });

  it('agrees with snapshot.can: what it rejects, the machine cannot take', () => {
    const s = drive(model, pathTo(ipsScenarios, 'pre_adoption', 'operationalising'));
    const weak = event('integration_achieved', { at: '2030-01-01' });
    expect(applyPhaseEvent(model, s, weak).ok).toBe(false);
    expect(s.can(weak as never)).toBe(false);
  });
});

describe('the machine never throws', () => {
  it('ignores malformed and unknown events sent to an actor, and stays active', () => {
    const actor = createActor(model.machine, { input: { organisationId: 'u' } });
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    actor.send({ type: 'adoption_decided' } as never);
    actor.send({ type: 'adoption_decided', at: 'yesterday', evidence: 'e1' } as never);
    actor.send({ type: 'no_such_event' } as never);
    expect(actor.getSnapshot().value).toBe('pre_adoption');
    expect(actor.getSnapshot().status).toBe('active');
    actor.send(event('adoption_decided') as never);
    expect(actor.getSnapshot().value).toBe('adoption_decided');
    expect(errors).toEqual([]);
    actor.stop();
  });
});
