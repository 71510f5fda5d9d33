/**
 * `pnpm bench` (quick: 20 and 1,000 interviews, 1M codings) and `pnpm bench --full` (adds
 * 10,000 interviews): generates the seeded corpora, measures ingest, queries, computation and
 * the local Neo4j launcher, writes apps/bench/results/<timestamp>.json, results/latest.json and
 * docs/benchmarks.md.
 *
 * Options: --full, --only=ingest,queries,computation,launcher, --runs=N (query and computation
 * runs, default 5), --seed=N (default 42), --no-docs, --report-only (regenerate the doc).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverComponents } from '@iwa/graph';
import { runComputation } from './computation/run-computation.ts';
import { ensureCorpus, type Corpus } from './corpus/ensure-corpus.ts';
import { readBenchEnv } from './env.ts';
import { runIngest } from './ingest/run-ingest.ts';
import { runLauncher } from './launcher/run-launcher.ts';
import { log } from './log.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { runQueries } from './queries/run-queries.ts';
import { writeBenchmarksDoc } from './report/write-report.ts';
import type { BenchRun } from './results.ts';
import { openServer } from './server.ts';
import { checkTargets } from './targets.ts';

const SECTIONS = ['ingest', 'queries', 'computation', 'launcher'] as const;
type Section = (typeof SECTIONS)[number];

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

interface Args {
  full: boolean;
  only: Set<Section>;
  runs: number;
  seed: number;
  docs: boolean;
  /** Only regenerate docs/benchmarks.md from the committed results. */
  reportOnly: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    full: false,
    only: new Set(SECTIONS),
    runs: 5,
    seed: 42,
    docs: true,
    reportOnly: false,
  };
  for (const a of argv) {
    if (a === '--') continue;
    else if (a === '--full') args.full = true;
    else if (a === '--no-docs') args.docs = false;
    else if (a === '--report-only') args.reportOnly = true;
    else if (a.startsWith('--only=')) {
      const list = a.slice('--only='.length).split(',');
      for (const s of list)
        if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section ${s}`);
      args.only = new Set(list as Section[]);
    } else if (a.startsWith('--runs=')) args.runs = Math.max(5, Number(a.slice('--runs='.length)));
    else if (a.startsWith('--seed=')) args.seed = Number(a.slice('--seed='.length));
    else
      throw new Error(
        `unknown option ${a} (options: --full, --only=…, --runs=N, --seed=N, --no-docs)`,
      );
  }
  return args;
}

/** Repetitions of the ingest benchmark per corpus size, and the naive writer's share. */
const INGEST_PLAN: Record<
  number,
  { reps: number; naiveMaxDocuments?: number; qdpx: boolean; floor: boolean; queries: boolean }
> = {
  20: { reps: 5, qdpx: false, floor: true, queries: true },
  1000: { reps: 3, naiveMaxDocuments: 40, qdpx: true, floor: true, queries: true },
  // At 10,000 interviews deleteStudy fails (Neo4j memory pool) after a full write, so the
  // floor, which would need it, is left out. The queries run on the study the ingest wrote.
  10_000: { reps: 1, naiveMaxDocuments: 40, qdpx: false, floor: false, queries: true },
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.reportOnly) {
    log(`wrote ${await writeBenchmarksDoc(RESULTS_DIR)}`);
    return;
  }
  const env = readBenchEnv();
  const started = new Date();
  const t0 = performance.now();
  const id = started.toISOString().replace(/[:.]/g, '-').replace(/Z$/, 'Z');
  const sizes = args.full ? [20, 1000, 10_000] : [20, 1000];
  const heapMb = env.heapMb ?? 2048;
  const pageCacheMb = env.pageCacheMb ?? 1024;
  const load: BenchRun['load'] = [{ section: 'start', loadAverage: loadAverage() }];
  log(
    `iwa bench (${args.full ? 'full' : 'quick'}), sizes ${sizes.join(', ')}, load average ${loadAverage()}`,
  );

  const corpora: Corpus[] = [];
  for (const interviews of sizes) {
    corpora.push(
      await ensureCorpus(
        { interviews, seed: args.seed },
        { qdpx: INGEST_PLAN[interviews]?.qdpx ?? false },
      ),
    );
  }

  const run: Omit<BenchRun, 'targets' | 'machine' | 'durationSeconds'> & {
    machine?: BenchRun['machine'];
  } = {
    format: 1,
    id,
    mode: args.full ? 'full' : 'quick',
    command: `pnpm bench ${process.argv.slice(2).join(' ')}`.trim(),
    startedAt: started.toISOString(),
    server: {
      external: env.graph !== undefined,
      heapMb: env.graph ? null : heapMb,
      pageCacheMb: env.graph ? null : pageCacheMb,
    },
    seed: args.seed,
    corpora: corpora.map((c) => ({
      interviews: c.options.interviews,
      stats: c.stats,
      generatedMs: c.generatedMs,
      qdpxBytes: c.qdpxBytes,
    })),
    ingest: [],
    queries: [],
    computation: null,
    launcher: null,
    load,
    failures: [],
  };

  if (args.only.has('ingest') || args.only.has('queries')) {
    const server = await openServer({ external: env.graph, heapMb, pageCacheMb });
    const stopOnSignal = (): void => {
      void server.stop().finally(() => process.exit(130));
    };
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    try {
      const neo4j = (await serverComponents(server.graph))[0];
      run.machine = describeMachine(
        neo4j ? `${neo4j.name} ${neo4j.version} ${neo4j.edition}` : null,
      );
      for (const corpus of corpora) {
        const size = corpus.options.interviews;
        const plan = INGEST_PLAN[size] ?? {
          reps: 3,
          qdpx: false,
          floor: true,
          queries: true,
        };
        try {
          if (args.only.has('ingest')) {
            load.push({ section: `ingest ${size}`, loadAverage: loadAverage() });
            run.ingest.push(await runIngest(server, corpus, plan));
          }
          if (args.only.has('queries') && plan.queries) {
            load.push({ section: `queries ${size}`, loadAverage: loadAverage() });
            run.queries.push(await runQueries(server, corpus, { runs: args.runs }));
          }
        } catch (err) {
          // keep what the other sizes measured; the failure is part of the result
          const message = err instanceof Error ? err.message : String(err);
          log(`FAILED at ${size} interviews: ${message}`);
          run.failures.push({ section: `ingest/queries ${size}`, message: message.slice(0, 4000) });
        }
      }
    } finally {
      process.off('SIGINT', stopOnSignal);
      process.off('SIGTERM', stopOnSignal);
      await server.stop();
    }
  }
  run.machine ??= describeMachine(null);
  if (args.only.has('computation')) {
    load.push({ section: 'computation', loadAverage: loadAverage() });
    run.computation = await runComputation({ target: 1_000_000, seed: args.seed, runs: args.runs });
  }
  if (args.only.has('launcher')) {
    load.push({ section: 'launcher', loadAverage: loadAverage() });
    log('local Neo4j launcher: startup and memory, fresh data folder each time');
    run.launcher = await runLauncher({ runs: 5 });
  }
  load.push({ section: 'end', loadAverage: loadAverage() });
  const finished: Omit<BenchRun, 'targets'> = {
    ...run,
    machine: run.machine,
    durationSeconds: Math.round((performance.now() - t0) / 1000),
  };
  const result: BenchRun = { ...finished, targets: checkTargets(finished) };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(join(RESULTS_DIR, `${id}-${result.mode}.json`), json);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), json);
  log(`results: apps/bench/results/${id}-${result.mode}.json`);
  if (args.docs) {
    const doc = await writeBenchmarksDoc(RESULTS_DIR);
    log(`wrote ${doc}`);
  }
  for (const t of result.targets)
    log(`${t.met === null ? '   -' : t.met ? '  ok' : 'MISS'}  ${t.target}: ${t.measured}`);
  log(`done in ${result.durationSeconds} s`);
}

await main();
