import { Suspense, lazy, useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { api, useApiGet } from './api-client.ts';
import { SelectField } from './components/select-field.tsx';
import { VIEWS, useRoute, withDefaultStudy, withParams } from './route.ts';
import type { View } from './route.ts';
import { MatrixView } from './views/matrix-view.tsx';

// The first view loads with the page; the others (Cytoscape, Chart.js) when their tab opens.
const ActorsView = lazy(() =>
  import('./views/actors-view.tsx').then((m) => ({ default: m.ActorsView })),
);
const PhasesView = lazy(() =>
  import('./views/phases-view.tsx').then((m) => ({ default: m.PhasesView })),
);
const ClaimsView = lazy(() =>
  import('./views/claims-view.tsx').then((m) => ({ default: m.ClaimsView })),
);
const AgreementView = lazy(() =>
  import('./views/agreement-view.tsx').then((m) => ({ default: m.AgreementView })),
);
const SearchView = lazy(() =>
  import('./views/search-view.tsx').then((m) => ({ default: m.SearchView })),
);
const CompareView = lazy(() =>
  import('./views/compare-view.tsx').then((m) => ({ default: m.CompareView })),
);
const CodeView = lazy(() => import('./views/code-view.tsx').then((m) => ({ default: m.CodeView })));

const VIEW_LABELS: Record<View, string> = {
  matrix: 'Work by position',
  actors: 'Actors',
  phases: 'Phases',
  claims: 'Claims',
  agreement: 'Agreement',
  compare: 'Compare coders',
  search: 'Retrieve & search',
  code: 'Code',
};

/** The explorer: a header with the study picker and the tabs, and the chosen view. */
export function App() {
  const [route, navigate] = useRoute();
  const studies = useApiGet(api.studies, { query: {} });
  const tabRefs = useRef<Partial<Record<View, HTMLButtonElement | null>>>({});

  // While the list reloads (after a write) the previous one is shown.
  const fresh = studies.status === 'ok';
  const list = studies.status === 'error' ? [] : (studies.data ?? []);
  const requested = route.params.get('study');
  // A study named in the URL is that study or an error, never another one; with none named the
  // first study opens.
  const study =
    requested === null ? (fresh ? list[0] : undefined) : list.find((s) => s.id === requested);
  const unknownStudy = fresh && requested !== null && study === undefined ? requested : undefined;
  // A study named in the URL opens at once, without waiting for the list of studies.
  const studyId = fresh ? study?.id : (requested ?? undefined);

  useEffect(() => {
    if (!fresh || requested !== null || study === undefined) return;
    // the address as it is now: it may have changed since this render (a CI run once lost a
    // followed link to this effect's stale route)
    const next = withDefaultStudy(window.location.hash, study.id);
    if (next !== null) navigate(next);
  }, [fresh, study, requested, navigate]);

  const selectView = (view: View) =>
    navigate({ view, params: withParams(new URLSearchParams(), { study: study?.id }) });

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = VIEWS.indexOf(route.view);
    const next =
      e.key === 'ArrowRight'
        ? VIEWS[(i + 1) % VIEWS.length]
        : e.key === 'ArrowLeft'
          ? VIEWS[(i + VIEWS.length - 1) % VIEWS.length]
          : e.key === 'Home'
            ? VIEWS[0]
            : e.key === 'End'
              ? VIEWS[VIEWS.length - 1]
              : undefined;
    if (next === undefined) return;
    e.preventDefault();
    selectView(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <div>
            <h1>iwa explorer</h1>
            <p className="tagline">Institutional work by position</p>
          </div>
        </div>
        <SelectField
          className="study-picker"
          label="Study"
          value={study?.id ?? ''}
          disabled={list.length === 0}
          onChange={(v) =>
            navigate({ view: route.view, params: withParams(new URLSearchParams(), { study: v }) })
          }
        >
          {study === undefined && (
            <option value="" disabled>
              {unknownStudy === undefined ? 'Pick a study' : `“${unknownStudy}” (not found)`}
            </option>
          )}
          {list.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        {study !== undefined && (
          <p className="study-counts">
            {study.counts.informants} informants · {study.counts.documents} documents ·{' '}
            {study.counts.excerpts} excerpts · {study.counts.codings} codings
          </p>
        )}
      </header>
      <nav className="tabs" role="tablist" aria-label="Views">
        {VIEWS.map((view) => (
          <button
            key={view}
            ref={(el) => {
              tabRefs.current[view] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${view}`}
            aria-controls={`panel-${view}`}
            aria-selected={route.view === view}
            tabIndex={route.view === view ? 0 : -1}
            onClick={() => selectView(view)}
            onKeyDown={onTabKey}
          >
            {VIEW_LABELS[view]}
          </button>
        ))}
      </nav>
      <main
        className="view"
        role="tabpanel"
        id={`panel-${route.view}`}
        aria-labelledby={`tab-${route.view}`}
      >
        {studies.status === 'error' && (
          <p role="alert" className="error">
            Could not load the studies: {studies.error.message}
          </p>
        )}
        {studies.status === 'ok' && list.length === 0 && route.view !== 'code' && (
          <p className="empty">
            No study in the database yet. Import one with `iwa import`, or create one in the{' '}
            <button type="button" className="link" onClick={() => selectView('code')}>
              Code
            </button>{' '}
            view.
          </p>
        )}
        {unknownStudy !== undefined && route.view !== 'code' && (
          <UnknownStudy studyId={unknownStudy} view={route.view} />
        )}
        {studyId !== undefined && route.view === 'matrix' && (
          <MatrixView key={studyId} studyId={studyId} route={route} navigate={navigate} />
        )}
        {route.view === 'code' && (studies.status !== 'loading' || studies.data !== undefined) && (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <CodeView studyId={studyId} route={route} navigate={navigate} />
          </Suspense>
        )}
        {studyId !== undefined && route.view !== 'matrix' && route.view !== 'code' && (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            {route.view === 'actors' && (
              <ActorsView key={studyId} studyId={studyId} route={route} navigate={navigate} />
            )}
            {route.view === 'phases' && (
              <PhasesView key={studyId} studyId={studyId} route={route} navigate={navigate} />
            )}
            {route.view === 'claims' && (
              <ClaimsView key={studyId} studyId={studyId} route={route} navigate={navigate} />
            )}
            {route.view === 'search' && (
              <SearchView key={studyId} studyId={studyId} route={route} navigate={navigate} />
            )}
            {route.view === 'compare' && (
              <CompareView key={studyId} studyId={studyId} route={route} navigate={navigate} />
            )}
            {route.view === 'agreement' && (
              <AgreementView key={studyId} studyId={studyId} route={route} navigate={navigate} />
            )}
          </Suspense>
        )}
      </main>
    </div>
  );
}

/**
 * A study in the URL that the database does not hold: the server's message (which names the
 * nearest study, "did you mean …", and the known ones) and a way back. Never another study.
 */
function UnknownStudy({ studyId, view }: { studyId: string; view: View }) {
  const probe = useApiGet(api.studies[':id'].dimensions, { param: { id: studyId }, query: {} });
  return (
    <div role="alert" className="error error-state" data-testid="unknown-study">
      <p>
        {probe.status === 'error'
          ? probe.error.message
          : probe.status === 'loading'
            ? `Looking for study "${studyId}" …`
            : `Study "${studyId}" is not in the list of studies.`}
      </p>
      <p>
        <a href={`#/${view}`}>Back to the explorer</a> (or pick a study above)
      </p>
    </div>
  );
}
