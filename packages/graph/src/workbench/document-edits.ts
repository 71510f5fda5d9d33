import { z } from 'zod';
import { parseRows, type Graph, type Runner } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { GraphError } from '../graph-error.ts';
import { readStudyManifestTx } from '../queries/read-study.ts';
import { writeStudyManifestTx, type CodeRow } from '../writers/write-study-manifest.ts';
import { findAuditEntry, undoFields, writeAuditEntry, type ChangeContext } from './audit.ts';

const D = cypherLabel('Document');
const E = cypherLabel('Excerpt');
const M = cypherLabel('Memo');

export const DOCUMENT_SUMMARY_CYPHER = `MATCH (d:${D} {studyId: $studyId, id: $documentId})
CALL (d) {
  OPTIONAL MATCH (e:${E} {studyId: $studyId, documentId: d.id})
  OPTIONAL MATCH (e)-[c:${cypherRelType('CODED')}]->()
  WITH count(DISTINCT e) AS excerpts, collect(c.coderId) AS coders
  RETURN excerpts, coders
}
CALL (d) {
  OPTIONAL MATCH (m:${M} {studyId: $studyId, documentId: d.id})
  RETURN count(m) AS memos
}
RETURN d.title AS title, d.sourcePath AS sourcePath, excerpts, coders, memos`;

export const RENAME_DOCUMENT_CYPHER = `MATCH (d:${D} {studyId: $studyId, id: $documentId})
SET d.title = $title`;

export const DOCUMENT_EXCERPT_IDS_CYPHER = `MATCH (e:${E} {studyId: $studyId, documentId: $documentId})
RETURN collect(e.id) AS ids`;

export const DELETE_DOCUMENT_CYPHER = `MATCH (d:${D} {studyId: $studyId, id: $documentId})
OPTIONAL MATCH (e:${E} {studyId: $studyId, documentId: $documentId})
OPTIONAL MATCH (m:${M} {studyId: $studyId, documentId: $documentId})
WITH d, collect(DISTINCT e) AS excerpts, collect(DISTINCT m) AS memos
FOREACH (x IN excerpts | DETACH DELETE x)
FOREACH (x IN memos | DETACH DELETE x)
DETACH DELETE d`;

const SummaryRow = z.object({
  title: z.string().nullable(),
  sourcePath: z.string().nullable(),
  excerpts: z.number().int(),
  coders: z.array(z.string()),
  memos: z.number().int(),
});

/** What a document holds: its title, excerpts, memos, and how many codings each coder made. */
export interface DocumentSummary {
  title: string | null;
  excerpts: number;
  memos: number;
  codings: { coderId: string; codings: number }[];
}

async function readSummary(
  tx: Runner,
  studyId: string,
  documentId: string,
): Promise<DocumentSummary> {
  const row = parseRows(
    await tx.run(DOCUMENT_SUMMARY_CYPHER, { studyId, documentId }),
    SummaryRow,
    'document summary',
  )[0];
  if (row === undefined) {
    throw new GraphError('not_found', `Study ${studyId} has no document ${documentId}`);
  }
  const perCoder = new Map<string, number>();
  for (const c of row.coders) perCoder.set(c, (perCoder.get(c) ?? 0) + 1);
  return {
    title: row.title,
    excerpts: row.excerpts,
    memos: row.memos,
    codings: [...perCoder]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([coderId, codings]) => ({ coderId, codings })),
  };
}

/** A stored document's title and what it holds (null when there is no such document). */
export async function queryDocumentSummary(
  graph: Graph,
  params: { studyId: string; documentId: string },
): Promise<DocumentSummary | null> {
  try {
    return await readSummary(
      { run: (c, p) => graph.read(c, p) },
      params.studyId,
      params.documentId,
    );
  } catch (err) {
    if (err instanceof GraphError && err.code === 'not_found') return null;
    throw err;
  }
}

/** The ids of a document's excerpts (what replacing or deleting it removes). */
export async function queryDocumentExcerptIds(
  graph: Graph,
  params: { studyId: string; documentId: string },
): Promise<string[]> {
  const [row] = parseRows(
    await graph.read(DOCUMENT_EXCERPT_IDS_CYPHER, params),
    z.object({ ids: z.array(z.string()) }),
    'document excerpts',
  );
  return row?.ids ?? [];
}

/** Gives a document another title (its id stays), with its audit entry, in one transaction. */
export async function renameDocument(
  graph: Graph,
  params: { studyId: string; documentId: string; title: string; change: ChangeContext },
): Promise<{ outcome: 'changed' | 'unchanged' | 'replayed'; title: string }> {
  const { studyId, documentId, title, change } = params;
  return graph.writeTransaction(async (tx) => {
    const before = await readSummary(tx, studyId, documentId);
    if (await findAuditEntry(tx, studyId, change.opId))
      return { outcome: 'replayed' as const, title: before.title ?? documentId };
    if ((before.title ?? documentId) === title) return { outcome: 'unchanged' as const, title };
    await tx.run(RENAME_DOCUMENT_CYPHER, { studyId, documentId, title });
    await writeAuditEntry(tx, studyId, {
      id: change.opId,
      at: change.at,
      coderId: change.coderId,
      action: 'rename_document',
      documentId,
      excerptId: null,
      codingId: null,
      before: { title: before.title ?? documentId },
      after: { title },
      ...undoFields(change),
    });
    return { outcome: 'changed' as const, title };
  });
}

/**
 * Deletes a document with its excerpts, codings and memos, and takes its excerpts out of the
 * evidence of actor relations (the relations stay), with its audit entry, in one transaction.
 * `codes` are the study's code rows, needed to write the manifest back.
 */
export async function deleteDocument(
  graph: Graph,
  params: {
    studyId: string;
    documentId: string;
    codes: (manifest: Awaited<ReturnType<typeof readStudyManifestTx>>) => CodeRow[];
    change: ChangeContext;
  },
): Promise<{ outcome: 'deleted' | 'replayed'; removed: DocumentSummary | null }> {
  const { studyId, documentId, change } = params;
  return graph.writeTransaction(async (tx) => {
    const replay = await findAuditEntry(tx, studyId, change.opId);
    if (replay) return { outcome: 'replayed' as const, removed: null };
    const before = await readSummary(tx, studyId, documentId);
    const [ids] = parseRows(
      await tx.run(DOCUMENT_EXCERPT_IDS_CYPHER, { studyId, documentId }),
      z.object({ ids: z.array(z.string()) }),
      'document excerpts',
    );
    const gone = new Set(ids?.ids ?? []);
    const manifest = await readStudyManifestTx(tx, { studyId });
    if (manifest.relations.some((r) => r.evidence.some((x) => gone.has(x)))) {
      const edited = {
        ...manifest,
        relations: manifest.relations.map((r) => ({
          ...r,
          evidence: r.evidence.filter((x) => !gone.has(x)),
        })),
      };
      await writeStudyManifestTx(tx, { manifest: edited, codes: params.codes(edited) });
    }
    await tx.run(DELETE_DOCUMENT_CYPHER, { studyId, documentId });
    await writeAuditEntry(tx, studyId, {
      id: change.opId,
      at: change.at,
      coderId: change.coderId,
      action: 'delete_document',
      documentId,
      excerptId: null,
      codingId: null,
      before,
      after: null,
      ...undoFields(change),
    });
    return { outcome: 'deleted' as const, removed: before };
  });
}
