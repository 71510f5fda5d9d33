import {
  applyMigrations,
  checkHealth,
  createGraph,
  type Graph,
  type GraphConfig,
  type Health,
  type MigrationResult,
} from '@iwa/services/database';
import { localNeo4jStatus, startLocalNeo4j } from '@iwa/neo4j-local';
import { localNeo4jDir, type Env } from './env.ts';
import type { Output } from './output.ts';

export interface Connection {
  graph: Graph;
  /** The server the graph talks to (for a second driver with other settings). */
  config: GraphConfig;
  /** Where the server comes from: `local` (started or found by iwa) or `NEO4J_URI`. */
  source: 'local' | 'NEO4J_URI';
  /** True when this call started the local server. */
  started: boolean;
  health: Health;
  migrations: MigrationResult;
}

/** Driver settings a command may change. */
export interface GraphOptions {
  appName?: string;
  /** How long a unit of work is retried while the server is unreachable (default 30 s). */
  maxRetryTimeMs?: number;
}

/**
 * The explorer's driver settings: a page must not wait half a minute for a database that is
 * gone. Reads are retried for 3 s, then the API answers 503; once the server is back the next
 * request reconnects (apps/cli/test/local-neo4j.int.test.ts).
 */
export const EXPLORER_GRAPH: GraphOptions = { appName: 'iwa-explorer', maxRetryTimeMs: 3_000 };

/**
 * Opens the graph the CLI works on: the server named by NEO4J_URI, or else the local server in the
 * data folder, started (detached, so later commands reuse it) when it is not running. Applies the
 * schema migrations.
 */
export async function connect(
  env: Env,
  out: Output,
  options: GraphOptions & { dataDir?: string | undefined } = {},
): Promise<Connection> {
  const { dataDir, ...graphOptions } = options;
  let config: GraphConfig;
  let source: Connection['source'] = 'NEO4J_URI';
  let started = false;
  if (env.graph) {
    config = env.graph;
  } else {
    source = 'local';
    const dir = dataDir ?? localNeo4jDir(env.dataDir);
    const status = localNeo4jStatus(dir);
    let uri: string;
    if (status.running) {
      uri = status.state.uri;
    } else {
      out.info(`Starting the local Neo4j in ${dir} …`);
      const memory = {
        ...(env.heapMb ? { heapMb: env.heapMb } : {}),
        ...(env.pageCacheMb ? { pageCacheMb: env.pageCacheMb } : {}),
      };
      const neo4j = await startLocalNeo4j({
        dataDir: dir,
        detached: true,
        memory,
        javaOptions: env.javaOptions,
        onBuildOutput: (line) => out.debug(line),
      });
      uri = neo4j.uri;
      started = true;
    }
    config = { uri, user: 'neo4j', database: 'neo4j' };
  }
  const graph = createGraph(config, { appName: 'iwa-cli', ...graphOptions });
  try {
    // fail fast: one connection attempt within the driver's connection timeout, no retries
    await graph.verifyConnectivity();
    // two independent round trips: side by side
    const [health, migrations] = await Promise.all([checkHealth(graph), applyMigrations(graph)]);
    return { graph, config, source, started, health, migrations };
  } catch (err) {
    await graph.close();
    throw err;
  }
}
