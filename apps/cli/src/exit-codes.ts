import { GraphError } from '@iwa/graph';
import { Neo4jLocalError } from '@iwa/neo4j-local';
import { ServiceError } from '@iwa/services';
import { EnvError } from './env.ts';

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

/** The one translator from errors to exit codes. */
export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof EnvError) return ExitCode.invalidInput;
  if (err instanceof ServiceError) return ExitCode.invalidInput;
  if (err instanceof Neo4jLocalError) {
    return err.code === 'not_running' ? ExitCode.failure : ExitCode.databaseUnavailable;
  }
  if (err instanceof GraphError) {
    if (err.code === 'unavailable' || err.code === 'auth') return ExitCode.databaseUnavailable;
    if (err.code === 'conflict') return ExitCode.conflict;
    return ExitCode.failure;
  }
  return ExitCode.failure;
}
