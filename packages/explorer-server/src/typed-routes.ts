import type { Context } from 'hono';
import type { BlankEnv, MiddlewareHandler, TypedResponse } from 'hono/types';
import type { JSONParsed } from 'hono/utils/types';
import type { z } from 'zod';
import type { ApiErrorBody } from './api-types.ts';
import { parseId, parseQuery } from './query-params.ts';

// The pieces of a typed read route (the chained sub-apps whose types make `ExplorerApi`): a
// query validator, a typed 200 and a typed 404.

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
    const params: Record<string, string> = c.req.param();
    for (const [name, value] of Object.entries(params)) {
      parseId(name, value);
    }
    c.req.addValidatedData('query', parseQuery(c.req.queries(), schema, repeatable));
    await next();
  };
}
