import { describe, expect, it } from 'vitest';
import {
  ApiErrorBody,
  DimensionsResponse,
  DocumentResponse,
  HealthResponse,
  StudiesResponse,
} from './api-types.ts';
import { FixtureExplorerData } from '../test/fixture-explorer-data.ts';
import { fixtureApp, getJson, NO_UI } from '../test/fixture-app.ts';
import type { ExplorerData } from './explorer-data.ts';
import { createExplorerApp } from './create-explorer-app.ts';

const S = '/api/studies/fixture-ips';

async function errorOf(path: string, app = fixtureApp()) {
  const { status, body } = await getJson(app, path);
  return { status, ...ApiErrorBody.parse(body).error };
}

describe('GET /api/health', () => {
  it('reports the database without credentials in its URI', async () => {
    const fixture = new FixtureExplorerData();
    const data: ExplorerData = Object.assign(Object.create(fixture) as FixtureExplorerData, {
      health: () =>
        Promise.resolve({ uri: 'bolt://neo4j:s3cret@db.local:7687', serverVersion: '5.26.0' }),
    });
    const { status, body } = await getJson(fixtureApp({ data }), '/api/health');
    expect(status).toBe(200);
    expect(HealthResponse.parse(body)).toEqual({
      ok: true,
      // started without a write token: the UI offers no changes
      writable: false,
      neo4j: { uri: 'bolt://db.local:7687', serverVersion: '5.26.0' },
    });
  });

  it('answers 503 when the database is unavailable', async () => {
    const app = fixtureApp({ data: new FixtureExplorerData({ unavailable: true }) });
    for (const path of ['/api/health', '/api/studies', `${S}/matrix?rows=role&cols=form`]) {
      expect(await errorOf(path, app)).toMatchObject({ status: 503, code: 'unavailable' });
    }
  });
});

describe('GET /api/studies and dimensions', () => {
  it('lists the studies with their counts', async () => {
    const { status, body } = await getJson(fixtureApp(), '/api/studies');
    expect(status).toBe(200);
    const studies = StudiesResponse.parse(body);
    expect(studies.map((s) => s.id)).toEqual(['fixture-ips', 'fixture-pilot']);
    expect(studies[0]?.counts).toMatchObject({ documents: 20, informants: 20 });
  });

  it('gives the position dimensions and code families', async () => {
    const body = DimensionsResponse.parse((await getJson(fixtureApp(), `${S}/dimensions`)).body);
    expect(body.position.map((d) => d.key)).toContain('role');
    expect(body.families.find((f) => f.key === 'form')?.codes.map((c) => c.key)).toEqual([
      'form.structural',
      'form.conceptual',
      'form.operational',
      'form.relational',
    ]);
  });

  it('answers 404 for an unknown study and 400 for a malformed id', async () => {
    expect(await errorOf('/api/studies/nope/dimensions')).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    expect(await errorOf('/api/studies/%3Cx%3E/dimensions')).toMatchObject({
      status: 400,
      code: 'invalid_request',
      message: expect.stringMatching(/^id: /) as unknown,
    });
  });
});

describe('analysis routes: what is checked before a use case runs', () => {
  // The numbers are tested on Neo4j (test/api-analysis.int.test.ts): the fixture counts nothing.
  it.each([
    ['/matrix', 'rows'],
    ['/matrix?rows=role', 'cols'],
    ['/matrix?rows=role&cols=form&by=author', 'by'],
    ['/matrix?rows=role&cols=form&unit=word', 'unit'],
    ['/matrix?rows=role&cols=form&row=x', 'row'],
    ['/matrix?rows=role&cols=form&rows=sector', 'rows'],
    ['/matrix?rows=role&cols=form&coders=', 'coders'],
    ['/matrix?rows=role&cols=form&coders=a%20b', 'coders'],
    ['/matrix?rows=role&cols=form&coderRule=all', 'coderRule'],
    ['/excerpts?limit=500', 'limit'],
    ['/excerpts?limit=-1', 'limit'],
    ['/excerpts?offset=x', 'offset'],
    ['/excerpts?ids=', 'ids'],
    ['/excerpts?rowDim=role', 'rowDim'],
    ['/excerpts?coderRule=any', 'coderRule'],
    ['/actors?coders=', 'coders'],
    ['/actors/A01/profile?by=speaker', 'by'],
    ['/phases?coderRule=x', 'coderRule'],
    ['/claims?coders=%3Cx%3E', 'coders'],
  ])('rejects %s naming %s', async (query, param) => {
    const err = await errorOf(`${S}${query}`);
    expect(err).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(err.message.startsWith(`${param}: `)).toBe(true);
  });
});

describe('documents', () => {
  it('gives a document and validates the highlight', async () => {
    const ok = await getJson(fixtureApp(), `${S}/documents/doc-M01?highlight=10,20`);
    expect(ok.status).toBe(200);
    expect(DocumentResponse.parse(ok.body).turns.length).toBeGreaterThan(2);
    expect(await errorOf(`${S}/documents/doc-M01?highlight=20,10`)).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^highlight: /) as unknown,
    });
    expect(await errorOf(`${S}/documents/doc-M01?highlight=abc`)).toMatchObject({ status: 400 });
    expect(await errorOf(`${S}/documents/doc-M01?highlight=1,999999`)).toMatchObject({
      status: 400,
    });
    expect(await errorOf(`${S}/documents/doc-nope`)).toMatchObject({ status: 404 });
  });

  it('answers 404 for an unknown API path and 405 for a wrong method on a known one', async () => {
    expect(await errorOf('/api/nothing')).toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe('checkResponses', () => {
  it('turns a response that breaks its schema into a 500 without leaking it', async () => {
    const fixture = new FixtureExplorerData();
    const data: ExplorerData = Object.assign(Object.create(fixture) as FixtureExplorerData, {
      listStudies: () => Promise.resolve([{ id: 'x', name: 'broken' }]),
    });
    const app = createExplorerApp({ data, checkResponses: true, uiDir: NO_UI });
    expect(await errorOf('/api/studies', app)).toMatchObject({ status: 500, code: 'internal' });
  });
});
