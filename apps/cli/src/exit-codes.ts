import type { GraphError } from '@iwa/graph';
import type { Neo4jLocalError } from '@iwa/neo4j-local';

/** The CLI's exit codes, stable for scripts. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  invalidInput: 2,
  databaseUnavailable: 3,
  /** Someone else changed the same thing first (a phase history moved on): reload and retry. */
  conflict: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Whether `err` is one of the packages' typed errors, by its name: the CLI's entry point does
 * not import @iwa/graph, @iwa/neo4j-local or @iwa/services (they load with the command that runs).
 */
function named<T extends Error>(err: unknown, name: string): err is T {
  return err instanceof Error && err.name === name && 'code' in err;
}

/** The one translator from errors to exit codes. */
export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof Error && err.name === 'EnvError') return ExitCode.invalidInput;
  if (named(err, 'ServiceError')) return ExitCode.invalidInput;
  if (named<Neo4jLocalError>(err, 'Neo4jLocalError')) {
    return err.code === 'not_running' ? ExitCode.failure : ExitCode.databaseUnavailable;
  }
  if (named<GraphError>(err, 'GraphError')) {
    if (err.code === 'unavailable' || err.code === 'auth') return ExitCode.databaseUnavailable;
    if (err.code === 'conflict') return ExitCode.conflict;
    return ExitCode.failure;
  }
  return ExitCode.failure;
}
