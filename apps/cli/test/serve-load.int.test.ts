import { examplePath } from '@iwa/examples';
import { createGraph, deleteStudy, type Graph } from '@iwa/graph';
import { openStudyFolder, runImport, validateSource } from '@iwa/services';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIwaServe, type ServeProcess } from './run-cli.ts';

/*
 * Load: the real `iwa serve` (its own process, on this run's Neo4j, the demo study imported)
 * under 50 concurrent clients for LOAD_SECONDS (default 60) on loopback, each client cycling
 * through what the explorer's pages ask for. Every request must succeed (0 errors, 0 timeouts,
 * 0 non-2xx); the latency percentiles are printed for the record. Bounded: one minute of load.
 */

const seconds = Number.parseInt(process.env.LOAD_SECONDS ?? '', 10);
const DURATION_S = Number.isFinite(seconds) && seconds > 0 ? seconds : 60;
const CONNECTIONS = 50;

let graph: Graph;
const studyId = uniqueStudyId('load');
let serve: ServeProcess | undefined;
let url = '';

beforeAll(async () => {
  const config = testGraphConfig();
  graph = createGraph(config, { appName: 'iwa-load-test' });
  const opened = await openStudyFolder(examplePath('ips-norway'), { studyId });
  if (!opened.ok) throw new Error(opened.errors.join('\n'));
  const validated = await validateSource(opened.source);
  if (!validated.ok) throw new Error(validated.errors.join('\n'));
  await runImport(graph, opened.source, { validated });

  serve = await startIwaServe({
    NEO4J_URI: config.uri,
    NEO4J_USER: config.user,
    NEO4J_PASSWORD: config.password ?? '',
    NEO4J_DATABASE: config.database,
    IWA_WRITE_TOKEN: undefined,
  });
  url = serve.url;
}, 600_000);

afterAll(async () => {
  serve?.child.kill('SIGTERM');
  await deleteStudy(graph, { studyId });
  await graph.close();
}, 120_000);

/** What the explorer's pages request, in the order a visitor's session would. */
function sessionRequests(documentId: string): { method: 'GET'; path: string }[] {
  const s = `/api/studies/${studyId}`;
  return [
    '/',
    '/api/studies',
    `${s}/dimensions`,
    `${s}/matrix?rows=role&cols=form&split=purpose&by=speaker`,
    `${s}/excerpts?where=role%3Dmanager&where=form.operational&where=purpose.maintaining`,
    `${s}/matrix?rows=role&cols=form&split=purpose&by=performer&unit=informant`,
    `${s}/matrix?rows=sector&cols=pillar&where=role%3Dadvisor`,
    `${s}/actors`,
    `${s}/actors?relation=enlists`,
    `${s}/phases`,
    `${s}/claims`,
    `${s}/documents/${documentId}?highlight=10,80`,
    `${s}/agreement`,
  ].map((path) => ({ method: 'GET' as const, path }));
}

describe('the explorer under load', () => {
  it(
    `${CONNECTIONS} concurrent clients for ${DURATION_S} s: every request succeeds`,
    async () => {
      const docs = (await (await fetch(`${url}/api/studies/${studyId}/documents`)).json()) as {
        id: string;
      }[];
      const requests = sessionRequests(docs[0]!.id);
      // each kind of request answers on its own first, so a failure names its route
      for (const r of requests) {
        const res = await fetch(url + r.path);
        expect(res.status, `${r.path}: ${await res.text()}`).toBe(200);
      }
      const result = await autocannon({
        url,
        connections: CONNECTIONS,
        duration: DURATION_S,
        timeout: 30,
        requests,
      });
      const line =
        `[load] ${CONNECTIONS} clients × ${DURATION_S} s on loopback: ${result.requests.total} requests ` +
        `(${Math.round(result.requests.average)}/s), errors ${result.errors}, timeouts ${result.timeouts}, ` +
        `non-2xx ${result.non2xx}; latency ms p50 ${result.latency.p50}, p90 ${result.latency.p90}, ` +
        `p99 ${result.latency.p99}, max ${result.latency.max}\n`;
      process.stderr.write(line);
      expect(result.errors).toBe(0);
      expect(result.timeouts).toBe(0);
      expect(result.non2xx).toBe(0);
      expect(result['2xx']).toBe(result.requests.total);
      expect(result.requests.total).toBeGreaterThan(CONNECTIONS);
      expect(serve?.child.exitCode).toBeNull();
    },
    (DURATION_S + 240) * 1000,
  );
});
