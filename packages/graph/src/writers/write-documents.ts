import type { DocumentBundle } from '@iwa/study';
import { z } from 'zod';
import { parseRows, type Graph, type Runner } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { GraphError } from '../graph-error.ts';
import {
  codersMissingFrom,
  STORED_DOCUMENT_CODERS_CYPHER,
  StoredDocumentCodersRow,
} from '../queries/stored-document-coders.ts';
import { ACTOR_KINDS, ACTOR_LABEL } from './actor-labels.ts';
import { rowHash, toProps } from './row-hash.ts';

/** What writing a batch of documents did. */
export interface DocumentWriteResult {
  documents: { created: number; changed: number; unchanged: number };
  excerpts: number;
  codings: number;
  memos: number;
}

const D = cypherLabel('Document');
const E = cypherLabel('Excerpt');
const C = cypherLabel('Code');
const I = cypherLabel('Informant');
const M = cypherLabel('Memo');

export const EXISTING_DOCUMENTS_CYPHER = `UNWIND $ids AS id
MATCH (d:${D} {studyId: $studyId, id: id})
RETURN d.id AS id, d.payloadHash AS payloadHash`;

export const CLEAR_DOCUMENTS_CYPHER = `UNWIND $ids AS id
MATCH (e:${E} {studyId: $studyId, documentId: id})
OPTIONAL MATCH (m:${M} {studyId: $studyId, documentId: id})
DETACH DELETE e, m
WITH DISTINCT id
MATCH (d:${D} {studyId: $studyId, id: id})
OPTIONAL MATCH (d)-[w:${cypherRelType('WITH')}]->()
DELETE w`;

export const WRITE_DOCUMENTS_CYPHER = `UNWIND $docs AS doc
MERGE (d:${D} {studyId: $studyId, id: doc.id})
SET d = doc.props, d.studyId = $studyId, d.id = doc.id, d.payloadHash = doc.hash
WITH d, doc
UNWIND doc.participants AS pid
MATCH (i:${I} {studyId: $studyId, id: pid})
MERGE (d)-[:${cypherRelType('WITH')}]->(i)`;

/**
 * The performer of an excerpt, one `CALL` per kind of actor: the row gives the id under its
 * kind and null under the others, which match nothing. (Separate calls, not a `UNION`: the
 * planner takes seconds over a union of label scans inside a subquery.)
 */
const PERFORMER_CALLS = ACTOR_KINDS.map(
  (kind) => `CALL (e, x) {
  MATCH (a:${cypherLabel(ACTOR_LABEL[kind])} {studyId: $studyId, id: x.performer.${kind}})
  CREATE (e)-[:${cypherRelType('PERFORMED_BY')} {source: x.performerSource}]->(a)
  RETURN count(*) AS ${kind}
}`,
).join('\n');

/**
 * Each excerpt with everything it points at, in one statement: `IN` its document, `SPOKEN_BY`
 * its speaker, `PERFORMED_BY` its performer (an informant, organisation or actor group: the row
 * gives the id under its kind, the other kinds are null and match nothing) and `CODED` each of
 * its codes. The excerpt is the node just created, so it is not looked up again per relationship
 * type. The sums let the caller check that every performer and code was found.
 */
export const WRITE_EXCERPTS_CYPHER = `UNWIND $excerpts AS x
MATCH (d:${D} {studyId: $studyId, id: x.documentId})
CREATE (e:${E})
SET e = x.props, e.studyId = $studyId
CREATE (e)-[:${cypherRelType('IN')}]->(d)
WITH e, x
CALL (e, x) {
  MATCH (i:${I} {studyId: $studyId, id: x.speaker})
  CREATE (e)-[:${cypherRelType('SPOKEN_BY')}]->(i)
  RETURN count(*) AS spoken
}
${PERFORMER_CALLS}
CALL (e, x) {
  UNWIND x.codings AS c
  MATCH (code:${C} {studyId: $studyId, id: c.code})
  CREATE (e)-[r:${cypherRelType('CODED')}]->(code)
  SET r.id = c.id, r.coderId = c.coderId, r.at = c.at, r.studyId = $studyId
  RETURN count(r) AS coded
}
RETURN count(e) AS n, sum(spoken) AS spoken, sum(${ACTOR_KINDS.join(' + ')}) AS performed,
  sum(coded) AS coded`;

