import { useMemo, useState } from 'react';
import type { CodedExcerpt } from '../../shared/api-types.ts';
import { studyApi, useApiGet } from '../api-client.ts';
import { withParams } from '../route.ts';
import type { Route } from '../route.ts';
import { coderColour } from '../workbench/code-colours.ts';
import { CoderLegend, Transcript, labeller } from '../workbench/transcript.tsx';

export interface CompareViewProps {
  studyId: string;
  route: Route;
  navigate: (route: Route) => void;
}

/** Only `coder`'s codings of each excerpt; excerpts the coder did not code are left out. */
function codedBy(excerpts: readonly CodedExcerpt[], coder: string): CodedExcerpt[] {
  return excerpts
    .map((x) => ({ ...x, codings: x.codings.filter((c) => c.coderId === coder) }))
    .filter((x) => x.codings.length > 0);
}

/**
 * Two coders' codings of one document side by side: coder A's stripes in the left margin,
 * coder B's in the right, and the units they disagree on (as the Agreement tab lists them,
 * from the same computation) outlined in the text.
 */
export function CompareView(props: CompareViewProps) {
  const { studyId, route } = props;
  const set = (changes: Record<string, string | undefined>) =>
    props.navigate({ view: 'compare', params: withParams(route.params, changes) });
  const dims = useApiGet(studyApi.dimensions, { param: { id: studyId }, query: {} });
  const docs = useApiGet(studyApi.documents, { param: { id: studyId }, query: {} });
  const coders = useMemo(
    () => (dims.status === 'ok' ? dims.data.coders.map((c) => c.id) : []),
    [dims],
  );
  const a = route.params.get('a') ?? coders[0];
  const b = route.params.get('b') ?? coders.find((c) => c !== a);
  const docList = docs.status === 'ok' ? docs.data : [];
  const documentId = route.params.get('doc') ?? docList[0]?.id;
  const families = useMemo(() => (dims.status === 'ok' ? dims.data.families : []), [dims]);
  const labelOf = useMemo(() => labeller(families), [families]);
  const colour = useMemo(() => (id: string) => coderColour(id, coders), [coders]);

  if (dims.status === 'error') {
    return (
      <p role="alert" className="error">
        {dims.error.message}
      </p>
    );
  }
  if (dims.status === 'loading') return <p className="muted">Loading the study’s coders…</p>;
  if (coders.length < 2) {
    return (
      <p className="empty" data-testid="compare-one-coder">
        This study has {coders.length === 1 ? 'one coder' : 'no coder'}: a comparison needs two. Ask
        a second coder to code a document in the Code tab (blind mode keeps the first coder&apos;s
        work out of sight).
      </p>
    );
  }
  const pick = (label: string, value: string | undefined, key: 'a' | 'b') => (
    <label>
      {label}{' '}
      <select
        aria-label={label}
        value={value ?? ''}
        onChange={(e) => set({ [key]: e.target.value })}
      >
        {coders.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="compare-view">
      <div className="toolbar" role="group" aria-label="Comparison">
        <label>
          Document{' '}
          <select
            aria-label="Document"
            value={documentId ?? ''}
            onChange={(e) => set({ doc: e.target.value })}
          >
            {docList.map((d) => (
              <option key={d.id} value={d.id} title={d.id}>
                {d.title}
              </option>
            ))}
          </select>
        </label>
        {pick('Coder A (left)', a, 'a')}
        {pick('Coder B (right)', b, 'b')}
      </div>
      {documentId === undefined || a === undefined || b === undefined ? (
        <p className="muted">
          {docs.status === 'loading' ? 'Loading the documents…' : 'No document.'}
        </p>
      ) : a === b ? (
        <p className="empty">Pick two different coders.</p>
      ) : (
        <Comparison
          key={`${documentId}|${a}|${b}`}
          studyId={studyId}
          documentId={documentId}
          a={a}
          b={b}
          labelOf={labelOf}
          colour={colour}
        />
      )}
    </div>
  );
}

function Comparison(props: {
  studyId: string;
  documentId: string;
  a: string;
  b: string;
  labelOf: (code: string) => string;
  colour: (coder: string) => string;
}) {
  const { studyId, documentId, a, b, labelOf } = props;
  const doc = useApiGet(studyApi.documents[':docId'], {
    param: { id: studyId, docId: documentId },
    query: {},
  });
  const codings = useApiGet(studyApi.documents[':docId'].codings, {
    param: { id: studyId, docId: documentId },
    query: {},
  });
  const agreement = useApiGet(studyApi.agreement, {
    param: { id: studyId },
    query: { coders: [a, b].join(','), limit: '5000' },
  });
  const [picked, setPicked] = useState<string | null>(null);
  const excerpts = useMemo(() => (codings.status === 'ok' ? codings.data.excerpts : []), [codings]);
  const left = useMemo(() => codedBy(excerpts, a), [excerpts, a]);
  const right = useMemo(() => codedBy(excerpts, b), [excerpts, b]);
  const disagreements = useMemo(
    () =>
      agreement.status === 'ok'
        ? agreement.data.disagreements.items.filter((d) => d.documentId === documentId)
        : [],
    [agreement, documentId],
  );
  if (doc.status === 'error' || codings.status === 'error') {
    const err =
      doc.status === 'error' ? doc.error : codings.status === 'error' ? codings.error : null;
    return (
      <p role="alert" className="error">
        Could not load the document: {err?.message}
      </p>
    );
  }
  if (doc.status === 'loading' || codings.status === 'loading') {
    return <p className="muted">Loading the document and both coders’ codings…</p>;
  }
  const text = doc.data.text;
  const excerpt = excerpts.find((x) => x.id === picked);
  return (
    <div className="compare-main">
      <section className="compare-doc" aria-label={`Document ${doc.data.title}`}>
        <header className="compare-head">
          <h2>{doc.data.title}</h2>
          <CoderLegend coders={[a, b]} colour={props.colour} title="Coders compared" />
          <span data-testid="compare-counts">
            {a}: {left.length} excerpts · {b}: {right.length} excerpts ·{' '}
            {agreement.status === 'ok' ? (
              <strong data-testid="compare-disagreements">
                {disagreements.length}{' '}
                {disagreements.length === 1 ? 'disagreement' : 'disagreements'}
              </strong>
            ) : agreement.status === 'error' ? (
              <span className="error">{agreement.error.message}</span>
            ) : (
              'counting disagreements…'
            )}
          </span>
        </header>
        <p className="muted small">
          Left margin: {a}&apos;s codes; right margin: {b}&apos;s. Units underlined in red are
          disagreements, the ones the Agreement tab lists for these two coders.
        </p>
        <div className="compare-text">
          <Transcript
            text={text}
            excerpts={left}
            rightExcerpts={right}
            turns={doc.data.turns}
            colourBy="coder"
            coderColour={props.colour}
            marked={disagreements.map((d) => ({ start: d.start, end: d.end }))}
            activeId={picked}
            pending={null}
            labelOf={labelOf}
            onSelect={() => undefined}
            onPick={setPicked}
          />
        </div>
      </section>
      <aside className="compare-panel" aria-label="Codes of the excerpt">
        {excerpt === undefined ? (
          <p className="muted">Click a highlight or a stripe to see both coders&apos; codes.</p>
        ) : (
          <>
            <blockquote>{excerpt.text}</blockquote>
            {[a, b].map((coder) => (
              <div key={coder} className="compare-codes" data-coder={coder}>
                <h3>
                  <span className="swatch" style={{ background: props.colour(coder) }} /> {coder}
                </h3>
                <ul className="codes">
                  {excerpt.codings
                    .filter((c) => c.coderId === coder)
                    .map((c) => (
                      <li key={c.id} className="code" title={c.code}>
                        {labelOf(c.code)}
                      </li>
                    ))}
                </ul>
                {!excerpt.codings.some((c) => c.coderId === coder) && (
                  <p className="muted">(nothing)</p>
                )}
              </div>
            ))}
          </>
        )}
      </aside>
    </div>
  );
}
