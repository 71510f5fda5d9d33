import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel } from '../cypher-names.ts';

/**
 * Every stored document of a study with the hash of its text (`contentHash`) and the names it
 * was stored under: an import matches a source to a stored document by its text, whatever the
 * source is called now.
 */
export const STORED_DOCUMENT_HASHES_CYPHER = `MATCH (d:${cypherLabel('Document')} {studyId: $studyId})
RETURN d.id AS id, d.contentHash AS contentHash, d.title AS title, d.sourcePath AS sourcePath
ORDER BY id`;

export const StoredDocumentHashRow = z.object({
  id: z.string(),
  contentHash: z.string().nullable(),
  title: z.string().nullable(),
  sourcePath: z.string().nullable(),
});
export type StoredDocumentHash = z.infer<typeof StoredDocumentHashRow>;

/** The study's documents with their content hashes and stored names, ordered by id. */
export async function queryStoredDocumentHashes(
  graph: Graph,
  params: { studyId: string },
): Promise<StoredDocumentHash[]> {
  return parseRows(
    await graph.read(STORED_DOCUMENT_HASHES_CYPHER, { studyId: params.studyId }),
    StoredDocumentHashRow,
    'stored document hashes',
  );
}

export const STORED_STUDY_NAME_CYPHER = `MATCH (s:${cypherLabel('Study')} {id: $studyId})
RETURN s.name AS name, s.origin AS origin`;

export const StoredStudyNameRow = z.object({
  name: z.string().nullable(),
  origin: z.string().nullable(),
});
export type StoredStudyName = z.infer<typeof StoredStudyNameRow>;

/** The stored study's name and origin (the tool its first project came from), if it exists. */
export async function queryStoredStudyName(
  graph: Graph,
  params: { studyId: string },
): Promise<StoredStudyName | undefined> {
  return parseRows(
    await graph.read(STORED_STUDY_NAME_CYPHER, { studyId: params.studyId }),
    StoredStudyNameRow,
    'stored study name',
  )[0];
}
