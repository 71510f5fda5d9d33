import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { SearchHitItem } from '../../shared/api-types.ts';
import { apiUrl } from '../api.ts';
import { studyApi, useApiGet } from '../api-client.ts';
import { DocumentDialog } from '../components/document-dialog.tsx';
import { ExcerptList } from '../components/excerpt-list.tsx';
import { Segmented } from '../components/segmented.tsx';
import { SpeakerText } from '../components/speaker-text.tsx';
import { withParams } from '../route.ts';
import type { Route } from '../route.ts';
import { labeller } from '../workbench/transcript.tsx';

const PAGE = 25;

export interface SearchViewProps {
  studyId: string;
  route: Route;
  navigate: (route: Route) => void;
}

/**
 * Retrieval and search across a study's documents: the segments of a code (or of any filters)
 * with their context, exportable as CSV and Word; and full-text search with each hit in its
 * context (keyword in context). The numbers are the services' (`retrieveExcerpts`, `searchStudy`).
 */
export function SearchView(props: SearchViewProps) {
  const { studyId, route } = props;
  const codes = route.params.getAll('code');
  const mode = route.params.get('mode') ?? (codes.length > 0 ? 'retrieve' : 'search');
  const set = (changes: Record<string, string | readonly string[] | undefined>) =>
    props.navigate({ view: 'search', params: withParams(route.params, changes) });
  return (
    <div className="search-view">
      <div className="toolbar" role="group" aria-label="Retrieve or search">
        <Segmented
          legend="Find"
          value={mode}
          options={[
            { value: 'search', label: 'Words in the text' },
            { value: 'retrieve', label: 'Coded segments' },
          ]}
          onChange={(v) => set({ mode: v })}
        />
      </div>
      {mode === 'retrieve' ? (
        <Retrieve studyId={studyId} route={route} set={set} />
      ) : (
        <Search studyId={studyId} route={route} set={set} />
      )}
    </div>
  );
}

type Set = (changes: Record<string, string | readonly string[] | undefined>) => void;

