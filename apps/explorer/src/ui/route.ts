import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { formatHash, parseHash, type Route } from './route-hash.ts';

export { VIEWS, withDefaultStudy, withParams, type Route, type View } from './route-hash.ts';

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
