/**
 * The ingest child process: runs one writer against one corpus and reports its timings and its
 * own peak RSS. Started by run-ingest.ts from a bundle made as `iwa`'s is (so the importer runs
 * as users run it); `node --conditions=@iwa/source --import tsx` on this file runs it too.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createGraph,
  writeFloorDocuments,
  writeFloorManifest,
  writeNaiveDocument,
  type Graph,
} from '@iwa/graph';
import {
  codeRowsFor,
  InFlight,
  openQdpx,
  openStudyFolder,
  runImport,
  validateSource,
} from '@iwa/services';
import {
  formatIssue,
  iterateStudyDocuments,
  readStudyManifest,
  type DocumentBundle,
  type StudyFolder,
} from '@iwa/study';
import { importOffline } from '@iwa/neo4j-local';
import { processEnv, readBenchEnv } from '../env.ts';
import { AdminCsv } from './admin-csv.ts';
import { IngestJob, RESULT_PREFIX, type IngestResult } from './ingest-job.ts';

/** The same batch limits as the importer (packages/services/src/run-import.ts). */
const BATCH_CODINGS = 5_000;
const BATCH_DOCUMENTS = 50;

function vmHwmMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const m = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return m?.[1] ? Number(m[1]) / 1024 : Number.NaN;
}

async function* bundles(
  folder: StudyFolder,
  max: number | undefined,
): AsyncGenerator<DocumentBundle> {
  let n = 0;
  for await (const item of iterateStudyDocuments(folder)) {
    if (!item.ok) throw new Error(item.errors.map(formatIssue).join('\n'));
    yield item.bundle;
    n += 1;
    if (max !== undefined && n >= max) return;
  }
}

type Counts = { documents: number; excerpts: number; codings: number };

async function runIwa(
  graph: Graph,
  job: IngestJob,
): Promise<Counts & { validateMs: number; writeMs: number }> {
  const t0 = performance.now();
  const opened =
    job.writer === 'iwa-qdpx' ? await openQdpx(job.source) : await openStudyFolder(job.source);
  if (!opened.ok) throw new Error(opened.errors.join('\n'));
  const validated = await validateSource(opened.source);
  if (!validated.ok) throw new Error(validated.errors.slice(0, 20).join('\n'));
  const t1 = performance.now();
  const outcome = await runImport(graph, opened.source, { validated });
  const t2 = performance.now();
  return {
    documents: validated.documents,
    excerpts: outcome.totals.excerpts,
    codings: outcome.totals.codings,
    validateMs: t1 - t0,
    writeMs: t2 - t1,
  };
}

/**
 * Floor (a): the plainest batched load of the same rows, each batch one transaction; with
 * `concurrency` 2, two batches are in flight at once (Neo4j takes the locks; a deadlock is
 * retried by the driver).
 */
async function runFloor(
  graph: Graph,
  job: IngestJob,
  concurrency: number,
): Promise<Counts & { writeMs: number }> {
  const t0 = performance.now();
  const m = await readStudyManifest(job.source);
  if (!m.ok) throw new Error(m.errors.map(formatIssue).join('\n'));
  const manifest = m.folder.manifest;
  await writeFloorManifest(graph, { manifest, codes: codeRowsFor(manifest) });
  const counts: Counts = { documents: 0, excerpts: 0, codings: 0 };
  let batch: DocumentBundle[] = [];
  let batchCodings = 0;
  // the importer's own bound on batches in flight
  const writes = new InFlight(concurrency);
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const bundles = batch;
    batch = [];
    batchCodings = 0;
    await writes.add(async () => {
      const res = await writeFloorDocuments(graph, { studyId: manifest.id, bundles });
      counts.documents += bundles.length;
      counts.excerpts += res.excerpts;
      counts.codings += res.codings;
    });
  };
  for await (const bundle of bundles(m.folder, job.maxDocuments)) {
    batch.push(bundle);
    batchCodings += bundle.codings.length;
    if (batchCodings >= BATCH_CODINGS || batch.length >= BATCH_DOCUMENTS) await flush();
  }
  await flush();
  await writes.drain();
  return { ...counts, writeMs: performance.now() - t0 };
}

/**
 * Floor (b): the same graph as CSV (timed as `prepareMs`), then Neo4j's offline importer into an
 * empty database of its own (`writeMs`, JVM start included; `toolMs` as the tool reports it).
 */
