import type { DocumentBundle } from '@iwa/study';
import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';

/**
 * Stored documents that hold codings or memos, each with the hash an import compares against
 * (`payloadHash`, see `bundleHash`) and how many codings and memos each coder has on it. They are
 * counted through the excerpts and memos an import clears when it replaces the document
 * (`documentId`), so workbench codings and memos count too; a memo without an author counts for
 * the coder `unknown`.
 */
export const STORED_DOCUMENT_CODERS_CYPHER = `MATCH (d:${cypherLabel('Document')} {studyId: $studyId})
WHERE size($ids) = 0 OR d.id IN $ids
CALL (d) {
  MATCH (e:${cypherLabel('Excerpt')} {studyId: $studyId, documentId: d.id})-[c:${cypherRelType('CODED')}]->()
  RETURN coalesce(c.coderId, 'unknown') AS coderId, count(c) AS codings, 0 AS memos
  UNION ALL
  MATCH (m:${cypherLabel('Memo')} {studyId: $studyId, documentId: d.id})
  RETURN coalesce(m.author, 'unknown') AS coderId, 0 AS codings, count(m) AS memos
}
WITH d, coderId, sum(codings) AS codings, sum(memos) AS memos
RETURN d.id AS id, d.payloadHash AS payloadHash,
       collect({coderId: coderId, codings: codings, memos: memos}) AS coders
ORDER BY id`;

export const StoredDocumentCodersRow = z.object({
  id: z.string(),
  payloadHash: z.string().nullable(),
  coders: z.array(
    z.object({ coderId: z.string(), codings: z.number().int(), memos: z.number().int() }),
  ),
});
export type StoredDocumentCoders = z.infer<typeof StoredDocumentCodersRow>;

/**
 * The study's documents that hold codings or memos (only `ids` when given), with their coders
 * and counts: what an import that replaces a document would delete.
 */
export async function queryStoredDocumentCoders(
  graph: Graph,
  params: { studyId: string; ids?: readonly string[] },
): Promise<StoredDocumentCoders[]> {
  const rows = parseRows(
    await graph.read(STORED_DOCUMENT_CODERS_CYPHER, {
      studyId: params.studyId,
      ids: [...(params.ids ?? [])],
    }),
    StoredDocumentCodersRow,
    'stored document coders',
  );
  for (const r of rows)
    r.coders.sort((a, b) => (a.coderId < b.coderId ? -1 : a.coderId > b.coderId ? 1 : 0));
  return rows;
}

/**
 * The stored coders of a document who have no codings and no memos on it in `bundle`, with
 * their counts: what replacing the document with the bundle would remove.
 */
export function codersMissingFrom(
  stored: StoredDocumentCoders,
  bundle: DocumentBundle,
): StoredDocumentCoders['coders'] {
  const present = new Set([
    ...bundle.codings.map((c) => c.coderId),
    ...bundle.memos.map((m) => m.author ?? 'unknown'),
  ]);
  return stored.coders.filter((c) => !present.has(c.coderId));
}
