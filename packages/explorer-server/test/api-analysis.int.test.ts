import { examplePath } from '@iwa/examples';
import { parse } from 'csv-parse/sync';
import { createGraph, deleteStudy, type Graph } from '@iwa/graph';
import {
  actorProfile,
  actorReport,
  evaluateStudyClaims,
  listExcerpts,
  matrixReport,
  openStudyFolder,
  phaseTimelines,
  runImport,
  validateSource,
  type MatrixRequest,
} from '@iwa/services';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  ActorProfileResponse,
  ActorsResponse,
  AgreementResponse,
  ApiErrorBody,
  ClaimsResponse,
  DimensionsResponse,
  ExcerptsResponse,
  MatrixResponse,
  PhasesResponse,
} from '../src/api-types.ts';
import type { MatrixReport } from '@iwa/services';
import { createExplorerApp } from '../src/create-explorer-app.ts';
import { GraphExplorerData } from '../src/graph-explorer-data.ts';

/*
 * The explorer's analysis routes against the use cases `iwa` runs, on both demo studies in this
 * run's Neo4j: the API's JSON must be the use case's result, number for number, for every
 * configuration; a cell's `where` must list exactly the cell's excerpts; an unknown name must be
 * a 400/404 with the services' did-you-mean message.
 */

let graph: Graph;
let data: GraphExplorerData;
let app: ReturnType<typeof createExplorerApp>;
const ips = uniqueStudyId('api-ips');
const collab = uniqueStudyId('api-collab');

async function importExample(name: 'ips-norway' | 'collab-meetings', studyId: string) {
  const opened = await openStudyFolder(examplePath(name), { studyId });
  if (!opened.ok) throw new Error(opened.errors.join('\n'));
  const validated = await validateSource(opened.source);
  if (!validated.ok) throw new Error(validated.errors.join('\n'));
  await runImport(graph, opened.source, { validated });
}

beforeAll(async () => {
  graph = createGraph(testGraphConfig(), { appName: 'iwa-explorer-api-test' });
  await importExample('ips-norway', ips);
  await importExample('collab-meetings', collab);
  data = new GraphExplorerData(graph);
  app = createExplorerApp({
    data,
    checkResponses: true,
    uiDir: '/nonexistent-explorer-ui',
  });
}, 300_000);

afterAll(async () => {
  await deleteStudy(graph, { studyId: ips });
  await deleteStudy(graph, { studyId: collab });
  await graph.close();
}, 120_000);

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const res = await app.request(`http://127.0.0.1${path}`);
  return { status: res.status, body: await res.json() };
}

