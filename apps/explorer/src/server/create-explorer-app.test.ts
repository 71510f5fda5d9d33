import { describe, expect, it } from 'vitest';
import {
  ActorProfileResponse,
  ActorsResponse,
  ApiErrorBody,
  ClaimsResponse,
  DimensionsResponse,
  DocumentResponse,
  ExcerptsResponse,
  HealthResponse,
  MatrixResponse,
  PhasesResponse,
  StudiesResponse,
} from '../shared/api-types.ts';
import { FixtureExplorerData } from '../../test/fixture-explorer-data.ts';
import { fixtureApp, getJson } from '../../test/fixture-app.ts';
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

describe('GET /api/studies/:id/matrix', () => {
  it('counts excerpts by speaker role and form', async () => {
    const { status, body } = await getJson(fixtureApp(), `${S}/matrix?rows=role&cols=form`);
    expect(status).toBe(200);
    const m = MatrixResponse.parse(body);
    expect(m).toMatchObject({ unit: 'excerpt', by: 'speaker', splits: [] });
    const table = Object.fromEntries(
      m.rows.map((r) => [
        r.key,
        m.cols.map((c) => m.cells.find((x) => x.row === r.key && x.col === c.key)?.count),
      ]),
    );
    expect(table).toMatchInlineSnapshot(`
      {
        "advisor": [
          2,
          16,
          2,
          3,
        ],
        "manager": [
          4,
          3,
          28,
          5,
        ],
      }
    `);
    expect(m.total).toBe(m.cells.reduce((n, c) => n + c.count, 0));
    for (const r of m.rows) {
      const sum = m.cells.filter((c) => c.row === r.key).reduce((n, c) => n + c.rowPct, 0);
      expect(sum).toBeCloseTo(100, 6);
    }
    expect(m.stats).not.toBeNull();
    expect(m.stats?.df).toBe(3);
    expect(m.stats?.p).toBeLessThan(0.001);
  });

  it('splits cells by purpose and keeps the statistics on the summed table', async () => {
    const split = MatrixResponse.parse(
      (await getJson(fixtureApp(), `${S}/matrix?rows=role&cols=form&split=purpose`)).body,
    );
    const plain = MatrixResponse.parse(
      (await getJson(fixtureApp(), `${S}/matrix?rows=role&cols=form`)).body,
    );
    expect(split.splits.map((s) => s.key)).toEqual([
      'purpose.creating',
      'purpose.maintaining',
      'purpose.disrupting',
    ]);
    expect(split.cells).toHaveLength(split.rows.length * split.cols.length * 3);
    expect(split.cells.every((c) => c.split !== undefined)).toBe(true);
    expect(split.stats?.chiSquare).toBeCloseTo(plain.stats?.chiSquare ?? NaN, 9);
    const opMaint = split.cells.find(
      (c) =>
        c.row === 'manager' && c.col === 'form.operational' && c.split === 'purpose.maintaining',
    );
    expect(opMaint?.count).toBe(14);
  });

  it('reads by performer, counts other units and filters with where', async () => {
    const app = fixtureApp();
    const byPerformer = MatrixResponse.parse(
      (
        await getJson(
          app,
          `${S}/matrix?rows=health_tier&cols=purpose&by=performer&where=sector:health`,
        )
      ).body,
    );
    expect(byPerformer.by).toBe('performer');
    const informants = MatrixResponse.parse(
      (await getJson(app, `${S}/matrix?rows=role&cols=form&unit=informant`)).body,
    );
    const cell = informants.cells.find((c) => c.row === 'advisor' && c.col === 'form.conceptual');
    expect(cell?.count).toBe(8);
    expect(informants.stats?.warnings.join(' ')).toMatch(/distinct informants/);
    const twoWheres = MatrixResponse.parse(
      (await getJson(app, `${S}/matrix?rows=role&cols=form&where=sector:welfare&where=level:local`))
        .body,
    );
    expect(twoWheres.rows.map((r) => r.key)).toEqual(['manager', 'advisor']);
  });

  it.each([
    ['', 'rows'],
    ['?rows=role', 'cols'],
    ['?rows=role&cols=form&by=author', 'by'],
    ['?rows=role&cols=form&unit=word', 'unit'],
    ['?rows=Role&cols=form', 'rows'],
    ['?rows=role&cols=form&row=x', 'row'],
    ['?rows=role&cols=form&where=sector', 'where'],
    ['?rows=role&cols=form&rows=sector', 'rows'],
    ['?rows=colour&cols=form', 'rows'],
    ['?rows=role&cols=shape', 'cols'],
    ['?rows=role&cols=form&where=shape:x', 'where'],
  ])('rejects %s naming %s', async (query, param) => {
    const err = await errorOf(`${S}/matrix${query}`);
    expect(err.status).toBe(400);
    expect(err.code).toBe('invalid_request');
    expect(err.message.startsWith(`${param}: `)).toBe(true);
  });
});

