import { examplePath } from '@iwa/examples';
import { createGraph, deleteStudy, queryCodings, type Graph } from '@iwa/graph';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudyFolder, runImport, studyAgreement, validateSource } from '@iwa/services';
import { AgreementResponse, ApiErrorBody } from '../src/api-types.ts';
import { createExplorerApp } from '../src/create-explorer-app.ts';
import { GraphExplorerData } from '../src/graph-explorer-data.ts';
import { getJson } from './fixture-app.ts';

let graph: Graph;
const collab = uniqueStudyId('agreement-collab');
const ips = uniqueStudyId('agreement-ips');

async function importExample(name: 'collab-meetings' | 'ips-norway', studyId: string) {
  const opened = await openStudyFolder(examplePath(name), { studyId });
  if (!opened.ok) throw new Error(opened.errors.join('\n'));
  const validated = await validateSource(opened.source);
  if (!validated.ok) throw new Error(validated.errors.join('\n'));
  await runImport(graph, opened.source, { validated });
}

beforeAll(async () => {
  graph = createGraph(testGraphConfig(), { appName: 'iwa-explorer-agreement-test' });
  await importExample('collab-meetings', collab);
  await importExample('ips-norway', ips);
}, 300_000);
afterAll(async () => {
  await deleteStudy(graph, { studyId: collab });
  await deleteStudy(graph, { studyId: ips });
  await graph.close();
});

describe('studyAgreement on the demo studies in Neo4j', () => {
  it('is undefined for a study that does not exist', async () => {
    expect(await studyAgreement(graph, { studyId: `${collab}-missing` })).toBeUndefined();
  });

  it('collab-meetings: segment agreement of the two coders, with titles and quoted disagreements', async () => {
    const result = await studyAgreement(graph, { studyId: collab });
    if (result?.unit !== 'segment') throw new Error('expected a segment report');
    expect(result.studyCoders).toEqual(['ane', 'jonas']);
    expect(result.minOverlap).toBe(0.5);
    const { report } = result;
    expect(report.coders).toEqual(['ane', 'jonas']);
    expect(report.skippedDocuments).toEqual([]);
    // every document has a title, and every document of the report is one of them
    expect(Object.keys(result.documents)).toHaveLength(7);
    for (const id of Object.keys(report.byDocument)) {
      expect(result.documents[id]?.title.length).toBeGreaterThan(0);
    }
    // every code of the codings appears, and items are units × codes
    const codes = new Set((await queryCodings(graph, { studyId: collab })).map((c) => c.code));
    expect(Object.keys(report.byCode).sort()).toEqual([...codes].sort());
    expect(report.overall.items).toBe(report.units * codes.size);
    expect(report.overall.alpha.value).toBeGreaterThan(0.6);
    expect(report.overall.alpha.value).toBeLessThan(0.95);
    expect(report.overall.kappa.value).not.toBeNull();
    // a disagreement quotes its span of the document and names a code only some coders gave
    expect(report.disagreements.length).toBeGreaterThan(0);
    for (const d of report.disagreements) {
      expect(d.text).toBeDefined();
      expect(Array.from(d.text ?? '')).toHaveLength(d.end - d.start);
      expect(d.end).toBeLessThanOrEqual(result.documents[d.documentId]?.characters ?? 0);
      for (const code of d.disputed) {
        const who = Object.values(d.codes).filter((codes) => codes.includes(code)).length;
        expect(who).toBeGreaterThan(0);
        expect(who).toBeLessThan(Object.keys(d.codes).length);
      }
    }
    // the result is plain data
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ unit: 'segment', studyId: collab });
  });

  it('filters by family and coder, and counts characters over the whole documents', async () => {
    const form = await studyAgreement(graph, { studyId: collab, family: 'form' });
    expect(Object.keys(form?.report.byFamily ?? {})).toEqual(['form']);
    expect(Object.keys(form?.report.byCode ?? {}).every((c) => c.startsWith('form.'))).toBe(true);

    const oneCoder = await studyAgreement(graph, { studyId: collab, coders: ['ane'] });
    expect(oneCoder?.studyCoders).toEqual(['ane', 'jonas']);
    expect(oneCoder?.codersFilter).toEqual(['ane']);
    expect(oneCoder?.report.coders).toEqual(['ane']);
    expect(oneCoder?.report.skippedDocuments).toHaveLength(7);
    expect(oneCoder?.report.overall.alpha.value).toBeNull();

    const chars = await studyAgreement(graph, { studyId: collab, unit: 'character' });
    if (chars?.unit !== 'character') throw new Error('expected a character report');
    const total = Object.values(chars.documents).reduce((n, d) => n + d.characters, 0);
    expect(chars.report.characters).toBe(total);
    expect(chars.report.caveat).toMatch(/uncoded text/i);
  });

  it('ips-norway: one coder, so every document is skipped and nothing is defined', async () => {
    const result = await studyAgreement(graph, { studyId: ips });
    expect(result?.studyCoders).toEqual(['hilde']);
    expect(result?.report.overall.items).toBe(0);
    expect(result?.report.overall.alpha).toMatchObject({ value: null });
    expect(result?.report.skippedDocuments.length).toBe(
      Object.keys(result?.documents ?? {}).length,
    );
  });
});

