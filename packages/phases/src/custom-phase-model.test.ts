import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, initialTransition, waitFor } from 'xstate';
import { applyPhaseEvent, phaseStateOf } from './apply-phase-event.ts';
import { compilePhaseModel } from './compile-phase-model.ts';
import type { PersistPhaseInput } from './phase-machine.ts';
import { phaseModelToMermaid } from './phase-model-to-mermaid.ts';
import { suggestPhaseEvents } from './suggest-phase-events.ts';
import { compareWorkProfile } from './work-profile-fit.ts';

/**
 * A study's own model, as its YAML would parse: collaboration meetings of therapists, Nav
 * counsellors and employment specialists around one jobseeker.
 */
const meetingsModel = {
  id: 'collaboration_meetings',
  version: 1,
  label: 'Collaboration meetings',
  unit: 'the collaboration meetings of one IPS team',
  initial: 'meetings_planned',
  states: [
    { id: 'meetings_planned', label: 'Planned', description: 'meetings agreed, none held yet' },
    {
      id: 'meetings_running',
      label: 'Running',
      description: 'meetings held, agenda still settling',
      expectedProfile: {
        forms: { dominant: ['form.operational'], supporting: ['form.relational'] },
        purposes: { dominant: ['purpose.creating'] },
        lns: ['lns.embedding_and_routinizing'],
      },
    },
    {
      id: 'meetings_routine',
      label: 'Routine',
      description: 'meetings every three months on a written agenda',
      expectedProfile: {
        forms: { dominant: ['form.operational'] },
        purposes: { dominant: ['purpose.maintaining'] },
      },
    },
    { id: 'meetings_lapsed', label: 'Lapsed', description: 'meetings no longer held' },
    {
      id: 'collaboration_ended',
      label: 'Ended',
      description: 'the team is closed',
      terminal: true,
    },
  ],
  events: [
    {
      id: 'first_meeting_held',
      label: 'First meeting',
      description: 'the first meeting took place',
    },
    {
      id: 'agenda_settled',
      label: 'Agenda settled',
      description: 'a written agenda is used every time',
    },
    { id: 'meetings_missed', label: 'Missed', description: 'two meetings in a row did not happen' },
    { id: 'meetings_resumed', label: 'Resumed', description: 'meetings are held again' },
    { id: 'team_closed', label: 'Closed', description: 'the team is closed down' },
  ],
  transitions: [
    { event: 'first_meeting_held', from: 'meetings_planned', to: 'meetings_running' },
    {
      event: 'agenda_settled',
      from: 'meetings_running',
      to: 'meetings_routine',
      guard: { requiresEvidence: 2, minConfidence: 'medium', notBefore: '2016-01-01' },
    },
    {
      event: 'meetings_missed',
      from: ['meetings_running', 'meetings_routine'],
      to: 'meetings_lapsed',
    },
    {
      event: 'meetings_resumed',
      from: 'meetings_lapsed',
      to: 'meetings_routine',
      guard: { cameFrom: 'meetings_routine' },
    },
    {
      event: 'meetings_resumed',
      from: 'meetings_lapsed',
      to: 'meetings_running',
      guard: { cameFrom: 'meetings_running' },
    },
    { event: 'team_closed', from: '*', to: 'collaboration_ended' },
  ],
  evidenceRules: [
    {
      id: 'agenda_used',
      event: 'agenda_settled',
      description: 'operational maintaining work on the meeting agenda',
      all: ['form.operational', 'purpose.maintaining'],
      any: ['lns.embedding_and_routinizing'],
      minCount: 2,
      confidence: 'medium',
    },
    {
      id: 'meetings_dropped',
      event: 'meetings_missed',
      description: 'meetings that did not happen',
      flags: ['flag.meeting_cancelled'],
    },
  ],
};

const ev = (type: string, at: string, extra: object = {}) => ({
  type,
  at,
  evidence: ['m1', 'm2'],
  recordedBy: 'coder-2',
  confidence: 'medium' as const,
  ...extra,
});

