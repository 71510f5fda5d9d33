import { z } from 'zod';
import { parseRows, type Graph, type Runner } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { GraphError } from '../graph-error.ts';
import { toProps } from '../writers/row-hash.ts';
import { SPOKEN_BY_CYPHER, performedByCypher } from '../writers/write-documents.ts';
import { findAuditEntry, undoFields, writeAuditEntry, type ChangeContext } from './audit.ts';
import { deleteCodingTx, readCoding } from './delete-coding.ts';
import {
  spanExcerpt,
  workbenchCodingId,
  type SpanExcerpt,
  type WorkbenchCoding,
} from './workbench-excerpt.ts';

/** What a coding write did; `replayed` means the operation id was applied before. */
export type WriteOutcome = 'created' | 'changed' | 'unchanged' | 'replayed';

export interface UpsertCodingParams {
  studyId: string;
  documentId: string;
  /** Code points into the stored (normalised) text. */
  start: number;
  end: number;
  code: string;
  change: ChangeContext;
}

const E = cypherLabel('Excerpt');

export const CODE_CHECK_CYPHER = `MATCH (c:${cypherLabel('Code')} {studyId: $studyId, id: $code})
RETURN coalesce(c.isCodable, true) AS codable`;

export const MERGE_EXCERPT_CYPHER = `MATCH (d:${cypherLabel('Document')} {studyId: $studyId, id: $documentId})
MERGE (e:${E} {studyId: $studyId, id: $excerptId})
ON CREATE SET e += $props, e.wbNew = true
WITH d, e, e.wbNew IS NOT NULL AS created
REMOVE e.wbNew
FOREACH (_ IN CASE WHEN created THEN [1] ELSE [] END | CREATE (e)-[:${cypherRelType('IN')}]->(d))
RETURN created`;

export const MERGE_CODED_CYPHER = `MATCH (e:${E} {studyId: $studyId, id: $excerptId})
MATCH (code:${cypherLabel('Code')} {studyId: $studyId, id: $code})
MERGE (e)-[r:${cypherRelType('CODED')} {id: $codingId}]->(code)
ON CREATE SET r.coderId = $coderId, r.at = $at, r.studyId = $studyId, r.wbNew = true
WITH r, r.wbNew IS NOT NULL AS created
REMOVE r.wbNew
RETURN created`;

const CreatedRow = z.object({ created: z.boolean() });

function excerptProps(x: SpanExcerpt, change: ChangeContext): Record<string, unknown> {
  return {
    ...toProps({
      id: x.id,
      documentId: x.documentId,
      start: x.start,
      end: x.end,
      text: x.text,
      creatingUser: change.coderId,
      createdAt: change.at,
      performerSource: x.performerSource,
    }),
    ...(x.speaker ? { speakerKind: x.speaker.kind, speakerId: x.speaker.id } : {}),
    ...(x.performer ? { performerKind: x.performer.kind, performerId: x.performer.id } : {}),
  };
}

/** Writes the excerpt of a span when it is new (with IN, SPOKEN_BY, PERFORMED_BY as an import does). */
export async function ensureExcerpt(
  tx: Runner,
  params: { studyId: string; excerpt: SpanExcerpt; change: ChangeContext },
): Promise<boolean> {
  const { studyId, excerpt: x, change } = params;
  const [row] = parseRows(
    await tx.run(MERGE_EXCERPT_CYPHER, {
      studyId,
      documentId: x.documentId,
      excerptId: x.id,
      props: excerptProps(x, change),
    }),
    CreatedRow,
    'merge excerpt',
  );
  if (!row?.created) return false;
  if (x.speaker?.kind === 'informant') {
    await tx.run(SPOKEN_BY_CYPHER, {
      studyId,
      rows: [{ excerptId: x.id, informantId: x.speaker.id }],
    });
  }
  if (x.performer) {
    await tx.run(performedByCypher(x.performer.kind), {
      studyId,
      rows: [{ excerptId: x.id, actorId: x.performer.id, source: x.performerSource }],
    });
  }
  return true;
}

/** Checks that `code` is a codable code of the study. */
async function checkCode(tx: Runner, studyId: string, code: string): Promise<void> {
  const [row] = parseRows(
    await tx.run(CODE_CHECK_CYPHER, { studyId, code }),
    z.object({ codable: z.boolean() }),
    'code check',
  );
  if (row === undefined) throw new GraphError('not_found', `Study ${studyId} has no code ${code}`);
  if (!row.codable)
    throw new GraphError('conflict', `${code} groups other codes: pick one of them`);
}

