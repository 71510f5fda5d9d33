import { randomUUID } from 'node:crypto';
import { createGraph, deleteStudy, type Graph, type GraphConfig } from '@iwa/graph';
import { inject, test } from 'vitest';
import './provided-context.ts';

/** The config of the Neo4j that this test run's globalSetup started (or NEO4J_URI). */
export function testGraphConfig(): GraphConfig {
  const password = inject('neo4jPassword');
  return {
    uri: inject('neo4jUri'),
    user: inject('neo4jUser'),
    database: inject('neo4jDatabase'),
    ...(password ? { password } : {}),
  };
}

/** A fresh `studyId`, unique across parallel test files and runs. */
export function uniqueStudyId(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * `test` with two fixtures: `graph`, one driver per worker, and `studyId`, unique per test; the
 * study's data is deleted when the test ends, whatever its outcome.
 */
export const graphTest = test
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  .extend('graph', { scope: 'worker' }, ({}, { onCleanup }) => {
    const graph: Graph = createGraph(testGraphConfig(), { appName: 'iwa-tests' });
    onCleanup(() => graph.close());
    return graph;
  })
  .extend('studyId', ({ graph }, { onCleanup }) => {
    const studyId = uniqueStudyId();
    onCleanup(async () => {
      await deleteStudy(graph, { studyId });
    });
    return studyId;
  });
