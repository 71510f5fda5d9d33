import {
  applyMigrations,
  checkHealth,
  createGraph,
  type Graph,
  type Health,
  type MigrationResult,
} from '@iwa/graph';
import { localNeo4jStatus, startLocalNeo4j } from '@iwa/neo4j-local';
import { localNeo4jDir, type Env } from './env.ts';
import type { Output } from './output.ts';

export interface Connection {
  graph: Graph;
  /** Where the server comes from: `local` (started or found by iwa) or `NEO4J_URI`. */
  source: 'local' | 'NEO4J_URI';
  /** True when this call started the local server. */
  started: boolean;
  health: Health;
  migrations: MigrationResult;
}

/**
 * Opens the graph the CLI works on: the server named by NEO4J_URI, or else the local server in the
 * data folder, started (detached, so later commands reuse it) when it is not running. Applies the
 * schema migrations.
 */
export async function connect(env: Env, out: Output, dataDir?: string): Promise<Connection> {
  let graph: Graph;
  let source: Connection['source'] = 'NEO4J_URI';
  let started = false;
  if (env.graph) {
    graph = createGraph(env.graph, { appName: 'iwa-cli' });
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
        onBuildOutput: (line) => out.debug(line),
      });
      uri = neo4j.uri;
      started = true;
    }
    graph = createGraph({ uri, user: 'neo4j', database: 'neo4j' }, { appName: 'iwa-cli' });
  }
  try {
    const health = await checkHealth(graph);
    const migrations = await applyMigrations(graph);
    return { graph, source, started, health, migrations };
  } catch (err) {
    await graph.close();
    throw err;
  }
}
