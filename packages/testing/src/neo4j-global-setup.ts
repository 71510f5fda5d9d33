import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, awaitIndexes, createGraph, graphConfigFromEnv } from '@iwa/graph';
import { startLocalNeo4j } from '@iwa/neo4j-local';
import { discardNeo4j, TEST_NEO4J_SETTINGS } from './discard-neo4j.ts';
import type { TestProject } from 'vitest/node';
import './provided-context.ts';

/** The Neo4j a test run uses: its connection and how to stop it. */
interface RunNeo4j {
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** True when the run started it (with TEST_NEO4J_SETTINGS), false for NEO4J_URI's server. */
  readonly startedByRun: boolean;
  stop(): Promise<void>;
}

/**
 * One Neo4j for the whole `vitest run`, however many projects name this setup (the integration
 * tests and the browser tests both do). Vitest runs every project's globalSetup in its own main
 * process but loads the file once per project, so the server and the count of projects using
 * it live on `globalThis`, not in this module; the last project's teardown stops it.
 */
interface Shared {
  server: Promise<RunNeo4j>;
  users: number;
}
const KEY = Symbol.for('iwa.testing.neo4j');
const registry = globalThis as typeof globalThis & { [KEY]?: Shared };

/** Starts the local server (temporary folder, port 0), or takes the one NEO4J_URI names. */
async function startRunNeo4j(): Promise<RunNeo4j> {
  // The test harness's own entry point: NEO4J_URI here points the tests at an existing Neo4j.
  // eslint-disable-next-line no-restricted-properties -- the harness is an entry point, like env.ts
  const fromEnv = graphConfigFromEnv(process.env);
  let server: RunNeo4j;
  if (fromEnv) {
    if (!fromEnv.success)
      throw new Error(`NEO4J_URI and friends are invalid: ${fromEnv.error.message}`);
    const { uri, user, database, password } = fromEnv.data;
    server = {
      uri,
      user,
      database,
      password: password ?? '',
      startedByRun: false,
      stop: async () => {},
    };
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'iwa-test-neo4j-'));
    const started = performance.now();
    // no replanning on statistics (TEST_NEO4J_SETTINGS); C2 kept: with C1 alone the
    // query-heavy files took longer in a clean-clone run (decision 0026)
    const neo4j = await startLocalNeo4j({
      dataDir,
      memory: { heapMb: 768, pageCacheMb: 256 },
      settings: TEST_NEO4J_SETTINGS,
    });
    process.stderr.write(
      `[iwa] local Neo4j for tests at ${neo4j.uri} (ready in ${Math.round(performance.now() - started)} ms)\n`,
    );
    server = {
      uri: neo4j.uri,
      user: 'neo4j',
      password: '',
      database: 'neo4j',
      startedByRun: true,
      // the run's data is deleted next: no clean stop (~11 s of Bolt shut-down) before that
      stop: async () => {
        await discardNeo4j(neo4j.pid);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const { uri, user, database, password } = server;
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
  return server;
}

/**
 * Vitest globalSetup: starts one local Neo4j for the whole test run (temporary folder, port 0),
 * or uses the server named by NEO4J_URI, applies the migrations and hands the URI to the tests.
 * Every project that lists this setup gets the same server.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (registry[KEY] ??= { server: startRunNeo4j(), users: 0 });
  shared.users += 1;
  const server = await shared.server;
  project.provide('neo4jUri', server.uri);
  project.provide('neo4jUser', server.user);
  project.provide('neo4jPassword', server.password);
  project.provide('neo4jDatabase', server.database);
  project.provide('neo4jStartedByRun', server.startedByRun);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete registry[KEY];
    await server.stop();
  };
}
