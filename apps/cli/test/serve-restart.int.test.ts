import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { examplePath } from '@iwa/examples';
import { discardDetachedNeo4j } from '@iwa/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runIwa, startIwaServe, type ServeProcess } from './run-cli.ts';

/*
 * `iwa serve` keeps serving when its Neo4j goes away and comes back, as a user does it with
 * `iwa db stop` and `iwa db start`: while the database is down the API answers 503 with a JSON
 * error within seconds (not a hang, not a crash); the restarted server gets its old address back,
 * and the explorer answers as before without being restarted. A separate local Neo4j (its own
 * data folder), so the run's shared server is not disturbed.
 */

const temp = mkdtempSync(join(tmpdir(), 'iwa-serve-restart-'));
const env = {
  IWA_DATA_DIR: temp,
  IWA_NEO4J_HEAP_MB: '512',
  IWA_NEO4J_PAGECACHE_MB: '64',
  IWA_WRITE_TOKEN: undefined,
};
const STUDY = 'restart-demo';
let serve: ServeProcess | undefined;

afterAll(async () => {
  serve?.child.kill('SIGKILL');
  // the test stopped it cleanly once already; its data folder is deleted next
  await discardDetachedNeo4j(temp);
  rmSync(temp, { recursive: true, force: true });
}, 120_000);

function dbStatus(): { running: boolean; uri?: string } {
  return JSON.parse(runIwa(['db', 'status', '--json'], { env }).stdout) as {
    running: boolean;
    uri?: string;
  };
}

/**
 * GETs a URL on a fresh connection (no keep-alive: `runIwa` blocks this process, so a pooled
 * socket the server closed meanwhile would look like a server failure).
 */
function get(url: string): Promise<{ status: number; body: unknown; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, timeout: 60_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(text) as unknown,
          ms: performance.now() - t0,
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', (err) =>
      reject(
        new Error(
          `GET ${url} failed (iwa serve exit code ${serve?.child.exitCode}, signal ${serve?.child.signalCode}); its stderr:\n${serve?.stderr()}`,
          { cause: err },
        ),
      ),
    );
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the explorer and a Neo4j restart', () => {
  it('answers 503 while Neo4j is down and recovers by itself when it is back', async () => {
    expect(runIwa(['db', 'start'], { env }).status).toBe(0);
    const address = dbStatus().uri;
    const imported = runIwa(['study', 'import', examplePath('ips-norway'), '--study', STUDY], {
      env,
    });
    expect(imported.status, imported.stderr).toBe(0);
    serve = await startIwaServe(env);
    const { url } = serve;
    const paths = [
      `/api/studies/${STUDY}/matrix?rows=role&cols=form&split=purpose`,
      `/api/studies/${STUDY}/excerpts?where=role%3Dmanager&where=form.operational`,
      `/api/studies/${STUDY}/actors`,
      `/api/studies/${STUDY}/phases`,
    ];
    const before = await Promise.all(paths.map((p) => get(url + p)));
    expect(before.map((r) => r.status)).toEqual([200, 200, 200, 200]);

    const stopped = runIwa(['db', 'stop'], { env });
    expect(stopped.status, stopped.stderr).toBe(0);
    const down = await Promise.all([...paths, '/api/health'].map((p) => get(url + p)));
    for (const r of down) {
      expect(r.status).toBe(503);
      // 3 s of retries, then the answer; a hang fails on the test's timeout
      expect(r.body).toEqual({
        error: { code: 'unavailable', message: 'the database is unavailable' },
      });
    }
    expect(serve.child.exitCode).toBeNull();

    expect(runIwa(['db', 'start'], { env }).status).toBe(0);
    expect(dbStatus().uri).toBe(address);
    const t0 = performance.now();
    let after = await Promise.all(paths.map((p) => get(url + p)));
    while (after.some((r) => r.status !== 200) && performance.now() - t0 < 60_000) {
      await sleep(500);
      after = await Promise.all(paths.map((p) => get(url + p)));
    }
    const recoveredMs = performance.now() - t0;
    expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(after.map((r) => r.body)).toEqual(before.map((r) => r.body));
    expect(serve.child.exitCode).toBeNull();
    expect(serve.stderr()).not.toMatch(/at .*\.ts:\d+/); // messages, not stack traces
    process.stderr.write(
      `[restart] while Neo4j was down: ${down.length} requests → 503 in ${Math.round(Math.max(...down.map((r) => r.ms)))} ms at most; answering again ${Math.round(recoveredMs)} ms after the restart returned, same bodies, no explorer restart\n`,
    );

    serve.child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => serve?.child.once('exit', r));
    expect(code).toBe(0);
  }, 600_000);
});
