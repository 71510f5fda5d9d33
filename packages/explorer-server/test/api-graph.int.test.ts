import { examplePath } from '@iwa/examples';
import { createGraph, deleteStudy, type Graph } from '@iwa/graph';
import { openStudyFolder, runImport, validateSource } from '@iwa/services';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import { fuzzParams, fuzzTimeout } from '@iwa/testing/fuzz';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExplorerApp } from '../src/create-explorer-app.ts';
import { GraphExplorerData } from '../src/graph-explorer-data.ts';
import {
  apiRequest,
  collectVocabulary,
  expectWellFormed,
  toRequest,
  type ApiVocabulary,
} from './api-request-arbitrary.ts';

/*
 * The API fuzz property of api.fuzz.test.ts against the real graph: the demo study imported into
 * this run's Neo4j, served by the Neo4j-backed GraphExplorerData with the workbench writes on.
 * Every query parameter reaches real Cypher here; a request must never produce a 5xx, and a
 * write must never leave the study broken. A share of FUZZ_RUNS cases (each is a round trip).
 */

const TOKEN = 'fuzz-graph-write-token-0123';
const SHARE = 0.5;

let graph: Graph;
let studyId: string;
let app: ReturnType<typeof createExplorerApp>;
let vocabulary: ApiVocabulary;

beforeAll(async () => {
  graph = createGraph(testGraphConfig(), { appName: 'iwa-api-fuzz' });
  studyId = uniqueStudyId('fuzz-api');
  const opened = await openStudyFolder(examplePath('ips-norway'), { studyId });
  if (!opened.ok) throw new Error(opened.errors.join('\n'));
  const validated = await validateSource(opened.source);
  if (!validated.ok) throw new Error(validated.errors.join('\n'));
  await runImport(graph, opened.source, { validated });
  app = createExplorerApp({
    data: new GraphExplorerData(graph),
    writeToken: TOKEN,
    checkResponses: true,
    uiDir: '/nonexistent-explorer-ui',
  });
  vocabulary = await collectVocabulary((r) => app.request(r), [studyId]);
}, 300_000);

afterAll(async () => {
  await deleteStudy(graph, { studyId });
  await graph.close();
}, 120_000);

describe('explorer API on the real graph under fuzzed requests', () => {
  it(
    'never a 5xx, whatever the request; every query parameter stays a parameter',
    async () => {
      expect(vocabulary.documentIds.length).toBeGreaterThan(0);
      expect(vocabulary.codingIds.length).toBeGreaterThan(0);
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          // no GET / (the UI is not built here) and no study creation (it would outlive the test)
          apiRequest(vocabulary, { token: TOKEN }).filter(
            (r) => r.target.startsWith('/api/') && !/^\/api\/studies\/?(\?|$)/.test(r.target),
          ),
          async (req) => {
            const res = await app.request(toRequest(req));
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            await expectWellFormed(req, res, TOKEN);
          },
        ),
        fuzzParams(SHARE),
      );
      process.stderr.write(
        `[fuzz] explorer API on Neo4j: statuses ${[...statuses]
          .sort(([a], [b]) => a - b)
          .map(([s, k]) => `${s}×${k}`)
          .join(' ')}\n`,
      );
      expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
      // the study is still whole and readable after every write the fuzzer made
      const studies = (await (await app.request('http://127.0.0.1/api/studies')).json()) as {
        id: string;
        counts: { documents: number };
      }[];
      // (the fuzzer may have added documents: never fewer than the 20 imported)
      expect(studies.find((s) => s.id === studyId)?.counts.documents).toBeGreaterThanOrEqual(20);
      const matrix = await app.request(
        `http://127.0.0.1/api/studies/${studyId}/matrix?rows=role&cols=form&split=purpose`,
      );
      expect(matrix.status).toBe(200);
    },
    fuzzTimeout(1_500, SHARE),
  );
});