/** Codings of excerpts that are not in the batch (stored earlier): each excerpt looked up by id. */
export const WRITE_CODINGS_CYPHER = `UNWIND $codings AS c
MATCH (e:${E} {studyId: $studyId, id: c.excerptId})
MATCH (code:${C} {studyId: $studyId, id: c.code})
CREATE (e)-[r:${cypherRelType('CODED')}]->(code)
SET r.id = c.id, r.coderId = c.coderId, r.at = c.at, r.studyId = $studyId
RETURN count(r) AS n`;

/** A speaker for excerpts that exist (the workbench's single-excerpt writes). */
export const SPOKEN_BY_CYPHER = `UNWIND $rows AS row
MATCH (e:${E} {studyId: $studyId, id: row.excerptId})
MATCH (i:${I} {studyId: $studyId, id: row.informantId})
CREATE (e)-[:${cypherRelType('SPOKEN_BY')}]->(i)`;

/** A performer of one kind for excerpts that exist (the workbench's single-excerpt writes). */
export function performedByCypher(kind: keyof typeof ACTOR_LABEL): string {
  return `UNWIND $rows AS row
MATCH (e:${E} {studyId: $studyId, id: row.excerptId})
MATCH (a:${cypherLabel(ACTOR_LABEL[kind])} {studyId: $studyId, id: row.actorId})
CREATE (e)-[:${cypherRelType('PERFORMED_BY')} {source: row.source}]->(a)
RETURN count(*) AS n`;
}

export const WRITE_MEMOS_CYPHER = `UNWIND $memos AS m
CREATE (n:${M})
SET n = m.props, n.studyId = $studyId
WITH n, m
UNWIND m.excerptIds AS xid
MATCH (e:${E} {studyId: $studyId, id: xid})
CREATE (n)-[:${cypherRelType('ABOUT')}]->(e)`;

const ExistingRow = z.object({ id: z.string(), payloadHash: z.string().nullable() });
const CountRow = z.object({ n: z.number().int() });
const ExcerptSumsRow = z.object({
  n: z.number().int(),
  spoken: z.number().int(),
  performed: z.number().int(),
  coded: z.number().int(),
});

interface CodingParam {
  id: string;
  excerptId: string;
  code: string;
  coderId: string;
  at: string | null;
}

function documentProps(bundle: DocumentBundle): Record<string, unknown> {
  const { text, turns, variables, ...rest } = bundle.document;
  return {
    ...toProps({ ...rest }),
    text,
    turns: JSON.stringify(turns),
    ...(variables ? { variables: JSON.stringify(variables) } : {}),
    participants: bundle.document.participants,
  };
}

