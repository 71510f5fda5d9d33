import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { examplePath } from '@iwa/examples';
import { createGraph, deleteStudy, type Graph } from '@iwa/graph';
import { openStudyFolder, runImport, validateSource } from '@iwa/services';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatrixQuery, MatrixResponse } from '../src/api-types.ts';
import { GraphExplorerData } from '../src/graph-explorer-data.ts';

/*
 * The explorer keeps derived results (coded units, excerpt pages, phases, claims…) per study
 * stamp. A change made by another process must show on the next request, even when it leaves
 * the numbers of excerpts and codings as they were: here a re-import in which one coding moves
 * from one form of work to another.
 */

const temp = mkdtempSync(join(tmpdir(), 'iwa-explorer-cache-'));
const dir = join(temp, 'ips-norway');
const studyId = uniqueStudyId('cache');
let graph: Graph;

async function importFolder(): Promise<void> {
  const opened = await openStudyFolder(dir, { studyId });
  if (!opened.ok) throw new Error(opened.errors.join('\n'));
  const validated = await validateSource(opened.source);
  if (!validated.ok) throw new Error(validated.errors.join('\n'));
  await runImport(graph, opened.source, { validated });
}

beforeAll(async () => {
  cpSync(examplePath('ips-norway'), dir, { recursive: true });
  graph = createGraph(testGraphConfig(), { appName: 'iwa-explorer-cache-test' });
  await importFolder();
}, 300_000);

afterAll(async () => {
  await deleteStudy(graph, { studyId });
  await graph.close();
  rmSync(temp, { recursive: true, force: true });
}, 120_000);

const MATRIX: MatrixQuery = {
  rows: 'role',
  cols: 'form',
  by: 'speaker',
  unit: 'excerpts',
  where: [],
};

function cell(m: MatrixResponse | null, col: string) {
  return m?.tables[0]?.cells.find((c) => c.row === 'manager' && c.col === col)?.count ?? 0;
}

describe('the explorer cache and changes from other writers', () => {
  it('a re-import that moves one coding shows on the next request, with the same totals', async () => {
    const data = new GraphExplorerData(graph);
    const before = await data.matrix(studyId, MATRIX);
    const page = { by: 'speaker' as const, where: [], limit: 200, offset: 0 };
    const structuralCell = ['role=manager', 'form=structural'];
    const structural = await data.excerpts(studyId, { ...page, where: structuralCell });
    expect(structural?.items.map((i) => i.id)).toContain('m01-council-decision');
    // asked again: the same answer, from the cache
    expect(await data.matrix(studyId, MATRIX)).toEqual(before);

    // another process re-imports the study with one coding moved from structural to operational
    const file = join(dir, 'codings', 'M01.yaml');
    const yaml = readFileSync(file, 'utf8');
    const moved = yaml.replace(
      'codes: [form.structural, purpose.creating, lns.vesting]',
      'codes: [form.operational, purpose.creating, lns.vesting]',
    );
    expect(moved).not.toBe(yaml);
    writeFileSync(file, moved);
    await importFolder();

    const after = await data.matrix(studyId, MATRIX);
    expect(after?.tables[0]?.total).toBe(before?.tables[0]?.total);
    expect(cell(after, 'structural')).toBe(cell(before, 'structural') - 1);
    expect(cell(after, 'operational')).toBe(cell(before, 'operational') + 1);
    const structuralAfter = await data.excerpts(studyId, { ...page, where: structuralCell });
    expect(structuralAfter?.items.map((i) => i.id)).not.toContain('m01-council-decision');
    expect(structuralAfter?.total).toBe((structural?.total ?? 0) - 1);
  }, 300_000);

  it('a deleted study is gone from every cached view', async () => {
    const data = new GraphExplorerData(graph);
    const other = uniqueStudyId('cache-gone');
    const opened = await openStudyFolder(examplePath('collab-meetings'), { studyId: other });
    if (!opened.ok) throw new Error(opened.errors.join('\n'));
    const validated = await validateSource(opened.source);
    if (!validated.ok) throw new Error(validated.errors.join('\n'));
    await runImport(graph, opened.source, { validated });
    expect(await data.phases(other, {})).not.toBeNull();
    expect(await data.claims(other, {})).not.toBeNull();
    await deleteStudy(graph, { studyId: other });
    // gone: not_found naming the study, never a cached answer
    for (const read of [
      () => data.phases(other, {}),
      () => data.claims(other, {}),
      () => data.actors(other, {}),
    ]) {
      await expect(read()).rejects.toMatchObject({
        name: 'ServiceError',
        code: 'not_found',
        message: expect.stringContaining(`no study "${other}"`) as unknown,
      });
    }
  }, 300_000);

  it('stays bounded whatever is asked: 600 different excerpt pages keep at most 500 results', async () => {
    const data = new GraphExplorerData(graph);
    for (let offset = 0; offset < 600; offset += 1) {
      const page = await data.excerpts(studyId, { by: 'speaker', where: [], limit: 1, offset });
      expect(page?.total).toBeGreaterThan(0);
    }
    expect(data.cacheSize.entries).toBe(500);
    expect(data.cacheSize.chars).toBeGreaterThan(0);
    // the oldest pages were dropped, the newest are answered from memory: same answer either way
    const first = await data.excerpts(studyId, { by: 'speaker', where: [], limit: 1, offset: 0 });
    const fresh = new GraphExplorerData(graph);
    expect(first).toEqual(
      await fresh.excerpts(studyId, { by: 'speaker', where: [], limit: 1, offset: 0 }),
    );
  }, 300_000);
});