async function runAdmin(
  job: IngestJob,
): Promise<
  Counts & { writeMs: number; prepareMs: number; toolMs: number | null; relationships: number }
> {
  const work = await mkdtemp(join(tmpdir(), 'iwa-bench-admin-'));
  try {
    const t0 = performance.now();
    const m = await readStudyManifest(job.source);
    if (!m.ok) throw new Error(m.errors.map(formatIssue).join('\n'));
    const manifest = m.folder.manifest;
    const csv = await AdminCsv.create(join(work, 'csv'), manifest.id);
    await csv.manifest(manifest, codeRowsFor(manifest));
    const counts: Counts = { documents: 0, excerpts: 0, codings: 0 };
    for await (const bundle of bundles(m.folder, job.maxDocuments)) {
      await csv.documents(bundle);
      counts.documents += 1;
      counts.excerpts += bundle.excerpts.length;
      counts.codings += bundle.codings.length;
    }
    const files = await csv.end();
    const t1 = performance.now();
    const res = await importOffline({
      homeDir: join(work, 'home'),
      ...files,
      multilineFields: true,
      env: processEnv(),
    });
    return {
      ...counts,
      prepareMs: t1 - t0,
      writeMs: res.ms,
      toolMs: res.toolMs,
      relationships: res.relationships,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The naive writer's documents are timed; its manifest is written batched first (untimed). */
async function runNaive(graph: Graph, job: IngestJob): Promise<Counts & { writeMs: number }> {
  const m = await readStudyManifest(job.source);
  if (!m.ok) throw new Error(m.errors.map(formatIssue).join('\n'));
  const manifest = m.folder.manifest;
  await writeFloorManifest(graph, { manifest, codes: codeRowsFor(manifest) });
  const t0 = performance.now();
  const counts: Counts = { documents: 0, excerpts: 0, codings: 0 };
  for await (const bundle of bundles(m.folder, job.maxDocuments)) {
    const res = await writeNaiveDocument(graph, { studyId: manifest.id, bundle });
    counts.documents += 1;
    counts.excerpts += res.excerpts;
    counts.codings += res.codings;
  }
  return { ...counts, writeMs: performance.now() - t0 };
}

async function runRead(job: IngestJob): Promise<Counts & { writeMs: number }> {
  const t0 = performance.now();
  const m = await readStudyManifest(job.source);
  if (!m.ok) throw new Error(m.errors.map(formatIssue).join('\n'));
  const counts: Counts = { documents: 0, excerpts: 0, codings: 0 };
  for await (const bundle of bundles(m.folder, job.maxDocuments)) {
    counts.documents += 1;
    counts.excerpts += bundle.excerpts.length;
    counts.codings += bundle.codings.length;
  }
  return { ...counts, writeMs: performance.now() - t0 };
}

async function main(): Promise<void> {
  const raw = readBenchEnv().childJob;
  if (raw === undefined)
    throw new Error("IWA_BENCH_CHILD is not set: this is the bench's child process");
  const job = IngestJob.parse(JSON.parse(raw));
  const graph = createGraph(job.graph, { appName: `iwa-bench-${job.writer}` });
  try {
    let res: Counts & {
      writeMs: number;
      validateMs?: number;
      prepareMs?: number;
      toolMs?: number | null;
      relationships?: number;
    };
    switch (job.writer) {
      case 'iwa':
      case 'iwa-qdpx':
        res = await runIwa(graph, job);
        break;
      case 'floor':
        res = await runFloor(graph, job, 1);
        break;
      case 'floor-parallel':
        res = await runFloor(graph, job, 2);
        break;
      case 'admin':
        res = await runAdmin(job);
        break;
      case 'naive':
        res = await runNaive(graph, job);
        break;
      case 'read':
        res = await runRead(job);
        break;
    }
    const result: IngestResult = {
      writer: job.writer,
      documents: res.documents,
      excerpts: res.excerpts,
      codings: res.codings,
      validateMs: res.validateMs ?? null,
      prepareMs: res.prepareMs ?? null,
      toolMs: res.toolMs ?? null,
      relationships: res.relationships ?? null,
      writeMs: res.writeMs,
      peakRssMb: vmHwmMb(),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
      cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
      serverCpuMs: null,
    };
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  } finally {
    await graph.close();
  }
}

await main();
