import { fuzzParams, fuzzTimeout } from '@iwa/testing/fuzz';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExplorerApp } from '../src/create-explorer-app.ts';
import {
  apiRequest,
  collectVocabulary,
  expectWellFormed,
  toRequest,
  type ApiVocabulary,
  type FuzzRequest,
} from './api-request-arbitrary.ts';
import { FixtureExplorerData } from './fixture-explorer-data.ts';
import { FixtureWorkbenchData } from './fixture-workbench-data.ts';

/*
 * Fuzzing the explorer's HTTP API in process, over the fixture studies: every route with valid,
 * borderline and hostile path segments, query strings and bodies, with and without the write
 * token, and with foreign Host headers. Every response is checked against its schema
 * (`checkResponses`), so a 2xx with a malformed body is a 500 and fails the property.
 * The same property runs against the real graph in api-graph.int.test.ts.
 */

const TOKEN = 'fuzz-write-token-0123456789';

/** A minimal built UI, so the static routes answer as they do in production. */
const uiDir = mkdtempSync(join(tmpdir(), 'iwa-fuzz-ui-'));
mkdirSync(join(uiDir, 'assets'));
writeFileSync(join(uiDir, 'index.html'), '<!doctype html><script src="/assets/index.js"></script>');
writeFileSync(join(uiDir, 'assets', 'index.js'), 'console.log(1);');

function app(writeToken?: string) {
  return createExplorerApp({
    data: new FixtureExplorerData(),
    workbench: new FixtureWorkbenchData(),
    checkResponses: true,
    uiDir,
    ...(writeToken ? { writeToken } : {}),
  });
}

async function vocabulary(): Promise<ApiVocabulary> {
  const a = app();
  const studies = (await (await a.request('http://127.0.0.1/api/studies')).json()) as {
    id: string;
  }[];
  return collectVocabulary(
    (r) => a.request(r),
    studies.map((s) => s.id),
  );
}

/** Valid writes on the fixture study, sent with the token: each must succeed. */
function knownWrites(v: ApiVocabulary): FuzzRequest[] {
  const study = v.studyIds[0];
  const doc = v.documentIds[0];
  const excerpt = v.excerptIds[0];
  const write = (method: string, target: string, body: object): FuzzRequest => ({
    method,
    target,
    host: '127.0.0.1',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const change = { opId: 'fuzz-known-0001', coderId: 'fuzz-coder' };
  return [
    write('POST', `/api/studies/${study}/codings`, {
      ...change,
      documentId: doc,
      start: 0,
      end: 5,
      code: 'form.operational',
    }),
    write('PUT', `/api/studies/${study}/excerpts/${excerpt}/memo`, {
      ...change,
      text: 'Check this against the minutes.',
    }),
    write('POST', '/api/studies', { ...change, name: 'A study made by the fuzzer' }),
  ];
}

/**
 * The fixture counts nothing: a GET that passes validation on an analysis route (matrix,
 * excerpts, actors, profile, phases, claims) is answered by `@iwa/services` on Neo4j, so those
 * requests are fuzzed in api-graph.int.test.ts; here every other route.
 */
const ANALYSIS =
  /^\/api\/studies\/[^/?]+\/(matrix|excerpts|actors|phases|claims)(\/[^/?]+\/profile)?(\?|$)/;
function notAnalysis(req: FuzzRequest): boolean {
  return !(['GET', 'HEAD'].includes(req.method) && ANALYSIS.test(req.target));
}

describe('explorer API under fuzzed requests', () => {
  it('reads the fixture vocabulary the generator mixes in', async () => {
    const v = await vocabulary();
    expect(v.studyIds.length).toBeGreaterThan(0);
    expect(v.codeKeys).toContain('form.operational');
    expect(v.documentIds.length).toBeGreaterThan(0);
    expect(v.positionKeys).toContain('role');
  });

  it(
    'a writable server: never a 5xx, always the security headers and a JSON error with a message',
    async () => {
      const v = await vocabulary();
      const statuses = new Map<number, number>();
      let writes = 0;
      await fc.assert(
        fc.asyncProperty(apiRequest(v, { token: TOKEN }).filter(notAnalysis), async (req) => {
          const server = app(TOKEN); // fresh state per case: a write cannot leak into the next
          const res = await server.request(toRequest(req));
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (!['GET', 'HEAD'].includes(req.method) && res.status < 300) writes += 1;
          await expectWellFormed(req, res, TOKEN);
        }),
        // besides the random cases, writes that must get through (fast-check runs them first)
        { ...fuzzParams(), examples: knownWrites(v).map((r) => [r]) },
      );
      process.stderr.write(
        `[fuzz] explorer API: ${[...statuses].reduce((n, [, k]) => n + k, 0)} requests, statuses ${[
          ...statuses,
        ]
          .sort(([a], [b]) => a - b)
          .map(([s, k]) => `${s}×${k}`)
          .join(' ')}\n`,
      );
      // the generator reaches both the handlers (2xx) and the validation (400)
      expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
      expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
      // the known writes (at least) got through to the handlers
      expect(writes).toBeGreaterThanOrEqual(knownWrites(v).length);
    },
    fuzzTimeout(500),
  );

  it(
    'a read-only server refuses every write, whatever the request',
    async () => {
      const v = await vocabulary();
      const server = app();
      await fc.assert(
        fc.asyncProperty(
          apiRequest(v, { token: TOKEN }).filter((r) => !['GET', 'HEAD'].includes(r.method)),
          async (req) => {
            const res = await server.request(toRequest(req));
            await expectWellFormed(req, res);
            expect(res.status, `${req.method} ${req.target}`).toBe(403);
          },
        ),
        fuzzParams(0.5),
      );
    },
    fuzzTimeout(500, 0.5),
  );
});
