import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGraph, deleteStudy, getStudy, type Graph } from '@iwa/graph';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStudyFolder } from './fixtures/make-study-folder.ts';
import {
  damage,
  documentsOf,
  envFor,
  exited,
  expectComplete,
  NO_DAMAGE,
  seededRandom,
  sleep,
  spawnImport,
  stderr,
} from './import-faults.ts';
import { runIwa } from './run-cli.ts';

/*
 * kill -9 of `iwa study import` at random points, on the run's Neo4j, then a re-run: exactly the
 * expected counts, no duplicate, no orphan, no half-written document. (The server stopped under
 * an import is local-neo4j.int.test.ts's, on a server of its own.)
 *
 * Delays come from a seeded generator; the seed is printed, and FAULT_SEED replays it.
 */

// 120 documents (a manager and an advisor per interview): three batches of at most 50, so a kill
// can fall before, between and after batches
const INTERVIEWS = 60;
const EXCERPTS = 3; // per document
const BATCH_DOCUMENTS = 50; // services' run-import.ts
const KILL_TRIALS = 10;

const temp = mkdtempSync(join(tmpdir(), 'iwa-faults-'));
const studies: string[] = [];
let graph: Graph;
let env: Record<string, string>;
let dir = '';
let expected: { documents: number; excerpts: number; codings: number };

const seed = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
const random = seededRandom(seed);

beforeAll(() => {
  const config = testGraphConfig();
  graph = createGraph(config, { appName: 'iwa-fault-tests' });
  env = envFor(config);
  dir = join(temp, 'corpus');
  expected = makeStudyFolder(dir, {
    studyId: 'faults-corpus',
    interviews: INTERVIEWS,
    excerptsPerInterview: EXCERPTS,
  });
  process.stderr.write(`[faults] seed ${seed} (replay with FAULT_SEED=${seed})\n`);
});

afterAll(async () => {
  for (const studyId of studies) await deleteStudy(graph, { studyId });
  await graph.close();
  rmSync(temp, { recursive: true, force: true });
});

/** Where in an import a trial kills it. */
type KillPoint = 'start-up' | 'after the manifest' | 'between batches' | 'at the end';
// 'after the manifest' first: it measures how soon a warm import writes its manifest, which
// bounds the next 'start-up' kill (the first import's time, on a cold server, is far longer)
const KILL_POINTS: readonly KillPoint[] = [
  'after the manifest',
  'start-up',
  'between batches',
  'between batches',
  'at the end',
];

async function studyExists(g: Graph, studyId: string): Promise<boolean> {
  const rows = (await g.read('MATCH (s:Study {id: $studyId}) RETURN count(s) AS n', {
    studyId,
  })) as { n: number }[];
  return (rows[0]?.n ?? 0) > 0;
}

/** Waits until `ready` holds or the process exits; true when it held. */
async function until(
  child: ReturnType<typeof spawnImport>,
  ready: () => Promise<boolean>,
): Promise<boolean> {
  while (child.exitCode === null && child.signalCode === null) {
    if (await ready()) return true;
    await sleep(15);
  }
  return false;
}

const complete = (studyId: string) => expectComplete(graph, studyId, expected, EXCERPTS);

describe('kill -9 of iwa study import at random points', () => {
  it(`at least ${KILL_TRIALS} kills, each followed by a re-run: exact counts, no duplicate, no orphan`, async () => {
    // A complete import first: the corpus is what we expect, and how long start-up takes before
    // the manifest is written (the shortest time seen so far bounds a 'start-up' kill).
    const base = uniqueStudyId('kill-base');
    studies.push(base);
    const t0 = performance.now();
    const first = spawnImport(dir, base, env);
    await until(first, () => studyExists(graph, base));
    let manifestMs = performance.now() - t0;
    expect((await exited(first)).code, stderr(first)).toBe(0);
    await complete(base);
    process.stderr.write(
      `[faults] import of ${expected.documents} documents: ${Math.round(performance.now() - t0)} ms, manifest after ${Math.round(manifestMs)} ms\n`,
    );

    const log: string[] = [];
    let interrupted = 0;
    for (let trial = 0; interrupted < KILL_TRIALS && trial < KILL_TRIALS * 2; trial++) {
      const studyId = uniqueStudyId(`kill${trial}`);
      studies.push(studyId);
      const point = KILL_POINTS[trial % KILL_POINTS.length] ?? 'start-up';
      const importer = spawnImport(dir, studyId, env);
      const started = performance.now();
      let target = '';
      if (point === 'start-up') {
        // reading and checking the folder, connecting, migrations: nothing written yet
        await sleep(random() * manifestMs);
      } else if (point === 'after the manifest') {
        if (await until(importer, () => studyExists(graph, studyId)))
          manifestMs = Math.min(manifestMs, performance.now() - started);
        await sleep(random() * 150);
      } else {
        const batches = Math.ceil(expected.documents / BATCH_DOCUMENTS);
        const docs =
          point === 'at the end'
            ? expected.documents
            : BATCH_DOCUMENTS * (1 + Math.floor(random() * (batches - 1)));
        target = ` (${docs} documents committed)`;
        await until(importer, async () => (await documentsOf(graph, studyId)) >= docs);
        await sleep(random() * (point === 'at the end' ? 400 : 250));
      }
      const finishedFirst = importer.exitCode !== null;
      importer.kill('SIGKILL');
      const how = await exited(importer);
      if (!finishedFirst && how.signal === 'SIGKILL') interrupted++;
      const at = Math.round(performance.now() - started);
      const partial = await getStudy(graph, { studyId });
      // whatever was committed is whole
      expect(await damage(graph, studyId, EXCERPTS)).toEqual(NO_DAMAGE);
      log.push(
        `trial ${trial}: ${point}${target}, killed at ${at} ms: ${finishedFirst ? `had already exited (${how.code})` : `signal ${how.signal}`}; ${partial?.documents ?? 0}/${expected.documents} documents, study node ${partial === undefined ? 'absent' : 'present'}`,
      );

      const rerun = runIwa(['study', 'import', dir, '--study', studyId, '--json'], {
        env,
        timeoutMs: 300_000,
      });
      expect(rerun.stderr).not.toMatch(/iwa: /);
      expect(rerun.status).toBe(0);
      await complete(studyId);
    }
    // a further run changes nothing
    const last = studies[studies.length - 1] ?? '';
    const again = runIwa(['study', 'import', dir, '--study', last, '--json'], { env });
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout) as { created: number; changed: number }).toMatchObject({
      created: 0,
      changed: 0,
    });
    process.stderr.write(`[faults] ${log.join('\n[faults] ')}\n`);
    expect(interrupted).toBeGreaterThanOrEqual(KILL_TRIALS);
  }, 1_200_000);
});
