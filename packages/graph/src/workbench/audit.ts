import { z } from 'zod';
import { parseRows, type Graph, type Runner } from '../create-graph.ts';
import { cypherLabel } from '../cypher-names.ts';
import { GraphError } from '../graph-error.ts';

/** What a recorded change did. */
export const AuditAction = z.enum([
  'create_study',
  'add_document',
  'create_coding',
  'update_coding',
  'delete_coding',
  'set_performer',
  'set_memo',
  'create_code',
  'update_code',
  'merge_code',
  'retire_code',
  'save_actor',
  'delete_actor',
  'add_relation',
  'remove_relation',
  'rename_document',
  'replace_document',
  'delete_document',
]);
export type AuditAction = z.infer<typeof AuditAction>;

/**
 * Who made a change and when: every workbench write carries one. `opId` is chosen by the
 * client and becomes the audit entry's id, so a retried request is recognised and not applied
 * twice.
 */
export interface ChangeContext {
  opId: string;
  coderId: string;
  /** ISO date-time of the change. */
  at: string;
  /** The id of the entry this change takes back (an undo), recorded on its own entry. */
  undoOf?: string | undefined;
}

/** One recorded change: who, when, what, and the state before and after (plain JSON values). */
export interface AuditEntry {
  id: string;
  at: string;
  coderId: string;
  action: AuditAction;
  documentId: string | null;
  excerptId: string | null;
  codingId: string | null;
  before: unknown;
  after: unknown;
  /** The entry this one takes back, when it is an undo. */
  undoOf?: string | undefined;
}

/** The audit fields a change context gives an entry (the undo it is, if any). */
export function undoFields(change: ChangeContext): { undoOf?: string } {
  return change.undoOf === undefined ? {} : { undoOf: change.undoOf };
}

const A = cypherLabel('AuditEntry');

export const AUDIT_EXISTS_CYPHER = `MATCH (a:${A} {studyId: $studyId, id: $id}) RETURN a.action AS action, a.after AS after`;

export const WRITE_AUDIT_CYPHER = `CREATE (a:${A})
SET a = $props, a.studyId = $studyId`;

export const LIST_AUDIT_CYPHER = `MATCH (a:${A} {studyId: $studyId})
WHERE $documentId IS NULL OR a.documentId = $documentId
RETURN a.id AS id, a.at AS at, a.coderId AS coderId, a.action AS action,
       a.documentId AS documentId, a.excerptId AS excerptId, a.codingId AS codingId,
       a.before AS before, a.after AS after, a.undoOf AS undoOf
ORDER BY a.at, a.seq, a.id
SKIP toInteger($offset) LIMIT toInteger($limit)`;

export const COUNT_AUDIT_CYPHER = `MATCH (a:${A} {studyId: $studyId})
WHERE $documentId IS NULL OR a.documentId = $documentId
RETURN count(a) AS n`;

const ExistsRow = z.object({ action: z.string(), after: z.string().nullable() });

/** The entry already recorded under `opId`, if the operation was applied before (a retry). */
export async function findAuditEntry(
  tx: Runner,
  studyId: string,
  opId: string,
): Promise<{ action: string; after: unknown } | undefined> {
  const row = parseRows(
    await tx.run(AUDIT_EXISTS_CYPHER, { studyId, id: opId }),
    ExistsRow,
    'audit entry',
  )[0];
  if (row === undefined) return undefined;
  return {
    action: row.action,
    after: row.after === null ? null : (JSON.parse(row.after) as unknown),
  };
}

/**
 * Records a change inside the caller's transaction, so the entry exists exactly when the
 * change does. `seq` (a millisecond clock) orders entries made within the same `at`. An undo
 * (`undoOf`) must name an entry of the study: otherwise nothing is written.
 */
export async function writeAuditEntry(
  tx: Runner,
  studyId: string,
  entry: AuditEntry,
): Promise<void> {
  if (entry.undoOf !== undefined) {
    if ((await findAuditEntry(tx, studyId, entry.undoOf)) === undefined) {
      throw new GraphError(
        'not_found',
        `undoOf: study ${studyId} has no audit entry ${entry.undoOf} to undo`,
      );
    }
  }
  await tx.run(WRITE_AUDIT_CYPHER, {
    studyId,
    props: {
      id: entry.id,
      at: entry.at,
      seq: Date.now(),
      coderId: entry.coderId,
      action: entry.action,
      ...(entry.documentId === null ? {} : { documentId: entry.documentId }),
      ...(entry.excerptId === null ? {} : { excerptId: entry.excerptId }),
      ...(entry.codingId === null ? {} : { codingId: entry.codingId }),
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after),
      ...(entry.undoOf === undefined ? {} : { undoOf: entry.undoOf }),
    },
  });
}

/** Whether an operation id was recorded in a study's audit trail (a retried request). */
export async function hasAuditEntry(
  graph: Graph,
  params: { studyId: string; opId: string },
): Promise<boolean> {
  return (await findAuditEntry(graph, params.studyId, params.opId)) !== undefined;
}

/**
 * Records a change made by another writer (a study created or a document added through the
 * import path) in its own transaction; a second call with the same id records nothing.
 */
export async function appendAuditEntry(
  graph: Graph,
  params: { studyId: string; entry: AuditEntry },
): Promise<'recorded' | 'replayed'> {
  return graph.writeTransaction(async (tx) => {
    if (await findAuditEntry(tx, params.studyId, params.entry.id)) return 'replayed';
    await writeAuditEntry(tx, params.studyId, params.entry);
    return 'recorded';
  });
}

const AuditRow = z.object({
  id: z.string(),
  at: z.string(),
  coderId: z.string(),
  action: AuditAction,
  documentId: z.string().nullable(),
  excerptId: z.string().nullable(),
  codingId: z.string().nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  undoOf: z.string().nullable(),
});

/** A study's audit trail, oldest first (optionally one document's). */
export async function listAuditEntries(
  graph: Graph,
  params: { studyId: string; documentId?: string | undefined; limit?: number; offset?: number },
): Promise<{ total: number; entries: AuditEntry[] }> {
  const base = { studyId: params.studyId, documentId: params.documentId ?? null };
  const [count] = parseRows(
    await graph.read(COUNT_AUDIT_CYPHER, base),
    z.object({ n: z.number().int() }),
    'audit count',
  );
  const rows = parseRows(
    await graph.read(LIST_AUDIT_CYPHER, {
      ...base,
      limit: params.limit ?? 100_000,
      offset: params.offset ?? 0,
    }),
    AuditRow,
    'audit entries',
  );
  return {
    total: count?.n ?? 0,
    entries: rows.map(({ undoOf, ...r }) => ({
      ...r,
      ...(undoOf === null ? {} : { undoOf }),
      before: r.before === null ? null : (JSON.parse(r.before) as unknown),
      after: r.after === null ? null : (JSON.parse(r.after) as unknown),
    })),
  };
}
