import { useState } from 'react';
import type { ReactNode } from 'react';
import type { FormEvent } from 'react';
import type {
  ActorNode,
  CodebookEdit,
  DocumentSummaryResponse,
  StudySetupResponse,
} from '../../shared/api-types.ts';
import { newOpId } from '../api.ts';
import { getApi, sendApi, studyApi } from '../api-client.ts';
import { actorOptionValue, actorRef } from './actor-option.ts';
import { DeleteActorButton } from './delete-actor.tsx';
import { base64Of } from './study-dialogs.tsx';

/*
 * The study built in the browser: its own codes, its actors, relations drawn from a passage,
 * and its documents renamed, replaced or deleted. Every change goes to the API as one audited
 * operation; the panels are shown only when the explorer accepts changes and a token is set.
 */

/** What every study edit carries: a fresh operation id, and who makes it. */
const change = (coderId: string) => ({ opId: newOpId(), coderId });

/** Changes the study's own codes (`POST …/codebook`). */
export function editCodebook(studyId: string, coderId: string, edit: CodebookEdit) {
  return sendApi(studyApi.codebook.$post, {
    param: { id: studyId },
    json: { ...change(coderId), edit },
  });
}

/** The key of a code a codebook edit made or changed (the edit's `after`), if it names one. */
function keyOf(after: unknown): string | undefined {
  if (typeof after !== 'object' || after === null || !('key' in after)) return undefined;
  return typeof after.key === 'string' ? after.key : undefined;
}

