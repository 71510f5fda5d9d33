import { describe, expect, it } from 'vitest';
import { formatIssue, sortIssues, type StudyIssue } from './issues.ts';

describe('formatIssue', () => {
  it('renders file:line:column, the message and the hint', () => {
    const issue: StudyIssue = {
      severity: 'error',
      code: 'anchor_not_found',
      file: 'codings.csv',
      line: 14,
      column: 3,
      message: 'anchor text "we started the steering group" not found in interviews/M07.txt',
      hint: 'check spelling, or give start/end',
    };
    expect(formatIssue(issue)).toBe(
      'codings.csv:14:3: anchor text "we started the steering group" not found in interviews/M07.txt; check spelling, or give start/end',
    );
  });

  it('falls back to the model path and marks warnings', () => {
    expect(
      formatIssue({
        severity: 'warning',
        code: 'no_position',
        path: ['informants', 2, 'positionId'],
        message: 'informant A03 holds no position',
      }),
    ).toBe('informants.2.positionId: warning: informant A03 holds no position');
  });

  it('sorts by file, line and column', () => {
    const mk = (file: string, line: number): StudyIssue => ({
      severity: 'error',
      code: 'unknown_code',
      file,
      line,
      message: '',
    });
    expect(
      sortIssues([mk('study.yaml', 9), mk('codings.csv', 3), mk('study.yaml', 2)]).map(
        (i) => `${i.file}:${i.line}`,
      ),
    ).toEqual(['codings.csv:3', 'study.yaml:2', 'study.yaml:9']);
  });
});
