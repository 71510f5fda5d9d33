import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';

export const LIST_STUDIES_CYPHER = `MATCH (s:${cypherLabel('Study')})
WHERE $studyId IS NULL OR s.id = $studyId
CALL (s) {
  OPTIONAL MATCH (d:${cypherLabel('Document')} {studyId: s.id})
  RETURN count(d) AS documents
}
CALL (s) {
  OPTIONAL MATCH (e:${cypherLabel('Excerpt')} {studyId: s.id})
  RETURN count(e) AS excerpts
}
CALL (s) {
  OPTIONAL MATCH (:${cypherLabel('Excerpt')} {studyId: s.id})-[c:${cypherRelType('CODED')}]->()
  RETURN count(c) AS codings
}
CALL (s) {
  OPTIONAL MATCH (i:${cypherLabel('Informant')} {studyId: s.id})
  RETURN count(i) AS informants
}
RETURN s.id AS id, s.name AS name, s.description AS description,
       documents, excerpts, codings, informants
ORDER BY id`;

export const StudySummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  documents: z.number().int(),
  excerpts: z.number().int(),
  codings: z.number().int(),
  informants: z.number().int(),
});
export type StudySummary = z.infer<typeof StudySummary>;

/** Every study in the database with its counts. */
export async function listStudies(graph: Graph): Promise<StudySummary[]> {
  return parseRows(
    await graph.read(LIST_STUDIES_CYPHER, { studyId: null }),
    StudySummary,
    'list studies',
  );
}

/** One study's summary, or undefined when it does not exist. */
export async function getStudy(
  graph: Graph,
  params: { studyId: string },
): Promise<StudySummary | undefined> {
  return parseRows(await graph.read(LIST_STUDIES_CYPHER, params), StudySummary, 'get study')[0];
}
