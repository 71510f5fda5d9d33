import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Neo4jLocalError, startLocalNeo4j } from '../src/index.ts';

const temp = mkdtempSync(join(tmpdir(), 'iwa-neo4j-options-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('startLocalNeo4j options', () => {
  it('refuses a JVM option that does not start with "-", before it starts anything', async () => {
    const dataDir = join(temp, 'data');
    const started = startLocalNeo4j({ dataDir, javaOptions: ['-Xss2m', 'TieredStopAtLevel=1'] });
    await expect(started).rejects.toBeInstanceOf(Neo4jLocalError);
    await expect(started).rejects.toThrow(
      '"TieredStopAtLevel=1" is not a JVM option: each of javaOptions starts with "-"',
    );
    // nothing was made: no data folder, no launcher log
    expect(readdirSync(temp)).toEqual([]);
  });

  it('refuses a setting that is not name=value on one line, before it starts anything', async () => {
    for (const settings of [
      { 'dbms.cypher.min_replan_interval': '1h\nserver.bolt.enabled=false' },
      { 'min replan interval': '1h' },
    ]) {
      const started = startLocalNeo4j({ dataDir: join(temp, 'data'), settings });
      await expect(started).rejects.toBeInstanceOf(Neo4jLocalError);
      await expect(started).rejects.toThrow('is not a Neo4j setting name with a one-line value');
    }
    expect(readdirSync(temp)).toEqual([]);
  });
});
