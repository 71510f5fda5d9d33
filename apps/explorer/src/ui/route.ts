import { useCallback, useMemo, useSyncExternalStore } from 'react';

/** The views of the explorer (`code` is the coding workbench). */
export const VIEWS = [
  'matrix',
  'actors',
  'phases',
  'claims',
  'agreement',
  'compare',
  'search',
  'code',
] as const;
export type View = (typeof VIEWS)[number];

/** Where the explorer is: the view and its parameters, kept in the URL hash to share or reload. */
export interface Route {
  view: View;
  params: URLSearchParams;
}

function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const view = (VIEWS as readonly string[]).includes(path) ? (path as View) : 'matrix';
  return { view, params: new URLSearchParams(query) };
}

function formatHash(route: Route): string {
  const query = route.params.toString();
  return `#/${route.view}${query.length > 0 ? `?${query}` : ''}`;
}

/** Tells React when the hash changes (the route's one source is `window.location.hash`). */
function subscribeHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = () => window.location.hash;

/**
 * The current route, and a way to change it (each change is a history entry).
 *
 * The hash is read as an external store: a hash that changes between the first render and the
 * moment the listener is attached (a link followed while the page is still starting) is seen,
 * not missed.
 */
export function useRoute(): [Route, (next: Route) => void] {
  const hash = useSyncExternalStore(subscribeHash, currentHash);
  const route = useMemo(() => parseHash(hash), [hash]);
  const navigate = useCallback((next: Route) => {
    const target = formatHash(next);
    if (target !== window.location.hash) window.location.hash = target;
  }, []);
  return [route, navigate];
}

/** A copy of `params` with `changes` applied (undefined removes; arrays repeat the key). */
export function withParams(
  params: URLSearchParams,
  changes: Record<string, string | readonly string[] | undefined>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    next.delete(key);
    if (value === undefined) continue;
    if (typeof value === 'string') next.set(key, value);
    else for (const v of value) next.append(key, v);
  }
  return next;
}
