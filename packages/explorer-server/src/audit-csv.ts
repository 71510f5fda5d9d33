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

/**
 * One CSV field: quoted when needed, and text a spreadsheet would run as a formula (starting
 * with = + - @ or a tab) prefixed with an apostrophe, since memos and excerpts are user text.
 */
function field(value: string | null): string {
  if (value === null) return '';
  const s = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const json = (v: unknown): string | null =>
  v === null || v === undefined ? null : JSON.stringify(v);

/**
 * The audit trail as CSV (UTF-8 with a BOM, CRLF line ends); before/after as JSON; `undo_of`
 * names the entry an undo takes back.
 */
export function auditCsv(entries: readonly AuditEntryItem[]): string {
  const rows = entries.map((e) =>
    [
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
    ]
      .map(field)
      .join(','),
  );
  return `\ufeff${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
