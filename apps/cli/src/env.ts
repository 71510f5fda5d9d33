import { graphConfigFromEnv, type GraphConfig } from '@iwa/services/database';
import envPaths from 'env-paths';
import { join } from 'node:path';
import { z } from 'zod';

const CliEnv = z.object({
  IWA_DATA_DIR: z.string().min(1).optional(),
  IWA_NEO4J_HEAP_MB: z.coerce.number().int().min(256).optional(),
  IWA_NEO4J_PAGECACHE_MB: z.coerce.number().int().min(16).optional(),
  // further JVM options for the local server, separated by spaces
  IWA_NEO4J_JAVA_OPTS: z
    .string()
    .transform((s) => s.split(/\s+/).filter((o) => o !== ''))
    .refine((opts) => opts.every((o) => o.startsWith('-')), {
      message:
        'IWA_NEO4J_JAVA_OPTS: JVM options separated by spaces, each starting with "-" (e.g. -XX:TieredStopAtLevel=1)',
    })
    .optional(),
  NO_COLOR: z.string().optional(),
  IWA_WRITE_TOKEN: z.string().min(16, 'IWA_WRITE_TOKEN must be at least 16 characters').optional(),
});

export interface Env {
  /** Where iwa keeps its own data (the local Neo4j lives in `<dataDir>/neo4j`). */
  dataDir: string;
  /** The external Neo4j to use, when NEO4J_URI is set; undefined means "the local server". */
  graph: GraphConfig | undefined;
  heapMb: number | undefined;
  pageCacheMb: number | undefined;
  /** Further JVM options for the local server (IWA_NEO4J_JAVA_OPTS). */
  javaOptions: readonly string[];
  color: boolean;
  /** Lets the explorer accept writes from clients that present it (never printed). */
  writeToken: string | undefined;
}

/** Thrown when an environment variable is set to something iwa cannot use. */
export class EnvError extends Error {
  override readonly name = 'EnvError';
}

/** The one place the CLI reads `process.env`; validated with zod. */
export function readEnv(env: Record<string, string | undefined> = process.env): Env {
  const parsed = CliEnv.safeParse(env);
  if (!parsed.success) {
    throw new EnvError(`Invalid environment: ${z.prettifyError(parsed.error)}`);
  }
  const graph = graphConfigFromEnv(env);
  if (graph && !graph.success) {
    throw new EnvError(`Invalid Neo4j settings: ${z.prettifyError(graph.error)}`);
  }
  return {
    dataDir: parsed.data.IWA_DATA_DIR ?? envPaths('iwa', { suffix: '' }).data,
    graph: graph?.data,
    heapMb: parsed.data.IWA_NEO4J_HEAP_MB,
    pageCacheMb: parsed.data.IWA_NEO4J_PAGECACHE_MB,
    javaOptions: parsed.data.IWA_NEO4J_JAVA_OPTS ?? [],
    color: !parsed.data.NO_COLOR && process.stdout.isTTY,
    writeToken: parsed.data.IWA_WRITE_TOKEN,
  };
}

/** The local Neo4j's folder for a data directory. */
export function localNeo4jDir(dataDir: string): string {
  return join(dataDir, 'neo4j');
}