describe('warming up while another process deletes a study', () => {
  it('a study listed at start and gone by its turn is skipped; the others are warmed up', async () => {
    const gone = uniqueStudyId('gone');
    const warmed: string[] = [];
    // the listing names a study that no longer exists when its turn comes, as when
    // `iwa study delete` runs while `iwa serve` starts
    class Racing extends GraphExplorerData {
      override async listStudies() {
        const studies = await super.listStudies();
        return [{ ...studies[0]!, id: gone }, ...studies];
      }
      override async warmUpStudy(id: string) {
        await super.warmUpStudy(id);
        warmed.push(id);
      }
    }
    await expect(new Racing(graph).warmUp()).resolves.toBeUndefined();
    expect(warmed).not.toContain(gone);
    expect(warmed).toContain(studyId);
  });

  it('a study whose codings are being deleted at its turn is skipped, not a failed start', async () => {
    // what a half-deleted study looks like: listed with coders, but with no codings left
    // by the time its analyses run (the last clean-clone CI run met this between test files)
    const data = new GraphExplorerData(graph);
    const emptied = await data.workbench.createStudy({
      opId: 'cache-test-emptied-study-0001',
      coderId: 'tester',
      id: uniqueStudyId('emptied'),
      name: 'A study losing its codings',
      informants: [{ id: 'M01', role: 'manager' }],
    });
    const warmed: string[] = [];
    class Racing extends GraphExplorerData {
      override async dimensions(id: string) {
        const dims = await super.dimensions(id);
        if (id !== emptied.studyId || dims === null) return dims;
        return { ...dims, coders: [{ id: 'tester', codings: 1 }] };
      }
      override async warmUpStudy(id: string) {
        await super.warmUpStudy(id);
        warmed.push(id);
      }
    }
    try {
      // without the skip this rejects with "study … has no codings yet"
      await expect(new Racing(graph).warmUpStudy(emptied.studyId)).rejects.toThrow(
        /has no codings yet/,
      );
      await expect(new Racing(graph).warmUp()).resolves.toBeUndefined();
      expect(warmed).not.toContain(emptied.studyId);
      expect(warmed).toContain(studyId);
    } finally {
      await deleteStudy(graph, { studyId: emptied.studyId });
    }
  });
});
