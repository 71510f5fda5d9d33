import { z } from 'zod';

const NEO4J_SCHEMES = ['bolt:', 'bolt+s:', 'bolt+ssc:', 'neo4j:', 'neo4j+s:', 'neo4j+ssc:'];

/** How to reach a Neo4j 5 server: a local one, Neo4j Desktop, Docker, Aura or a cluster. */
export const GraphConfig = z.object({
  uri: z
    .string()
    .trim()
    .refine((value) => {
      try {
        return NEO4J_SCHEMES.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, 'NEO4J_URI must be a bolt://, neo4j:// or neo4j+s:// URI such as bolt://127.0.0.1:7687'),
  user: z.string().min(1).default('neo4j'),
  password: z.string().optional(),
  database: z.string().min(1).default('neo4j'),
});
export type GraphConfig = z.output<typeof GraphConfig>;

/** Environment variables the graph package understands. */
export const GraphEnv = z.object({
  NEO4J_URI: z.string().optional(),
  NEO4J_USER: z.string().optional(),
  NEO4J_USERNAME: z.string().optional(),
  NEO4J_PASSWORD: z.string().optional(),
  NEO4J_DATABASE: z.string().optional(),
});
export type GraphEnv = z.infer<typeof GraphEnv>;

/**
 * Reads a `GraphConfig` from environment variables (the caller passes them in: only apps read
 * `process.env`). Returns undefined when `NEO4J_URI` is unset, meaning "use the local server".
 */
export function graphConfigFromEnv(
  env: Record<string, string | undefined>,
): z.ZodSafeParseResult<GraphConfig> | undefined {
  const vars = GraphEnv.parse(env);
  if (!vars.NEO4J_URI) return undefined;
  return GraphConfig.safeParse({
    uri: vars.NEO4J_URI,
    user: vars.NEO4J_USER ?? vars.NEO4J_USERNAME,
    password: vars.NEO4J_PASSWORD,
    database: vars.NEO4J_DATABASE,
  });
}

/** A config with the password masked, safe to print or log. */
export function describeGraphConfig(config: GraphConfig): string {
  const auth = config.password ? `${config.user}:***` : 'no auth';
  return `${config.uri} (database ${config.database}, ${auth})`;
}
