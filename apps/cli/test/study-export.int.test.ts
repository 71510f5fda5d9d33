import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGraph, deleteStudy, readStudy, type Graph } from '@iwa/graph';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStudyFolder } from './fixtures/make-study-folder.ts';
import { runIwa } from './run-cli.ts';

let graph: Graph;
let env: Record<string, string>;
const temp = mkdtempSync(join(tmpdir(), 'iwa-export-'));
const studies: string[] = [];

beforeAll(() => {
  const config = testGraphConfig();
  graph = createGraph(config);
  env = {
    NEO4J_URI: config.uri,
    NEO4J_USER: config.user,
    NEO4J_PASSWORD: config.password ?? '',
    NEO4J_DATABASE: config.database,
  };
});
afterAll(async () => {
  for (const studyId of studies) await deleteStudy(graph, { studyId });
  await graph.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('iwa codebook export --study', () => {
  it("writes the frameworks plus the study's own codes; an unknown study exits 2", () => {
    const studyId = uniqueStudyId('cb');
    studies.push(studyId);
    const dir = join(temp, 'codebook-source');
    makeStudyFolder(dir, { studyId, interviews: 1 });
    expect(runIwa(['study', 'import', dir], { env }).status).toBe(0);
    const out = join(temp, 'study.qdc');
    const res = runIwa(['codebook', 'export', '--study', studyId, '--out', out], { env });
    expect(res.status).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('name="Redefining mental health treatment"');
    expect(xml).toContain('iwa key: form.operational');
    const missing = runIwa(
      ['codebook', 'export', '--study', 'no-such-study', '--out', join(temp, 'x.qdc')],
      { env },
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no study no-such-study');
  });
});

describe('iwa study export → .qdpx → iwa study import', () => {
  it('round-trips a study through REFI-QDA without loss, and twice gives the same file', async () => {
    const studyId = uniqueStudyId('rt');
    const copyId = `${studyId}-copy`;
    studies.push(studyId, copyId);
    const dir = join(temp, 'source');
    makeStudyFolder(dir, { studyId, interviews: 2 });
    expect(runIwa(['study', 'import', dir], { env }).status).toBe(0);

    const out = join(temp, 'study.qdpx');
    const exported = runIwa(['study', 'export', studyId, '--out', out], { env });
    expect(exported.stderr).not.toMatch(/iwa: /);
    expect(exported.status).toBe(0);
    const again = join(temp, 'again.qdpx');
    expect(runIwa(['study', 'export', studyId, '--out', again], { env }).status).toBe(0);
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);

    const imported = runIwa(['study', 'import', out, '--study', copyId, '--json'], { env });
    expect(imported.stderr).not.toMatch(/iwa: /);
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ offsetUnit: 'code_point' });

    const original = await readStudy(graph, { studyId });
    const copy = await readStudy(graph, { studyId: copyId });
    const text = (s: typeof original): string[] =>
      s.excerpts.map((e) => `${e.documentId}:${e.start}-${e.end}:${e.text}`).sort();
    expect(text(copy)).toEqual(text(original));
    const codes = (s: typeof original): string[] => {
      const byId = new Map(s.excerpts.map((e) => [e.id, e]));
      return s.codings
        .map(
          (c) =>
            `${byId.get(c.excerptId)?.documentId}:${byId.get(c.excerptId)?.start}:${c.code}:${c.coderId}`,
        )
        .sort();
    };
    expect(codes(copy)).toEqual(codes(original));
    expect(copy.informants).toEqual(original.informants);
    expect(copy.positions).toEqual(original.positions);
    expect(copy.relations.map((r) => `${r.type}:${r.from.id}->${r.to.id}`).sort()).toEqual(
      original.relations.map((r) => `${r.type}:${r.from.id}->${r.to.id}`).sort(),
    );
    expect(copy.phaseEvents.map((e) => e.type)).toEqual(original.phaseEvents.map((e) => e.type));
  });
});
