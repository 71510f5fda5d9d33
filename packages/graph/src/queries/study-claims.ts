import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel } from '../cypher-names.ts';
import { GraphError } from '../graph-error.ts';

export const WRITE_STUDY_CLAIMS_CYPHER = `MATCH (s:${cypherLabel('Study')} {id: $studyId})
SET s.claims = $text
RETURN s.id AS id`;

export const READ_STUDY_CLAIMS_CYPHER = `MATCH (s:${cypherLabel('Study')} {id: $studyId})
RETURN s.claims AS text`;

/** Stores a study's claims file (YAML text, checked by the caller) with the study. */
export async function writeStudyClaims(
  graph: Graph,
  params: { studyId: string; text: string },
): Promise<void> {
  const rows = await graph.run(WRITE_STUDY_CLAIMS_CYPHER, params);
  if (rows.length === 0) throw new GraphError('not_found', `No study ${params.studyId}`);
}

/** A study's stored claims file, or undefined when it has none. */
export async function readStudyClaims(
  graph: Graph,
  params: { studyId: string },
): Promise<string | undefined> {
  const rows = parseRows(
    await graph.read(READ_STUDY_CLAIMS_CYPHER, params),
    z.object({ text: z.string().nullable() }),
    'study claims',
  );
  return rows[0]?.text ?? undefined;
}
