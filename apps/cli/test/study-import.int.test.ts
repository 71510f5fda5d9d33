import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getStudy } from '@iwa/graph';
import { uniqueStudyId } from '@iwa/testing';
import { describe, expect, it } from 'vitest';
import { useCliTestContext } from './cli-test-context.ts';
import { makeStudyFolder } from './fixtures/make-study-folder.ts';
import { iwaCommand, runIwa } from './run-cli.ts';

const ctx = useCliTestContext('import');
const { temp } = ctx;

function folder(
  name: string,
  options: Parameters<typeof makeStudyFolder>[1],
): { dir: string; expected: ReturnType<typeof makeStudyFolder> } {
  const dir = join(temp, name);
  ctx.track(options.studyId);
  return { dir, expected: makeStudyFolder(dir, options) };
}

const json = <T>(text: string): T => JSON.parse(text) as T;

describe('iwa study import on a real Neo4j', () => {
  it('imports a study folder; a second import creates and changes nothing', async () => {
    const studyId = uniqueStudyId('cli');
    const { dir, expected } = folder('good', { studyId, interviews: 2 });
    const first = runIwa(['study', 'import', dir, '--json'], { env: ctx.env });
    expect(first.stderr).not.toMatch(/iwa: /);
    expect(first.status).toBe(0);
    const summary = json<{
      created: number;
      changed: number;
      documents: { created: number };
      codingsWritten: number;
      phaseEventsAppended: number;
    }>(first.stdout);
    expect(summary.documents.created).toBe(expected.documents);
    expect(summary.codingsWritten).toBe(expected.codings);
    expect(summary.phaseEventsAppended).toBe(2);
    expect(await getStudy(ctx.graph, { studyId })).toMatchObject({
      documents: expected.documents,
      excerpts: expected.excerpts,
      codings: expected.codings,
    });

    const second = runIwa(['study', 'import', dir, '--json'], { env: ctx.env });
    expect(second.status).toBe(0);
    expect(json<{ created: number; changed: number }>(second.stdout)).toMatchObject({
      created: 0,
      changed: 0,
    });

    const list = json<{ id: string; codings: number }[]>(
      runIwa(['study', 'list', '--json'], { env: ctx.env }).stdout,
    );
    expect(list.find((s) => s.id === studyId)?.codings).toBe(expected.codings);
  });

  it('the matrix equals an independent Cypher count, by speaker and by performer; informants count once', async () => {
    const studyId = uniqueStudyId('cli');
    const { dir } = folder('matrix', { studyId, interviews: 3 });
    expect(runIwa(['study', 'import', dir], { env: ctx.env }).status).toBe(0);
    for (const by of ['speaker', 'performer'] as const) {
      const res = runIwa(
        [
          'matrix',
          '--study',
          studyId,
          '--rows',
          'role',
          '--cols',
          'form',
          '--split',
          'purpose',
          '--by',
          by,
          '--format',
          'json',
        ],
        { env: ctx.env },
      );
      expect(res.status).toBe(0);
      const report = json<{
        tables: { split: string | null; cells: { row: string; col: string; count: number }[] }[];
      }>(res.stdout);
      const rel = by === 'speaker' ? 'SPOKEN_BY' : 'PERFORMED_BY';
      const rows = await ctx.graph.read(
        `MATCH (e:Excerpt {studyId: $studyId})-[:${rel}]->(:Informant)-[:HOLDS]->(p:Position)
         MATCH (e)-[:CODED]->(f:Code {family: 'form'})
         MATCH (e)-[:CODED]->(u:Code {family: 'purpose'})
         RETURN p.role AS role, f.id AS form, u.id AS purpose, count(DISTINCT e) AS n`,
        { studyId },
      );
      for (const r of rows as { role: string; form: string; purpose: string; n: number }[]) {
        const table = report.tables.find((t) => t.split === r.purpose.split('.')[1]);
        const cell = table?.cells.find((c) => c.row === r.role && c.col === r.form.split('.')[1]);
        expect(cell?.count, `${by} ${r.role} ${r.form} ${r.purpose}`).toBe(r.n);
      }
      const overall = report.tables.find((t) => t.split === null);
      const total = overall?.cells.reduce((s, c) => s + c.count, 0);
      expect(total).toBe(3 * 2 * 4);
    }
    const informants = json<{
      tables: {
        split: string | null;
        cells: { row: string; count: number }[];
        rowTotals: { row: string; count: number }[];
      }[];
    }>(
      runIwa(
        [
          'matrix',
          '--study',
          studyId,
          '--rows',
          'role',
          '--cols',
          'form',
          '--unit',
          'informant',
          '--format',
          'json',
        ],
        { env: ctx.env },
      ).stdout,
    );
    // distinct informants per row (the rows in the vocabulary's order: managers first)
    expect(informants.tables[0]?.rowTotals.map((r) => [r.row, r.count])).toEqual([
      ['manager', 3],
      ['advisor', 3],
    ]);
  });

  it('claims check reports each claim; a deliberately false claim fails', () => {
    const studyId = uniqueStudyId('cli');
    const { dir } = folder('claims', { studyId, interviews: 2 });
    expect(runIwa(['study', 'import', dir], { env: ctx.env }).status).toBe(0);
    const ok = runIwa(['claims', 'check', '--study', studyId], { env: ctx.env });
    expect(ok.stdout).toContain('2 of 2 claims hold.');
    expect(ok.status).toBe(0);
    const falseClaims = join(temp, 'false-claims.yaml');
    writeFileSync(
      falseClaims,
      'claims:\n  - id: X01\n    kind: plurality\n    statement: Among advisors, structural is the plurality form.\n    among: [role=advisor]\n    of: form=structural\n',
    );
    const failed = runIwa(
      ['claims', 'check', '--study', studyId, '--file', falseClaims, '--json'],
      { env: ctx.env },
    );
    expect(failed.status).toBe(1);
    expect(json<{ id: string; holds: boolean }[]>(failed.stdout)).toMatchObject([
      { id: 'X01', holds: false },
    ]);
  });

  it.each([
    [
      'an unknown position key in study.yaml',
      (dir: string) =>
        replaceIn(join(dir, 'study.yaml'), 'position: nav_manager', 'position: nav_managr'),
      'unknown position',
    ],
    [
      'an anchor that is not in the transcript',
      (dir: string) => replaceIn(join(dir, 'codings.yaml'), 'point 1)"', 'point one)"'),
      'not found',
    ],
    [
      'invalid UTF-8 in a transcript',
      (dir: string) =>
        writeFileSync(
          join(dir, 'transcripts', 'M002.txt'),
          Buffer.from([0x5b, 0x4d, 0x5d, 0x20, 0xc3, 0x28, 0x0a]),
        ),
      'UTF-8',
    ],
    [
      'an illegal phase event',
      (dir: string) =>
        replaceIn(join(dir, 'study.yaml'), 'type: adoption_decided', 'type: integration_achieved'),
      'cannot be applied',
    ],
  ])('%s: a clear error, exit 2, nothing written', async (_name, breakIt, message) => {
    const studyId = uniqueStudyId('bad');
    const { dir } = folder(`bad-${studyId}`, { studyId, interviews: 2 });
    breakIt(dir);
    const res = runIwa(['study', 'import', dir], { env: ctx.env });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(message);
    expect(res.stderr).toContain('nothing was written');
    expect(await getStudy(ctx.graph, { studyId })).toBeUndefined();
  });

  it('killing the importer mid-run and re-running leaves no duplicate and no half-imported document', async () => {
    const studyId = uniqueStudyId('kill');
    const { dir, expected } = folder('kill', { studyId, interviews: 150, excerptsPerInterview: 6 });
    const [cmd, ...args] = iwaCommand(['study', 'import', dir]);
    const child = spawn(cmd as string, args, {
      env: { ...process.env, ...ctx.env },
      stdio: 'ignore',
    });
    // wait until the first batches are committed, then kill -9
    for (let i = 0; i < 600; i++) {
      const s = await getStudy(ctx.graph, { studyId });
      if (s && s.documents > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const partial = await getStudy(ctx.graph, { studyId });
    expect(partial?.documents ?? 0).toBeLessThan(expected.documents);
    await expectWholeDocuments(studyId, 6);

    const rerun = runIwa(['study', 'import', dir, '--json'], { env: ctx.env, timeoutMs: 300_000 });
    expect(rerun.status).toBe(0);
    expect(await getStudy(ctx.graph, { studyId })).toMatchObject({
      documents: expected.documents,
      excerpts: expected.excerpts,
      codings: expected.codings,
    });
    await expectWholeDocuments(studyId, 6);
  });
});

function replaceIn(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${from} is not in ${file}`);
  writeFileSync(file, text.replace(from, to));
}

async function expectWholeDocuments(studyId: string, excerptsPerDocument: number): Promise<void> {
  const rows = (await ctx.graph.read(
    `MATCH (d:Document {studyId: $studyId})
     OPTIONAL MATCH (e:Excerpt {studyId: $studyId, documentId: d.id})
     OPTIONAL MATCH (e)-[c:CODED]->()
     WITH d, count(DISTINCT e) AS excerpts, count(c) AS codings
     RETURN count(d) AS docs, min(excerpts) AS minE, max(excerpts) AS maxE, min(codings) AS minC, max(codings) AS maxC`,
    { studyId },
  )) as {
    docs: number;
    minE: number | null;
    maxE: number | null;
    minC: number | null;
    maxC: number | null;
  }[];
  const r = rows[0];
  if (!r || r.docs === 0) return;
  expect([r.minE, r.maxE]).toEqual([excerptsPerDocument, excerptsPerDocument]);
  expect([r.minC, r.maxC]).toEqual([excerptsPerDocument * 2, excerptsPerDocument * 2]);
}
