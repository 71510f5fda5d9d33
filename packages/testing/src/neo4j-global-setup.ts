import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, awaitIndexes, createGraph, graphConfigFromEnv } from '@iwa/graph';
import { startLocalNeo4j } from '@iwa/neo4j-local';
import type { TestProject } from 'vitest/node';
import './provided-context.ts';

/**
 * Vitest globalSetup: starts one local Neo4j for the whole test run (temporary folder, port 0),
 * or uses the server named by NEO4J_URI, applies the migrations and hands the URI to the tests.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The test harness's own entry point: NEO4J_URI here points the tests at an existing Neo4j.
  // eslint-disable-next-line no-restricted-properties -- the harness is an entry point, like env.ts
  const fromEnv = graphConfigFromEnv(process.env);
  let stop = async (): Promise<void> => {};
  let uri: string;
  let user = 'neo4j';
  let password = '';
  let database = 'neo4j';
  if (fromEnv) {
    if (!fromEnv.success)
      throw new Error(`NEO4J_URI and friends are invalid: ${fromEnv.error.message}`);
    ({ uri, user, database } = fromEnv.data);
    password = fromEnv.data.password ?? '';
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'iwa-test-neo4j-'));
    const started = performance.now();
    const neo4j = await startLocalNeo4j({ dataDir, memory: { heapMb: 768, pageCacheMb: 256 } });
    uri = neo4j.uri;
    process.stderr.write(
      `[iwa] local Neo4j for tests at ${uri} (ready in ${Math.round(performance.now() - started)} ms)\n`,
    );
    stop = async () => {
      await neo4j.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const graph = createGraph(
    { uri, user, database, ...(password ? { password } : {}) },
    { appName: 'iwa-tests' },
  );
  try {
    await applyMigrations(graph);
    await awaitIndexes(graph);
  } finally {
    await graph.close();
  }
  project.provide('neo4jUri', uri);
  project.provide('neo4jUser', user);
  project.provide('neo4jPassword', password);
  project.provide('neo4jDatabase', database);
  return stop;
}
