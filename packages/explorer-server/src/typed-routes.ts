import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { BlankEnv, MiddlewareHandler, TypedResponse } from 'hono/types';
import type { JSONParsed } from 'hono/utils/types';
import type { z } from 'zod';
import type { ApiErrorBody, WriteOutcome } from './api-types.ts';
import { ExplorerError } from './explorer-error.ts';
import { parseBody, parseId, parseQuery } from './query-params.ts';

// The pieces of a typed route (the chained sub-apps whose types make `ExplorerApi`): a query
// validator and a JSON body validator, a typed 200 (or, for a write, 200/201) and a typed 404.

/** A JSON answer of a typed route: the body (checked against `schema` when asked to) with 200. */
export type Ok = <S extends z.ZodType>(
  c: Context,
  schema: S,
  body: z.output<S>,
) => JsonOk<z.output<S>>;
type JsonOk<T> = Response & TypedResponse<JSONParsed<T>, 200, 'json'>;

export function jsonOk<T>(c: Context, body: T): JsonOk<T> {
  return c.json(body, 200);
}

/**
 * The answer of a write whose result says what it did: 201 when it created something, else 200
 * (the body checked against `schema` when asked to). Both statuses are in the route's type.
 */
export type Written = <S extends z.ZodType<{ outcome: WriteOutcome }>>(
  c: Context,
  schema: S,
  body: z.output<S>,
) => JsonOk<z.output<S>> | JsonCreated<z.output<S>>;
type JsonCreated<T> = Response & TypedResponse<JSONParsed<T>, 201, 'json'>;

export function jsonWritten<T extends { outcome: WriteOutcome }>(
  c: Context,
  body: T,
): JsonOk<T> | JsonCreated<T> {
  return body.outcome === 'created' ? c.json(body, 201) : c.json(body, 200);
}

const NOT_FOUND: ApiErrorBody = { error: { code: 'not_found', message: 'not found' } };

/** A 404 answer in the API's error shape, typed so that a client sees it beside the 200. */
export function notFound(c: Context) {
  return c.json(NOT_FOUND, 404);
}

/**
 * What a query validator gives the route's type: the client sends the schema's input (a
 * defaulted parameter may be left out; every value a string or, repeated, strings), the
 * handler reads its output.
 */
type QueryInput<S extends z.ZodType> = {
  in: { query: z.input<S> };
  out: { query: z.output<S> };
};

/**
 * A validator of the query string (as Hono's `validator` is) that runs {@link parseQuery}, so
 * `c.req.valid('query')` is typed. The path's ids are checked first, in path order, so a
 * malformed id is named first.
 */
export function query<S extends z.ZodType<object, Record<string, string | string[] | undefined>>>(
  schema: S,
  repeatable: readonly string[] = [],
): MiddlewareHandler<BlankEnv, string, QueryInput<S>> {
  return async (c, next) => {
    checkIds(c);
    c.req.addValidatedData('query', parseQuery(c.req.queries(), schema, repeatable));
    await next();
  };
}

/** Checks each of the path's parameters as an id, in path order (the first bad one is named). */
export function checkIds(c: Context): void {
  const params: Record<string, string> = c.req.param();
  for (const [name, value] of Object.entries(params)) {
    parseId(name, value);
  }
}

/**
 * What a JSON body validator gives the route's type: the client sends the schema's input (a
 * defaulted field may be left out), the handler reads its output.
 */
type JsonInput<S extends z.ZodType> = {
  in: { json: z.input<S> };
  out: { json: z.output<S> };
};

/**
 * A validator of a write's JSON body (as Hono's `validator('json', …)` is) that runs
 * {@link parseBody}, so `c.req.valid('json')` is typed. The path is checked first (`checkPath`,
 * by default each parameter as an id), then the Content-Type, the JSON and the schema: each
 * failure an `invalid_request` whose message names what is at fault.
 */
export function json<S extends z.ZodType<object>>(
  schema: S,
  checkPath: (c: Context) => void = checkIds,
): MiddlewareHandler<BlankEnv, string, JsonInput<S>> {
  return async (c, next) => {
    checkPath(c);
    c.req.addValidatedData('json', parseBody(await jsonBody(c), schema));
    await next();
  };
}

/** Request bodies: a document upload may be large, every other write is small. */
export const MAX_BODY = 1024 * 1024;
export const MAX_DOCUMENT_BODY = 40 * 1024 * 1024;

/** Refuses a body over `maxSize` bytes with 413 in the API's error shape (before it is read). */
export function limit(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      const error: ApiErrorBody = {
        error: {
          code: 'payload_too_large',
          message: `the request body is over ${maxSize / 1024 / 1024} MB`,
        },
      };
      return c.json(error, 413);
    },
  });
}

/** The request's body as JSON: a body that is not JSON (or not sent as JSON) is refused. */
async function jsonBody(c: Context): Promise<unknown> {
  if (!(c.req.header('Content-Type') ?? '').startsWith('application/json')) {
    throw new ExplorerError('invalid_request', 'body: send JSON (Content-Type: application/json)');
  }
  try {
    return (await c.req.json()) as unknown;
  } catch {
    throw new ExplorerError('invalid_request', 'body: not valid JSON');
  }
}
