import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGraph } from '@iwa/graph';
import { discardDetachedNeo4j } from '@iwa/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runIwa } from './run-cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'iwa-db-cli-'));
const env = { IWA_DATA_DIR: dataDir, IWA_NEO4J_HEAP_MB: '384', IWA_NEO4J_PAGECACHE_MB: '64' };

afterAll(async () => {
  // the test stopped it cleanly twice already; its data folder is deleted next
  await discardDetachedNeo4j(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
});

function status(): { running: boolean; uri?: string; pid?: number } {
  const result = runIwa(['db', 'status', '--json'], { env });
  return JSON.parse(result.stdout) as { running: boolean; uri?: string; pid?: number };
}

describe('iwa db start|status|stop on a real local Neo4j', () => {
  it('starts in the background, reports status, keeps data across stop and start', async () => {
    expect(status().running).toBe(false);
    expect(runIwa(['db', 'status'], { env }).status).toBe(3);

    const start = runIwa(['db', 'start'], { env });
    expect(start.stderr + start.stdout).toContain('Started: Neo4j 5.26');
    expect(start.status).toBe(0);
    const first = status();
    expect(first.running).toBe(true);
    expect(first.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);

    const again = runIwa(['db', 'start'], { env });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Already running');

    let graph = createGraph({ uri: first.uri!, user: 'neo4j', database: 'neo4j' });
    await graph.run("CREATE (:Study {id: 'survives-restart', name: 'kept'})");
    await graph.close();

    const stop = runIwa(['db', 'stop'], { env });
    expect(stop.status).toBe(0);
    expect(stop.stdout).toContain('Stopped the local Neo4j');
    expect(status().running).toBe(false);

    expect(runIwa(['db', 'start'], { env }).status).toBe(0);
    const second = status();
    // the same address again, so a running explorer reconnects (serve-restart.int.test.ts)
    expect(second.uri).toBe(first.uri);
    graph = createGraph({ uri: second.uri!, user: 'neo4j', database: 'neo4j' });
    try {
      const rows = await graph.read(
        "MATCH (s:Study {id: 'survives-restart'}) RETURN s.name AS name",
      );
      expect(rows).toEqual([{ name: 'kept' }]);
    } finally {
      await graph.close();
    }

    // its port taken by another program while it was stopped: it starts on another one
    expect(runIwa(['db', 'stop'], { env }).status).toBe(0);
    const port = Number(/:(\d+)$/.exec(first.uri!)?.[1]);
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen({ host: '127.0.0.1', port }, r));
    try {
      expect(runIwa(['db', 'start'], { env }).status).toBe(0);
      const third = status();
      expect(third.running).toBe(true);
      expect(third.uri).not.toBe(first.uri);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 400_000); // starts (and restarts) a second local Neo4j: generous on a loaded machine
});
