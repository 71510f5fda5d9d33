import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, initialTransition, toPromise, waitFor } from 'xstate';
import type { AnyActorLogic } from 'xstate';
import { day, drive, ipsPathScenarios, ipsScenarios, pathTo } from '../test/ips-scenarios.ts';
import { applyPhaseEvent } from './apply-phase-event.ts';
import { compilePhaseModel } from './compile-phase-model.ts';
import { ipsPhaseModel, ipsPhaseModelDefinition } from './ips-phase-model.ts';
import { PhaseError } from './phase-error.ts';
import type { PersistPhaseInput } from './phase-machine.ts';
import {
  persistPhaseSnapshot,
  renameStatesMigration,
  restorePhaseSnapshot,
} from './persistence.ts';

const model = ipsPhaseModel;
const initial = model.definition.initial;
const allScenarios = [...ipsScenarios, ...ipsPathScenarios];

function savingMachine(saved: PersistPhaseInput[]) {
  return model.machine.provide({
    actors: {
      persistPhase: fromPromise<void, PersistPhaseInput>(({ input }) => {
        saved.push(input);
        return Promise.resolve();
      }),
    },
  });
}

describe('persistence round trip', () => {
  it.each(model.definition.states.map((s) => s.id))(
    'a running actor in %s survives JSON.stringify(getPersistedSnapshot()) and createActor({ snapshot })',
    async (state) => {
      const saved: PersistPhaseInput[] = [];
      const machine = savingMachine(saved);
      const actor = createActor(machine, { input: { organisationId: 'collab-1' } }).start();
      const path = pathTo(ipsScenarios, initial, state);
      path.forEach((e, i) => actor.send({ ...e, at: day(i + 1) }));
      expect(actor.getSnapshot().value).toBe(state);
      await waitFor(actor, (s) => s.context.persistence.status === 'saved');
      expect(saved.at(-1)).toMatchObject({ organisationId: 'collab-1', state, modelVersion: 1 });
      const visited = actor.getSnapshot().context.history.map((h) => h.to);
      expect(saved.map((s) => s.state)).toEqual([initial, ...visited]);

      const json = JSON.stringify(actor.getPersistedSnapshot());
      actor.stop();
      const restored = createActor(machine, { snapshot: JSON.parse(json) as never }).start();
      expect(restored.getSnapshot().value).toBe(state);
      expect(restored.getSnapshot().context).toEqual(
        (JSON.parse(json) as { context: unknown }).context,
      );
      expect(restored.getSnapshot().status).toBe('active');

      const next = allScenarios.find(
        (s) =>
          s.from === state &&
          (!('via' in s) || s.via === restored.getSnapshot().context.history.at(-1)?.from),
      );
      if (model.definition.states.find((s) => s.id === state)?.terminal === true) {
        expect(next).toBeUndefined();
      } else {
        expect(next).toBeDefined();
        restored.send({ ...next!.event, at: day(path.length + 1) });
        expect(restored.getSnapshot().value).toBe(next!.to);
        expect(restored.getSnapshot().context.history).toHaveLength(path.length + 1);
      }
      restored.stop();
    },
  );

  it('records a failed save without throwing when no persistPhase is provided', async () => {
    const actor = createActor(model.machine, { input: { organisationId: 'u' } }).start();
    const snapshot = await waitFor(actor, (s) => s.context.persistence.status !== 'pending');
    expect(snapshot.context.persistence).toEqual({
      status: 'failed',
      error: expect.stringContaining('persistPhase is not provided') as string,
    });
    expect(snapshot.status).toBe('active');
    actor.stop();
  });

  it('the default persistPhase rejects with PhaseError not_provided', async () => {
    const logic = model.machine.implementations.actors.persistPhase as AnyActorLogic;
    const input: PersistPhaseInput = {
      organisationId: 'u',
      modelId: model.definition.id,
      modelVersion: 1,
      state: 'pre_adoption',
      last: null,
      context: initialTransition(model.machine, { organisationId: 'u' })[0].context,
    };
    const error: unknown = await toPromise(createActor(logic, { input }).start()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PhaseError);
    expect(error).toMatchObject({ code: 'not_provided' });
  });
});

