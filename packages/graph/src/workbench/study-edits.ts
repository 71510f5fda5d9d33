import { codingId, type ActorRef, type DocumentBundle, type StudyManifest } from '@iwa/study';
import { z } from 'zod';
import { parseRows, type Graph, type Runner } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { GraphError } from '../graph-error.ts';
import { readStudyManifestTx } from '../queries/read-study.ts';
import { ACTOR_LABEL } from '../writers/actor-labels.ts';
import { writeDocumentsTx } from '../writers/write-documents.ts';
import { DOCUMENT_EXCERPT_IDS_CYPHER } from './document-edits.ts';
import { writeStudyManifestTx, type CodeRow } from '../writers/write-study-manifest.ts';
import {
  findAuditEntry,
  undoFields,
  writeAuditEntry,
  type AuditAction,
  type ChangeContext,
} from './audit.ts';

/*
 * Changes to a study's manifest made in the workbench: its codebook (study codes), its actors
 * (informants, organisations, groups), their positions and attributes, and relations between
 * actors. Each is read, changed and written back as the import writes a manifest, with its audit
 * entry, in one transaction: an export of the study afterwards is what an import of the edited
 * study.yaml would have stored.
 */

const E = cypherLabel('Excerpt');
const C = cypherLabel('Code');
const CODED = cypherRelType('CODED');

/** What a manifest edit does, as computed (by `@iwa/services`) from the stored manifest. */
export interface ManifestEdit {
  /** The manifest after the change. */
  manifest: StudyManifest;
  /** Every code the study stores after the change (framework codes and the study's own). */
  codes: CodeRow[];
  action: AuditAction;
  before: unknown;
  after: unknown;
  /** Codings of `from` move to `into` (each keeps its excerpt and coder), then `from` goes. */
  mergeCodes?: { from: string; into: string } | undefined;
  /** Codes that leave the codebook; refused while a coding uses one. */
  removeCodes?: readonly string[] | undefined;
  /**
   * An actor that leaves the study: refused while an excerpt names it as performer or speaker
   * or a document as participant; otherwise its node goes with its relationships.
   */
  removeActor?: (ActorRef & { name: string }) | undefined;
  /** Excerpts the change names as evidence: each must exist. */
  evidence?: readonly string[] | undefined;
  documentId?: string | null | undefined;
  excerptId?: string | null | undefined;
}

export const CODINGS_OF_CODE_CYPHER = `MATCH (e:${E} {studyId: $studyId})-[r:${CODED}]->(c:${C} {studyId: $studyId, id: $code})
RETURN e.id AS excerptId, r.id AS id, r.coderId AS coderId, r.at AS at
ORDER BY e.id, r.coderId`;

export const MOVE_CODINGS_CYPHER = `UNWIND $rows AS row
MATCH (e:${E} {studyId: $studyId, id: row.excerptId})-[old:${CODED}]->(:${C} {studyId: $studyId, id: $from})
WHERE old.id = row.oldId
MATCH (into:${C} {studyId: $studyId, id: $into})
MERGE (e)-[r:${CODED} {id: row.newId}]->(into)
ON CREATE SET r.coderId = row.coderId, r.at = row.at, r.studyId = $studyId
DELETE old
RETURN count(*) AS n`;

export const DELETE_CODE_CYPHER = `MATCH (c:${C} {studyId: $studyId, id: $code})
DETACH DELETE c`;

/** What still names an actor in the coded material (the label comes from ACTOR_LABEL). */
export function actorUsesCypher(kind: ActorRef['kind']): string {
  return `MATCH (a:${cypherLabel(ACTOR_LABEL[kind])} {studyId: $studyId, id: $id})
OPTIONAL MATCH (p:${E} {studyId: $studyId})-[:${cypherRelType('PERFORMED_BY')}]->(a)
WITH a, count(DISTINCT p) AS performed
OPTIONAL MATCH (s:${E} {studyId: $studyId})-[:${cypherRelType('SPOKEN_BY')}]->(a)
WITH a, performed, count(DISTINCT s) AS spoken
OPTIONAL MATCH (d:${cypherLabel('Document')} {studyId: $studyId})-[:${cypherRelType('WITH')}]->(a)
RETURN performed, spoken, collect(DISTINCT d.id) AS documents`;
}