function Retrieve(props: { studyId: string; route: Route; set: Set }) {
  const { studyId, route, set } = props;
  const base = `/api/studies/${encodeURIComponent(studyId)}`;
  const param = { id: studyId };
  const dims = useApiGet(studyApi.dimensions, { param, query: {} });
  const families = useMemo(() => (dims.status === 'ok' ? dims.data.families : []), [dims]);
  const labelOf = useMemo(() => labeller(families), [families]);
  const codes = route.params.getAll('code');
  const where = route.params.getAll('where');
  const filters = [...codes, ...where];
  const [pages, setPages] = useState(1);
  const [draft, setDraft] = useState('');
  const query = { where: filters, limit: String(PAGE * pages) };
  const excerpts = useApiGet(studyApi.excerpts, filters.length === 0 ? null : { param, query });
  const exportUrl = (format: 'csv' | 'docx') =>
    apiUrl(`${base}/excerpts/export`, { format, where: filters });

  return (
    <section className="retrieve" aria-labelledby="retrieve-title">
      <h2 id="retrieve-title">Coded segments across documents</h2>
      <div className="retrieve-filters">
        <label>
          Code{' '}
          <select
            aria-label="Add a code"
            value=""
            onChange={(e) => {
              if (e.target.value !== '' && !codes.includes(e.target.value))
                set({ code: [...codes, e.target.value] });
            }}
          >
            <option value="">
              {dims.status === 'loading' ? 'Loading the codebook…' : 'Add a code…'}
            </option>
            {families.map((f) => (
              <optgroup key={f.key} label={f.label}>
                {f.codes.map((c) => (
                  <option key={c.key} value={c.key} title={c.key}>
                    {c.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <form
          className="where-form"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (draft.trim() !== '') set({ where: [...where, draft.trim()] });
            setDraft('');
          }}
        >
          <label>
            And where{' '}
            <input
              value={draft}
              placeholder="role=manager, phase=establishing, speaker.sector!=nav"
              onChange={(e) => setDraft(e.target.value)}
            />
          </label>
          <button type="submit">Add filter</button>
        </form>
      </div>
      {filters.length > 0 && (
        <ul className="chips" aria-label="Filters">
          {codes.map((c) => (
            <li key={c} title={c}>
              {labelOf(c)}{' '}
              <button
                type="button"
                className="link"
                aria-label={`Remove ${labelOf(c)}`}
                onClick={() => set({ code: codes.filter((x) => x !== c) })}
              >
                ×
              </button>
            </li>
          ))}
          {where.map((w) => (
            <li key={w}>
              {w}{' '}
              <button
                type="button"
                className="link"
                aria-label={`Remove ${w}`}
                onClick={() => set({ where: where.filter((x) => x !== w) })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {filters.length === 0 ? (
        <p className="empty">
          Pick a code to see every segment coded with it, in every document, with its context. Add
          filters (a position, a phase, another code) to narrow it.
        </p>
      ) : excerpts.status === 'error' ? (
        <p role="alert" className="error">
          {excerpts.error.message}
        </p>
      ) : (
        <div className="retrieved" aria-busy={excerpts.status === 'loading'}>
          <div className="retrieve-head">
            <p data-testid="retrieve-total">
              {excerpts.data === undefined
                ? 'Retrieving the segments…'
                : `${excerpts.data.total} ${excerpts.data.total === 1 ? 'segment' : 'segments'} where ${excerpts.data.where.map((w) => (codes.includes(w) ? labelOf(w) : w)).join(' & ')} · ${excerpts.data.coders.description}`}
            </p>
            <a className="button" href={exportUrl('csv')} download>
              Export CSV
            </a>
            <a className="button" href={exportUrl('docx')} download>
              Export Word (.docx)
            </a>
          </div>
          <ExcerptList
            studyId={studyId}
            items={excerpts.data?.items ?? []}
            total={excerpts.data?.total ?? 0}
            loading={excerpts.status === 'loading'}
            labelOf={labelOf}
            onMore={() => setPages(pages + 1)}
          />
        </div>
      )}
    </section>
  );
}

function Search(props: { studyId: string; route: Route; set: Set }) {
  const { studyId, route, set } = props;
  const q = route.params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const [open, setOpen] = useState<SearchHitItem | undefined>();
  const result = useApiGet(
    studyApi.search,
    q.trim() === '' ? null : { param: { id: studyId }, query: { q, limit: '500' } },
  );
  const data = result.status === 'error' ? undefined : result.data;

  return (
    <section className="search" aria-labelledby="search-title">
      <h2 id="search-title">Words in the text</h2>
      <form
        className="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: draft.trim() === '' ? undefined : draft.trim() });
        }}
      >
        <input
          type="search"
          aria-label="Search the study's documents"
          value={draft}
          placeholder='specialist, "employment specialist", special*'
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <p className="muted small">
        Every word must occur in a document; put a phrase in double quotes; end a word with * for
        any ending. Case does not matter.
      </p>
      {q === '' ? null : result.status === 'error' ? (
        <p role="alert" className="error">
          {result.error.message}
        </p>
      ) : data === undefined || result.status === 'loading' ? (
        <p className="muted" role="status">
          Searching the documents for {q}…
        </p>
      ) : data.total === 0 ? (
        <p className="empty">No document of this study holds {data.terms.join(' and ')}.</p>
      ) : (
        <>
          <p data-testid="search-total">
            {data.total} {data.total === 1 ? 'hit' : 'hits'} of {data.terms.join(' ')} in{' '}
            {data.documents.length} {data.documents.length === 1 ? 'document' : 'documents'}
            {data.hits.length < data.total ? ` (the first ${data.hits.length} shown)` : ''}
          </p>
          <table className="kwic">
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Speaker</th>
                <th scope="col" className="kwic-before">
                  Before
                </th>
                <th scope="col">Hit</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {data.hits.map((hit) => (
                <tr
                  key={`${hit.documentId}:${hit.start}`}
                  className="kwic-hit"
                  data-document={hit.documentId}
                  data-start={hit.start}
                >
                  <td className="kwic-doc" title={hit.documentId}>
                    <button type="button" className="link" onClick={() => setOpen(hit)}>
                      {hit.documentTitle}
                    </button>
                  </td>
                  <td className="kwic-speaker" title={hit.speaker?.id}>
                    {hit.speaker?.label ?? ''}
                  </td>
                  <td className="kwic-before">
                    {hit.beforeCut ? '…' : ''}
                    <SpeakerText text={hit.before.replace(/\s+/g, ' ')} />
                  </td>
                  <td className="kwic-match">
                    <mark>{hit.match}</mark>
                  </td>
                  <td className="kwic-after">
                    {hit.after.replace(/\s+/g, ' ')}
                    {hit.afterCut ? '…' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {open !== undefined && (
        <DocumentDialog
          studyId={studyId}
          documentId={open.documentId}
          highlight={{ start: open.start, end: open.end }}
          speakers={open.speaker === null ? {} : { [open.speaker.id]: open.speaker.label }}
          onClose={() => setOpen(undefined)}
        />
      )}
    </section>
  );
}