describe('a study-defined phase model', () => {
  const model = compilePhaseModel(JSON.parse(JSON.stringify(meetingsModel)));

  it('compiles from plain data without code changes', () => {
    expect(model.machine.id).toBe('collaboration_meetings');
    expect(model.machine.root.meta).toEqual({ modelId: 'collaboration_meetings', version: 1 });
    expect(model.transitions).toHaveLength(10);
    expect(phaseModelToMermaid(model.definition)).toContain(
      'meetings_running --> meetings_routine : agenda_settled [at least 2 evidence excerpts, confidence at least medium, dated on or after 2016-01-01]',
    );
  });

  it('runs through its states with its own guards', () => {
    const [s0] = initialTransition(model.machine, { organisationId: 'team-3' });
    const s1 = applyPhaseEvent(model, s0, ev('first_meeting_held', '2015-10-01'));
    expect(s1).toMatchObject({ ok: true, state: 'meetings_running' });
    if (!s1.ok) return;
    const early = applyPhaseEvent(model, s1.snapshot, ev('agenda_settled', '2015-12-01'));
    expect(early).toMatchObject({ ok: false, code: 'guard_failed' });
    expect(!early.ok && early.reason).toContain('a date on or after 2016-01-01 (got 2015-12-01)');
    const s2 = applyPhaseEvent(model, s1.snapshot, ev('agenda_settled', '2016-03-01'));
    expect(s2).toMatchObject({ ok: true, state: 'meetings_routine' });
    if (!s2.ok) return;
    const s3 = applyPhaseEvent(model, s2.snapshot, ev('meetings_missed', '2017-01-01'));
    expect(s3).toMatchObject({ ok: true, state: 'meetings_lapsed' });
    if (!s3.ok) return;
    expect(applyPhaseEvent(model, s3.snapshot, ev('meetings_resumed', '2017-06-01'))).toMatchObject(
      {
        ok: true,
        state: 'meetings_routine',
      },
    );
    expect(applyPhaseEvent(model, s3.snapshot, ev('team_closed', '2018-01-01'))).toMatchObject({
      ok: true,
      state: 'collaboration_ended',
    });
  });

  it('rejects events of the default model', () => {
    const r = applyPhaseEvent(model, 'meetings_running', ev('integration_achieved', '2020-01-01'));
    expect(r).toMatchObject({ ok: false, code: 'unknown_event' });
  });

  it('suggests events from its own evidence rules', () => {
    const excerpts = [
      {
        id: 'x1',
        codes: ['form.operational', 'purpose.maintaining', 'lns.embedding_and_routinizing'],
      },
      {
        id: 'x2',
        codes: ['form.operational', 'purpose.maintaining', 'lns.embedding_and_routinizing'],
      },
      { id: 'x3', codes: ['form.relational', 'flag.meeting_cancelled'] },
    ];
    expect(
      suggestPhaseEvents(model, 'meetings_running', excerpts).map((s) => [s.event, s.evidence]),
    ).toEqual([
      ['agenda_settled', ['x1', 'x2']],
      ['meetings_missed', ['x3']],
    ]);
    expect(suggestPhaseEvents(model, 'meetings_planned', excerpts)).toEqual([]);
  });

  it('compares observed work with its own expected profiles', () => {
    const fit = compareWorkProfile(model, {
      organisationId: 'team-3',
      state: 'meetings_routine',
      counts: { 'form.operational': 6, 'purpose.maintaining': 5, 'purpose.creating': 1 },
    });
    expect(fit.verdict).toBe('fit');
  });

  it('persists and restores in every state', async () => {
    const machine = model.machine.provide({
      actors: { persistPhase: fromPromise<void, PersistPhaseInput>(() => Promise.resolve()) },
    });
    const steps = [
      ev('first_meeting_held', '2016-01-01'),
      ev('agenda_settled', '2016-02-01'),
      ev('meetings_missed', '2016-03-01'),
      ev('meetings_resumed', '2016-04-01'),
      ev('team_closed', '2016-05-01'),
    ];
    const seen: string[] = [];
    const actor = createActor(machine, { input: { organisationId: 'team-3' } }).start();
    for (const step of [undefined, ...steps]) {
      if (step !== undefined) actor.send(step);
      await waitFor(actor, (s) => s.context.persistence.status === 'saved');
      const json = JSON.stringify(actor.getPersistedSnapshot());
      const restored = createActor(machine, { snapshot: JSON.parse(json) as never }).start();
      expect(restored.getSnapshot().value).toBe(actor.getSnapshot().value);
      expect(restored.getSnapshot().context).toEqual(actor.getSnapshot().context);
      seen.push(phaseStateOf(restored.getSnapshot()));
      restored.stop();
    }
    actor.stop();
    expect(seen).toEqual([
      'meetings_planned',
      'meetings_running',
      'meetings_routine',
      'meetings_lapsed',
      'meetings_routine',
      'collaboration_ended',
    ]);
  });
});
