import neo4j, { Neo4jError, type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { z } from 'zod';
import { GraphError, toGraphError, unavailableError } from './graph-error.ts';
import type { GraphConfig } from './graph-config.ts';
import { toPlain, type Row } from './plain-values.ts';

/** Runs one Cypher statement with parameters and returns plain rows. */
export interface Runner {
  run(cypher: string, params?: object): Promise<Row[]>;
}

/** A handle on one Neo4j database: one driver per process, closed with `close()`. */
export interface Graph extends Runner {
  readonly database: string;
  readonly uri: string;
  /** A read-only statement; on a cluster it goes to a secondary. */
  read(cypher: string, params?: object): Promise<Row[]>;
  /** One unit of work that commits or rolls back as a whole. `fn` may be retried: keep it idempotent. */
  writeTransaction<T>(fn: (tx: Runner) => Promise<T>): Promise<T>;
  readTransaction<T>(fn: (tx: Runner) => Promise<T>): Promise<T>;
  /** An auto-commit statement, needed by `CALL { … } IN TRANSACTIONS` and schema commands. */
  runAutoCommit(cypher: string, params?: object): Promise<Row[]>;
  /**
   * Opens one connection to the server, without retries, within the connection timeout;
   * throws `GraphError('unavailable')` that says what to check when the server cannot be reached.
   */
  verifyConnectivity(): Promise<void>;
  close(): Promise<void>;
}

export interface CreateGraphOptions {
  /** Sent as transaction metadata (`{ app }`), visible in Neo4j's query log. */
  appName?: string;
  /** Driver pool size (default 50). */
  maxConnectionPoolSize?: number;
  /** How long the driver retries transient failures before giving up (default 30 s). */
  maxRetryTimeMs?: number;
  /**
   * How long opening a connection may take before the server counts as unreachable (default
   * 4 s): a closed port fails at once, a host that does not answer after this. 4 s, not the
   * driver's 30 s: a command on an unreachable NEO4J_URI must end within 5 s, the built CLI's own
   * start (~0.1-0.2 s) included; a Bolt handshake, even over a slow remote link, takes well
   * under a second.
   */
  connectionTimeoutMs?: number;
}

/** Why a server could not be reached, in words, from the socket error the driver wraps. */
function unreachableReason(message: string, timeoutMs: number): string {
  if (/ECONNREFUSED/.test(message)) return 'nothing accepts connections on that port';
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'the host name does not resolve';
  if (/EHOSTUNREACH|ENETUNREACH/.test(message)) return 'the host cannot be reached from here';
  if (/timed? ?out|ETIMEDOUT/i.test(message))
    return `it did not answer within ${Math.round(timeoutMs / 1000)} s`;
  if (/responded HTTP/i.test(message))
    return 'an HTTP server answers there, not a Neo4j Bolt port (7687 by default; 7474 is the browser)';
  if (/ECONNRESET|closed|EPIPE/i.test(message))
    return 'it closed the connection (is it a Neo4j Bolt port? is encryption needed, as in neo4j+s://?)';
  return 'the connection failed';
}

/** The error for a server that cannot be reached: what to check, not the driver's internals. */
export function unreachableError(uri: string, err: unknown, timeoutMs: number): GraphError {
  const message = err instanceof Error ? err.message : String(err);
  return new GraphError(
    'unavailable',
    `Cannot reach Neo4j at ${uri}: ${unreachableReason(message, timeoutMs)}. Check that the server is running (for iwa's local server: iwa db status / iwa db start) and that NEO4J_URI names its host, Bolt port and scheme (bolt://host:7687, or neo4j+s:// for Aura).`,
    { cause: err },
  );
}

/**
 * Parses rows with a zod schema at the package boundary; a row that does not fit is a bug or a
 * foreign write, reported as `GraphError('invalid_row')`.
 */
export function parseRows<T extends z.ZodType>(
  rows: Row[],
  schema: T,
  query: string,
): z.output<T>[] {
  return rows.map((row, i) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      throw new GraphError(
        'invalid_row',
        `${query}: row ${i} does not fit its schema: ${parsed.error.message}`,
        {
          cause: parsed.error,
        },
      );
    }
    return parsed.data;
  });
}

