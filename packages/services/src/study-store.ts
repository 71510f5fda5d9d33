import {
  deleteStudy,
  getStudy,
  listStudies,
  readStudy,
  readStudyRecord,
  type DeleteProgress,
  type Graph,
  type StudySummary,
} from '@iwa/graph';
import { CodebookExtension } from '@iwa/study';
import { defineCodebook, type Codebook } from '@iwa/taxonomy';
import { unknownStudy } from './did-you-mean.ts';

/** Every stored study with its counts, by id. */
export async function studySummaries(graph: Graph): Promise<StudySummary[]> {
  return listStudies(graph);
}

/**
 * The stored study's summary (its counts), or `ServiceError('not_found')` with "did you mean"
 * and the known studies: every command that names a study checks it here first.
 */
export async function requireStudy(graph: Graph, studyId: string): Promise<StudySummary> {
  const summary = await getStudy(graph, { studyId });
  if (summary) return summary;
  throw unknownStudy(
    studyId,
    (await listStudies(graph)).map((s) => s.id),
  );
}

/** Whether the database holds the study (for steps that import it when it does not). */
export async function hasStudy(graph: Graph, studyId: string): Promise<boolean> {
  return (await getStudy(graph, { studyId })) !== undefined;
}

/**
 * Deletes a study and everything it holds, in bounded transactions (relationships first), so
 * a large study never needs one big transaction; `onProgress` after each batch. An unknown
 * study is `ServiceError('not_found')`. Returns the number of nodes removed.
 */
export async function removeStudy(
  graph: Graph,
  params: { studyId: string; onProgress?: (p: DeleteProgress) => void },
): Promise<number> {
  await requireStudy(graph, params.studyId);
  return deleteStudy(graph, {
    studyId: params.studyId,
    ...(params.onProgress ? { onProgress: params.onProgress } : {}),
  });
}

/** The whole stored study (documents, excerpts, codings, actors…), checked to exist first. */
export async function storedStudy(graph: Graph, studyId: string) {
  await requireStudy(graph, studyId);
  return readStudy(graph, { studyId });
}

/**
 * A stored study's codebook: the frameworks plus the study's own codes (themes, flags, codes
 * imported from other tools), as `iwa codebook export --study` writes it. An unknown study is
 * `ServiceError('not_found')`.
 */
export async function storedCodebook(graph: Graph, studyId: string): Promise<Codebook> {
  await requireStudy(graph, studyId);
  const record = (await readStudyRecord(graph, { studyId })) ?? {};
  const extension = CodebookExtension.parse(record.codebook ?? { codes: [] });
  return defineCodebook({
    name: typeof record.name === 'string' ? record.name : studyId,
    codes: extension.codes.map((c) => ({
      key: c.key,
      label: c.label,
      ...(c.parent ? { parent: c.parent } : {}),
      ...(c.colour ? { color: c.colour } : {}),
      ...(c.description ? { definition: c.description } : {}),
      ...(c.isCodable === undefined ? {} : { isCodable: c.isCodable }),
    })),
  });
}
