import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';

/**
 * Stored documents that hold codings, each with the hash an import compares against
 * (`payloadHash`, see `bundleHash`) and how many codings each coder has on it. Codings are
 * counted through the excerpts an import would clear when it replaces the document
 * (`documentId`), so workbench codings count too.
 */
export const STORED_DOCUMENT_CODERS_CYPHER = `MATCH (d:${cypherLabel('Document')} {studyId: $studyId})
WHERE size($ids) = 0 OR d.id IN $ids
MATCH (e:${cypherLabel('Excerpt')} {studyId: $studyId, documentId: d.id})-[c:${cypherRelType('CODED')}]->()
WITH d, coalesce(c.coderId, 'unknown') AS coderId, count(c) AS codings
RETURN d.id AS id, d.payloadHash AS payloadHash, collect({coderId: coderId, codings: codings}) AS coders
ORDER BY id`;

const StoredDocumentCodersRow = z.object({
  id: z.string(),
  payloadHash: z.string().nullable(),
  coders: z.array(z.object({ coderId: z.string(), codings: z.number().int() })),
});
export type StoredDocumentCoders = z.infer<typeof StoredDocumentCodersRow>;

/**
 * The study's documents that hold codings (only `ids` when given), with their coders and coding
 * counts: what an import that replaces a document would delete.
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
