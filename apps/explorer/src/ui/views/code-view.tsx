import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type {
  ActorsResponse,
  DimensionsResponse,
  StudySetupResponse,
} from '../../shared/api-types.ts';
import { ApiClientError, setWriteToken, writeToken } from '../api.ts';
import { api, sendApi, studyApi, useApiGet } from '../api-client.ts';
import {
  ActorsPanel,
  CodebookPanel,
  DocumentActions,
  NewCodeForm,
  RelationForm,
} from '../workbench/study-setup.tsx';
import { utf16Index } from '../code-points.ts';
import { withParams } from '../route.ts';
import type { Route } from '../route.ts';
import { AuditPanel } from '../workbench/audit-panel.tsx';
import { CodePanel } from '../workbench/code-panel.tsx';
import { SHORTCUTS } from '../workbench/shortcuts.ts';
import { useOperations } from '../workbench/operations.ts';
import { NewStudyDialog, uploadDocument } from '../workbench/study-dialogs.tsx';
import { coderIdOf } from '../workbench/forms.ts';
import { coderColour } from '../workbench/code-colours.ts';
import { CoderLegend, Transcript, labeller } from '../workbench/transcript.tsx';
import type { Span } from '../workbench/transcript.tsx';

const CODER_KEY = 'iwa.coder';
const BLIND_KEY = 'iwa.blind';
const STRIPES_KEY = 'iwa.stripes';
const HIDDEN_KEY = 'iwa.hiddenFamilies';

export interface CodeViewProps {
  studyId: string | undefined;
  route: Route;
  navigate: (route: Route) => void;
}

/** The coding workbench: who codes, the study and document, the transcript and the code panel. */
export function CodeView(props: CodeViewProps) {
  const [coder, setCoder] = useState(() => localStorage.getItem(CODER_KEY));
  const [blind, setBlind] = useState(() => localStorage.getItem(BLIND_KEY) === '1');
  const [token, setToken] = useState(() => writeToken());
  const [newStudy, setNewStudy] = useState(false);
  const health = useApiGet(api.health, { query: {} });
  // kept while the health check reloads after a write (every write drops cached GETs)
  const writable = health.status !== 'error' && health.data?.writable === true;
  const canWrite = writable && token !== null;

  if (coder === null) {
    return (
      <CoderPrompt
        onCoder={(id) => {
          localStorage.setItem(CODER_KEY, id);
          setCoder(id);
        }}
      />
    );
  }

  const openStudy = (studyId: string, doc?: string) =>
    props.navigate({
      view: 'code',
      params: withParams(new URLSearchParams(), { study: studyId, doc }),
    });

  return (
    <div className="code-view">
      <div className="wb-bar">
        <span>
          Coding as <strong data-testid="coder">{coder}</strong>{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              localStorage.removeItem(CODER_KEY);
              setCoder(null);
            }}
          >
            Switch coder
          </button>
        </span>
        <label className="check">
          <input
            type="checkbox"
            checked={blind}
            onChange={(e) => {
              localStorage.setItem(BLIND_KEY, e.target.checked ? '1' : '0');
              setBlind(e.target.checked);
            }}
          />
          Blind mode (hide other coders&apos; codings)
        </label>
        {writable && (
          <TokenField
            token={token}
            onToken={(t) => {
              setWriteToken(t);
              setToken(t);
            }}
          />
        )}
        {canWrite && (
          <button type="button" onClick={() => setNewStudy(true)}>
            New study
          </button>
        )}
      </div>
      {health.status !== 'error' && health.data?.writable === false && (
        <p className="read-only-note" role="note" data-testid="read-only">
          This explorer is open for reading: you can read transcripts and their codings, but not
          change them. To code, start it with a write token (
          <code>IWA_WRITE_TOKEN=… iwa serve</code>) and give the token to the people who code.
        </p>
      )}
      {writable && token === null && (
        <p className="read-only-note" role="note" data-testid="token-needed">
          To create a study, add documents or code, enter the write token above: the password for
          changes chosen by whoever started this explorer (the <code>IWA_WRITE_TOKEN</code> they
          set). Ask them for it. Until then you can read, and nothing you do changes the study.
        </p>
      )}
      {newStudy && (
        <NewStudyDialog
          coderId={coder}
          onCreated={(id) => {
            setNewStudy(false);
            openStudy(id);
          }}
          onClose={() => setNewStudy(false)}
        />
      )}
      {props.studyId === undefined ? (
        <p className="empty">
          {canWrite ? 'Create a study to start coding.' : 'Choose a study to read its transcripts.'}
        </p>
      ) : (
        <StudyWorkbench
          key={`${props.studyId}|${coder}`}
          studyId={props.studyId}
          coder={coder}
          blind={blind}
          canWrite={canWrite}
          documentId={props.route.params.get('doc') ?? undefined}
          onDocument={(doc) => openStudy(props.studyId ?? '', doc)}
        />
      )}
    </div>
  );
}

