import type { AuditResponse } from '../../shared/api-types.ts';
import { apiUrl } from '../api.ts';
import { studyApi, useApiGet } from '../api-client.ts';

const ACTIONS: Readonly<Record<string, string>> = {
  create_study: 'created the study',
  add_document: 'added the document',
  create_coding: 'coded',
  update_coding: 'changed a coding',
  delete_coding: 'deleted a coding',
  set_performer: 'set the performer',
  set_memo: 'edited a memo',
  create_code: 'created a code',
  update_code: 'changed a code',
  merge_code: 'merged codes',
  retire_code: 'retired a code',
  save_actor: 'saved an actor',
  delete_actor: 'deleted an actor',
  add_relation: 'added a relation',
  remove_relation: 'removed a relation',
  rename_document: 'renamed the document',
  replace_document: 'replaced the document',
  delete_document: 'deleted the document',
};

const quote = (t: string | undefined) => (t === undefined ? '(none)' : `“${t}”`);

function what(e: AuditResponse['entries'][number]): string {
  const after = e.after as { code?: string; text?: string } | null;
  const before = e.before as { code?: string } | null;
  if (e.action === 'create_coding') return `${after?.code ?? ''} on “${after?.text ?? ''}”`;
  if (e.action === 'delete_coding') return before?.code ?? '';
  if (e.action === 'update_coding') return `${before?.code ?? ''} → ${after?.code ?? ''}`;
  if (e.action === 'set_memo') {
    const b = (e.before as { text?: string } | null)?.text;
    const a = after?.text;
    return `${quote(b)} → ${quote(a)}`;
  }
  const named = (v: unknown) => {
    const o = v as {
      label?: string;
      name?: string;
      title?: string;
      key?: string;
      id?: string;
    } | null;
    return o?.label ?? o?.name ?? o?.title ?? o?.key ?? o?.id ?? '';
  };
  if (e.action === 'rename_document') return `${named(e.before)} → ${named(e.after)}`;
  if (e.action === 'merge_code') {
    const m = e.after as { merged?: string; into?: string } | null;
    return `${m?.merged ?? ''} into ${m?.into ?? ''}`;
  }
  if (e.action === 'add_relation' || e.action === 'remove_relation') {
    const r = (e.after ?? e.before) as {
      type?: string;
      from?: { id: string };
      to?: { id: string };
    } | null;
    return `${r?.from?.id ?? ''} ${r?.type ?? ''} ${r?.to?.id ?? ''}`;
  }
  return named(e.after ?? e.before);
}

/** The study's audit trail (newest first) with a CSV download of all of it. */
export function AuditPanel(props: { studyId: string; documentId: string | undefined }) {
  const state = useApiGet(studyApi.audit, {
    param: { id: props.studyId },
    query: { documentId: props.documentId },
  });
  const all = state.status === 'ok' ? state.data.entries : [];
  const entries = [...all].reverse().slice(0, 50);
  /** What the entry an undo takes back did, with when: "coded (10:02:03)". */
  const undone = (id: string) => {
    const target = all.find((x) => x.id === id);
    return target === undefined
      ? id
      : `“${ACTIONS[target.action] ?? target.action}” (${target.at.slice(11, 19)})`;
  };
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
              <td>
                {e.undoOf !== undefined ? (
                  <span data-testid="undo-entry">undo of {undone(e.undoOf)}</span>
                ) : (
                  (ACTIONS[e.action] ?? e.action)
                )}
              </td>
              <td className="audit-detail">{what(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
