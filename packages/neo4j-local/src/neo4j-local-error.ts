/** Codes for failures of the local Neo4j launcher. */
export type Neo4jLocalErrorCode =
  | 'java_missing'
  | 'maven_missing'
  | 'build_failed'
  | 'start_failed'
  | 'start_timeout'
  | 'not_running'
  | 'already_running'
  | 'import_failed';

/**
 * A failure of the local Neo4j server. This package depends on node built-ins only, so it
 * carries its own error class with the same shape as `DomainError` in `@iwa/taxonomy`.
 */
export class Neo4jLocalError extends Error {
  override readonly name = 'Neo4jLocalError';
  readonly code: Neo4jLocalErrorCode;

  constructor(code: Neo4jLocalErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** The advice every "cannot start" message ends with. */
export const NO_JAVA_ADVICE =
  'install Java 17+ (and Maven 3.8+ to build the launcher), or set NEO4J_URI to an existing Neo4j 5';
