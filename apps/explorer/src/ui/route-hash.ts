/* The explorer's address: a view and its parameters in the URL hash. No DOM here. */

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

export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const view = (VIEWS as readonly string[]).includes(path) ? (path as View) : 'matrix';
  return { view, params: new URLSearchParams(query) };
}

export function formatHash(route: Route): string {
  const query = route.params.toString();
  return `#/${route.view}${query.length > 0 ? `?${query}` : ''}`;
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

/**
 * The route the address shows now with `study` filled in, or null when it names a study already.
 * Called when the app's effect runs, with `window.location.hash` as it is then, not as it was
 * when the page rendered: a link followed in between (the list of studies arrived just as
 * another view was opened) is kept and given the study, never replaced by the rendered view.
 */
export function withDefaultStudy(hash: string, study: string): Route | null {
  const route = parseHash(hash);
  if (route.params.get('study') !== null) return null;
  return { view: route.view, params: withParams(route.params, { study }) };
}
