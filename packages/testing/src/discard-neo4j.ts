import { localNeo4jStatus } from '@iwa/neo4j-local';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Ends a test's throwaway Neo4j at once (SIGKILL) and resolves when the process is gone, so its
 * data folder can be deleted. A clean stop (`LocalNeo4j.stop`, `iwa db stop`) waits ~11 s for
 * Neo4j's Bolt server to shut down; a teardown whose data is deleted next has no use for that.
 * Tests that check stopping itself still stop cleanly: this is for after-all clean-up only.
 */
export async function discardNeo4j(pid: number | undefined): Promise<void> {
  if (pid === undefined || !alive(pid)) return;
  process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** {@link discardNeo4j} for the detached server `iwa db start` runs for a data folder, if any. */
export async function discardDetachedNeo4j(dataDir: string): Promise<void> {
  const status = localNeo4jStatus(dataDir);
  if (status.running) await discardNeo4j(status.state.pid);
}

/**
 * JVM options for the tests' throwaway servers (a server started for one test file and gone a
 * few minutes later): C1 compilation only. A fresh server spends about half of its CPU time
 * compiling with C2, for code a short life never pays back; with C1 alone it needed 68 s of CPU
 * instead of 128 s for a start and four imports. Not for a server that runs many queries: C1's
 * code is slower; the explorer's warm-up on a fresh server took 58 s with it against 42 s
 * without (decision 0024), and the run's shared server with it made the query-heavy files of a
 * clean-clone run slower (decision 0026).
 */
export const THROWAWAY_NEO4J_JAVA_OPTIONS: readonly string[] = ['-XX:TieredStopAtLevel=1'];

/**
 * Neo4j settings for the servers a test run starts (the run's shared server and serve-load's).
 * A fresh test database grows from nothing and studies come and go all run long, so its
 * statistics keep crossing Neo4j's replanning threshold and cached plans are compiled again; on
 * this machine compiling a query costs ~0.5 s of CPU and is two thirds of the server's work in a
 * run. With replanning off, a subset of 76 integration tests took 225 s of server CPU instead of
 * 267-278 s (decision 0026). The data a test reads is small: a plan made on an emptier database
 * is still a correct plan, and the users' servers keep Neo4j's defaults.
 */
export const TEST_NEO4J_SETTINGS: Readonly<Record<string, string>> = {
  'dbms.cypher.statistics_divergence_threshold': '1.0',
  'dbms.cypher.min_replan_interval': '1h',
};
