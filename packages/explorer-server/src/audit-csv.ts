import { toCsv } from '@iwa/services/analysis';
import type { AuditEntryItem } from './api-types.ts';

const COLUMNS = [
  'at',
  'coder',
  'action',
  'document',
  'excerpt',
  'coding',
  'before',
  'after',
  'id',
  'undo_of',
] as const;

const json = (v: unknown): string | null =>
  v === null || v === undefined ? null : JSON.stringify(v);

/**
 * The audit trail as CSV (UTF-8 with a BOM, CRLF line ends, formula guard: memos and excerpts
 * are user text), written by the services' one CSV writer; before/after as JSON; `undo_of` names
 * the entry an undo takes back.
 */
export function auditCsv(entries: readonly AuditEntryItem[]): string {
  const rows = entries.map((e) => [
    e.at,
    e.coderId,
    e.action,
    e.documentId,
    e.excerptId,
    e.codingId,
    json(e.before),
    json(e.after),
    e.id,
    e.undoOf ?? null,
  ]);
  return toCsv(COLUMNS, rows, { bom: true });
}