/** A panel that stays open across reloads of its data (its open state kept for the tab). */
function Panel(props: { name: string; summary: string; children: ReactNode }) {
  const key = `iwa.panel.${props.name}`;
  const [open, setOpen] = useState(() => sessionStorage.getItem(key) === '1');
  return (
    <details
      className="setup-panel"
      aria-label={props.name}
      open={open}
      onToggle={(e) => {
        const now = e.currentTarget.open;
        sessionStorage.setItem(key, now ? '1' : '0');
        setOpen(now);
      }}
    >
      <summary>{props.summary}</summary>
      {open && props.children}
    </details>
  );
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A new theme or flag: from a label, or in vivo from the selected words. */
export function NewCodeForm(props: {
  studyId: string;
  coderId: string;
  codes: StudySetupResponse['codes'];
  /** The selected words, for an in-vivo code. */
  selection?: string | undefined;
  /** Called with the new code's key (to apply it to the selection). */
  onCreated?: ((key: string) => void) | undefined;
}) {
  const [family, setFamily] = useState<'theme' | 'flag'>('theme');
  const [label, setLabel] = useState('');
  const [parent, setParent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async (name: string) => {
    setBusy(true);
    setError(null);
    try {
      const res = await editCodebook(props.studyId, props.coderId, {
        op: 'create',
        family,
        label: name,
        ...(parent === '' ? {} : { parent }),
      });
      setLabel('');
      const key = keyOf(res.after);
      if (key !== undefined) props.onCreated?.(key);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const inVivo = props.selection?.trim().slice(0, 80) ?? '';
  return (
    <form
      className="new-code"
      aria-label="New code"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (label.trim() !== '') void create(label.trim());
      }}
    >
      <select
        aria-label="New code family"
        value={family}
        onChange={(e) => setFamily(e.target.value as 'theme' | 'flag')}
      >
        <option value="theme">Theme</option>
        <option value="flag">Flag</option>
      </select>
      <input
        aria-label="New code name"
        placeholder="Name of a new code"
        value={label}
        onChange={(e) => setLabel(e.target.value)}
      />
      <select aria-label="Inside" value={parent} onChange={(e) => setParent(e.target.value)}>
        <option value="">At the top level</option>
        {props.codes.map((c) => (
          <option key={c.key} value={c.key}>
            Inside {c.label}
          </option>
        ))}
      </select>
      <button type="submit" disabled={busy || label.trim() === ''}>
        {props.onCreated ? 'Create and apply' : 'Create code'}
      </button>
      {props.onCreated && inVivo !== '' && (
        <button type="button" disabled={busy} onClick={() => void create(inVivo)}>
          In vivo: “{inVivo.length > 30 ? `${inVivo.slice(0, 30)}…` : inVivo}”
        </button>
      )}
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

/** The study's own codes: rename, recolour, describe, nest, merge and retire them. */
export function CodebookPanel(props: {
  studyId: string;
  coderId: string;
  setup: StudySetupResponse;
  hidden: ReadonlySet<string>;
  frameworkFamilies: readonly { key: string; label: string }[];
  onHidden: (family: string, hidden: boolean) => void;
}) {
  const { codes } = props.setup;
  const [error, setError] = useState<string | null>(null);
  const run = (edit: CodebookEdit) => {
    setError(null);
    editCodebook(props.studyId, props.coderId, edit).catch((err: unknown) =>
      setError(errorText(err)),
    );
  };
  const depth = (key: string): number => {
    const parent = codes.find((c) => c.key === key)?.parent;
    return parent === undefined ? 0 : 1 + depth(parent);
  };
  return (
    <Panel name="Codebook" summary={`Codebook (${codes.length} study codes)`}>
      <p className="muted small">
        Framework codes are fixed. Hide the families you do not use while coding:
      </p>
      <div className="hide-families">
        {props.frameworkFamilies.map((f) => (
          <label key={f.key} className="check">
            <input
              type="checkbox"
              checked={!props.hidden.has(f.key)}
              onChange={(e) => props.onHidden(f.key, !e.target.checked)}
            />
            {f.label}
          </label>
        ))}
      </div>
      <NewCodeForm studyId={props.studyId} coderId={props.coderId} codes={codes} />
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ul className="codebook-list">
        {codes.map((c) => (
          <li key={c.key} data-code-row={c.key} style={{ paddingLeft: `${depth(c.key) * 1.2}em` }}>
            <input
              type="color"
              aria-label={`Colour of ${c.label}`}
              value={c.colour ?? '#888888'}
              onChange={(e) => run({ op: 'update', key: c.key, colour: e.target.value })}
            />
            <input
              aria-label={`Name of ${c.label}`}
              defaultValue={c.label}
              onBlur={(e) => {
                const v = e.target.value.trim();
                if (v !== '' && v !== c.label) run({ op: 'update', key: c.key, label: v });
              }}
            />
            <input
              aria-label={`Description of ${c.label}`}
              placeholder="What it means, when to use it"
              defaultValue={c.description ?? ''}
              onBlur={(e) => {
                if (e.target.value !== (c.description ?? ''))
                  run({ op: 'update', key: c.key, description: e.target.value || null });
              }}
            />
            <select
              aria-label={`Parent of ${c.label}`}
              value={c.parent ?? ''}
              onChange={(e) => run({ op: 'update', key: c.key, parent: e.target.value || null })}
            >
              <option value="">Top level</option>
              {codes
                .filter((o) => o.key !== c.key)
                .map((o) => (
                  <option key={o.key} value={o.key}>
                    Inside {o.label}
                  </option>
                ))}
            </select>
            <select
              aria-label={`Merge ${c.label} into`}
              value=""
              onChange={(e) => {
                const into = e.target.value;
                if (
                  into !== '' &&
                  window.confirm(
                    `Merge “${c.label}” into “${codes.find((o) => o.key === into)?.label ?? into}”? Its codings move there and “${c.label}” leaves the codebook.`,
                  )
                )
                  run({ op: 'merge', key: c.key, into });
              }}
            >
              <option value="">Merge into…</option>
              {codes
                .filter((o) => o.key !== c.key)
                .map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.label}
                  </option>
                ))}
            </select>
            <button
              type="button"
              className="link"
              onClick={() => {
                if (
                  window.confirm(`Retire “${c.label}”? (Only a code nobody has used can retire.)`)
                )
                  run({ op: 'retire', key: c.key });
              }}
            >
              Retire
            </button>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

type ActorKind = 'informant' | 'organisation' | 'actor_group';

/** Adds or changes informants, organisations and groups, with positions and case attributes. */
export function ActorsPanel(props: {
  studyId: string;
  coderId: string;
  setup: StudySetupResponse;
}) {
  const { setup } = props;
  const [kind, setKind] = useState<ActorKind>('organisation');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const field = (name: string, label: string, placeholder = '') => (
    <label>
      {label}
      <input
        name={name}
        placeholder={placeholder}
        value={fields[name] ?? ''}
        onChange={(e) => setFields({ ...fields, [name]: e.target.value })}
      />
    </label>
  );
  const opt = (name: string) => {
    const v = fields[name]?.trim() ?? '';
    return v === '' ? {} : { [name]: v };
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const id = fields.id?.trim() ?? '';
    const actor =
      kind === 'organisation'
        ? {
            kind,
            id,
            name: fields.name ?? '',
            organisationKind: fields.organisationKind ?? '',
            ...opt('sector'),
            ...opt('level'),
          }
        : kind === 'actor_group'
          ? {
              kind,
              id,
              label: fields.label ?? '',
              groupKind: fields.groupKind ?? 'group',
              ...opt('role'),
            }
          : {
              kind,
              id,
              role: fields.role ?? '',
              ...opt('pseudonym'),
              ...opt('sector'),
              ...opt('level'),
              ...opt('organisationId'),
              ...(fields.variables?.trim() ? { variables: parseAttributes(fields.variables) } : {}),
            };
    try {
      await sendApi(studyApi.actors.$post, {
        param: { id: props.studyId },
        json: { ...change(props.coderId), actor },
      });
      setStatus(`Saved ${id}`);
      setFields({});
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Panel
      name="Actors"
      summary={`Actors (${setup.informants.length} informants, ${setup.organisations.length} organisations, ${setup.actorGroups.length} groups)`}
    >
      <p className="muted small">
        Add the people, organisations and groups your informants talk about, so that work can be
        attributed to them (“Performed by”) and relations drawn between them. Saving an id that
        exists changes that actor.
      </p>
      <form
        className="actor-form"
        aria-label="Add or change an actor"
        onSubmit={(e) => void submit(e)}
      >
        <label>
          Kind
          <select
            aria-label="Actor kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as ActorKind);
              setFields({});
            }}
          >
            <option value="organisation">Organisation</option>
            <option value="actor_group">Group or forum (not interviewed)</option>
            <option value="informant">Informant</option>
          </select>
        </label>
        {field('id', 'Id', kind === 'informant' ? 'M02' : 'nav-north')}
        {kind === 'organisation' && (
          <>
            {field('name', 'Name', 'Nav North')}
            {field('organisationKind', 'Kind of organisation', 'nav_local')}
            {field('sector', 'Sector', 'nav')}
            {field('level', 'Level', 'local')}
          </>
        )}
        {kind === 'actor_group' && (
          <>
            {field('label', 'Name', 'Senior psychiatrists')}
            {field('groupKind', 'Group or forum', 'group')}
            {field('role', 'Their role', 'senior_doctor')}
          </>
        )}
        {kind === 'informant' && (
          <>
            {field('pseudonym', 'Pseudonym', 'Unit leader')}
            {field('role', 'Role (position)', 'manager')}
            {field('sector', 'Sector', 'health')}
            {field('level', 'Level', 'local')}
            {field('organisationId', 'Employed by (organisation id)', 'nav-north')}
            {field('variables', 'Case attributes', 'gender=f; years_in_post=4')}
          </>
        )}
        <button type="submit">Save actor</button>
        {status !== null && <span role="status">{status}</span>}
        {error !== null && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
      <table className="actor-table">
        <tbody>
          {setup.organisations.map((o) => (
            <tr key={o.id}>
              <td>{o.name}</td>
              <td className="muted">organisation · {o.kind}</td>
              <td>
                <DeleteActorButton
                  studyId={props.studyId}
                  coderId={props.coderId}
                  actor={{ kind: 'organisation', id: o.id, name: o.name }}
                  onDone={setStatus}
                />
              </td>
            </tr>
          ))}
          {setup.actorGroups.map((g) => (
            <tr key={g.id}>
              <td>{g.label}</td>
              <td className="muted">{g.kind}</td>
              <td>
                <DeleteActorButton
                  studyId={props.studyId}
                  coderId={props.coderId}
                  actor={{ kind: 'actor_group', id: g.id, name: g.label }}
                  onDone={setStatus}
                />
              </td>
            </tr>
          ))}
          {setup.informants.map((i) => (
            <tr key={i.id}>
              <td>{i.pseudonym ?? i.id}</td>
              <td className="muted">
                informant · {i.positionId ?? 'no position'}
                {i.organisationId ? ` · ${i.organisationId}` : ''}
                {i.variables
                  ? ` · ${Object.entries(i.variables)
                      .map(([k, v]) => `${k}=${String(v)}`)
                      .join(', ')}`
                  : ''}
              </td>
              <td>
                <DeleteActorButton
                  studyId={props.studyId}
                  coderId={props.coderId}
                  actor={{ kind: 'informant', id: i.id, name: i.pseudonym ?? i.id }}
                  onDone={setStatus}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

/** `gender=f; years_in_post=4` → `{ gender: 'f', years_in_post: 4 }`. */
export function parseAttributes(text: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const part of text.split(/[;\n]/)) {
    const [k = '', ...rest] = part.split('=');
    const key = k.trim();
    const raw = rest.join('=').trim();
    if (key === '') continue;
    out[key] =
      raw === 'true'
        ? true
        : raw === 'false'
          ? false
          : /^-?\d+(\.\d+)?$/.test(raw)
            ? Number(raw)
            : raw;
  }
  return out;
}

const RELATION_TYPES = [
  ['enlists', 'enlists'],
  ['advises', 'advises'],
  ['collaborates_with', 'collaborates with'],
  ['reports_to', 'reports to'],
  ['attends', 'attends'],
  ['co_located_with', 'is co-located with'],
] as const;

type RelationType = (typeof RELATION_TYPES)[number][0];

/** A relation between two actors shown by the open excerpt (its evidence). */
export function RelationForm(props: {
  studyId: string;
  coderId: string;
  excerptId: string;
  actors: readonly ActorNode[];
}) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [type, setType] = useState<RelationType>('enlists');
  const [note, setNote] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const who = actorRef(from);
    const whom = actorRef(to);
    if (who === null || whom === null) return;
    try {
      await sendApi(studyApi.relations.$post, {
        param: { id: props.studyId },
        json: {
          ...change(props.coderId),
          type,
          from: who,
          to: whom,
          evidence: [props.excerptId],
        },
      });
      setNote('Relation saved with this passage as its evidence');
    } catch (err) {
      setNote(errorText(err));
    }
  };
  const options = props.actors.map((a) => (
    <option key={`${a.kind}:${a.id}`} value={actorOptionValue(a)}>
      {a.label}
    </option>
  ));
  return (
    <form
      className="relation-form"
      aria-label="Relation shown here"
      onSubmit={(e) => void submit(e)}
    >
      <select aria-label="Relation from" value={from} onChange={(e) => setFrom(e.target.value)}>
        <option value="">Who…</option>
        {options}
      </select>
      <select
        aria-label="Relation type"
        value={type}
        onChange={(e) => setType(RELATION_TYPES.find(([t]) => t === e.target.value)?.[0] ?? type)}
      >
        {RELATION_TYPES.map(([t, label]) => (
          <option key={t} value={t}>
            {label}
          </option>
        ))}
      </select>
      <select aria-label="Relation to" value={to} onChange={(e) => setTo(e.target.value)}>
        <option value="">whom…</option>
        {options}
      </select>
      <button type="submit" disabled={from === '' || to === ''}>
        Add relation
      </button>
      {note !== null && <p className="muted small">{note}</p>}
    </form>
  );
}

/** Rename, replace and delete for the open document, each confirmed with what it changes. */
export function DocumentActions(props: {
  studyId: string;
  coderId: string;
  documentId: string;
  title: string;
  onDeleted: () => void;
  onStatus: (s: string) => void;
}) {
  const doc = studyApi.documents[':docId'];
  const param = { id: props.studyId, docId: props.documentId };
  const fail = (what: string) => (err: unknown) =>
    props.onStatus(`Could not ${what}: ${errorText(err)}`);
  const summary = () =>
    getApi(studyApi.documents[':docId'].summary, {
      param: { id: props.studyId, docId: props.documentId },
      query: {},
    });
  const held = (s: DocumentSummaryResponse) =>
    s.codings.length === 0
      ? 'It has no codings.'
      : `It holds ${s.codings.map((c) => `${c.codings} coding${c.codings === 1 ? '' : 's'} by ${c.coderId}`).join(', ')}${s.memos > 0 ? ` and ${s.memos} memo${s.memos === 1 ? '' : 's'}` : ''}.`;

  const rename = () => {
    const title = window.prompt(
      `New title for “${props.title}” (its id ${props.documentId} stays)`,
      props.title,
    );
    if (title === null || title.trim() === '' || title === props.title) return;
    sendApi(doc.$put, { param, json: { ...change(props.coderId), title } })
      .then(() => props.onStatus(`Renamed to “${title}”`))
      .catch(fail('rename'));
  };
  const replace = async (file: File) => {
    const s = await summary();
    const losing = s.codings.length > 0 || s.memos > 0;
    if (
      !window.confirm(
        `Replace the text of “${props.title}” with ${file.name}? ${held(s)}${losing ? ' Replacing removes them: their places in the old text do not fit the new one.' : ''}`,
      )
    )
      return;
    const res = await sendApi(doc.file.$put, {
      param,
      json: {
        ...change(props.coderId),
        fileName: file.name,
        contentBase64: await base64Of(file),
        discardCodings: losing,
      },
    });
    props.onStatus(
      `Replaced “${props.title}” with ${file.name}${res.warnings.length > 0 ? ` (${res.warnings.join('; ')})` : ''}`,
    );
  };
  const remove = async () => {
    const s = await summary();
    if (!window.confirm(`Delete “${props.title}”? ${held(s)} This removes them too.`)) return;
    await sendApi(doc.$delete, { param, json: change(props.coderId) });
    props.onStatus(`Deleted “${props.title}”`);
    props.onDeleted();
  };
  return (
    <span className="doc-actions">
      <button type="button" onClick={rename}>
        Rename
      </button>
      <label className="file-button">
        Replace…
        <input
          type="file"
          aria-label="Replace the document with a new version"
          accept=".txt,.md,.docx"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file !== undefined) replace(file).catch(fail('replace'));
          }}
        />
      </label>
      <button type="button" onClick={() => void remove().catch(fail('delete'))}>
        Delete
      </button>
    </span>
  );
}
