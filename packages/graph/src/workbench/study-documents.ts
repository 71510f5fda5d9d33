import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';

export const LIST_DOCUMENTS_CYPHER = `MATCH (d:${cypherLabel('Document')} {studyId: $studyId})
RETURN d.id AS id, coalesce(d.title, d.id) AS title,
       COUNT { (:${cypherLabel('Excerpt')})-[:${cypherRelType('IN')}]->(d) } AS excerpts
ORDER BY d.id`;

/** A study's documents with how many excerpts each has. */
export async function listStudyDocuments(
  graph: Graph,
  params: { studyId: string },
): Promise<{ id: string; title: string; excerpts: number }[]> {
  return parseRows(
    await graph.read(LIST_DOCUMENTS_CYPHER, params),
    z.object({ id: z.string(), title: z.string(), excerpts: z.number().int() }),
    'documents',
  );
}

export const STUDY_SPEAKERS_CYPHER = `MATCH (s:${cypherLabel('Study')} {id: $studyId})
OPTIONAL MATCH (i:${cypherLabel('Informant')} {studyId: $studyId})
WITH s, i ORDER BY i.id
RETURN s.json AS json, collect(i.id) AS informants`;

/**
 * Who can speak in a new transcript of a stored study: the declared speakers (interviewer…)
 * and the informants' ids; undefined when there is no such study.
 */
export async function queryStudySpeakers(
  graph: Graph,
  params: { studyId: string },
): Promise<{ speakers: { id: string }[]; informants: string[] } | undefined> {
  const [row] = parseRows(
    await graph.read(STUDY_SPEAKERS_CYPHER, params),
    z.object({ json: z.string().nullable(), informants: z.array(z.string()) }),
    'study speakers',
  );
  if (row === undefined) return undefined;
  const study = (row.json === null ? {} : JSON.parse(row.json)) as {
    speakers?: { id: string }[];
  };
  return {
    speakers: (study.speakers ?? []).map((s) => ({ id: s.id })),
    informants: row.informants,
  };
}
