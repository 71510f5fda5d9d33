import type { z } from 'zod';
import { Id } from './api-types.ts';
import { ExplorerError } from './explorer-error.ts';

/** The first problem of a failed parse, led by the parameter it concerns. */
function describeIssue(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  if (issue === undefined) return `${what}: invalid`;
  if (issue.code === 'unrecognized_keys') {
    return `${issue.keys.join(', ')}: unknown ${what}${issue.keys.length > 1 ? 's' : ''}`;
  }
  const name =
    issue.path.length > 0
      ? issue.path.filter((p) => typeof p === 'string').join('.') || String(issue.path[0])
      : what;
  return `${name}: ${issue.message}`;
}

/**
 * Validates a query string against `schema`. Parameters named in `repeatable` arrive as arrays;
 * any other parameter given twice is an error. Throws `ExplorerError('invalid_request')` whose
 * message starts with the offending parameter's name.
 */
export function parseQuery<S extends z.ZodType>(
  queries: Record<string, string[]>,
  schema: S,
  repeatable: readonly string[] = [],
): z.output<S> {
  const input: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(queries)) {
    if (repeatable.includes(name)) {
      input[name] = values;
    } else if (values.length > 1) {
      throw new ExplorerError('invalid_request', `${name}: given more than once`);
    } else if (values[0] !== undefined) {
      input[name] = values[0];
    }
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ExplorerError('invalid_request', describeIssue(parsed.error, 'parameter'));
  }
  return parsed.data;
}

/** Validates one path parameter (a study, document or actor id). */
export function parseId(name: string, value: string | undefined): string {
  const parsed = Id.safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'invalid';
    throw new ExplorerError('invalid_request', `${name}: ${message}`);
  }
  return parsed.data;
}

/**
 * Validates a JSON request body against `schema`. Throws `ExplorerError('invalid_request')`
 * whose message starts with the offending field's name.
 */
export function parseBody<S extends z.ZodType>(body: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ExplorerError('invalid_request', describeIssue(parsed.error, 'field'));
  }
  return parsed.data;
}
