import { DomainError } from '@iwa/taxonomy';
import { Neo4jError } from 'neo4j-driver';

/** What went wrong in the graph store, as a closed set callers can branch on. */
export type GraphErrorCode =
  | 'constraint_violation'
  | 'not_found'
  | 'unavailable'
  | 'invalid_row'
  | 'invalid_config'
  | 'conflict'
  | 'auth'
  | 'query_failed';

/** The one error type `@iwa/graph` throws. `code` tells what happened; `cause` keeps the driver's error. */
export class GraphError extends DomainError<GraphErrorCode> {
  override readonly name = 'GraphError';
  /** The Neo4j status code (e.g. `Neo.ClientError.Schema.ConstraintValidationFailed`) when there is one. */
  readonly neo4jCode: string | undefined;

  constructor(
    code: GraphErrorCode,
    message: string,
    options?: { cause?: unknown; neo4jCode?: string },
  ) {
    super(code, message, options);
    this.neo4jCode = options?.neo4jCode;
  }
}

const UNAVAILABLE = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Database.DatabaseNotFound',
]);

/**
 * `unavailable`: the server did not answer. The message quotes `said` (the driver's error that
 * shows it); `cause` is the error being translated, `said` unless told otherwise.
 */
export function unavailableError(said: unknown, context = 'Neo4j query', cause = said): GraphError {
  const detail = said instanceof Error ? said.message : String(said);
  return new GraphError(
    'unavailable',
    `${context}: the Neo4j server is unavailable (${detail}). Start it with \`iwa db start\` or check NEO4J_URI.`,
    { cause, ...(said instanceof Neo4jError ? { neo4jCode: said.code } : {}) },
  );
}

/** The single translator from driver errors to `GraphError`; anything unknown becomes `query_failed`. */
export function toGraphError(err: unknown, context = 'Neo4j query'): GraphError {
  if (err instanceof GraphError) return err;
  if (err instanceof Neo4jError) {
    const neo4jCode = err.code;
    const base = { cause: err, neo4jCode };
    if (neo4jCode === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      return new GraphError('constraint_violation', `${context}: ${err.message}`, base);
    }
    if (UNAVAILABLE.has(neo4jCode) || err.retriable) return unavailableError(err, context);
    if (neo4jCode.startsWith('Neo.ClientError.Security.')) {
      return new GraphError(
        'auth',
        `${context}: Neo4j refused the credentials (${err.message}). Check NEO4J_USER and NEO4J_PASSWORD.`,
        base,
      );
    }
    return new GraphError('query_failed', `${context}: ${err.message}`, base);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new GraphError('query_failed', `${context}: ${message}`, { cause: err });
}
