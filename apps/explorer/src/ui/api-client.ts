import { hc } from 'hono/client';
import type { ClientRequestOptions, ClientResponse } from 'hono/client';
import type { ApiErrorBody } from '../shared/api-types.ts';
import type { ExplorerApi } from '../shared/explorer-api.ts';
import { ApiClientError, cachedGet, invalidateApi, useLoad, writeToken } from './api.ts';
import type { ApiState } from './api.ts';

/**
 * Hono's typed client of the explorer API: each typed route's path, parameters, query and answer
 * come from the server's route types (`ExplorerApi`, imported as a type: no server code here).
 */
export function explorerClient(origin: string, fetch?: typeof globalThis.fetch) {
  return hc<ExplorerApi>(origin, fetch === undefined ? {} : { fetch });
}

/** The UI's GETs go through the cache of api.ts (kept until a write); other methods do not. */
const uiFetch: typeof globalThis.fetch = (input, init) =>
  typeof input === 'string' && (init?.method ?? 'GET') === 'GET'
    ? cachedGet(input)
    : fetch(input, init);

/** The explorer API of the server this UI came from (`api.studies[':id'].matrix`, …). */
export const api = explorerClient(window.location.origin, uiFetch).api;

/** A call's answer as the client types it: the route's body with 200, or an API error. */
export type Answer<T> =
  | ClientResponse<T, 200, 'json'>
  | ClientResponse<ApiErrorBody, 404, 'json'>
  | ClientResponse<unknown, number, 'json'>;

function isErrorBody(body: unknown): body is ApiErrorBody {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

/** The answer's body when it is a 200; otherwise the server's error as an {@link ApiClientError}. */
export async function answerOf<T>(res: Answer<T>): Promise<T> {
  if (res.status === 200 && isOk(res)) return res.json();
  throw await errorOf(res);
}

/** A failed answer as an {@link ApiClientError}: the server's error code and message. */
async function errorOf(res: ClientResponse<unknown, number, 'json'>): Promise<ApiClientError> {
  const body: unknown = await res.json().catch(() => null);
  const error = isErrorBody(body) ? body.error : undefined;
  return new ApiClientError(res.status, error?.code ?? 'http', error?.message ?? res.statusText);
}

function isOk<T>(res: Answer<T>): res is ClientResponse<T, 200, 'json'> {
  return res.status === 200;
}

/**
 * A typed GET route of {@link api} (`api.studies[':id'].dimensions`): called with the route's
 * arguments `A` (path parameters and query, as the server's validators take them), it answers
 * `T` with a 200. Both come from `ExplorerApi`.
 */
export interface ApiGet<A, T> {
  $get(args: A): Promise<Answer<T>>;
  $url(args: NoInfer<A>): URL;
}

/** The arguments with each path parameter encoded (hc puts them in the path as they are). */
function encoded<A extends object>(args: A): A {
  if (!('param' in args) || typeof args.param !== 'object' || args.param === null) return args;
  const param = Object.fromEntries(
    Object.entries(args.param).map(([name, value]) => [name, encodeURIComponent(String(value))]),
  );
  return { ...args, param };
}

/** The URL a call of a typed route asks for: what {@link useLoad} keys its data by. */
export function urlOf<A extends object, T>(route: ApiGet<A, T>, args: A): string {
  return route.$url(encoded(args)).toString();
}

/** GETs a typed route (through the cache): its 200 answer, or an {@link ApiClientError}. */
export async function getApi<A extends object, T>(route: ApiGet<A, T>, args: A): Promise<T> {
  return answerOf(await route.$get(encoded(args)));
}

/**
 * Loads a typed route (`args` null: nothing to load), as {@link useLoad} does: cached per URL
 * until a write, the previous data kept while the next loads. The data's type is the route's.
 */
export function useApiGet<A extends object, T>(route: ApiGet<A, T>, args: A | null): ApiState<T> {
  return useLoad(
    args === null ? null : { key: urlOf(route, args), load: () => getApi(route, args) },
  );
}

/** The routes of one study (`studyApi.matrix`, …): `param: { id }` names the study. */
export const studyApi = api.studies[':id'];

/** A write's answer as the client types it: the route's body with 200 or 201, or an API error. */
export type Written<T> =
  | ClientResponse<T, 200, 'json'>
  | ClientResponse<T, 201, 'json'>
  | ClientResponse<unknown, number, 'json'>;

/**
 * A typed write of {@link api} (`studyApi.codings.$post`, `…[':codingId'].$put`): called with
 * the route's arguments `A` (path parameters and JSON body, as the server's validators take
 * them), it answers `T`. Both come from `ExplorerApi`.
 */
export type ApiWrite<A, T> = (args: A, options?: ClientRequestOptions) => Promise<Written<T>>;

function succeeded<T>(res: Written<T>): res is ClientResponse<T, 200 | 201, 'json'> {
  return res.ok;
}

/**
 * Sends a write through a typed route with the write token. A network failure or a 503 is
 * retried twice with the same arguments, so with the same operation id: the server applies it
 * once. On success every cached GET is dropped; a failure is an {@link ApiClientError}.
 */
export async function sendApi<A extends object, T>(
  route: ApiWrite<A, T>,
  args: NoInfer<A>,
): Promise<T> {
  const token = writeToken();
  const headers = {
    Accept: 'application/json',
    ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
  };
  let lastError = new ApiClientError(0, 'network', 'not sent');
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 300 * attempt));
    let res: Written<T>;
    try {
      res = await route(encoded(args), { headers });
    } catch (err) {
      lastError = new ApiClientError(0, 'network', String(err));
      continue;
    }
    if (succeeded(res)) {
      invalidateApi();
      const status = res.status;
      return res.json().catch((err: unknown) => {
        throw new ApiClientError(status, 'http', `the answer is not JSON: ${String(err)}`);
      });
    }
    lastError = await errorOf(res);
    if (res.status !== 503) break;
  }
  throw lastError;
}
