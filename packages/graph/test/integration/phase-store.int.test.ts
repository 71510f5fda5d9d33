import {
  appendPhaseEvent,
  readPhaseHistories,
  readPhaseHistory,
  readPhaseSnapshots,
  writeStudyManifest,
  GraphError,
} from '@iwa/graph';
import { graphTest } from '@iwa/testing';
import { describe, expect } from 'vitest';
import { tinyStudy } from '../fixtures/tiny-study.ts';

const event = (type: string, fromState: string, toState: string) => ({
  type,
  at: '2021-03',
  evidence: ['ex-1'],
  recordedBy: 'coder-a',
  confidence: 'high' as const,
  fidelity: null,
  fromState,
  toState,
  note: null,
});

describe('phase-event store against a real Neo4j', () => {
  graphTest('appends in order and keeps the latest snapshot', async ({ graph, studyId }) => {
    const { manifest, codes } = tinyStudy(studyId);
    await writeStudyManifest(graph, { manifest, codes });
    const base = { studyId, organisationId: 'nav-a', modelId: 'ips-default' };
    expect(
      await appendPhaseEvent(graph, {
        ...base,
        expectedSeq: 0,
        event: event('adoption_decided', 'pre_adoption', 'adoption_decided'),
        snapshot: '{"value":"adoption_decided"}',
        state: 'adoption_decided',
      }),
    ).toBe(1);
    expect(
      await appendPhaseEvent(graph, {
        ...base,
        expectedSeq: 1,
        event: event('collaboration_initiated', 'adoption_decided', 'establishing'),
        snapshot: '{"value":"establishing"}',
        state: 'establishing',
      }),
    ).toBe(2);
    const history = await readPhaseHistory(graph, { studyId, organisationId: 'nav-a' });
    expect(history.map((e) => [e.seq, e.type, e.toState])).toEqual([
      [1, 'adoption_decided', 'adoption_decided'],
      [2, 'collaboration_initiated', 'establishing'],
    ]);
    // a second organisation, so the one-read histories must keep them apart
    await appendPhaseEvent(graph, {
      ...base,
      organisationId: 'dps-a',
      expectedSeq: 0,
      event: event('adoption_decided', 'pre_adoption', 'adoption_decided'),
      snapshot: '{"value":"adoption_decided"}',
      state: 'adoption_decided',
    });
    const all = await readPhaseHistories(graph, { studyId });
    expect([...all.keys()].sort()).toEqual(['dps-a', 'nav-a']);
    expect(all.get('nav-a')).toEqual(history);
    expect(all.get('dps-a')).toEqual(
      await readPhaseHistory(graph, { studyId, organisationId: 'dps-a' }),
    );
    expect([
      ...(await readPhaseHistories(graph, { studyId, organisationId: 'nav-a' })).keys(),
    ]).toEqual(['nav-a']);
    expect(await readPhaseSnapshots(graph, { studyId, organisationId: 'nav-a' })).toMatchObject([
      {
        organisationId: 'nav-a',
        seq: 2,
        state: 'establishing',
        snapshot: '{"value":"establishing"}',
      },
    ]);
  });

  graphTest(
    'two concurrent recorders: one wins, the other gets a conflict, the history never forks',
    async ({ graph, studyId }) => {
      const { manifest, codes } = tinyStudy(studyId);
      await writeStudyManifest(graph, { manifest, codes });
      const base = { studyId, organisationId: 'dps-a', modelId: 'ips-default', expectedSeq: 0 };
      const attempts = await Promise.allSettled([
        appendPhaseEvent(graph, {
          ...base,
          event: {
            ...event('adoption_decided', 'pre_adoption', 'adoption_decided'),
            recordedBy: 'coder-a',
          },
          snapshot: '{}',
          state: 'adoption_decided',
        }),
        appendPhaseEvent(graph, {
          ...base,
          event: {
            ...event('adoption_decided', 'pre_adoption', 'adoption_decided'),
            recordedBy: 'coder-b',
          },
          snapshot: '{}',
          state: 'adoption_decided',
        }),
        appendPhaseEvent(graph, {
          ...base,
          event: {
            ...event('adoption_decided', 'pre_adoption', 'adoption_decided'),
            recordedBy: 'coder-c',
          },
          snapshot: '{}',
          state: 'adoption_decided',
        }),
      ]);
      const won = attempts.filter((a) => a.status === 'fulfilled');
      const lost = attempts.filter((a) => a.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(2);
      for (const l of lost) {
        expect(l.reason).toBeInstanceOf(GraphError);
        expect((l.reason as GraphError).code).toBe('conflict');
      }
      const history = await readPhaseHistory(graph, { studyId, organisationId: 'dps-a' });
      expect(history).toHaveLength(1);
      expect(history[0]?.seq).toBe(1);
    },
  );

  graphTest('a stale expected sequence is refused', async ({ graph, studyId }) => {
    const { manifest, codes } = tinyStudy(studyId);
    await writeStudyManifest(graph, { manifest, codes });
    const base = {
      studyId,
      organisationId: 'nav-a',
      modelId: 'm',
      snapshot: '{}',
      state: 'adoption_decided',
    };
    await appendPhaseEvent(graph, {
      ...base,
      expectedSeq: 0,
      event: event('adoption_decided', 'pre_adoption', 'adoption_decided'),
    });
    await expect(
      appendPhaseEvent(graph, {
        ...base,
        expectedSeq: 0,
        event: event('adoption_decided', 'pre_adoption', 'adoption_decided'),
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      appendPhaseEvent(graph, {
        ...base,
        organisationId: 'no-such-org',
        expectedSeq: 0,
        event: event('x', 'a', 'b'),
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
