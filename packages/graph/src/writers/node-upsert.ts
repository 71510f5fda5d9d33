import type { NodeLabel } from '@iwa/taxonomy';
import { z } from 'zod';
import { parseRows, type Runner } from '../create-graph.ts';
import { cypherLabel } from '../cypher-names.ts';

/** One node to write: its id within the study and its flat properties. */
export interface NodeRow {
  id: string;
  props: Record<string, unknown>;
  /** Change detection: a node whose stored hash equals this is left untouched. */
  hash: string;
}

/** How many nodes a write created, changed, or found already as they should be. */
export interface UpsertCounts {
  created: number;
  changed: number;
  unchanged: number;
}

const OutcomeRow = z.object({
  outcome: z.enum(['created', 'changed', 'unchanged']),
  n: z.number().int(),
});

/**
 * The Cypher that upserts study-owned nodes of one label in a batch. A node whose `rowHash`
 * matches is not written at all, so a re-import of unchanged input changes nothing.
 */
export function upsertNodesCypher(label: NodeLabel): string {
  const l = cypherLabel(label);
  return `UNWIND $rows AS row
OPTIONAL MATCH (old:${l} {studyId: $studyId, id: row.id})
WITH row, CASE WHEN old IS NULL THEN 'created'
               WHEN coalesce(old.rowHash, '') = row.hash THEN 'unchanged'
               ELSE 'changed' END AS outcome
MERGE (n:${l} {studyId: $studyId, id: row.id})
WITH n, row, outcome
FOREACH (_ IN CASE WHEN outcome <> 'unchanged' THEN [1] ELSE [] END |
  SET n = row.props, n.studyId = $studyId, n.id = row.id, n.rowHash = row.hash)
RETURN outcome, count(*) AS n`;
}

/** Upserts nodes of one label within a study (inside the caller's transaction). */
export async function upsertNodes(
  tx: Runner,
  label: NodeLabel,
  params: { studyId: string; rows: NodeRow[] },
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { created: 0, changed: 0, unchanged: 0 };
  if (params.rows.length === 0) return counts;
  const rows = parseRows(
    await tx.run(upsertNodesCypher(label), params),
    OutcomeRow,
    `upsert ${label}`,
  );
  for (const row of rows) counts[row.outcome] += row.n;
  return counts;
}

/** Adds counts into a running total. */
export function addCounts(total: UpsertCounts, more: UpsertCounts): UpsertCounts {
  total.created += more.created;
  total.changed += more.changed;
  total.unchanged += more.unchanged;
  return total;
}