/** Removes an actor's node and its relationships. */
export function deleteActorCypher(kind: ActorRef['kind']): string {
  return `MATCH (a:${cypherLabel(ACTOR_LABEL[kind])} {studyId: $studyId, id: $id})
DETACH DELETE a`;
}

const ActorUsesRow = z.object({
  performed: z.number(),
  spoken: z.number(),
  documents: z.array(z.string()),
});

/** Throws `conflict` naming what still names `actor`, so that nothing of it is lost unseen. */
async function checkActorUnused(
  tx: Runner,
  studyId: string,
  actor: ActorRef & { name: string },
): Promise<void> {
  const [row] = parseRows(
    await tx.run(actorUsesCypher(actor.kind), { studyId, id: actor.id }),
    ActorUsesRow,
    'actor uses',
  );
  if (row === undefined) {
    throw new GraphError('not_found', `Study ${studyId} has no ${actor.kind} ${actor.id}`);
  }
  const uses = [
    row.performed > 0
      ? `performs the work of ${row.performed} excerpt${row.performed === 1 ? '' : 's'} (choose another performer under "Performed by" first)`
      : '',
    row.spoken > 0 ? `speaks ${row.spoken} coded excerpt${row.spoken === 1 ? '' : 's'}` : '',
    row.documents.length > 0
      ? `takes part in ${row.documents.join(', ')} (delete or replace ${row.documents.length === 1 ? 'that document' : 'those documents'} first)`
      : '',
  ].filter((u) => u !== '');
  if (uses.length > 0) {
    throw new GraphError(
      'conflict',
      `${actor.name} is still in the coded material: it ${uses.join('; ')}. Nothing was deleted.`,
    );
  }
}

export const EXCERPTS_EXIST_CYPHER = `UNWIND $ids AS id
OPTIONAL MATCH (e:${E} {studyId: $studyId, id: id})
RETURN id, e IS NOT NULL AS found`;

const CodingOfCode = z.object({
  excerptId: z.string(),
  id: z.string(),
  coderId: z.string(),
  at: z.string().nullable(),
});

async function codingsOf(tx: Runner, studyId: string, code: string) {
  return parseRows(
    await tx.run(CODINGS_OF_CODE_CYPHER, { studyId, code }),
    CodingOfCode,
    'codings of a code',
  );
}

/** Moves the codings of one code onto another (the importer's coding ids, re-derived). */
async function moveCodings(
  tx: Runner,
  studyId: string,
  merge: { from: string; into: string },
): Promise<number> {
  const rows = (await codingsOf(tx, studyId, merge.from)).map((r) => ({
    excerptId: r.excerptId,
    oldId: r.id,
    newId: codingId(r.excerptId, merge.into, r.coderId),
    coderId: r.coderId,
    at: r.at,
  }));
  if (rows.length === 0) return 0;
  const [row] = parseRows(
    await tx.run(MOVE_CODINGS_CYPHER, { studyId, from: merge.from, into: merge.into, rows }),
    z.object({ n: z.number().int() }),
    'move codings',
  );
  return row?.n ?? 0;
}

async function checkEvidence(tx: Runner, studyId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = parseRows(
    await tx.run(EXCERPTS_EXIST_CYPHER, { studyId, ids: [...ids] }),
    z.object({ id: z.string(), found: z.boolean() }),
    'evidence',
  );
  const missing = rows.filter((r) => !r.found).map((r) => r.id);
  if (missing.length > 0) {
    throw new GraphError(
      'not_found',
      `evidence: study ${studyId} has no excerpt ${missing.join(', ')}; code the passage first`,
    );
  }
}

/** Writes a computed manifest edit and its audit entry inside the caller's transaction. */
async function applyManifestEdit(
  tx: Runner,
  studyId: string,
  applied: { change: ChangeContext; edit: ManifestEdit },
): Promise<{ outcome: 'changed'; after: unknown }> {
  const { change, edit } = applied;
  await checkEvidence(tx, studyId, edit.evidence ?? []);
  if (edit.removeActor) await checkActorUnused(tx, studyId, edit.removeActor);
  for (const code of edit.removeCodes ?? []) {
    const used = await codingsOf(tx, studyId, code);
    if (used.length > 0) {
      throw new GraphError(
        'conflict',
        `${code} is used by ${used.length} coding${used.length === 1 ? '' : 's'}: merge it into another code instead`,
      );
    }
  }
  await writeStudyManifestTx(tx, { manifest: edit.manifest, codes: edit.codes });
  if (edit.mergeCodes) await moveCodings(tx, studyId, edit.mergeCodes);
  const gone = [...(edit.removeCodes ?? []), ...(edit.mergeCodes ? [edit.mergeCodes.from] : [])];
  for (const code of gone) await tx.run(DELETE_CODE_CYPHER, { studyId, code });
  if (edit.removeActor) {
    const { kind, id } = edit.removeActor;
    await tx.run(deleteActorCypher(kind), { studyId, id });
  }
  await writeAuditEntry(tx, studyId, {
    id: change.opId,
    at: change.at,
    coderId: change.coderId,
    action: edit.action,
    documentId: edit.documentId ?? null,
    excerptId: edit.excerptId ?? null,
    codingId: null,
    before: edit.before,
    after: edit.after,
    ...undoFields(change),
  });
  return { outcome: 'changed', after: edit.after };
}

