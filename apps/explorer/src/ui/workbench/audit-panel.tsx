import type { AuditResponse } from '../../shared/api-types.ts';
import { apiUrl, useApi } from '../api.ts';

const ACTIONS: Readonly<Record<string, string>> = {
  create_study: 'created the study',
  add_document: 'added the document',
  create_coding: 'coded',
  update_coding: 'changed a coding',
  delete_coding: 'deleted a coding',
  set_performer: 'set the performer',
  set_memo: 'edited a memo',
};

function what(e: AuditResponse['entries'][number]): string {
  const after = e.after as { code?: string; text?: string } | null;
  const before = e.before as { code?: string } | null;
  if (e.action === 'create_coding') return `${after?.code ?? ''} on “${after?.text ?? ''}”`;
  if (e.action === 'delete_coding') return before?.code ?? '';
  if (e.action === 'update_coding') return `${before?.code ?? ''} → ${after?.code ?? ''}`;
  return '';
}

/** The study's audit trail (newest first) with a CSV download of all of it. */
export function AuditPanel(props: { studyId: string; documentId: string | undefined }) {
  const url = apiUrl(`/api/studies/${encodeURIComponent(props.studyId)}/audit`, {
    documentId: props.documentId,
  });
  const state = useApi<AuditResponse>(url);
  const entries = state.status === 'ok' ? [...state.data.entries].reverse().slice(0, 50) : [];
  return (
    <details className="audit-panel">
      <summary>Audit trail{state.status === 'ok' ? ` (${state.data.total} changes)` : ''}</summary>
      <p>
        <a
          href={apiUrl(`/api/studies/${encodeURIComponent(props.studyId)}/audit`, {
            format: 'csv',
          })}
          download
        >
          Download the study&apos;s audit trail (CSV)
        </a>
      </p>
      <table className="audit-table">
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{e.at.replace('T', ' ').slice(0, 19)}</td>
              <td>{e.coderId}</td>
              <td>{ACTIONS[e.action] ?? e.action}</td>
              <td className="audit-detail">{what(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
