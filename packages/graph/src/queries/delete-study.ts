import { z } from 'zod';
import type { Graph } from '../create-graph.ts';
import { parseRows } from '../create-graph.ts';
import { cypherLabel } from '../cypher-names.ts';
import { STUDY_OWNED_LABELS } from '../migrations.ts';

export interface DeleteStudyParams {
  studyId: string;
}

/** One statement per study-owned label, each deleting in batches so a large study fits in memory. */
export const DELETE_STUDY_CYPHER = [
  ...STUDY_OWNED_LABELS.map(
    (label) => `MATCH (n:${cypherLabel(label)} {studyId: $studyId})
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
RETURN count(n) AS deleted`,
  ),
  `MATCH (s:${cypherLabel('Study')} {id: $studyId}) DETACH DELETE s RETURN count(s) AS deleted`,
];

const DeletedRow = z.object({ deleted: z.number().int() });

/** Deletes a study and everything it owns; returns the number of nodes removed. */
export async function deleteStudy(graph: Graph, params: DeleteStudyParams): Promise<number> {
  let total = 0;
  for (const cypher of DELETE_STUDY_CYPHER) {
    const rows = parseRows(await graph.runAutoCommit(cypher, params), DeletedRow, 'delete study');
    total += rows.reduce((sum, r) => sum + r.deleted, 0);
  }
  return total;
}