describe('restorePhaseSnapshot', () => {
  const operationalising = drive(model, pathTo(ipsScenarios, initial, 'operationalising'));
  const stored = () =>
    JSON.parse(JSON.stringify(persistPhaseSnapshot(model, operationalising))) as unknown;

  it('restores a stored pure snapshot for applyPhaseEvent and for an actor', () => {
    const snapshot = restorePhaseSnapshot(model, stored());
    expect(snapshot.value).toBe('operationalising');
    expect(snapshot.context).toEqual(operationalising.context);
    const r = applyPhaseEvent(model, snapshot, {
      type: 'integration_limited',
      at: '2020-01-01',
      evidence: ['e9'],
      recordedBy: 'c',
      confidence: 'low',
    });
    expect(r).toMatchObject({ ok: true, state: 'partially_integrated' });
    const actor = createActor(model.machine, { snapshot }).start();
    expect(actor.getSnapshot().value).toBe('operationalising');
    actor.stop();
  });

  it('reads a snapshot stored when the context called the organisation unitId', () => {
    const { organisationId, ...rest } = operationalising.context;
    const old = { ...(stored() as object), context: { ...rest, unitId: organisationId } };
    expect(old.context).not.toHaveProperty('organisationId');
    const snapshot = restorePhaseSnapshot(model, old);
    expect(snapshot.value).toBe('operationalising');
    expect(snapshot.context).toEqual(operationalising.context);
    expect(snapshot.context.organisationId).toBe(organisationId);
    expect(organisationId).not.toBe('');
    expect(snapshot.context).not.toHaveProperty('unitId');
  });

  const v2 = compilePhaseModel({
    ...ipsPhaseModelDefinition,
    version: 2,
    initial: 'pre_adoption',
    states: ipsPhaseModelDefinition.states.map((s) =>
      s.id === 'operationalising' ? { ...s, id: 'operationalizing' } : s,
    ),
    transitions: ipsPhaseModelDefinition.transitions.map((t) => ({
      ...t,
      from:
        t.from === 'operationalising'
          ? 'operationalizing'
          : typeof t.from === 'string'
            ? t.from
            : t.from.map((f) => (f === 'operationalising' ? 'operationalizing' : f)),
      to: t.to === 'operationalising' ? 'operationalizing' : t.to,
      ...('guard' in t && 'cameFrom' in t.guard && t.guard.cameFrom === 'operationalising'
        ? { guard: { cameFrom: 'operationalizing' } }
        : {}),
    })),
  });
  const rename = renameStatesMigration(1, 2, { operationalising: 'operationalizing' });

  it('migrates an older snapshot when the states changed shape', () => {
    const snapshot = restorePhaseSnapshot(v2, stored(), { migrations: [rename] });
    expect(snapshot.value).toBe('operationalizing');
    expect(snapshot.context.modelVersion).toBe(2);
    expect(snapshot.context.history.at(-1)?.to).toBe('operationalizing');
    expect(snapshot.context.history.map((h) => h.seq)).toEqual(
      operationalising.context.history.map((h) => h.seq),
    );
    const r = applyPhaseEvent(v2, snapshot, {
      type: 'integration_achieved',
      at: '2030-01-01',
      evidence: ['a', 'b'],
      recordedBy: 'c',
      confidence: 'medium',
    });
    expect(r).toMatchObject({
      ok: true,
      state: 'routinised',
      record: { from: 'operationalizing' },
    });
  });

  it('refuses a version no migration leads from, and a newer version', () => {
    expect(() => restorePhaseSnapshot(v2, stored())).toThrow(
      expect.objectContaining({ name: 'PhaseError', code: 'unsupported_version' }) as Error,
    );
    const [newer] = initialTransition(v2.machine, { organisationId: 'u' });
    const json = JSON.parse(JSON.stringify(persistPhaseSnapshot(v2, newer))) as unknown;
    expect(() => restorePhaseSnapshot(model, json)).toThrow(
      expect.objectContaining({ code: 'unsupported_version' }) as Error,
    );
  });

  it.each([
    ['not an object', 'routinised', 'invalid_snapshot'],
    [
      'another model',
      { value: 'x', context: { modelId: 'meetings', modelVersion: 1 } },
      'invalid_snapshot',
    ],
    [
      'a broken context',
      {
        value: 'establishing',
        context: { modelId: 'ips_collaboration', modelVersion: 1, history: 'none' },
      },
      'invalid_snapshot',
    ],
  ])('refuses %s', (_, persisted, code) => {
    expect(() => restorePhaseSnapshot(model, persisted)).toThrow(
      expect.objectContaining({ name: 'PhaseError', code }) as Error,
    );
  });

  it('refuses a state the model does not have', () => {
    const json = { ...(stored() as object), value: 'routinized' };
    expect(() => restorePhaseSnapshot(model, json)).toThrow(
      expect.objectContaining({ code: 'unknown_state' }) as Error,
    );
  });
});
