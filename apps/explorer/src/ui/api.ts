import { useEffect, useState } from 'react';

/** An API call that failed: the server's error code and message, or a network failure. */
export class ApiClientError extends Error {
  override readonly name = 'ApiClientError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// A study changes only through the coding workbench: cache every GET until a write succeeds.
// The cache keeps the answer as it came (status, headers, text), and each caller gets a fresh
// Response of it: Hono's typed client reads and types the body (see api-client.ts).
interface Stored {
  status: number;
  statusText: string;
  headers: Headers;
  body: string;
}
const cache = new Map<string, Promise<Stored>>();
let version = 0;
const listeners = new Set<(v: number) => void>();

/** Drops every cached GET and makes every {@link useLoad} load again (after a write). */
export function invalidateApi(): void {
  cache.clear();
  version += 1;
  for (const l of listeners) l(version);
}

/**
 * GETs `url` once until the next write (a failure, or an answer other than a 200, is not
 * kept): every call gets its own Response of the one answer.
 */
export function cachedGet(url: string): Promise<Response> {
  let pending = cache.get(url);
  if (pending === undefined) {
    const load = fetch(url, { headers: { Accept: 'application/json' } }).then(async (res) => ({
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
      body: await res.text(),
    }));
    // (only this load's entry: a write may have dropped it and a newer load taken its place)
    const forget = () => cache.get(url) === load && cache.delete(url);
    load.then((stored) => stored.status !== 200 && forget(), forget);
    cache.set(url, load);
    pending = load;
  }
  // a 204/205/304 has no body (the Response constructor refuses one)
  return pending.then(
    (stored) => new Response([204, 205, 304].includes(stored.status) ? null : stored.body, stored),
  );
}

/** Builds an API URL from a path and query parameters (arrays repeat the parameter). */
export function apiUrl(
  path: string,
  params: Record<string, string | number | readonly string[] | undefined> = {},
): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) q.append(key, v);
    else q.set(key, String(value));
  }
  const query = q.toString();
  return query.length > 0 ? `${path}?${query}` : path;
}

/** What {@link useLoad} gives: the data once loaded, or the error. */
export type ApiState<T> =
  | { status: 'loading'; data?: T | undefined }
  | { status: 'ok'; data: T }
  | { status: 'error'; error: ApiClientError };

/** What {@link useLoad} loads: a resource named by `key` (its URL), and how to load it. */
export interface Load<T> {
  key: string;
  load: () => Promise<T>;
}

/**
 * Loads a resource (null: nothing to load) and keeps the previous data while the next loads;
 * after a write it loads again.
 */
export function useLoad<T>(request: Load<T> | null): ApiState<T> {
  const key = request === null ? null : request.key;
  const [state, setState] = useState<{ key: string | null; seen: number; value: ApiState<T> }>({
    key: null,
    seen: -1,
    value: { status: 'loading' },
  });
  const [seen, setSeen] = useState(version);
  useEffect(() => {
    listeners.add(setSeen);
    return () => {
      listeners.delete(setSeen);
    };
  }, []);
  useEffect(() => {
    if (request === null || key === null) return;
    let live = true;
    // the load of the render that named `key` (one key, one resource)
    request.load().then(
      (data) => live && setState({ key, seen, value: { status: 'ok', data } }),
      (err: unknown) =>
        live && setState({ key, seen, value: { status: 'error', error: clientError(err) } }),
    );
    return () => {
      live = false;
    };
  }, [key, seen]);
  // After a write (a newer `seen`) the data is stale: loading, with the old data kept to show.
  if (state.key === key && state.seen === seen) return state.value;
  return { status: 'loading', data: state.value.status === 'ok' ? state.value.data : undefined };
}

/** An error of a load as an {@link ApiClientError} (a failure to fetch is a network error). */
export function clientError(err: unknown): ApiClientError {
  return err instanceof ApiClientError ? err : new ApiClientError(0, 'network', String(err));
}

const TOKEN_KEY = 'iwa.writeToken';

/** The write token of this tab (sessionStorage: gone when the tab closes). */
export function writeToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setWriteToken(token: string | null): void {
  if (token === null || token === '') sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

/** A fresh operation id: a write sent again with it (a retry) is applied once. */
export function newOpId(): string {
  return `op-${crypto.randomUUID()}`;
}
