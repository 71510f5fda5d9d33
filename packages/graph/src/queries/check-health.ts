import { z } from 'zod';
import type { Graph } from '../create-graph.ts';
import { parseRows } from '../create-graph.ts';
import { GraphError } from '../graph-error.ts';

export const CHECK_HEALTH_CYPHER =
  'CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition';

export const HealthRow = z.object({ name: z.string(), version: z.string(), edition: z.string() });

export interface Health {
  ok: true;
  uri: string;
  database: string;
  serverVersion: string;
  edition: string;
  latencyMs: number;
}

/** Asks the server who it is; fails with `GraphError('unavailable')` when it cannot be reached. */
export async function checkHealth(graph: Graph): Promise<Health> {
  const started = performance.now();
  const rows = parseRows(await graph.read(CHECK_HEALTH_CYPHER), HealthRow, 'health check');
  const kernel = rows.find((r) => r.name === 'Neo4j Kernel') ?? rows[0];
  if (!kernel) throw new GraphError('not_found', 'dbms.components() returned nothing');
  return {
    ok: true,
    uri: graph.uri,
    database: graph.database,
    serverVersion: kernel.version,
    edition: kernel.edition,
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
