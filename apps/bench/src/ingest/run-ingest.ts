import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deleteStudy, getStudy } from '@iwa/graph';
import { bundleEntry } from '../../../cli/build/bundle.mjs';
import type { Corpus } from '../corpus/ensure-corpus.ts';
import { childEnv } from '../env.ts';
import { log } from '../log.ts';
import type { BenchServer } from '../server.ts';
import { median, round, summarise, type Timing } from '../stats.ts';
import { IngestResult, RESULT_PREFIX, type IngestJob, type Writer } from './ingest-job.ts';
import { REPO_ROOT } from '../repo-root.ts';

const CHILD = fileURLToPath(new URL('./ingest-child.ts', import.meta.url));

let childBundle: Promise<string> | undefined;

/**
 * The ingest child bundled as `iwa` is (apps/cli/build/bundle.mjs), built once per bench run
 * into a temporary folder: its peak RSS is then the importer's as users run it, without tsx's
 * loader and ~500 separately compiled modules (~160 MB of RSS before anything is read).
 */
function ingestChildBundle(): Promise<string> {
  childBundle ??= (async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'iwa-bench-child-'));
    process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
    const { bin } = await bundleEntry({ entry: CHILD, name: 'ingest-child', outdir });
    return bin;
  })();
  return childBundle;
}

/** Runs one writer in its own Node process and returns what it reports. */
export async function runChild(job: IngestJob): Promise<IngestResult> {
  const bin = await ingestChildBundle();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin], {
      cwd: REPO_ROOT,
      env: childEnv(JSON.stringify(job)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString('utf8')).slice(-8000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || line === undefined) {
        reject(new Error(`the ${job.writer} ingest child failed (exit ${code}):\n${err}`));
        return;
      }
      resolve(IngestResult.parse(JSON.parse(line.slice(RESULT_PREFIX.length))));
    });
  });
}

/** utime + stime of a process in ms (Linux: /proc/<pid>/stat, 100 ticks per second). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface WriterSummary {
  writer: Writer;
  runs: number;
  documents: number;
  excerpts: number;
  codings: number;
  /** Codings per second of the write phase (reading included; iwa: runImport), median. */
  codingsPerSecond: number;
  writeMs: Timing;
  /** iwa only: the validation pass before the import. */
  validateMs: Timing | null;
  /** admin only: writing the CSV files, and the import tool's own time (no JVM start). */
  prepareMs: Timing | null;
  toolMs: Timing | null;
  /** admin only: relationships the import tool loaded. */
  relationships: number | null;
  /** iwa only: validation + import, codings per second. */
  endToEndCodingsPerSecond: number | null;
  /** Peak RSS of the writer's process, the highest of the runs. */
  peakRssMb: number;
  peakRssMbMedian: number;
  /** CPU time per 1,000 codings, medians: the writer's process and the Neo4j server. */
  clientCpuMsPerKCodings: number;
  serverCpuMsPerKCodings: number | null;
}

export interface IngestSummary {
  interviews: number;
  writers: WriterSummary[];
  /**
   * iwa / floor (a) (the faster of the serial and parallel UNWIND loads), iwa / floor (b) (the
   * offline importer) and iwa / naive, on codings per second.
   */
  ratios: {
    iwaOverFloor: number | null;
    iwaOverAdmin?: number | null;
    iwaOverNaive: number | null;
  };
  /** Deleting the iwa-written study at the end (bounded transactions), when the plan asks. */
  delete?: { ms: number; nodes: number } | null;
  /** What the iwa-written study holds afterwards (checked against the corpus). */
  stored: { documents: number; excerpts: number; codings: number };
}

function timings(values: (number | null)[]): Timing | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length > 0 ? summarise(present) : null;
}

function summariseWriter(writer: Writer, results: IngestResult[]): WriterSummary {
  const first = results[0] as IngestResult;
  const rates = results.map((r) => (r.codings / r.writeMs) * 1000);
  const validate = results.flatMap((r) => (r.validateMs === null ? [] : [r.validateMs]));
  return {
    writer,
    runs: results.length,
    documents: first.documents,
    excerpts: first.excerpts,
    codings: first.codings,
    codingsPerSecond: Math.round(median(rates)),
    writeMs: summarise(results.map((r) => r.writeMs)),
    validateMs: validate.length > 0 ? summarise(validate) : null,
    prepareMs: timings(results.map((r) => r.prepareMs)),
    toolMs: timings(results.map((r) => r.toolMs)),
    relationships: first.relationships,
    endToEndCodingsPerSecond:
      validate.length > 0
        ? Math.round(
            median(results.map((r) => (r.codings / (r.writeMs + (r.validateMs ?? 0))) * 1000)),
          )
        : null,
    peakRssMb: round(Math.max(...results.map((r) => r.peakRssMb))),
    peakRssMbMedian: round(median(results.map((r) => r.peakRssMb))),
    clientCpuMsPerKCodings: round(median(results.map((r) => (r.cpuMs / r.codings) * 1000))),
    serverCpuMsPerKCodings: results.every((r) => r.serverCpuMs !== null)
      ? round(median(results.map((r) => ((r.serverCpuMs ?? 0) / r.codings) * 1000)))
      : null,
  };
}