/**
 * Reads a study's manifest, lets `edit` change it, and writes the result back with its audit
 * entry, in one transaction. `edit` returns null when there is nothing to change; it may throw
 * to refuse the change (nothing is written). A retried operation id changes nothing.
 */
export async function editStudyManifest(
  graph: Graph,
  params: {
    studyId: string;
    change: ChangeContext;
    edit: (manifest: StudyManifest) => ManifestEdit | null;
  },
): Promise<{ outcome: 'changed' | 'unchanged' | 'replayed'; after: unknown }> {
  const { studyId, change } = params;
  // a refusal by `edit` (the caller's own error) reaches the caller as it was thrown, not
  // wrapped as a failed query: the transaction ends having written nothing
  let refused: { error: unknown } | undefined;
  const res = await graph.writeTransaction(async (tx) => {
    refused = undefined;
    const replay = await findAuditEntry(tx, studyId, change.opId);
    if (replay) return { outcome: 'replayed' as const, after: replay.after };
    const manifest = await readStudyManifestTx(tx, { studyId });
    let edit: ManifestEdit | null;
    try {
      edit = params.edit(manifest);
    } catch (error) {
      refused = { error };
      return { outcome: 'unchanged' as const, after: null };
    }
    if (edit === null) return { outcome: 'unchanged' as const, after: null };
    return applyManifestEdit(tx, studyId, { change, edit });
  });
  if (refused !== undefined) throw refused.error;
  return res;
}

/**
 * Replaces a stored document with a new version (its excerpts, codings and memos go, as an
 * import's replace does) and writes the manifest edit `edit` computes from the stored manifest
 * and the ids of the excerpts the old version had (relations' evidence), with its audit entry,
 * all in ONE transaction: when any part fails, the old document, its codings and the manifest
 * stay as they were. `unchanged` when the new version is the stored one.
 */
export async function replaceDocumentWithManifest(
  graph: Graph,
  params: {
    studyId: string;
    bundle: DocumentBundle;
    change: ChangeContext;
    edit: (manifest: StudyManifest, oldExcerpts: ReadonlySet<string>) => ManifestEdit;
  },
): Promise<{ outcome: 'changed' | 'unchanged' | 'replayed' }> {
  const { studyId, bundle, change } = params;
  const documentId = bundle.document.id;
  let refused: { error: unknown } | undefined;
  const res = await graph
    .writeTransaction(async (tx) => {
      refused = undefined;
      if (await findAuditEntry(tx, studyId, change.opId)) return { outcome: 'replayed' as const };
      const [row] = parseRows(
        await tx.run(DOCUMENT_EXCERPT_IDS_CYPHER, { studyId, documentId }),
        z.object({ ids: z.array(z.string()) }),
        'document excerpts',
      );
      const oldExcerpts = new Set(row?.ids ?? []);
      const written = await writeDocumentsTx(tx, { studyId, bundles: [bundle], replace: true });
      if (written.documents.unchanged === 1) return { outcome: 'unchanged' as const };
      const manifest = await readStudyManifestTx(tx, { studyId });
      let edit: ManifestEdit;
      try {
        edit = params.edit(manifest, oldExcerpts);
      } catch (error) {
        refused = { error };
        // thrown, so that the document written above is rolled back with everything else
        throw new GraphError('conflict', 'the document replace was refused', { cause: error });
      }
      await applyManifestEdit(tx, studyId, { change, edit });
      return { outcome: 'changed' as const };
    })
    .catch((err: unknown) => {
      if (refused !== undefined) throw refused.error;
      throw err;
    });
  return res;
}