describe('GET /api/studies/:id/agreement on Neo4j', () => {
  const app = () =>
    createExplorerApp({
      data: new GraphExplorerData(graph),
      checkResponses: true,
      uiDir: '/nonexistent-explorer-ui',
    });

  it('answers with the numbers of the service, document titles and every disagreement', async () => {
    const service = await studyAgreement(graph, { studyId: collab });
    if (service?.unit !== 'segment') throw new Error('expected a segment report');
    const { status, body } = await getJson(app(), `/api/studies/${collab}/agreement?limit=5000`);
    expect(status).toBe(200);
    const a = AgreementResponse.parse(body);
    expect(a.overall.alpha.value).toBe(service.report.overall.alpha.value);
    expect(a.overall.kappa.value).toBe(service.report.overall.kappa.value);
    expect(a.disagreements.total).toBe(service.report.disagreements.length);
    expect(a.disagreements.items).toHaveLength(service.report.disagreements.length);
    expect(a.byDocument.map((r) => r.label).sort()).toEqual(
      Object.keys(service.report.byDocument)
        .map((id) => service.documents[id]?.title)
        .sort(),
    );
    // codes carry their codebook labels, families theirs
    expect(a.byCode.find((r) => r.key === 'form.operational')?.label).not.toBe('form.operational');
    expect(a.byFamily.find((r) => r.key === 'form')?.label).toBe('Form of work');
  });

  it('answers 404 for an unknown study and 400 for an unknown coder or family', async () => {
    const errorOf = async (path: string) => {
      const { status, body } = await getJson(app(), path);
      return { status, ...ApiErrorBody.parse(body).error };
    };
    expect(await errorOf(`/api/studies/${collab}-missing/agreement`)).toMatchObject({
      status: 404,
    });
    expect(await errorOf(`/api/studies/${collab}/agreement?coders=ane,hilde`)).toMatchObject({
      status: 400,
      message: 'coders: unknown coder "hilde" (the study\'s coders: ane, jonas)',
    });
    expect(await errorOf(`/api/studies/${collab}/agreement?family=colour`)).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^family: unknown code family "colour"/) as unknown,
    });
  });

  it('ips-norway: one coder, so the coefficients are undefined with their reason', async () => {
    const { status, body } = await getJson(app(), `/api/studies/${ips}/agreement`);
    expect(status).toBe(200);
    const a = AgreementResponse.parse(body);
    expect(a.studyCoders).toEqual(['hilde']);
    expect(a.overall.alpha.value).toBeNull();
    expect(a.overall.alpha.reason?.length).toBeGreaterThan(0);
  });
});
