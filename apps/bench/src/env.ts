import { graphConfigFromEnv, type GraphConfig } from '@iwa/graph';
import { z } from 'zod';

const BenchEnv = z.object({
  BENCH_NEO4J_HEAP_MB: z.coerce.number().int().min(256).optional(),
  BENCH_NEO4J_PAGECACHE_MB: z.coerce.number().int().min(16).optional(),
  /** Set by the bench for its ingest child processes: what to run (JSON). */
  IWA_BENCH_CHILD: z.string().optional(),
});

export interface BenchEnvironment {
  /** The Neo4j named by NEO4J_URI, or undefined: the bench then starts its own. */
  graph: GraphConfig | undefined;
  heapMb: number | undefined;
  pageCacheMb: number | undefined;
  childJob: string | undefined;
}

/** The one place the bench reads `process.env`. */
export function readBenchEnv(
  env: Record<string, string | undefined> = process.env,
): BenchEnvironment {
  const parsed = BenchEnv.parse(env);
  const graph = graphConfigFromEnv(env);
  if (graph && !graph.success) throw new Error(`Invalid Neo4j settings: ${graph.error.message}`);
  return {
    graph: graph?.data,
    heapMb: parsed.BENCH_NEO4J_HEAP_MB,
    pageCacheMb: parsed.BENCH_NEO4J_PAGECACHE_MB,
    childJob: parsed.IWA_BENCH_CHILD,
  };
}

/** The environment of a child process: the parent's, plus the job. */
export function childEnv(job: string): Record<string, string | undefined> {
  return { ...process.env, IWA_BENCH_CHILD: job };
}

/** The environment of an `iwa` process the bench times: the parent's, pointed at the bench's Neo4j. */
export function cliEnv(config: GraphConfig): Record<string, string | undefined> {
  return processEnv({
    NEO4J_URI: config.uri,
    NEO4J_USER: config.user,
    NEO4J_DATABASE: config.database,
    NO_COLOR: '1',
    ...(config.password === undefined ? {} : { NEO4J_PASSWORD: config.password }),
  });
}

/** The environment for a child that runs the CLI or Java: the bench's own, plus `extra`. */
export function processEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { ...process.env, ...extra };
}