function CoderPrompt(props: { onCoder: (id: string) => void }) {
  const [name, setName] = useState('');
  const id = coderIdOf(name);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (id !== '') props.onCoder(id);
  };
  return (
    <form className="coder-prompt" onSubmit={submit}>
      <h2>Who is coding?</h2>
      <p className="muted">
        Your codings and every change you make are recorded under this name. It stays in this
        browser until you switch coder.
      </p>
      <label>
        Coder name
        <input autoFocus value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      {name !== '' && id !== name && <p className="muted small">Recorded as {id}</p>}
      <button type="submit" className="primary" disabled={id === ''}>
        Start coding
      </button>
    </form>
  );
}

function TokenField(props: { token: string | null; onToken: (t: string | null) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (props.token !== null) {
    return (
      <span>
        Changes allowed (write token set){' '}
        <button type="button" className="link" onClick={() => props.onToken(null)}>
          Forget
        </button>
      </span>
    );
  }
  const check = async () => {
    setError(null);
    setWriteToken(value);
    try {
      await sendApi(api.token.$post, {});
      props.onToken(value);
      setValue('');
    } catch (err) {
      setWriteToken(null);
      setError(
        err instanceof ApiClientError && (err.status === 401 || err.status === 403)
          ? 'That is not this explorer’s write token: check it with whoever started the explorer.'
          : `The token could not be checked: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  };
  return (
    <form
      className="token-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (value !== '') void check();
      }}
    >
      <label title="The password for changes, chosen by whoever started this explorer. It stays only in this browser tab.">
        Write token
        <input type="password" value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit">Use</button>
      {error !== null && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </form>
  );
}

function StudyWorkbench(props: {
  studyId: string;
  coder: string;
  blind: boolean;
  canWrite: boolean;
  documentId: string | undefined;
  onDocument: (id: string) => void;
}) {
  const { studyId, coder, blind } = props;
  const param = { id: studyId };
  const docs = useApiGet(studyApi.documents, { param, query: {} });
  const dims = useApiGet(studyApi.dimensions, { param, query: {} });
  const actors = useApiGet(studyApi.actors, { param, query: {} });
  const setupState = useApiGet(studyApi.setup, { param, query: {} });
  const setup = setupState.status === 'error' ? null : (setupState.data ?? null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(
    () => new Set((localStorage.getItem(HIDDEN_KEY) ?? '').split(',').filter((f) => f !== '')),
  );
  const onHidden = (family: string, hide: boolean) => {
    const next = new Set(hidden);
    if (hide) next.add(family);
    else next.delete(family);
    localStorage.setItem(HIDDEN_KEY, [...next].join(','));
    setHidden(next);
  };
  const allFamilies = dims.status === 'error' ? [] : (dims.data?.families ?? []);
  const frameworkFamilies = allFamilies.filter((f) => f.key !== 'theme' && f.key !== 'flag');
  const list = docs.status === 'error' ? [] : (docs.data ?? []);
  const documentId = props.documentId ?? list[0]?.id;
  const [status, setStatus] = useState<string | null>(null);

  const upload = async (file: File) => {
    setStatus(`Adding ${file.name}…`);
    try {
      const res = await uploadDocument(studyId, coder, file);
      setStatus(
        `Added ${res.documentId}${res.warnings.length > 0 ? ` (${res.warnings.join('; ')})` : ''}`,
      );
      props.onDocument(res.documentId);
    } catch (err) {
      setStatus(`Could not add ${file.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <>
      <div className="wb-docs">
        <label>
          Document{' '}
          <select
            aria-label="Document"
            value={documentId ?? ''}
            onChange={(e) => props.onDocument(e.target.value)}
          >
            {list.map((d) => (
              <option key={d.id} value={d.id}>
                {blind ? d.title : `${d.title} (${d.excerpts} excerpts)`}
              </option>
            ))}
          </select>
        </label>
        {props.canWrite && documentId !== undefined && (
          <DocumentActions
            studyId={studyId}
            coderId={coder}
            documentId={documentId}
            title={list.find((d) => d.id === documentId)?.title ?? documentId}
            onStatus={setStatus}
            onDeleted={() => props.onDocument(list.find((d) => d.id !== documentId)?.id ?? '')}
          />
        )}
        {props.canWrite && (
          <label className="file-button">
            Add document (.txt, .md, .docx)
            <input
              type="file"
              accept=".txt,.md,.docx"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file !== undefined) void upload(file);
              }}
            />
          </label>
        )}
        {status !== null && (
          <span role="status" className="muted">
            {status}
          </span>
        )}
      </div>
      {props.canWrite && setup !== null && (
        <div className="setup-panels">
          <CodebookPanel
            studyId={studyId}
            coderId={coder}
            setup={setup}
            hidden={hidden}
            frameworkFamilies={frameworkFamilies}
            onHidden={onHidden}
          />
          <ActorsPanel studyId={studyId} coderId={coder} setup={setup} />
        </div>
      )}
      {documentId === undefined || documentId === '' ? (
        <p className="empty">
          {props.canWrite
            ? 'This study has no documents yet: add a transcript.'
            : 'This study has no documents yet.'}
        </p>
      ) : (
        <DocumentWorkbench
          key={documentId}
          studyId={studyId}
          documentId={documentId}
          coder={coder}
          blind={blind}
          canWrite={props.canWrite}
          hidden={hidden}
          studyCodes={setup?.codes ?? []}
          dims={dims.status === 'error' ? null : (dims.data ?? null)}
          actors={actors.status === 'error' ? [] : (actors.data?.nodes ?? [])}
        />
      )}
      <AuditPanel studyId={studyId} documentId={undefined} />
    </>
  );
}

function DocumentWorkbench(props: {
  studyId: string;
  documentId: string;
  coder: string;
  blind: boolean;
  canWrite: boolean;
  hidden: ReadonlySet<string>;
  studyCodes: StudySetupResponse['codes'];
  dims: DimensionsResponse | null;
  actors: ActorsResponse['nodes'];
}) {
  const { studyId, documentId, coder } = props;
  const param = { id: studyId, docId: documentId };
  const doc = useApiGet(studyApi.documents[':docId'], { param, query: {} });
  const codings = useApiGet(studyApi.documents[':docId'].codings, {
    param,
    query: { coder: props.blind ? coder : undefined },
  });
  const [pending, setPending] = useState<Span | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);

  const allFamilies = useMemo(() => props.dims?.families ?? [], [props.dims]);
  const labelOf = useMemo(() => labeller(allFamilies), [allFamilies]);
  const families = useMemo(
    () => allFamilies.filter((f) => !props.hidden.has(f.key)),
    [allFamilies, props.hidden],
  );
  const ops = useOperations(studyId, coder, labelOf);
  const excerpts = useMemo(
    () => (codings.status === 'error' ? [] : (codings.data?.excerpts ?? [])),
    [codings],
  );
  const docData = doc.status === 'error' ? undefined : doc.data;
  const text = docData?.text ?? '';

  // stripes by code, or one colour per coder with a legend (kept in this browser)
  const [stripesBy, setStripesBy] = useState<'code' | 'coder'>(() =>
    localStorage.getItem(STRIPES_KEY) === 'coder' ? 'coder' : 'code',
  );
  const docCoders = useMemo(
    () => [...new Set(excerpts.flatMap((x) => x.codings.map((c) => c.coderId)))].sort(),
    [excerpts],
  );
  const studyCoders = useMemo(() => props.dims?.coders.map((c) => c.id) ?? [], [props.dims]);
  const colourOfCoder = useCallback(
    (id: string) => coderColour(id, [...studyCoders, ...docCoders]),
    [studyCoders, docCoders],
  );

  const active = excerpts.find((x) => x.id === activeId) ?? null;
  const atPending =
    pending === null
      ? null
      : (excerpts.find((x) => x.start === pending.start && x.end === pending.end) ?? null);
  const excerpt = atPending ?? (pending === null ? active : null);
  const span: Span | null = pending ?? (active ? { start: active.start, end: active.end } : null);

  const toggle = useCallback(
    async (code: string) => {
      if (span === null) return;
      const own = excerpt?.codings.find((c) => c.coderId === coder && c.code === code);
      if (own !== undefined) {
        await ops.removeCoding({ ...own, documentId, start: span.start, end: span.end });
        return;
      }
      const res = await ops.addCode({ documentId, ...span }, code);
      if (res.coding) {
        setActiveId(res.coding.excerptId);
        setPending(null);
        window.getSelection()?.removeAllRanges();
      }
    },
    [span, excerpt, coder, ops, documentId],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t !== null && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
      if (e.key === 'Escape') {
        setPending(null);
        setActiveId(null);
        return;
      }
      if ((e.key === 'z' && (e.ctrlKey || e.metaKey)) || (e.key === 'u' && !e.ctrlKey)) {
        e.preventDefault();
        void ops.undo().catch(() => undefined);
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || !props.canWrite) return;
      const code = SHORTCUTS[e.key];
      if (code !== undefined && span !== null) {
        e.preventDefault();
        void toggle(code).catch(() => undefined);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ops, span, toggle, props.canWrite]);

  if (doc.status === 'error') {
    return (
      <p role="alert" className="error">
        Could not load the document: {doc.error.message}
      </p>
    );
  }
  if (docData === undefined) return <p className="muted">Loading the document…</p>;

  return (
    <div className="wb-main">
      <section className="wb-document" aria-label={`Document ${docData.title}`}>
        <header className="wb-doc-head">
          <h2>{docData.title}</h2>
          <span className="muted small">
            {codings.status === 'loading' && codings.data === undefined
              ? 'loading the codings…'
              : `${excerpts.length} ${excerpts.length === 1 ? 'excerpt' : 'excerpts'}`}
            {props.blind ? ' (yours only: blind mode)' : ''}
          </span>
          {props.canWrite && (
            <button
              type="button"
              disabled={ops.undoLabel === null || ops.busy}
              onClick={() => void ops.undo().catch(() => undefined)}
              aria-keyshortcuts="Control+Z"
            >
              Undo{ops.undoLabel !== null ? ` ${ops.undoLabel}` : ''}
            </button>
          )}
        </header>
        {ops.error !== null && (
          <p role="alert" className="error">
            {ops.error}
          </p>
        )}
        <div className="stripe-options">
          <label>
            Margin stripes{' '}
            <select
              aria-label="Margin stripes"
              value={stripesBy}
              onChange={(e) => {
                const v = e.target.value === 'coder' ? 'coder' : 'code';
                localStorage.setItem(STRIPES_KEY, v);
                setStripesBy(v);
              }}
            >
              <option value="code">by code</option>
              <option value="coder">by coder</option>
            </select>
          </label>
          {stripesBy === 'coder' && <CoderLegend coders={docCoders} colour={colourOfCoder} />}
          <span className="muted small">
            Selections snap to whole words; hold <kbd>Alt</kbd> for exact characters.
          </span>
        </div>
        <Transcript
          text={text}
          excerpts={excerpts}
          turns={docData.turns}
          colourBy={stripesBy}
          coderColour={colourOfCoder}
          activeId={excerpt?.id ?? null}
          pending={pending}
          labelOf={labelOf}
          onSelect={(s) => {
            setPending(s);
            setActiveId(null);
          }}
          onPick={(id) => {
            setPending(null);
            setActiveId(id);
          }}
        />
      </section>
      {span !== null && props.canWrite ? (
        <CodePanel
          coderId={coder}
          span={span}
          spanText={text.slice(utf16Index(text, span.start), utf16Index(text, span.end))}
          excerpt={excerpt}
          families={families}
          actors={props.actors}
          labelOf={labelOf}
          busy={ops.busy}
          onToggle={(code) => void toggle(code).catch(() => undefined)}
          onRemove={(id) => {
            const c = excerpt?.codings.find((x) => x.id === id);
            if (c && excerpt)
              void ops
                .removeCoding({ ...c, documentId, start: excerpt.start, end: excerpt.end })
                .catch(() => undefined);
          }}
          onChange={(id, from, to) => void ops.changeCode(id, from, to).catch(() => undefined)}
          onPerformer={(actor) => {
            if (excerpt) void ops.setPerformer(excerpt, actor).catch(() => undefined);
          }}
          onMemo={(before, memo) => {
            if (excerpt) void ops.setMemo(excerpt, before, memo).catch(() => undefined);
          }}
          onClose={() => {
            setPending(null);
            setActiveId(null);
          }}
          extra={
            <>
              <NewCodeForm
                studyId={studyId}
                coderId={coder}
                codes={props.studyCodes}
                selection={text.slice(utf16Index(text, span.start), utf16Index(text, span.end))}
                onCreated={(key) => void toggle(key).catch(() => undefined)}
              />
              {excerpt && <h3>Relation shown here</h3>}
              {excerpt && (
                <RelationForm
                  studyId={studyId}
                  coderId={coder}
                  excerptId={excerpt.id}
                  actors={props.actors}
                />
              )}
            </>
          }
        />
      ) : !props.canWrite ? (
        <aside className="code-panel hint">
          <h2>Reading</h2>
          <p className="muted">
            Highlights show the codings; hover one to see its codes and coders. Changes need the
            write token.
          </p>
        </aside>
      ) : (
        <aside className="code-panel hint">
          <h2>Code</h2>
          <p className="muted">
            Select text in the transcript, then pick codes here or press a key: <kbd>1</kbd>–
            <kbd>4</kbd> forms of work, <kbd>c</kbd> <kbd>m</kbd> <kbd>d</kbd> creating,
            maintaining, disrupting, <kbd>r</kbd> <kbd>n</kbd> <kbd>k</kbd> pillars, <kbd>u</kbd> or{' '}
            <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo, <kbd>Esc</kbd> clear. Click a highlight to open its
            excerpt.
          </p>
        </aside>
      )}
    </div>
  );
}
