import { memoId, type ActorRef } from '@iwa/study';
import { z } from 'zod';
import { parseRows, type Graph, type Runner } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { GraphError } from '../graph-error.ts';
import { performedByCypher } from '../writers/write-documents.ts';
import { findAuditEntry, undoFields, writeAuditEntry, type ChangeContext } from './audit.ts';

const E = cypherLabel('Excerpt');
const M = cypherLabel('Memo');
const ABOUT = cypherRelType('ABOUT');

export const READ_EXCERPT_CYPHER = `MATCH (e:${E} {studyId: $studyId, id: $excerptId})
RETURN e.documentId AS documentId, e.speakerKind AS speakerKind, e.speakerId AS speakerId,
       e.performerKind AS performerKind, e.performerId AS performerId,
       e.performerSource AS performerSource`;

export const CLEAR_PERFORMER_CYPHER = `MATCH (e:${E} {studyId: $studyId, id: $excerptId})
OPTIONAL MATCH (e)-[p:${cypherRelType('PERFORMED_BY')}]->()
DELETE p
WITH DISTINCT e
SET e.performerKind = $performerKind, e.performerId = $performerId, e.performerSource = $source`;

export const READ_MEMO_CYPHER = `MATCH (m:${M} {studyId: $studyId, id: $memoId}) RETURN m.text AS text, m.author AS author`;

export const UPSERT_MEMO_CYPHER = `MATCH (e:${E} {studyId: $studyId, id: $excerptId})
MERGE (m:${M} {studyId: $studyId, id: $memoId})
SET m = $props, m.studyId = $studyId
MERGE (m)-[:${ABOUT}]->(e)`;

export const DELETE_MEMO_CYPHER = `MATCH (m:${M} {studyId: $studyId, id: $memoId}) DETACH DELETE m`;

const ExcerptRow = z.object({
  documentId: z.string(),
  speakerKind: z.string().nullable(),
  speakerId: z.string().nullable(),
  performerKind: z.enum(['informant', 'organisation', 'actor_group']).nullable(),
  performerId: z.string().nullable(),
  performerSource: z.string().nullable(),
});

async function readExcerpt(
  tx: Runner,
  studyId: string,
  excerptId: string,
): Promise<z.output<typeof ExcerptRow>> {
  const row = parseRows(
    await tx.run(READ_EXCERPT_CYPHER, { studyId, excerptId }),
    ExcerptRow,
    'excerpt',
  )[0];
  if (row === undefined)
    throw new GraphError('not_found', `Study ${studyId} has no excerpt ${excerptId}`);
  return row;
}

/** Who performs an excerpt's work and why: stated by a coder, or the speaker by default. */
export interface PerformerState {
  performer: ActorRef | null;
  performerSource: string;
}

/**
 * Sets who performed the work an excerpt describes (when it is not the speaker), or with
 * `performer: null` goes back to the default (the speaker, when an informant). One
 * transaction with its audit entry; setting the performer it already has changes nothing.
 */
export async function setPerformer(
  graph: Graph,
  params: { studyId: string; excerptId: string; performer: ActorRef | null; change: ChangeContext },
): Promise<{ outcome: 'changed' | 'unchanged' | 'replayed'; state: PerformerState }> {
  const { studyId, excerptId, change } = params;
  return graph.writeTransaction(async (tx) => {
    const x = await readExcerpt(tx, studyId, excerptId);
    const before: PerformerState = {
      performer:
        x.performerKind !== null && x.performerId !== null
          ? { kind: x.performerKind, id: x.performerId }
          : null,
      performerSource: x.performerSource ?? 'none',
    };
    if (await findAuditEntry(tx, studyId, change.opId)) {
      return { outcome: 'replayed' as const, state: before };
    }
    const after: PerformerState = params.performer
      ? { performer: params.performer, performerSource: 'explicit' }
      : x.speakerKind === 'informant' && x.speakerId !== null
        ? { performer: { kind: 'informant', id: x.speakerId }, performerSource: 'speaker' }
        : { performer: null, performerSource: 'none' };
    if (
      after.performerSource === before.performerSource &&
      after.performer?.kind === before.performer?.kind &&
      after.performer?.id === before.performer?.id
    ) {
      return { outcome: 'unchanged' as const, state: before };
    }
    await tx.run(CLEAR_PERFORMER_CYPHER, {
      studyId,
      excerptId,
      performerKind: after.performer?.kind ?? null,
      performerId: after.performer?.id ?? null,
      source: after.performerSource,
    });
    if (after.performer) {
      const [row] = await tx.run(performedByCypher(after.performer.kind), {
        studyId,
        rows: [{ excerptId, actorId: after.performer.id, source: after.performerSource }],
      });
      if (Number(row?.n ?? 0) !== 1) {
        throw new GraphError(
          'not_found',
          `Study ${studyId} has no ${after.performer.kind} ${after.performer.id}`,
        );
      }
    }
    await writeAuditEntry(tx, studyId, {
      id: change.opId,
      ...undoFields(change),
      at: change.at,
      coderId: change.coderId,
      action: 'set_performer',
      documentId: x.documentId,
      excerptId,
      codingId: null,
      before,
      after,
    });
    return { outcome: 'changed' as const, state: after };
  });
}

/** The id of the workbench's memo on an excerpt (one per excerpt, edited in place). */
export function excerptMemoId(excerptId: string): string {
  return memoId([{ kind: 'excerpt', id: excerptId }], '');
}

/**
 * Writes the memo on an excerpt (empty text deletes it), stored as an imported memo is: a
 * `Memo` node ABOUT the excerpt, with its JSON. One transaction with its audit entry.
 */
export async function setExcerptMemo(
  graph: Graph,
  params: { studyId: string; excerptId: string; text: string; change: ChangeContext },
): Promise<{ outcome: 'changed' | 'unchanged' | 'replayed'; memoId: string }> {
  const { studyId, excerptId, change } = params;
  const id = excerptMemoId(excerptId);
  return graph.writeTransaction(async (tx) => {
    const x = await readExcerpt(tx, studyId, excerptId);
    if (await findAuditEntry(tx, studyId, change.opId)) {
      return { outcome: 'replayed' as const, memoId: id };
    }
    const old = parseRows(
      await tx.run(READ_MEMO_CYPHER, { studyId, memoId: id }),
      z.object({ text: z.string(), author: z.string().nullable() }),
      'memo',
    )[0];
    const text = params.text.trim() === '' ? '' : params.text;
    if ((old?.text ?? '') === text) return { outcome: 'unchanged' as const, memoId: id };
    if (text === '') {
      await tx.run(DELETE_MEMO_CYPHER, { studyId, memoId: id });
    } else {
      const memo = {
        id,
        text,
        about: [{ kind: 'excerpt', id: excerptId }],
        author: change.coderId,
        createdAt: change.at,
      };
      await tx.run(UPSERT_MEMO_CYPHER, {
        studyId,
        excerptId,
        memoId: id,
        props: {
          id,
          text,
          author: change.coderId,
          createdAt: change.at,
          documentId: x.documentId,
          json: JSON.stringify(memo),
        },
      });
    }
    await writeAuditEntry(tx, studyId, {
      id: change.opId,
      ...undoFields(change),
      at: change.at,
      coderId: change.coderId,
      action: 'set_memo',
      documentId: x.documentId,
      excerptId,
      codingId: null,
      before: old ? { text: old.text, author: old.author } : null,
      after: text === '' ? null : { text, author: change.coderId },
    });
    return { outcome: 'changed' as const, memoId: id };
  });
}
