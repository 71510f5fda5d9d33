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

export const READ_STUDY_RECORD_CYPHER = `MATCH (s:${cypherLabel('Study')} {id: $studyId})
RETURN s.json AS json`;

/**
 * The study-level record stored with the study (its manifest without actors: codebook
 * extension, dimensions, phase model, phase events, sets, links…), or undefined.
 */
export async function readStudyRecord(
  graph: Graph,
  params: { studyId: string },
): Promise<Record<string, unknown> | undefined> {
  const rows = parseRows(
    await graph.read(READ_STUDY_RECORD_CYPHER, params),
    z.object({ json: z.string().nullable() }),
    'study record',
  );
  const json = rows[0]?.json;
  return json ? (JSON.parse(json) as Record<string, unknown>) : undefined;
}
