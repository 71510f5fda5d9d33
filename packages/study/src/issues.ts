import { z } from 'zod';

/**
 * What went wrong (or is worth a look) in study input. Readers return these for expected bad
 * input instead of throwing. New codes may be added; none is ever renamed.
 */
export const StudyIssueCode = z.enum([
  // files and syntax
  'missing_file',
  'unreadable_file',
  'invalid_utf8',
  'invalid_yaml',
  'invalid_csv',
  'invalid_front_matter',
  'invalid_value',
  'unknown_field',
  // ids and cross-references
  'duplicate_id',
  'unknown_position',
  'unknown_informant',
  'unknown_organisation',
  'unknown_actor',
  'unknown_speaker',
  'unknown_code',
  'unknown_document',
  'unknown_excerpt',
  'unknown_coder',
  'unknown_dimension_value',
  'invalid_relation',
  'invalid_employment',
  // spans
  'anchor_not_found',
  'anchor_ambiguous',
  'offset_out_of_range',
  'invalid_span',
  'span_mismatch',
  'overlapping_turns',
  'conflicting_performer',
  // warnings
  'no_speaker_turns',
  'no_position',
  'empty_document',
  'uncoded_document',
  'duplicate_coding',
]);
export type StudyIssueCode = z.infer<typeof StudyIssueCode>;

/** A problem in study input, located as precisely as the reader could. */
export const StudyIssue = z.object({
  severity: z.enum(['error', 'warning']),
  code: StudyIssueCode,
  /** What is wrong and what was expected. */
  message: z.string(),
  /** How to fix it. */
  hint: z.string().optional(),
  /** The file, relative to the study folder (forward slashes). */
  file: z.string().optional(),
  /** 1-based line. */
  line: z.int().positive().optional(),
  /** 1-based column, in characters (code points) of that line. */
  column: z.int().positive().optional(),
  /** Where in the model, e.g. `['informants', 3, 'positionId']`. */
  path: z.array(z.union([z.string(), z.number()])).optional(),
});
export type StudyIssue = z.infer<typeof StudyIssue>;

/**
 * Renders an issue as one line, compiler style: `file:line:column: message; hint`.
 *
 * @example
 * formatIssue({ severity: 'error', code: 'anchor_not_found', file: 'codings.csv', line: 14,
 *   column: 3, message: 'anchor text "…" not found in interviews/M07.txt',
 *   hint: 'check spelling, or give start/end' })
 * // 'codings.csv:14:3: anchor text "…" not found in interviews/M07.txt; check spelling, or give start/end'
 */
export function formatIssue(issue: StudyIssue): string {
  let where = issue.file ?? '';
  if (issue.file !== undefined && issue.line !== undefined) {
    where += `:${issue.line}`;
    if (issue.column !== undefined) where += `:${issue.column}`;
  }
  if (where === '' && issue.path !== undefined && issue.path.length > 0)
    where = issue.path.join('.');
  const prefix = where === '' ? '' : `${where}: `;
  const warn = issue.severity === 'warning' ? 'warning: ' : '';
  const hint = issue.hint === undefined ? '' : `; ${issue.hint}`;
  return `${prefix}${warn}${issue.message}${hint}`;
}

/** Issues sorted by file, line and column (issues without a file first), stable otherwise. */
export function sortIssues(issues: readonly StudyIssue[]): StudyIssue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort(
      (a, b) =>
        (a.issue.file ?? '').localeCompare(b.issue.file ?? '') ||
        (a.issue.line ?? 0) - (b.issue.line ?? 0) ||
        (a.issue.column ?? 0) - (b.issue.column ?? 0) ||
        a.i - b.i,
    )
    .map(({ issue }) => issue);
}