const byId = <T extends { readonly id: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * The hash of everything a document bundle writes: unchanged input is skipped whole. The order
 * of excerpts, codings, memos and participants does not count (a study folder, iwa's own .qdpx
 * and another tool's export of it list them in different orders; the graph keeps no order).
 */
export function bundleHash(bundle: DocumentBundle): string {
  return rowHash({
    ...bundle,
    document: { ...bundle.document, participants: [...bundle.document.participants].sort() },
    excerpts: byId(bundle.excerpts),
    codings: byId(bundle.codings),
    memos: byId(bundle.memos),
  });
}

/**
 * The hash earlier versions stored, in which order counted. A stored document with this hash is
 * unchanged too, so upgrading does not replace (or refuse to replace) every document once.
 */
export function legacyBundleHash(bundle: DocumentBundle): string {
  return rowHash(bundle);
}

/** Whether a stored `payloadHash` says the bundle is what was written last. */
export function isStoredBundle(
  payloadHash: string | null | undefined,
  bundle: DocumentBundle,
): boolean {
  return (
    payloadHash !== null &&
    payloadHash !== undefined &&
    (payloadHash === bundleHash(bundle) || payloadHash === legacyBundleHash(bundle))
  );
}

async function count(tx: Runner, cypher: string, params: object): Promise<number> {
  return parseRows(await tx.run(cypher, params), CountRow, 'write documents').reduce(
    (s, r) => s + r.n,
    0,
  );
}

/**
 * Writes a batch of documents with their excerpts, codings and memos in ONE transaction: either
 * every document of the batch is stored whole, or none is. A document whose content and codings
 * are unchanged since the last write is skipped; a changed one has its excerpts, codings and
 * memos replaced. Codes and actors must already exist (see `writeStudyManifest`).
 */
export async function writeDocuments(
  graph: Graph,
  params: WriteDocumentsParams,
): Promise<DocumentWriteResult> {
  if (params.bundles.length === 0) return writeDocumentsTx(null, params);
  return graph.writeTransaction((tx) => writeDocumentsTx(tx, params));
}

/** What {@link writeDocuments} writes. */
export interface WriteDocumentsParams {
  studyId: string;
  bundles: DocumentBundle[];
  /** Replace changed documents even when that removes work by coders not in the bundles. */
  replace?: boolean;
}

/**
 * {@link writeDocuments} inside the caller's transaction, so that a document can be written
 * together with other changes (a document replaced with its audit entry) or not at all.
 * `tx` may be null only for an empty batch.
 */
export async function writeDocumentsTx(
  tx: Runner | null,
  params: WriteDocumentsParams,
): Promise<DocumentWriteResult> {
  const { studyId, bundles } = params;
  const result: DocumentWriteResult = {
    documents: { created: 0, changed: 0, unchanged: 0 },
    excerpts: 0,
    codings: 0,
    memos: 0,
  };
  if (bundles.length === 0 || tx === null) return result;
  const hashes = new Map(bundles.map((b) => [b.document.id, bundleHash(b)]));
  const res = { ...result, documents: { ...result.documents } };
  const existing = new Map(
    parseRows(
      await tx.run(EXISTING_DOCUMENTS_CYPHER, { studyId, ids: [...hashes.keys()] }),
      ExistingRow,
      'existing documents',
    ).map((r) => [r.id, r.payloadHash]),
  );
  const toWrite = bundles.filter((b) => {
    const old = existing.get(b.document.id);
    if (old === undefined) {
      res.documents.created += 1;
      return true;
    }
    if (old === hashes.get(b.document.id) || old === legacyBundleHash(b)) {
      res.documents.unchanged += 1;
      return false;
    }
    res.documents.changed += 1;
    return true;
  });
  if (toWrite.length === 0) return res;

  const changedIds = toWrite.map((b) => b.document.id).filter((id) => existing.has(id));
  if (changedIds.length > 0 && params.replace !== true) {
    // the same check as the import's before it starts, now inside the transaction, so a
    // coding or memo written meanwhile (in the workbench) is not deleted without a word
    const byId = new Map(toWrite.map((b) => [b.document.id, b]));
    const stored = parseRows(
      await tx.run(STORED_DOCUMENT_CODERS_CYPHER, { studyId, ids: changedIds }),
      StoredDocumentCodersRow,
      'stored document coders',
    );
    const losses = stored.flatMap((d) => {
      const bundle = byId.get(d.id);
      const missing = bundle ? codersMissingFrom(d, bundle) : [];
      return missing.length > 0 ? [`${d.id} (${missing.map((c) => c.coderId).join(', ')})`] : [];
    });
    if (losses.length > 0)
      throw new GraphError(
        'conflict',
        `Study ${studyId}: replacing ${losses.join('; ')} would remove work by coders not in the input, written after the import began; nothing of this batch was written. Run the import again to see what would be removed.`,
      );
  }
  if (changedIds.length > 0) await tx.run(CLEAR_DOCUMENTS_CYPHER, { studyId, ids: changedIds });

  await tx.run(WRITE_DOCUMENTS_CYPHER, {
    studyId,
    docs: toWrite.map((b) => ({
      id: b.document.id,
      props: documentProps(b),
      hash: hashes.get(b.document.id),
      participants: b.document.participants,
    })),
  });
  const excerpts = toWrite.flatMap((b) => b.excerpts);
  const codings = toWrite.flatMap((b) => b.codings);
  const inBatch = new Set(excerpts.map((x) => x.id));
  const codingsOf = new Map<string, CodingParam[]>();
  const elsewhere: CodingParam[] = [];
  for (const c of codings) {
    const row: CodingParam = {
      id: c.id,
      excerptId: c.excerptId,
      code: c.code,
      coderId: c.coderId,
      at: c.at ?? null,
    };
    if (!inBatch.has(c.excerptId)) elsewhere.push(row);
    else {
      const list = codingsOf.get(c.excerptId);
      if (list) list.push(row);
      else codingsOf.set(c.excerptId, [row]);
    }
  }
  let performers = 0;
  const rows = excerpts.map((x) => {
    if (x.performer) performers += 1;
    return {
      documentId: x.documentId,
      props: {
        ...toProps({
          id: x.id,
          documentId: x.documentId,
          start: x.start,
          end: x.end,
          text: x.text,
          name: x.name,
          description: x.description,
          creatingUser: x.creatingUser,
          createdAt: x.createdAt,
          performerSource: x.performerSource,
        }),
        ...(x.speaker ? { speakerKind: x.speaker.kind, speakerId: x.speaker.id } : {}),
        ...(x.performer ? { performerKind: x.performer.kind, performerId: x.performer.id } : {}),
      },
      speaker: x.speaker?.kind === 'informant' ? x.speaker.id : null,
      performer: Object.fromEntries(
        ACTOR_KINDS.map((kind) => [kind, x.performer?.kind === kind ? x.performer.id : null]),
      ),
      performerSource: x.performerSource ?? null,
      codings: codingsOf.get(x.id) ?? [],
    };
  });
  const [sums] = parseRows(
    await tx.run(WRITE_EXCERPTS_CYPHER, { studyId, excerpts: rows }),
    ExcerptSumsRow,
    'write excerpts',
  );
  const written = sums?.n ?? 0;
  if (written !== excerpts.length) {
    throw new GraphError(
      'not_found',
      `Study ${studyId}: ${excerpts.length - written} excerpts name a missing document`,
    );
  }
  if ((sums?.performed ?? 0) !== performers) {
    throw new GraphError(
      'not_found',
      `Study ${studyId}: ${performers - (sums?.performed ?? 0)} excerpts name a performer that does not exist`,
    );
  }
  res.excerpts = written;
  let coded = sums?.coded ?? 0;
  if (elsewhere.length > 0)
    coded += await count(tx, WRITE_CODINGS_CYPHER, { studyId, codings: elsewhere });
  if (coded !== codings.length) {
    throw new GraphError(
      'not_found',
      `Study ${studyId}: ${codings.length - coded} codings name an excerpt or code that does not exist`,
    );
  }
  res.codings = coded;
  const memos = toWrite.flatMap((b) =>
    b.memos.map((m) => ({ memo: m, documentId: b.document.id })),
  );
  if (memos.length > 0) {
    await tx.run(WRITE_MEMOS_CYPHER, {
      studyId,
      memos: memos.map(({ memo, documentId }) => ({
        props: {
          ...toProps({
            id: memo.id,
            title: memo.title,
            text: memo.text,
            author: memo.author,
            createdAt: memo.createdAt,
          }),
          documentId,
          json: JSON.stringify(memo),
        },
        excerptIds: memo.about.filter((a) => a.kind === 'excerpt').map((a) => a.id),
      })),
    });
    res.memos = memos.length;
  }
  return res;
}
