import { hc } from 'hono/client';
import type { ClientResponse } from 'hono/client';
import type { ApiErrorBody } from '../shared/api-types.ts';
import type { ExplorerApi } from '../shared/explorer-api.ts';
import { ApiClientError } from './api.ts';

/**
 * Hono's typed client of the explorer API: each typed route's path, parameters, query and answer
 * come from the server's route types (`ExplorerApi`, imported as a type: no server code here).
 */
export function explorerClient(origin: string, fetch?: typeof globalThis.fetch) {
  return hc<ExplorerApi>(origin, fetch === undefined ? {} : { fetch });
}

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
  const body: unknown = await res.json().catch(() => null);
  const error = isErrorBody(body) ? body.error : undefined;
  throw new ApiClientError(res.status, error?.code ?? 'http', error?.message ?? res.statusText);
}

function isOk<T>(res: Answer<T>): res is ClientResponse<T, 200, 'json'> {
  return res.status === 200;
}
