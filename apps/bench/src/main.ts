/**
 * `pnpm bench` (quick: 20 and 1,000 interviews, 1M codings) and `pnpm bench --full` (adds
 * 10,000 interviews): generates the seeded corpora, measures ingest, queries, computation and
 * the local Neo4j launcher, writes apps/bench/results/<timestamp>.json, results/latest.json and
 * docs/benchmarks.md.
 *
 * Options: --full, --only=ingest,queries,computation,launcher (any subset: a section prepares
 * what it needs, e.g. the queries import the study when no ingest wrote it), --sizes=20,1000
 * (corpus sizes, default by mode), --runs=N (query and computation runs, default 5), --seed=N
 * (default 42), --no-docs, --report-only (regenerate the doc).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getStudy, serverComponents } from '@iwa/graph';
import { runComputation } from './computation/run-computation.ts';
import { ensureCorpus, type Corpus } from './corpus/ensure-corpus.ts';
import { readBenchEnv } from './env.ts';
import { runChild, runIngest, timeDeleteStudy, type IngestPlan } from './ingest/run-ingest.ts';
import { runFailFast } from './launcher/run-fail-fast.ts';
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
  /** Corpus sizes (interviews); default 20 and 1,000, and 10,000 with --full. */
  sizes: number[] | null;
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
    sizes: null,
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
    else if (a.startsWith('--sizes=')) {
      args.sizes = a
        .slice('--sizes='.length)
        .split(',')
        .map((x) => Number(x));
      if (args.sizes.some((n) => !Number.isInteger(n) || n < 1))
        throw new Error(`--sizes takes interview counts such as --sizes=20,1000, got ${a}`);
    } else
      throw new Error(
        `unknown option ${a} (options: --full, --only=…, --sizes=…, --runs=N, --seed=N, --no-docs, --report-only)`,
      );
  }
  return args;
}

/** Repetitions of the ingest benchmark per corpus size, and what each size measures. */
const INGEST_PLAN: Record<number, IngestPlan & { queries: boolean }> = {
  20: { reps: 5, qdpx: false, floor: true, admin: true, queries: true },
  1000: { reps: 3, naiveMaxDocuments: 40, qdpx: true, floor: true, admin: true, queries: true },
  // one repetition; the floors' loads are measured at 1,000 (floor (b) here too, for the first
  // load of a very large study); the queries run on the imported study (issue 15's 1.5 s
  // matrix target), then the study is deleted (bounded transactions), timed. The .qdpx too
  // (64 MB; its project.qde 241 MB): written since buildQdpx is linear, and read with
  // project.qde streamed (decision 0014).
  10_000: {
    reps: 1,
    naiveMaxDocuments: 40,
    qdpx: true,
    floor: false,
    admin: true,
    queries: true,
    deleteAfter: true,
  },
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
  const sizes = args.sizes ?? (args.full ? [20, 1000, 10_000] : [20, 1000]);
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
          admin: false,
          queries: true,
        };
        try {
          if (args.only.has('ingest')) {
            load.push({ section: `ingest ${size}`, loadAverage: loadAverage() });
            // the delete waits for the queries when they run on this study
            const queriesFollow = args.only.has('queries') && plan.queries;
            run.ingest.push(
              await runIngest(server, corpus, {
                ...plan,
                deleteAfter: plan.deleteAfter === true && !queriesFollow,
              }),
            );
          }
          if (args.only.has('queries') && plan.queries) {
            // --only=queries: the queries need the study the ingest section would have written
            const stored = await getStudy(server.graph, { studyId: corpus.studyId });
            if (stored?.codings !== corpus.stats.codings) {
              log(`importing ${corpus.studyId} for the queries (no ingest section wrote it)`);
              await runChild({
                writer: 'iwa',
                source: corpus.dir,
                graph: {
                  uri: server.config.uri,
                  user: server.config.user,
                  database: server.config.database,
                  ...(server.config.password ? { password: server.config.password } : {}),
                },
              });
            }
            load.push({ section: `queries ${size}`, loadAverage: loadAverage() });
            run.queries.push(await runQueries(server, corpus, { runs: args.runs }));
            const ingested = run.ingest.find((i) => i.interviews === size);
            if (plan.deleteAfter && ingested) {
              ingested.delete = await timeDeleteStudy(server, corpus, ingested.stored.codings);
            }
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
    run.failFast = await runFailFast({ runs: 5 });
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