/** The coding part of an upsert, inside the caller's transaction (no audit entry). */
export async function upsertCodingTx(
  tx: Runner,
  params: Omit<UpsertCodingParams, 'change'> & { change: ChangeContext },
): Promise<{ created: boolean; coding: WorkbenchCoding }> {
  const { studyId, code, change } = params;
  await checkCode(tx, studyId, code);
  const x = await spanExcerpt(tx, params);
  await ensureExcerpt(tx, { studyId, excerpt: x, change });
  const id = workbenchCodingId(x, code, change.coderId);
  const [row] = parseRows(
    await tx.run(MERGE_CODED_CYPHER, {
      studyId,
      excerptId: x.id,
      code,
      codingId: id,
      coderId: change.coderId,
      at: change.at,
    }),
    CreatedRow,
    'merge coding',
  );
  const coding: WorkbenchCoding = {
    id,
    excerptId: x.id,
    documentId: x.documentId,
    start: x.start,
    end: x.end,
    text: x.text,
    code,
    coderId: change.coderId,
    at: change.at,
  };
  return { created: row?.created ?? false, coding };
}

/**
 * Applies `code` to a span for a coder, in one transaction with its audit entry. The excerpt
 * is created when the span has none; the coding id is the importer's (excerpt + code + coder),
 * so the same span, code and coder twice is one coding, and a retried operation id is a no-op.
 */
export async function upsertCoding(
  graph: Graph,
  params: UpsertCodingParams,
): Promise<{ outcome: WriteOutcome; coding: WorkbenchCoding }> {
  return graph.writeTransaction(async (tx) => {
    const replay = await findAuditEntry(tx, params.studyId, params.change.opId);
    const res = await (replay ? upsertDryRun(tx, params) : upsertCodingTx(tx, params));
    if (replay) return { outcome: 'replayed' as const, coding: res.coding };
    if (!res.created) return { outcome: 'unchanged' as const, coding: res.coding };
    await writeAuditEntry(tx, params.studyId, {
      id: params.change.opId,
      ...undoFields(params.change),
      at: params.change.at,
      coderId: params.change.coderId,
      action: 'create_coding',
      documentId: res.coding.documentId,
      excerptId: res.coding.excerptId,
      codingId: res.coding.id,
      before: null,
      after: res.coding,
    });
    return { outcome: 'created' as const, coding: res.coding };
  });
}

/** The coding an upsert would give, without writing (to answer a replayed request). */
async function upsertDryRun(
  tx: Runner,
  params: UpsertCodingParams,
): Promise<{ created: boolean; coding: WorkbenchCoding }> {
  const x = await spanExcerpt(tx, params);
  const id = workbenchCodingId(x, params.code, params.change.coderId);
  const stored = await readCoding(tx, params.studyId, id);
  return {
    created: false,
    coding: stored ?? {
      id,
      excerptId: x.id,
      documentId: x.documentId,
      start: x.start,
      end: x.end,
      text: x.text,
      code: params.code,
      coderId: params.change.coderId,
      at: params.change.at,
    },
  };
}

/**
 * Changes a coding's code or span: the new coding is written and the old one removed (its
 * excerpt too when nothing else codes it), in one transaction with one `update_coding` entry.
 */
export async function updateCoding(
  graph: Graph,
  params: {
    studyId: string;
    codingId: string;
    code?: string | undefined;
    start?: number | undefined;
    end?: number | undefined;
    change: ChangeContext;
  },
): Promise<{ outcome: WriteOutcome; coding: WorkbenchCoding }> {
  const { studyId, change } = params;
  return graph.writeTransaction(async (tx) => {
    const replay = await findAuditEntry(tx, studyId, change.opId);
    if (replay) {
      return { outcome: 'replayed' as const, coding: replay.after as WorkbenchCoding };
    }
    const old = await readCoding(tx, studyId, params.codingId);
    if (old === undefined) {
      throw new GraphError('not_found', `Study ${studyId} has no coding ${params.codingId}`);
    }
    const next = await upsertCodingTx(tx, {
      studyId,
      documentId: old.documentId,
      start: params.start ?? old.start,
      end: params.end ?? old.end,
      code: params.code ?? old.code,
      change,
    });
    if (next.coding.id === old.id) return { outcome: 'unchanged' as const, coding: old };
    await deleteCodingTx(tx, studyId, old.id);
    await writeAuditEntry(tx, studyId, {
      id: change.opId,
      ...undoFields(change),
      at: change.at,
      coderId: change.coderId,
      action: 'update_coding',
      documentId: old.documentId,
      excerptId: next.coding.excerptId,
      codingId: next.coding.id,
      before: old,
      after: next.coding,
    });
    return { outcome: 'changed' as const, coding: next.coding };
  });
}
