import { examplePath } from '@iwa/examples';
import { graphTest } from '@iwa/testing';
import { describe, expect } from 'vitest';
import {
  openStudyFolder,
  phaseHistory,
  phaseOverview,
  phaseSuggestions,
  recordPhaseEvent,
  runImport,
  ServiceError,
  studyPhaseModel,
  validateSource,
  type PhaseEventInput,
} from '../src/index.ts';

/*
 * The phase histories as `iwa phase show|history|record|suggest` use them, on the ips-norway
 * demo (its phase events imported from study.yaml) in the real Neo4j.
 */

const event = (type: string, at: string): PhaseEventInput => ({
  type,
  at,
  evidence: ['m08-agreement-signed'],
  recordedBy: 'tester',
  confidence: 'medium',
});

describe('phase records through the services', () => {
  graphTest(
    'show, record, refuse, history and suggest on a demo organisation',
    { timeout: 300_000 },
    async ({ graph, studyId }) => {
      const opened = await openStudyFolder(examplePath('ips-norway'), { studyId });
      if (!opened.ok) throw new Error(opened.errors.join('\n'));
      const validated = await validateSource(opened.source);
      if (!validated.ok) throw new Error(validated.errors.join('\n'));
      await runImport(graph, opened.source, { validated });

      // an organisation's name is checked first, with did-you-mean
      const misspelt = studyPhaseModel(graph, { studyId, organisationId: 'mh_lai' });
      await expect(misspelt).rejects.toBeInstanceOf(ServiceError);
      await expect(misspelt).rejects.toThrow('did you mean "mh_lia"?');

      const model = await studyPhaseModel(graph, { studyId, organisationId: 'mh_lia' });
      const imported = opened.source.manifest.phaseEvents;
      const before = await phaseOverview(graph, { studyId, model });
      // every organisation with events in study.yaml, its count of events, each replay agreeing
      expect(Object.fromEntries(before.map((r) => [r.organisationId, r.events]))).toEqual(
        imported.reduce<Record<string, number>>((acc, e) => {
          acc[e.organisationId] = (acc[e.organisationId] ?? 0) + 1;
          return acc;
        }, {}),
      );
      expect(before.every((r) => r.replayMatches)).toBe(true);
      const lia = before.find((r) => r.organisationId === 'mh_lia')!;
      expect(lia).toMatchObject({ state: 'establishing', lastEvent: 'collaboration_initiated' });

      // an event the model does not allow from the current state is refused, nothing written
      const refused = await recordPhaseEvent(graph, {
        studyId,
        organisationId: 'mh_lia',
        model,
        event: event('adoption_decided', '2021-01-10'),
      });
      expect(refused).toMatchObject({ ok: false, state: 'establishing' });
      expect(await phaseHistory(graph, { studyId, organisationId: 'mh_lia' })).toHaveLength(
        lia.events,
      );

      // an allowed one is appended, with a partial date made a whole day
      const recorded = await recordPhaseEvent(graph, {
        studyId,
        organisationId: 'mh_lia',
        model,
        event: event('specialist_placed', '2021-03'),
      });
      expect(recorded).toEqual({
        ok: true,
        seq: lia.events + 1,
        from: 'establishing',
        to: 'operationalising',
      });
      const history = await phaseHistory(graph, { studyId, organisationId: 'mh_lia' });
      expect(history.at(-1)).toMatchObject({
        seq: lia.events + 1,
        type: 'specialist_placed',
        at: '2021-03-01',
        fromState: 'establishing',
        toState: 'operationalising',
        recordedBy: 'tester',
      });
      const after = await phaseOverview(graph, { studyId, organisationId: 'mh_lia', model });
      expect(after).toEqual([
        {
          organisationId: 'mh_lia',
          state: 'operationalising',
          events: lia.events + 1,
          lastEvent: 'specialist_placed',
          since: '2021-03-01',
          replayMatches: true,
        },
      ]);

      // suggestions start from the stored state and read the excerpts about the organisation
      const suggested = await phaseSuggestions(graph, { studyId, organisationId: 'mh_lia', model });
      expect(suggested.state).toBe('operationalising');
      expect(suggested.excerpts).toBeGreaterThan(0);
      for (const s of suggested.suggestions) expect(s.evidence.length, s.event).toBeGreaterThan(0);

      // an organisation with no history shows its initial state
      const none = await phaseOverview(graph, { studyId, organisationId: 'trust_north', model });
      expect(none).toMatchObject([{ state: model.definition.initial, events: 0 }]);
    },
  );
});
