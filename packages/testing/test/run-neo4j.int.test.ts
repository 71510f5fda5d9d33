import { createGraph } from '@iwa/graph';
import { afterAll, expect, inject, it } from 'vitest';
import { TEST_NEO4J_SETTINGS } from '../src/discard-neo4j.ts';
import { testGraphConfig } from '../src/graph-test.ts';

const graph = createGraph(testGraphConfig(), { appName: 'iwa-run-neo4j-test' });
afterAll(() => graph.close());

it("the run's own Neo4j has the test settings (NEO4J_URI's server is left as it is)", async () => {
  const rows = (await graph.runAutoCommit(
    'CALL dbms.listConfig() YIELD name, value WHERE name IN $names RETURN name, value ORDER BY name',
    { names: Object.keys(TEST_NEO4J_SETTINGS) },
  )) as { name: string; value: string }[];
  const actual = Object.fromEntries(rows.map((r) => [r.name, r.value]));
  if (inject('neo4jStartedByRun')) {
    // what the launcher passed reached Neo4j's configuration
    expect(actual).toEqual(TEST_NEO4J_SETTINGS);
  } else {
    // the settings exist under these names on any Neo4j 5 server
    expect(Object.keys(actual).sort()).toEqual(Object.keys(TEST_NEO4J_SETTINGS).sort());
  }
});
