import { spawn } from 'node:child_process';
import { createExplorerApp, GraphExplorerData } from '@iwa/explorer-server';
import type { MatrixReport } from '@iwa/services';
import { buildCli, CLI_BIN } from '../built-cli.ts';
import { cliEnv } from '../env.ts';
import { log } from '../log.ts';
import { REPO_ROOT } from '../repo-root.ts';
import type { BenchServer } from '../server.ts';
import { summarise, type Timing } from '../stats.ts';
import type { QueryResult, QueryTiming } from './run-queries.ts';

/** Runs a process to its end; resolves to its wall time, exit code and standard output. */
function runProcess(
  args: readonly string[],
  env: Record<string, string | undefined>,
): Promise<{ ms: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - t0, code, stdout, stderr }));
  });
}

async function timeProcess(
  args: readonly string[],
  env: Record<string, string | undefined>,
  runs: number,
): Promise<{ timing: Timing; stdout: string }> {
  const first = await runProcess(args, env); // untimed: the OS file cache
  if (first.code !== 0)
    throw new Error(`node ${args.join(' ')} exited ${first.code}: ${first.stderr.slice(-2000)}`);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await runProcess(args, env)).ms);
  return { timing: summarise(times), stdout: first.stdout };
}

const cellsKey = (report: Pick<MatrixReport, 'tables'>): string =>
  JSON.stringify((report.tables[0]?.cells ?? []).map((c) => [c.row, c.col, c.count]));

/**
 * What a researcher waits for on each surface, beyond the use case itself: `iwa --help`, the
 * whole `iwa matrix` process (start-up, connection, vocabulary, report, printing), and the
 * explorer's first matrix request after an import (a new explorer: nothing cached, so the
 * vocabulary and the report are computed as after any write to the study). Process rows have no
 * cold variant (each process starts cold); their `cold` repeats `warm`.
 */
export async function timeSurfaces(
  server: BenchServer,
  options: {
    studyId: string;
    reference: Pick<MatrixReport, 'tables'>;
    runs: number;
    clearCaches: () => Promise<void>;
  },
): Promise<QueryResult> {
  buildCli();
  const { runs, studyId, reference } = options;
  const env = cliEnv(server.config);
  const impls: QueryTiming[] = [];
  const processRow = (impl: string, description: string, timing: Timing): QueryTiming => {
    log(`  ${impl}: ${timing.median} ms`);
    return { impl, description, warm: timing, cold: timing };
  };

  const help = await timeProcess([CLI_BIN, '--help'], env, runs);
  impls.push(
    processRow(
      'iwa --help',
      'node apps/cli/dist/bundle/iwa.mjs --help (the built CLI: one bundle)',
      help.timing,
    ),
  );

  const matrixArgs = [
    CLI_BIN,
    'matrix',
    '--study',
    studyId,
    '--rows',
    'role',
    '--cols',
    'form',
    '--format',
    'json',
  ];
  const cli = await timeProcess(matrixArgs, env, runs);
  impls.push(
    processRow(
      'iwa matrix process',
      `node apps/cli/dist/bundle/iwa.mjs matrix --study ${studyId} --rows role --cols form --format json: the whole process`,
      cli.timing,
    ),
  );
  const cliReport = JSON.parse(cli.stdout) as Pick<MatrixReport, 'tables'>;

  let explorerBody = '';
  const firstRequest = async (): Promise<void> => {
    const data = new GraphExplorerData(server.graph);
    const app = createExplorerApp({ data, uiDir: '/nonexistent-explorer-ui' });
    const res = await app.request(
      `/api/studies/${encodeURIComponent(studyId)}/matrix?rows=role&cols=form`,
    );
    explorerBody = await res.text();
    if (res.status !== 200) throw new Error(`explorer matrix: ${res.status} ${explorerBody}`);
  };
  const time = async (before?: () => Promise<void>): Promise<Timing> => {
    await firstRequest();
    const out: number[] = [];
    for (let i = 0; i < runs; i++) {
      if (before) await before();
      const t0 = performance.now();
      await firstRequest();
      out.push(performance.now() - t0);
    }
    return summarise(out);
  };
  const warm = await time();
  const cold = await time(options.clearCaches);
  log(`  explorer first matrix request: warm ${warm.median} ms, cold ${cold.median} ms`);
  impls.push({
    impl: 'explorer first matrix request',
    description:
      "a new explorer (its cache empty, as after an import) answering GET /api/studies/:id/matrix?rows=role&cols=form; warm: Neo4j's query plans cached, as in a running explorer after an import; cold: cleared too, as on a first start",
    warm,
    cold,
  });
  const explorerReport = JSON.parse(explorerBody) as Pick<MatrixReport, 'tables'>;

  const expected = cellsKey(reference);
  return {
    query: 'surfaces',
    description: 'what the CLI and the explorer add around the matrix use case (role × form)',
    impls,
    sameAnswer: cellsKey(cliReport) === expected && cellsKey(explorerReport) === expected,
    check: `the CLI's JSON and the explorer's answer have the in-process report's cells (${reference.tables[0]?.cells.length ?? 0})`,
  };
}
