import { useCallback, useEffect, useState } from 'react';

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

/** The current route, and a way to change it (each change is a history entry). */
export function useRoute(): [Route, (next: Route) => void] {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: Route) => {
    const hash = formatHash(next);
    if (hash !== window.location.hash) window.location.hash = hash;
    setRoute(parseHash(hash));
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