function txRunner(tx: ManagedTransaction): Runner {
  return {
    async run(cypher, params = {}) {
      const result = await tx.run(cypher, params);
      return result.records.map((r) => toPlain(r.toObject()) as Row);
    },
  };
}

/** Creates the process's driver for a config. Integers come back as JS numbers. */
export function createGraph(config: GraphConfig, options: CreateGraphOptions = {}): Graph {
  const connectionTimeout = options.connectionTimeoutMs ?? 4_000;
  const auth = config.password ? neo4j.auth.basic(config.user, config.password) : undefined;
  let driver: Driver;
  try {
    driver = neo4j.driver(config.uri, auth, {
      disableLosslessIntegers: true,
      maxConnectionPoolSize: options.maxConnectionPoolSize ?? 50,
      connectionAcquisitionTimeout: 30_000,
      connectionTimeout,
      maxTransactionRetryTime: options.maxRetryTimeMs ?? 30_000,
      userAgent: options.appName ?? 'iwa',
    });
  } catch (err) {
    throw new GraphError('invalid_config', `Cannot create a Neo4j driver for ${config.uri}`, {
      cause: err,
    });
  }
  const database = config.database;
  const txConfig = { metadata: { app: options.appName ?? 'iwa' } };

  /** Asks the server for its info; rejects unless it answers within the connection timeout. */
  const askServer = async (): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      // the driver's timeout covers opening the socket, not a server that accepts and then
      // never answers the Bolt handshake: the same limit for the whole attempt
      await Promise.race([
        driver.getServerInfo({ database }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`timed out after ${connectionTimeout} ms`)),
            connectionTimeout,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };

  /**
   * {@link toGraphError}, and one case the driver gets wrong: neo4j-driver 6.3 can fail a query
   * on a connection the server has closed with a TypeError (an answer read late finds no
   * observer: "Cannot read properties of undefined (reading 'onCompleted')"), seen when the
   * importer was paused while the server stopped. An error that is not Neo4j's own is reported
   * as `unavailable` when the server then does not answer, quoting why.
   */
  const failure = async (err: unknown): Promise<GraphError> => {
    const graphError = toGraphError(err);
    if (graphError.code !== 'query_failed' || err instanceof Neo4jError) return graphError;
    try {
      await askServer();
      return graphError;
    } catch (unanswered) {
      return unavailableError(unanswered, 'Neo4j query', err);
    }
  };

  const unitOfWork = async <T>(
    mode: 'READ' | 'WRITE',
    fn: (tx: Runner) => Promise<T>,
  ): Promise<T> => {
    const session = driver.session({
      database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    try {
      return mode === 'READ'
        ? await session.executeRead((tx) => fn(txRunner(tx)), txConfig)
        : await session.executeWrite((tx) => fn(txRunner(tx)), txConfig);
    } catch (err) {
      throw await failure(err);
    } finally {
      await session.close();
    }
  };

  const query = async (mode: 'READ' | 'WRITE', cypher: string, params: object): Promise<Row[]> => {
    try {
      const result = await driver.executeQuery(cypher, params, {
        database,
        routing: mode === 'READ' ? neo4j.routing.READ : neo4j.routing.WRITE,
        transactionConfig: txConfig,
      });
      return result.records.map((r) => toPlain(r.toObject()) as Row);
    } catch (err) {
      throw await failure(err);
    }
  };

  return {
    database,
    uri: config.uri,
    run: (cypher, params = {}) => query('WRITE', cypher, params),
    read: (cypher, params = {}) => query('READ', cypher, params),
    writeTransaction: (fn) => unitOfWork('WRITE', fn),
    readTransaction: (fn) => unitOfWork('READ', fn),
    async runAutoCommit(cypher, params = {}) {
      const session = driver.session({ database });
      try {
        const result = await session.run(cypher, params, txConfig);
        return result.records.map((r) => toPlain(r.toObject()) as Row);
      } catch (err) {
        throw await failure(err);
      } finally {
        await session.close();
      }
    },
    async verifyConnectivity() {
      try {
        await askServer();
      } catch (err) {
        const graphError = toGraphError(err);
        if (graphError.code === 'auth') throw graphError;
        throw unreachableError(config.uri, err, connectionTimeout);
      }
    },
    close: () => driver.close(),
  };
}
