import { z } from 'zod';
import { parseRows, type Graph, type Runner } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { findAuditEntry, undoFields, writeAuditEntry, type ChangeContext } from './audit.ts';
import type { WorkbenchCoding } from './workbench-excerpt.ts';

const E = cypherLabel('Excerpt');
const CODED = cypherRelType('CODED');

export const READ_CODING_CYPHER = `MATCH (e:${E} {studyId: $studyId})-[r:${CODED}]->(c:${cypherLabel('Code')})
WHERE r.id = $codingId
RETURN r.id AS id, e.id AS excerptId, e.documentId AS documentId, e.start AS start, e.end AS end,
       e.text AS text, c.id AS code, r.coderId AS coderId, r.at AS at
LIMIT 1`;

export const DELETE_CODED_CYPHER = `MATCH (e:${E} {studyId: $studyId, id: $excerptId})-[r:${CODED}]->()
WHERE r.id = $codingId
DELETE r`;

/** Removes an excerpt that no coding uses any more, with the memos only about it. */
export const DROP_UNCODED_EXCERPT_CYPHER = `MATCH (e:${E} {studyId: $studyId, id: $excerptId})
WHERE NOT (e)-[:${CODED}]->()
OPTIONAL MATCH (m:${cypherLabel('Memo')})-[:${cypherRelType('ABOUT')}]->(e)
WHERE COUNT { (m)-[:${cypherRelType('ABOUT')}]->() } = 1
WITH e, collect(m) AS memos, collect(m.text) AS memoTexts
FOREACH (m IN memos | DETACH DELETE m)
DETACH DELETE e
RETURN memoTexts`;

const CodingRow = z.object({
  id: z.string(),
  excerptId: z.string(),
  documentId: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  code: z.string(),
  coderId: z.string(),
  at: z.string().nullable(),
});

/** One stored coding with its span, or undefined. */
export async function readCoding(
  tx: Runner,
  studyId: string,
  codingId: string,
): Promise<WorkbenchCoding | undefined> {
  return parseRows(await tx.run(READ_CODING_CYPHER, { studyId, codingId }), CodingRow, 'coding')[0];
}

/** Deletes a coding inside the caller's transaction; the excerpt goes when it has no coding left. */
export async function deleteCodingTx(
  tx: Runner,
  studyId: string,
  codingId: string,
): Promise<{ coding: WorkbenchCoding; excerptRemoved: boolean; memos: string[] } | undefined> {
  const coding = await readCoding(tx, studyId, codingId);
  if (coding === undefined) return undefined;
  await tx.run(DELETE_CODED_CYPHER, { studyId, excerptId: coding.excerptId, codingId });
  const dropped = parseRows(
    await tx.run(DROP_UNCODED_EXCERPT_CYPHER, { studyId, excerptId: coding.excerptId }),
    z.object({ memoTexts: z.array(z.string()) }),
    'drop excerpt',
  );
  return {
    coding,
    excerptRemoved: dropped.length > 0,
    memos: dropped[0]?.memoTexts ?? [],
  };
}

/**
 * Deletes a coding, and its excerpt when no other coding uses it, in one transaction with its
 * audit entry. Deleting a coding that is already gone changes nothing (`unchanged`).
 */
export async function deleteCoding(
  graph: Graph,
  params: { studyId: string; codingId: string; change: ChangeContext },
): Promise<{ outcome: 'deleted' | 'unchanged' | 'replayed'; coding: WorkbenchCoding | null }> {
  const { studyId, change } = params;
  return graph.writeTransaction(async (tx) => {
    if (await findAuditEntry(tx, studyId, change.opId)) {
      return { outcome: 'replayed' as const, coding: null };
    }
    const removed = await deleteCodingTx(tx, studyId, params.codingId);
    if (removed === undefined) return { outcome: 'unchanged' as const, coding: null };
    await writeAuditEntry(tx, studyId, {
      id: change.opId,
      ...undoFields(change),
      at: change.at,
      coderId: change.coderId,
      action: 'delete_coding',
      documentId: removed.coding.documentId,
      excerptId: removed.coding.excerptId,
      codingId: removed.coding.id,
      before: {
        ...removed.coding,
        ...(removed.memos.length > 0 ? { memos: removed.memos } : {}),
      },
      after: removed.excerptRemoved ? { excerptRemoved: true } : null,
    });
    return { outcome: 'deleted' as const, coding: removed.coding };
  });
}