/** What an ingest run of one corpus size measures. */
export interface IngestPlan {
  reps: number;
  naiveMaxDocuments?: number | undefined;
  qdpx: boolean;
  /** Floor (a): the serial and the parallel UNWIND load. */
  floor: boolean;
  /** Floor (b): Neo4j's offline importer (first repetition only). */
  admin: boolean;
  /** Delete the iwa-written study at the end and time it (the study is then gone). */
  deleteAfter?: boolean;
}

/** Deletes the corpus's study in bounded transactions (`deleteStudy`), timed. */
export async function timeDeleteStudy(
  server: BenchServer,
  corpus: Corpus,
  codings: number | undefined,
): Promise<NonNullable<IngestSummary['delete']>> {
  log(`  deleting the study (${codings ?? 0} codings) in bounded transactions`);
  const t0 = performance.now();
  const nodes = await deleteStudy(server.graph, { studyId: corpus.studyId });
  const ms = performance.now() - t0;
  log(`  deleted ${nodes} nodes in ${Math.round(ms)} ms`);
  return { ms, nodes };
}

/**
 * Ingest benchmark of one corpus: per repetition the naive writer (on the first documents
 * only when `naiveMaxDocuments` is set), the UNWIND floor and iwa's importer, each into an empty
 * study in its own process. iwa runs last, so its study stays for the query benchmarks.
 */
export async function runIngest(
  server: BenchServer,
  corpus: Corpus,
  plan: IngestPlan,
): Promise<IngestSummary> {
  const base = {
    source: corpus.dir,
    graph: {
      uri: server.config.uri,
      user: server.config.user,
      database: server.config.database,
      ...(server.config.password ? { password: server.config.password } : {}),
    },
  };
  const results = new Map<Writer, IngestResult[]>();
  const child = async (job: IngestJob): Promise<IngestResult> => {
    const before = server.pid === null ? null : processCpuMs(server.pid);
    const r = await runChild(job);
    if (server.pid !== null && before !== null) r.serverCpuMs = processCpuMs(server.pid) - before;
    return r;
  };
  const add = (r: IngestResult): void => {
    results.set(r.writer, [...(results.get(r.writer) ?? []), r]);
    log(
      `  ${r.writer}: ${r.codings} codings in ${Math.round(r.writeMs)} ms (${Math.round((r.codings / r.writeMs) * 1000)}/s)` +
        `${r.validateMs === null ? '' : `, validation ${Math.round(r.validateMs)} ms`}, peak RSS ${Math.round(r.peakRssMb)} MB`,
    );
  };
  const clean = async (): Promise<void> => {
    await deleteStudy(server.graph, { studyId: corpus.studyId });
  };
  for (let rep = 0; rep < plan.reps; rep++) {
    log(`ingest ${corpus.options.interviews} interviews, run ${rep + 1}/${plan.reps}`);
    add(await child({ ...base, writer: 'read' }));
    await clean();
    add(
      await child({
        ...base,
        writer: 'naive',
        ...(plan.naiveMaxDocuments ? { maxDocuments: plan.naiveMaxDocuments } : {}),
      }),
    );
    if (plan.floor) {
      await clean();
      add(await child({ ...base, writer: 'floor' }));
      await clean();
      add(await child({ ...base, writer: 'floor-parallel' }));
    }
    if (plan.admin && rep === 0) add(await child({ ...base, writer: 'admin' }));
    if (plan.qdpx && corpus.qdpx && rep === 0) {
      await clean();
      add(await child({ ...base, source: corpus.qdpx, writer: 'iwa-qdpx' }));
    }
    await clean();
    add(await child({ ...base, writer: 'iwa' }));
  }
  const writers = [...results].map(([w, rs]) => summariseWriter(w, rs));
  const rate = (w: Writer): number | null =>
    writers.find((s) => s.writer === w)?.codingsPerSecond ?? null;
  const study = await getStudy(server.graph, { studyId: corpus.studyId });
  const deleted = plan.deleteAfter ? await timeDeleteStudy(server, corpus, study?.codings) : null;
  const floorA = Math.max(rate('floor') ?? 0, rate('floor-parallel') ?? 0);
  return {
    interviews: corpus.options.interviews,
    writers,
    ratios: {
      iwaOverFloor: floorA > 0 ? round((rate('iwa') ?? 0) / floorA, 3) : null,
      iwaOverAdmin: rate('admin') ? round((rate('iwa') ?? 0) / (rate('admin') ?? 1), 3) : null,
      iwaOverNaive: rate('naive') ? round((rate('iwa') ?? 0) / (rate('naive') ?? 1), 1) : null,
    },
    delete: deleted,
    stored: {
      documents: study?.documents ?? 0,
      excerpts: study?.excerpts ?? 0,
      codings: study?.codings ?? 0,
    },
  };
}