describe('GET /api/studies/:id/excerpts', () => {
  it('lists the excerpts of a cell, as many as the matrix counts', async () => {
    const app = fixtureApp();
    const m = MatrixResponse.parse(
      (await getJson(app, `${S}/matrix?rows=role&cols=form&split=purpose`)).body,
    );
    for (const cell of m.cells.filter((c) => c.count > 0)) {
      const q = new URLSearchParams({
        row: cell.row,
        rowDim: 'role',
        col: cell.col,
        split: cell.split ?? '',
      });
      const page = ExcerptsResponse.parse(
        (await getJson(app, `${S}/excerpts?${q.toString()}&limit=200`)).body,
      );
      expect(page.total).toBe(cell.count);
      expect(page.items).toHaveLength(cell.count);
    }
  });

  it('gives each excerpt its provenance and its context', async () => {
    const { body } = await getJson(
      fixtureApp(),
      `${S}/excerpts?row=welfare&rowDim=sector&col=form.operational&split=purpose.maintaining&by=speaker`,
    );
    const page = ExcerptsResponse.parse(body);
    const item = page.items.find((i) => i.performer.id === 'org-spec');
    expect(item).toBeDefined();
    expect(item?.speaker.position['sector']).toBe('welfare');
    expect(item?.performer).toMatchObject({ kind: 'organisation' });
    const doc = DocumentResponse.parse(
      (await getJson(fixtureApp(), `${S}/documents/${item?.documentId}`)).body,
    );
    const points = [...doc.text];
    expect(points.slice(item?.start, item?.end).join('')).toBe(item?.text);
    expect(doc.text).toContain(`${item?.before}${item?.text}${item?.after}`);
  });

  it('pages, and lists given ids in order', async () => {
    const app = fixtureApp();
    const first = ExcerptsResponse.parse(
      (await getJson(app, `${S}/excerpts?limit=5&offset=0`)).body,
    );
    const second = ExcerptsResponse.parse(
      (await getJson(app, `${S}/excerpts?limit=5&offset=5`)).body,
    );
    expect(first.total).toBe(63);
    expect(first.items).toHaveLength(5);
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
    const ids = [second.items[1]?.id, first.items[0]?.id].join(',');
    const byIds = ExcerptsResponse.parse((await getJson(app, `${S}/excerpts?ids=${ids}`)).body);
    expect(byIds.items.map((i) => i.id).join(',')).toBe(ids);
  });

  it.each([
    ['?row=manager', 'rowDim'],
    ['?rowDim=role', 'row'],
    ['?limit=500', 'limit'],
    ['?limit=-1', 'limit'],
    ['?offset=x', 'offset'],
    ['?col=operational', 'col'],
    ['?ids=', 'ids'],
    ['?rowDim=colour&row=x', 'rowDim'],
  ])('rejects %s naming %s', async (query, param) => {
    const err = await errorOf(`${S}/excerpts${query}`);
    expect(err).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(err.message.startsWith(`${param}: `)).toBe(true);
  });
});

describe('actors, phases, claims, documents', () => {
  it('gives the actor graph and filters it by relation', async () => {
    const app = fixtureApp();
    const all = ActorsResponse.parse((await getJson(app, `${S}/actors`)).body);
    expect(new Set(all.edges.map((e) => e.type))).toEqual(
      new Set([
        'employed_by',
        'dual_employment',
        'enlists',
        'advises',
        'attends',
        'co_located_with',
        'collaborates_with',
        'reports_to',
      ]),
    );
    const nodeIds = new Set(all.nodes.map((n) => n.id));
    expect(all.edges.every((e) => nodeIds.has(e.source) && nodeIds.has(e.target))).toBe(true);
    const enlists = ActorsResponse.parse((await getJson(app, `${S}/actors?relation=enlists`)).body);
    expect(enlists.edges.length).toBeGreaterThan(0);
    expect(enlists.edges.every((e) => e.type === 'enlists')).toBe(true);
    expect(await errorOf(`${S}/actors?relation=likes`)).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^relation: /) as unknown,
    });
  });

  it("gives an actor's work profile", async () => {
    const profile = ActorProfileResponse.parse(
      (await getJson(fixtureApp(), `${S}/actors/A03/profile`)).body,
    );
    expect(profile.actor.id).toBe('A03');
    expect(profile.counts.reduce((n, c) => n + c.count, 0)).toBeGreaterThan(0);
    expect(await errorOf(`${S}/actors/Z99/profile`)).toMatchObject({ status: 404 });
  });

  it('gives phase histories and claim checks', async () => {
    const phases = PhasesResponse.parse((await getJson(fixtureApp(), `${S}/phases`)).body);
    expect(phases.map((p) => p.state)).toEqual([
      'routinised',
      'partially_integrated',
      'operationalising',
      'pre_adoption',
    ]);
    const claims = ClaimsResponse.parse((await getJson(fixtureApp(), `${S}/claims`)).body);
    expect(Object.fromEntries(claims.map((c) => [c.id, c.holds]))).toEqual({
      C04: true,
      C05: true,
      C10: true,
      C21: null,
      C31: true,
    });
  });

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
    const app = createExplorerApp({ data, checkResponses: true });
    expect(await errorOf('/api/studies', app)).toMatchObject({ status: 500, code: 'internal' });
  });
});
