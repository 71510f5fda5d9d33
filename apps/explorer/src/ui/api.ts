import { useEffect, useState } from 'react';
import type { ApiErrorBody } from '../shared/api-types.ts';

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

// The API is read-only and a study does not change while it is explored: cache every GET.
const cache = new Map<string, Promise<unknown>>();

/** GETs a JSON resource of the explorer API (cached per URL). */
export function getJson<T>(url: string): Promise<T> {
  let pending = cache.get(url);
  if (pending === undefined) {
    pending = fetch(url, { headers: { Accept: 'application/json' } }).then(async (res) => {
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const error = (body as ApiErrorBody | null)?.error;
        throw new ApiClientError(
          res.status,
          error?.code ?? 'http',
          error?.message ?? res.statusText,
        );
      }
      return body;
    });
    pending.catch(() => cache.delete(url));
    cache.set(url, pending);
  }
  return pending as Promise<T>;
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

/** What {@link useApi} gives: the data once loaded, or the error. */
export type ApiState<T> =
  | { status: 'loading'; data?: T | undefined }
  | { status: 'ok'; data: T }
  | { status: 'error'; error: ApiClientError };

/** Loads `url` (null: nothing to load) and keeps the previous data while the next loads. */
export function useApi<T>(url: string | null): ApiState<T> {
  const [state, setState] = useState<{ url: string | null; value: ApiState<T> }>({
    url: null,
    value: { status: 'loading' },
  });
  useEffect(() => {
    if (url === null) return;
    let live = true;
    getJson<T>(url).then(
      (data) => live && setState({ url, value: { status: 'ok', data } }),
      (err: unknown) =>
        live &&
        setState({
          url,
          value: {
            status: 'error',
            error:
              err instanceof ApiClientError ? err : new ApiClientError(0, 'network', String(err)),
          },
        }),
    );
    return () => {
      live = false;
    };
  }, [url]);
  if (state.url === url) return state.value;
  return { status: 'loading', data: state.value.status === 'ok' ? state.value.data : undefined };
}
