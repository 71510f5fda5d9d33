import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyMigrations,
  awaitIndexes,
  createGraph,
  type Graph,
  type GraphConfig,
} from '@iwa/graph';
import { startLocalNeo4j } from '@iwa/neo4j-local';
import { log } from './log.ts';

export interface BenchServer {
  config: GraphConfig;
  graph: Graph;
  /** True when the bench started the server itself (then it can be restarted for cold runs). */
  own: boolean;
  memory: { heapMb: number; pageCacheMb: number } | null;
  pid: number | null;
  stop(): Promise<void>;
}

/** Uses NEO4J_URI when given; otherwise starts a local Neo4j in a temporary folder. */
export async function openServer(options: {
  external: GraphConfig | undefined;
  heapMb: number;
  pageCacheMb: number;
}): Promise<BenchServer> {
  if (options.external) {
    const graph = createGraph(options.external, { appName: 'iwa-bench' });
    await applyMigrations(graph);
    await awaitIndexes(graph);
    return {
      config: options.external,
      graph,
      own: false,
      memory: null,
      pid: null,
      stop: () => graph.close(),
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'iwa-bench-neo4j-'));
  const t0 = performance.now();
  const neo4j = await startLocalNeo4j({
    dataDir,
    memory: { heapMb: options.heapMb, pageCacheMb: options.pageCacheMb },
    onBuildOutput: (line) => log(`maven: ${line}`),
  });
  log(
    `local Neo4j at ${neo4j.uri} (heap ${options.heapMb} MB, page cache ${options.pageCacheMb} MB), ready in ${Math.round(performance.now() - t0)} ms`,
  );
  const config: GraphConfig = { uri: neo4j.uri, user: 'neo4j', database: 'neo4j' };
  const graph = createGraph(config, { appName: 'iwa-bench' });
  await applyMigrations(graph);
  await awaitIndexes(graph);
  return {
    config,
    graph,
    own: true,
    memory: { heapMb: options.heapMb, pageCacheMb: options.pageCacheMb },
    pid: neo4j.pid,
    stop: async () => {
      await graph.close();
      await neo4j.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