async function ok(path: string): Promise<unknown> {
  const { status, body } = await get(path);
  expect(status, `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
  return body;
}

async function error(path: string): Promise<{ status: number; code: string; message: string }> {
  const { status, body } = await get(path);
  return { status, ...ApiErrorBody.parse(body).error };
}

/** The use case's result as JSON would carry it (no undefined, no class instances). */
const asJson = <T>(x: T): unknown => JSON.parse(JSON.stringify(x)) as unknown;

/** One matrix configuration: the API's query string and the same request to `matrixReport`. */
interface Config {
  name: string;
  study: () => string;
  query: Record<string, string | string[]>;
  request: Omit<MatrixRequest, 'studyId'>;
}

const CONFIGS: Config[] = [
  {
    name: 'ips: role × form, the default',
    study: () => ips,
    query: { rows: 'role', cols: 'form' },
    request: { rows: 'role', cols: 'form' },
  },
  {
    name: 'ips: role × form split by purpose',
    study: () => ips,
    query: { rows: 'role', cols: 'form', split: 'purpose' },
    request: { rows: 'role', cols: 'form', split: 'purpose' },
  },
  {
    name: 'ips: sector × purpose, informants by performer',
    study: () => ips,
    query: { rows: 'sector', cols: 'purpose', by: 'performer', unit: 'informants' },
    request: { rows: 'sector', cols: 'purpose', by: 'performer', unit: 'informants' },
  },
  {
    name: 'ips: role × purpose, documents, where form.operational and sector=nav',
    study: () => ips,
    query: {
      rows: 'role',
      cols: 'purpose',
      unit: 'documents',
      where: ['form.operational', 'sector=nav'],
    },
    request: {
      rows: 'role',
      cols: 'purpose',
      unit: 'documents',
      where: ['form.operational', 'sector=nav'],
    },
  },
  {
    name: 'ips: form × purpose split by speaker.sector, where form=operational|relational',
    study: () => ips,
    query: {
      rows: 'form',
      cols: 'purpose',
      split: 'speaker.sector',
      where: 'form=operational|relational',
    },
    request: {
      rows: 'form',
      cols: 'purpose',
      split: 'speaker.sector',
      where: ['form=operational|relational'],
    },
  },
  {
    name: 'collab: role × purpose, both coders pooled (the default)',
    study: () => collab,
    query: { rows: 'role', cols: 'purpose' },
    request: { rows: 'role', cols: 'purpose' },
  },
  {
    name: 'collab: role × purpose, one coder',
    study: () => collab,
    query: { rows: 'role', cols: 'purpose', coders: 'ane' },
    request: { rows: 'role', cols: 'purpose', coders: { coders: ['ane'] } },
  },
  {
    name: 'collab: role × purpose, agreed codes of both coders',
    study: () => collab,
    query: { rows: 'role', cols: 'purpose', coders: 'jonas,ane', coderRule: 'agreed' },
    request: {
      rows: 'role',
      cols: 'purpose',
      coders: { coders: ['jonas', 'ane'], rule: 'agreed' },
    },
  },
  {
    name: 'collab: role × form split by purpose, by performer, one coder',
    study: () => collab,
    query: { rows: 'role', cols: 'form', split: 'purpose', by: 'performer', coders: 'jonas' },
    request: {
      rows: 'role',
      cols: 'form',
      split: 'purpose',
      by: 'performer',
      coders: { coders: ['jonas'] },
    },
  },
  {
    name: 'collab: sector × form, informants, where purpose=maintaining',
    study: () => collab,
    query: { rows: 'sector', cols: 'form', unit: 'informants', where: 'purpose=maintaining' },
    request: {
      rows: 'sector',
      cols: 'form',
      unit: 'informants',
      where: ['purpose=maintaining'],
    },
  },
];

function queryString(q: Config['query']): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) for (const x of [v].flat()) s.append(k, x);
  return s.toString();
}

describe('GET /matrix is matrixReport, number for number', () => {
  it('has the MatrixReport type as its response type', () => {
    // each is assignable to the other: the API's schema describes the report exactly
    expectTypeOf<MatrixReport>().toExtend<MatrixResponse>();
    expectTypeOf<MatrixResponse>().toExtend<MatrixReport>();
  });

  it.each(CONFIGS)('$name', async (c) => {
    const studyId = c.study();
    const api = MatrixResponse.parse(
      await ok(`/api/studies/${studyId}/matrix?${queryString(c.query)}`),
    );
    const report = await matrixReport(graph, { studyId, ...c.request });
    expect(api).toEqual(asJson(report));
    // the configuration is not empty: it tests numbers, not zeros
    expect(api.tables[0]?.total).toBeGreaterThan(0);
    expect(api.tables.length).toBe(c.request.split === undefined ? 1 : 1 + api.splitValues.length);
  });

  it('pools coders only when asked, and the header says which', async () => {
    const one = MatrixResponse.parse(
      await ok(`/api/studies/${collab}/matrix?rows=role&cols=purpose&coders=ane`),
    );
    const pooled = MatrixResponse.parse(
      await ok(`/api/studies/${collab}/matrix?rows=role&cols=purpose`),
    );
    const agreed = MatrixResponse.parse(
      await ok(`/api/studies/${collab}/matrix?rows=role&cols=purpose&coderRule=agreed`),
    );
    expect(one.coders).toMatchObject({ ids: ['ane'], rule: 'single' });
    expect(pooled.coders).toMatchObject({ ids: ['ane', 'jonas'], rule: 'pooled' });
    expect(agreed.coders).toMatchObject({ ids: ['ane', 'jonas'], rule: 'agreed' });
    expect(pooled.coders.description).toMatch(/pooled/);
    const sum = (m: MatrixResponse) => m.tables[0]?.cellSum ?? 0;
    expect(sum(agreed)).toBeLessThanOrEqual(sum(one));
    expect(sum(one)).toBeLessThanOrEqual(sum(pooled));
    expect(sum(agreed)).toBeLessThan(sum(pooled));
  });
});

describe("a cell's where lists exactly its excerpts", () => {
  it.each([
    ['ips, split', () => ips, 'rows=role&cols=form&split=purpose'],
    [
      'ips, informants with a filter',
      () => ips,
      'rows=sector&cols=form&unit=informants&where=purpose.creating',
    ],
    ['collab, agreed', () => collab, 'rows=role&cols=purpose&coderRule=agreed'],
    ['collab, by performer', () => collab, 'rows=role&cols=form&by=performer&coders=jonas'],
  ] as const)('%s', async (_name, study, query) => {
    const studyId = study();
    const m = MatrixResponse.parse(await ok(`/api/studies/${studyId}/matrix?${query}`));
    const params = new URLSearchParams(query);
    let checked = 0;
    for (const table of m.tables) {
      for (const cell of table.cells.filter((x) => x.count > 0).slice(0, 6)) {
        const q = new URLSearchParams();
        for (const w of cell.where) q.append('where', w);
        for (const k of ['by', 'coders', 'coderRule']) {
          const v = params.get(k);
          if (v !== null) q.set(k, v);
        }
        q.set('limit', '200');
        const page = ExcerptsResponse.parse(
          await ok(`/api/studies/${studyId}/excerpts?${q.toString()}`),
        );
        expect(page.coders).toEqual(m.coders);
        expect(page.total).toBeLessThanOrEqual(200);
        expect(page.items).toHaveLength(page.total);
        // the cell counts its units: excerpts, or the distinct actors / documents of its excerpts
        const units =
          m.unit === 'excerpts'
            ? page.items.map((x) => x.id)
            : m.unit === 'documents'
              ? page.items.map((x) => x.documentId)
              : page.items.map((x) => (m.by === 'performer' ? x.performer.id : x.speaker.id));
        expect(new Set(units).size, cell.where.join(' & ')).toBe(cell.count);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('gives the excerpts of listExcerpts', async () => {
    const where = ['role=manager', 'form.operational'];
    const api = ExcerptsResponse.parse(
      await ok(`/api/studies/${ips}/excerpts?where=role%3Dmanager&where=form.operational&limit=10`),
    );
    const page = await listExcerpts(graph, { studyId: ips, where, limit: 10 });
    expect(api.total).toBe(page.total);
    expect(api.items.map((i) => i.id)).toEqual(page.items.map((i) => i.id));
    expect(api.where).toEqual(page.where);
  });
});

describe('no silent zeros: unknown names are refused with did-you-mean', () => {
  it('an unknown study is a 404 naming the nearest one, on every analysis route', async () => {
    const near = `${ips}x`;
    for (const route of [
      'dimensions',
      'matrix?rows=role&cols=form',
      'excerpts',
      'actors',
      'phases',
      'claims',
    ]) {
      const err = await error(`/api/studies/${near}/${route}`);
      expect(err, route).toMatchObject({ status: 404, code: 'not_found' });
      expect(err.message, route).toContain(`did you mean "${ips}"`);
    }
  });

  it.each([
    ['matrix?rows=rol&cols=form', 'did you mean "role"'],
    ['matrix?rows=sectr&cols=form', 'did you mean "sector"'],
    ['matrix?rows=role&cols=frm', 'did you mean "form"'],
    ['matrix?rows=role&cols=form&split=purpse', 'did you mean "purpose"'],
    ['matrix?rows=role&cols=form&where=role%3Dmanagr', 'did you mean "manager"'],
    ['matrix?rows=role&cols=form&where=form.operatonal', 'did you mean "operational"'],
    ['matrix?rows=role&cols=form&coders=hild', 'did you mean "hilde"'],
    ['excerpts?where=rol%3Dmanager', 'did you mean "role"'],
    ['actors?relation=enlist', 'did you mean "enlists"'],
    ['phases?coders=hild', 'did you mean "hilde"'],
    ['claims?coders=hild', 'did you mean "hilde"'],
  ])('%s → 400 %s', async (route, hint) => {
    const err = await error(`/api/studies/${ips}/${route}`);
    expect(err).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(err.message).toContain(hint);
    expect(err.message).not.toMatch(/"code":|\bat \S+\.ts:/); // no raw validation JSON or stack
  });

  it('an unknown actor is a 404 with did-you-mean', async () => {
    const err = await error(`/api/studies/${ips}/actors/M0l/profile`);
    expect(err).toMatchObject({ status: 404 });
    expect(err.message).toContain('did you mean "M01"');
  });
});

describe('actors, profile, phases, claims and dimensions come from the use cases', () => {
  it('dimensions: the study vocabulary, with its coders', async () => {
    const d = DimensionsResponse.parse(await ok(`/api/studies/${collab}/dimensions`));
    expect(d.coders.map((c) => c.id)).toEqual(['ane', 'jonas']);
    // each coder's codings, counted again from the study folder the test imported
    const opened = await openStudyFolder(examplePath('collab-meetings'), { studyId: collab });
    if (!opened.ok) throw new Error(opened.errors.join('\n'));
    const byHand = new Map<string, number>();
    for await (const item of opened.source.documents()) {
      if (!item.ok) throw new Error(item.errors.join('\n'));
      for (const c of item.bundle.codings) byHand.set(c.coderId, (byHand.get(c.coderId) ?? 0) + 1);
    }
    expect(d.coders).toEqual([...byHand].sort().map(([id, codings]) => ({ id, codings })));
    expect(d.dimensions.map((x) => x.key)).toEqual(expect.arrayContaining(['role', 'form']));
    expect(d.position.map((x) => x.key)).not.toContain('speaker');
  });

  it('actors: the actor report, with spoken and performed counts under the coders', async () => {
    const api = ActorsResponse.parse(await ok(`/api/studies/${collab}/actors?coders=ane`));
    const report = await actorReport(graph, { studyId: collab, coders: { coders: ['ane'] } });
    expect(api.coders).toEqual(report.coders);
    expect(api.nodes.map((n) => [n.id, n.spoken, n.performed])).toEqual(
      report.nodes.map((n) => [n.id, n.spoken, n.performed]),
    );
    expect(api.nodes.some((n) => (n.spoken ?? 0) > 0)).toBe(true);
  });

  it('actors: a study with no codings yet still shows its actors', async () => {
    const created = await data.workbench.createStudy({
      opId: 'api-test-empty-study-0001',
      coderId: 'tester',
      id: uniqueStudyId('api-empty'),
      name: 'An empty study',
      informants: [{ id: 'M01', role: 'manager' }],
    });
    try {
      const api = ActorsResponse.parse(await ok(`/api/studies/${created.studyId}/actors`));
      expect(api.nodes.map((n) => [n.id, n.spoken, n.performed])).toEqual([['M01', 0, 0]]);
      expect(api.coders.description).toBe('no codings yet');
      // an analysis says why it has nothing to count, never a zero table
      const err = await error(`/api/studies/${created.studyId}/matrix?rows=role&cols=form`);
      expect(err).toMatchObject({ status: 400 });
      expect(err.message).toContain('has no codings yet');
      // and `iwa serve` warms it up without failing
      await expect(data.warmUpStudy(created.studyId)).resolves.toBeUndefined();
    } finally {
      await deleteStudy(graph, { studyId: created.studyId });
    }
  });

  it('profile: the actor profile use case', async () => {
    const api = ActorProfileResponse.parse(await ok(`/api/studies/${ips}/actors/M01/profile`));
    const p = await actorProfile(graph, { studyId: ips, actorId: 'M01', limit: 20 });
    expect(api.total).toBe(p.excerpts);
    expect(api.counts).toEqual(p.counts);
    expect(api.excerpts.map((x) => x.id)).toEqual(p.items.map((x) => x.id));
    expect(api.total).toBeGreaterThan(0);
  });

  it('phases: the phase timelines use case, per coder choice', async () => {
    for (const q of ['', '?coders=ane']) {
      const api = PhasesResponse.parse(await ok(`/api/studies/${collab}/phases${q}`));
      const report = await phaseTimelines(graph, {
        studyId: collab,
        ...(q === '' ? {} : { coders: { coders: ['ane'] } }),
      });
      expect(api.coders).toEqual(report.coders);
      expect(api.organisations.map((o) => [o.organisationId, o.state, o.events.length])).toEqual(
        report.organisations.map((o) => [o.organisationId, o.state, o.events.length]),
      );
      expect(api.organisations.map((o) => o.profile?.excerpts ?? null)).toEqual(
        report.organisations.map((o) => {
          const cur = o.profiles.find((p) => p.current);
          return cur === undefined || cur.fit.score === null ? null : cur.excerpts;
        }),
      );
    }
  });

  it('claims: evaluateStudyClaims, per coder choice', async () => {
    const api = ClaimsResponse.parse(await ok(`/api/studies/${ips}/claims`));
    const checked = await evaluateStudyClaims(graph, { studyId: ips });
    if (checked.ok !== true) throw new Error(`claims: ${JSON.stringify(checked)}`);
    expect(api.claims.map((c) => [c.id, c.holds, c.numbers])).toEqual(
      checked.results.map((r) => [
        r.id,
        r.holds === 'undefined' ? null : r.holds,
        { ...r.numbers },
      ]),
    );
    expect(api.claims.length).toBeGreaterThan(5);
    expect(api.coders).toEqual(checked.coders);
  });
});

describe("the views' CSV files come from the same answer as their JSON", () => {
  /** The export's rows, parsed as a spreadsheet would (BOM stripped, RFC 4180 quoting). */
  async function csvRows(path: string): Promise<string[][]> {
    const res = await app.request(`http://127.0.0.1${path}`);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.csv"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    // a BOM, so spreadsheets read UTF-8 (Response.text() would drop it)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    return z.array(z.array(z.string())).parse(parse(text, { bom: true }));
  }

  it('claims: one row per claim, with its verdict and numbers', async () => {
    const api = ClaimsResponse.parse(await ok(`/api/studies/${ips}/claims?coders=hilde`));
    const [head, ...rows] = await csvRows(`/api/studies/${ips}/claims/export?coders=hilde`);
    expect(head).toEqual(['id', 'statement', 'holds', 'numbers', 'explanation', 'excerpt_ids']);
    expect(rows.map((r) => [r[0], r[2], r[3], r[5]])).toEqual(
      api.claims.map((c) => [
        c.id,
        c.holds === null ? 'undecided' : String(c.holds),
        Object.entries(c.numbers)
          .map(([k, v]) => `${k}=${v}`)
          .join('; '),
        c.excerptIds.join(' '),
      ]),
    );
  });

  it('phases: one row per phase event of every organisation', async () => {
    const api = PhasesResponse.parse(await ok(`/api/studies/${collab}/phases`));
    const [head, ...rows] = await csvRows(`/api/studies/${collab}/phases/export`);
    expect(head?.slice(0, 3)).toEqual(['organisation_id', 'organisation', 'seq']);
    const events = api.organisations.flatMap((o) =>
      o.events.map((e) => [o.organisationId, String(e.seq), e.toState]),
    );
    expect(events.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r[0], r[2], r[6]])).toEqual(events);
  });

  it('agreement: the overall, family and code rows with their coefficients', async () => {
    const api = AgreementResponse.parse(
      await ok(`/api/studies/${collab}/agreement?family=purpose`),
    );
    const [head, ...rows] = await csvRows(`/api/studies/${collab}/agreement/export?family=purpose`);
    expect(head?.[7]).toBe('krippendorff_alpha');
    const want = [
      ['overall', api.overall],
      ...api.byFamily.map((r) => ['family', r] as const),
      ...api.byCode.map((r) => ['code', r] as const),
    ] as const;
    expect(rows).toHaveLength(want.length);
    rows.forEach((r, i) => {
      const [level, row] = want[i]!;
      expect([r[0], r[1]]).toEqual([level, row.key]);
      const alpha = row.alpha.value;
      if (alpha === null) expect(r[7]).toBe('undefined');
      else expect(Number(r[7])).toBeCloseTo(alpha, 12);
    });
  });

  it('an unknown study is a 404, never a file', async () => {
    const e = await error('/api/studies/no-such-study/claims/export');
    expect(e.status).toBe(404);
  });
});
