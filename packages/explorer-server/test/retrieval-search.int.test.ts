import { examplePath } from '@iwa/examples';
import { createGraph, deleteStudy, type Graph } from '@iwa/graph';
import {
  excerptsCsv,
  openStudyFolder,
  retrieveExcerpts,
  runImport,
  searchStudy,
  validateSource,
} from '@iwa/services';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExplorerApp } from '../src/create-explorer-app.ts';
import { GraphExplorerData } from '../src/graph-explorer-data.ts';

/*
 * The explorer's search and retrieval-export routes answer with the use cases `iwa search` and
 * `iwa excerpts --format` run, on the demo study in this run's Neo4j.
 */

let graph: Graph;
let app: ReturnType<typeof createExplorerApp>;
const ips = uniqueStudyId('api-search');

beforeAll(async () => {
  graph = createGraph(testGraphConfig(), { appName: 'iwa-explorer-search-test' });
  const opened = await openStudyFolder(examplePath('ips-norway'), { studyId: ips });
  if (!opened.ok) throw new Error(opened.errors.join('\n'));
  const validated = await validateSource(opened.source);
  if (!validated.ok) throw new Error(validated.errors.join('\n'));
  await runImport(graph, opened.source, { validated });
  app = createExplorerApp({
    data: new GraphExplorerData(graph),
    checkResponses: true,
    uiDir: '/nonexistent-explorer-ui',
  });
}, 300_000);

afterAll(async () => {
  await deleteStudy(graph, { studyId: ips });
  await graph.close();
}, 120_000);

const request = (path: string) => app.request(`http://127.0.0.1${path}`);

describe('GET /api/studies/:id/search', () => {
  it('answers searchStudy, hit for hit', async () => {
    const res = await request(
      `/api/studies/${ips}/search?q=${encodeURIComponent('"job specialist" Nav*')}&limit=500`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; documents: unknown[] };
    const expected = await searchStudy(graph, {
      studyId: ips,
      query: '"job specialist" Nav*',
      limit: 500,
    });
    expect(body).toEqual(expected);
  });

  it('explains an empty query, a query without words and an unknown study', async () => {
    const empty = await request(`/api/studies/${ips}/search?q=%20`);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('type something to search for');
    const noWord = await request(`/api/studies/${ips}/search?q=%3F%21`);
    expect(noWord.status).toBe(400);
    expect(await noWord.text()).toContain('give at least one word');
    const unknown = await request(`/api/studies/${ips}x/search?q=nav`);
    expect(unknown.status).toBe(404);
  });
});

describe('GET /api/studies/:id/excerpts/export', () => {
  it('sends the retrieval of a code as the CSV excerptsCsv writes', async () => {
    const res = await request(
      `/api/studies/${ips}/excerpts/export?format=csv&where=theme.t2_resource_approach`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Disposition')).toBe(
      `attachment; filename="${ips}-excerpts.csv"`,
    );
    const page = await retrieveExcerpts(graph, {
      studyId: ips,
      where: ['theme.t2_resource_approach'],
    });
    expect(page.total).toBeGreaterThan(3);
    // with its byte-order mark, so that a spreadsheet reads it as UTF-8
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toBe(excerptsCsv(page));
  });

  it('sends a .docx (a zip) and refuses an unknown code with did-you-mean', async () => {
    const res = await request(
      `/api/studies/${ips}/excerpts/export?format=docx&where=form.operational`,
    );
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
    const bad = await request(
      `/api/studies/${ips}/excerpts/export?format=csv&where=form.operatoinal`,
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('operational');
  });
});
