import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestSummary } from '../ingest/run-ingest.ts';
import type { QueriesSummary } from '../queries/run-queries.ts';
import type { BenchRun } from '../results.ts';

export const DOC_FILE = fileURLToPath(new URL('../../../../docs/benchmarks.md', import.meta.url));
const NOTES_FILE = fileURLToPath(new URL('../../NOTES.md', import.meta.url));

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const ms = (x: number): string => (x >= 100 ? n(x) : x.toFixed(1));
/** A markdown table cell: a `|` in the text (Krippendorff's `|uα`) must not end the cell. */
const cell = (text: string): string => text.replaceAll('|', '\\|');
const day = (run: BenchRun): string =>
  `${run.startedAt.slice(0, 16).replace('T', ' ')} UTC (${run.mode})`;

/** Every committed run, oldest first. */
export function readRuns(dir: string): BenchRun[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'latest.json')
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as BenchRun)
    .filter((r) => r.format === 1)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

const WRITER_LABEL: Record<string, string> = {
  iwa: 'iwa importer (`runImport`)',
  'iwa-qdpx': 'iwa importer from the `.qdpx`',
  floor: 'floor (a): UNWIND, one transaction at a time',
  'floor-parallel': 'floor (a): UNWIND, two transactions in flight',
  admin: 'floor (b): `neo4j-admin database import full` (offline)',
};

function ingestTable(ingest: IngestSummary): string[] {
  const floors = ingest.writers.filter(
    (w) => w.writer === 'floor' || w.writer === 'floor-parallel',
  );
  const floorRate = Math.max(0, ...floors.map((w) => w.codingsPerSecond));
  const allDocuments = Math.max(...ingest.writers.map((w) => w.documents));
  const rows = ingest.writers
    .filter((w) => w.writer !== 'read')
    .map((w) => {
      const vsFloor =
        floorRate > 0 ? `${((w.codingsPerSecond / floorRate) * 100).toFixed(0)}%` : '';
      const label =
        WRITER_LABEL[w.writer] ??
        `naive writer${w.documents < allDocuments ? ` (first ${w.documents} documents)` : ''}`;
      const before = w.validateMs
        ? `${ms(w.validateMs.median)} ms validation (${n(w.endToEndCodingsPerSecond ?? 0)}/s with it)`
        : w.prepareMs
          ? `${ms(w.prepareMs.median)} ms writing the CSV; tool's own time ${w.toolMs ? `${ms(w.toolMs.median)} ms` : 'n/a'}`
          : '';
      return `| ${label} | ${w.runs} | ${n(w.codings)} | ${ms(w.writeMs.median)} | **${n(w.codingsPerSecond)}** | ${vsFloor} | ${before} | ${n(w.peakRssMb)} | ${n(w.clientCpuMsPerKCodings)} | ${w.serverCpuMsPerKCodings === null || w.writer === 'admin' ? '' : n(w.serverCpuMsPerKCodings)} |`;
    });
  const read = ingest.writers.find((w) => w.writer === 'read');
  return [
    '| writer | runs | codings | write time (median, ms) | codings/s | vs floor (a) | before the write | peak RSS (MB) | client CPU ms / 1k codings | Neo4j CPU ms / 1k codings |',
    '| --- | --: | --: | --: | --: | --: | --- | --: | --: | --: |',
    ...rows,
    ...(read
      ? [
          '',
          `Reading alone (the streaming study-folder reader, no writes): ${ms(read.writeMs.median)} ms, ${n(read.codingsPerSecond)} codings/s, peak RSS ${n(read.peakRssMb)} MB.`,
        ]
      : []),
    '',
    `iwa / floor (a) = **${ingest.ratios.iwaOverFloor ?? 'n/a (not run)'}**, iwa / floor (b) = **${ingest.ratios.iwaOverAdmin ?? 'n/a (not run)'}**, iwa / naive = **${ingest.ratios.iwaOverNaive ?? 'n/a'}×**. Stored afterwards: ${n(ingest.stored.documents)} documents, ${n(ingest.stored.excerpts)} excerpts, ${n(ingest.stored.codings)} codings.`,
    ...(ingest.delete
      ? [
          '',
          `Deleting the study afterwards (\`deleteStudy\`, transactions of at most 10,000 relationships or nodes, relationships first): ${n(ingest.delete.nodes)} nodes in ${ms(ingest.delete.ms)} ms.`,
        ]
      : []),
  ];
}

function queryTable(q: QueriesSummary): string[] {
  const lines = [
    '| query | implementation | warm median (ms) | warm min–max | cold median (ms) | warm vs Cypher floor | same answer |',
    '| --- | --- | --: | --- | --: | --: | --- |',
  ];
  for (const query of q.queries) {
    const floor = query.impls.find((i) => i.impl === 'cypher floor');
    for (const impl of query.impls) {
      const ratio = floor ? `${(impl.warm.median / floor.warm.median).toFixed(2)}×` : '';
      lines.push(
        `| ${query.query} | ${impl.impl} | **${ms(impl.warm.median)}** | ${ms(impl.warm.min)}–${ms(impl.warm.max)} | ${ms(impl.cold.median)} | ${ratio} | ${query.sameAnswer ? 'yes' : '**no**'} |`,
      );
    }
  }
  lines.push('', 'What each query answers and what was compared:', '');
  for (const query of q.queries) {
    lines.push(`- **${query.query}**: ${query.description}. Checked: ${query.check}.`);
    for (const impl of query.impls) lines.push(`  - ${impl.impl}: ${impl.description}`);
  }
  lines.push(
    '',
    `SQLite load of the same rows (one transaction, then indexes): ${n(q.sqliteLoad.ms)} ms, ${n(q.sqliteLoad.codingsPerSecond)} codings/s.`,
  );
  return lines;
}

/** Renders docs/benchmarks.md from the runs in `dir` and writes it; returns its path. */
export function renderBenchmarksDoc(runs: readonly BenchRun[]): string {
  const latest = runs[runs.length - 1];
  if (!latest) return '# Benchmarks\n\nNo runs yet: `pnpm bench`.\n';
  const lines: string[] = [
    '# Benchmarks',
    '',
    '<!-- Generated by `pnpm bench` (apps/bench/src/report/write-report.ts) from apps/bench/results/*.json; do not edit. -->',
    '',
    `Latest run: ${day(latest)}, \`${latest.command}\`, ${latest.durationSeconds} s. Each section names the run it comes from: a quick run leaves the 10,000-interview figures of the last full run in place.`,
    '',
    '## Machine',
    '',
    `- CPU: ${latest.machine.cpuModel}, ${latest.machine.cpus} cores (\`nproc\`); memory ${latest.machine.memoryGb} GB`,
    `- ${latest.machine.os}; Node ${latest.machine.node}; ${latest.machine.java}; ${latest.machine.neo4j ?? 'Neo4j version not read'}`,
    `- Neo4j: ${latest.server.external ? 'the server named by NEO4J_URI' : `local server started by the bench (\`@iwa/neo4j-local\`), heap ${latest.server.heapMb} MB, page cache ${latest.server.pageCacheMb} MB`}`,
    `- Load average (1 min) during the run: ${latest.load.map((l) => `${l.section} ${l.loadAverage}`).join(', ')}. This machine is shared with other work: a load above ${latest.machine.cpus} means the bench got only part of the CPU, and every timing here is slower than on an idle machine by roughly that share. CPU time per 1,000 codings is given beside wall time for that reason.`,
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    ...latest.targets.map(
      (t) =>
        `| ${cell(t.target)} | ${cell(t.measured)} | ${t.met === null ? 'not measured' : t.met ? 'yes' : '**no**'} |`,
    ),
  ];
  for (const f of latest.failures ?? [])
    lines.push(
      '',
      `**Failed in this run** (${f.section}):`,
      '',
      '```text',
      f.message.trim(),
      '```',
    );
  const full = [...runs].reverse().find((r) => r.mode === 'full');
  if (latest.mode === 'quick' && full) {
    const extra = full.targets.filter((t) => t.id.endsWith('10000'));
    if (extra.length > 0) {
      lines.push(
        '',
        `From the last full run (${day(full)}):`,
        '',
        '| target | measured | met |',
        '| --- | --- | --- |',
      );
      lines.push(
        ...extra.map(
          (t) =>
            `| ${cell(t.target)} | ${cell(t.measured)} | ${t.met === null ? 'not measured' : t.met ? 'yes' : '**no**'} |`,
        ),
      );
    }
  }
  const newestWith = <T>(
    pick: (r: BenchRun) => T | undefined,
  ): { run: BenchRun; value: T } | undefined => {
    for (const run of [...runs].reverse()) {
      const value = pick(run);
      if (value !== undefined) return { run, value };
    }
    return undefined;
  };
  const sizes = [...new Set(runs.flatMap((r) => r.corpora.map((c) => c.interviews)))].sort(
    (a, b) => a - b,
  );
  lines.push(
    '',
    '## Corpus',
    '',
    'Seeded synthetic corpora (`apps/bench/src/corpus/`): one informant per interview, positions and employers in Nav and health organisations, codes from the taxonomy in proportions that follow the IPS study (advisors mostly conceptual, managers mostly operational, disrupting rare, lns/pillar/theme/flag codes on a share), explicit performers on 12% of excerpts, a second coder on 20% of the interviews (mostly the same spans, some shortened, codes mostly agreeing). Written as a study folder (study.yaml, transcripts, one codings CSV per coder and region) and as `.qdpx` (1,000 and 10,000 interviews).',
    '',
  );
  lines.push(
    '| interviews | informants | organisations | excerpts | codings | double-coded interviews | text | .qdpx |',
    '| --: | --: | --: | --: | --: | --: | --: | --: |',
  );
  for (const size of sizes) {
    const c = newestWith((r) => r.corpora.find((x) => x.interviews === size));
    if (!c) continue;
    const s = c.value.stats;
    lines.push(
      `| ${n(size)} | ${n(s.informants)} | ${n(s.organisations)} | ${n(s.excerpts)} | ${n(s.codings)} | ${n(s.doubleCoded)} | ${(s.textBytes / 1024 / 1024).toFixed(1)} MB | ${c.value.qdpxBytes === null ? '' : `${(c.value.qdpxBytes / 1024 / 1024).toFixed(1)} MB`} |`,
    );
  }
  lines.push(
    '',
    '## Ingest',
    '',
    "Each writer runs in its own Node process (`apps/bench/src/ingest/ingest-child.ts` bundled as the `iwa` command is, run by a plain `node`: the importer as users run it) into an empty study, reading the same study folder with the same streaming reader and the same batches (50 documents or 5,000 codings per transaction). Codings/s = codings ÷ the time to read and write all documents (for iwa: `runImport`, which reads as it writes; its validation pass, `validateSource`, is shown apart). Peak RSS is the process's VmHWM at exit. Floor (a) is the fastest plain-Cypher load of the same graph: each excerpt created with its relationships in one `UNWIND` statement per batch, no checks, one transaction at a time and two in flight (the table's \"vs floor (a)\" divides by the faster). Floor (b) is the physical limit: the same graph written as CSV files and loaded by Neo4j's offline importer (`importOffline` in `@iwa/neo4j-local`, the launcher's jars) into an empty database of its own; its time is the tool's run, JVM start included, the CSV writing shown apart; its peak RSS is the Node process's, not the importer's JVM. The naive writer writes one transaction per excerpt (one statement for the excerpt, its speaker, its performer and each coding) on the first documents only, its manifest written batched and untimed.",
  );
  for (const size of sizes) {
    const ing = newestWith((r) => r.ingest.find((x) => x.interviews === size));
    if (!ing) continue;
    lines.push(
      '',
      `### ${n(size)} interviews`,
      '',
      `Run: ${day(ing.run)}.`,
      '',
      ...ingestTable(ing.value),
    );
  }
  lines.push(
    '',
    '## Queries',
    '',
    'On the study the importer wrote. Warm: median of the timed runs after five untimed runs (the steady state of a running process; the first request of a fresh process is the explorer row). Cold: each run right after `CALL db.clearQueryCaches()` (plans are compiled again; the page cache stays warm); for SQLite a new connection and statement. Times include the driver round trip and, for iwa, parsing every row with zod.',
  );
  for (const size of sizes) {
    const q = newestWith((r) => r.queries.find((x) => x.interviews === size));
    if (!q) continue;
    lines.push(
      '',
      `### ${n(size)} interviews`,
      '',
      `Run: ${day(q.run)}, ${q.value.runs} timed runs each.`,
      '',
      ...queryTable(q.value),
    );
  }
  const comp = newestWith((r) => r.computation ?? undefined);
  if (comp) {
    lines.push(
      '',
      '## Computation',
      '',
      `Run: ${day(comp.run)}. In-process, on generated data: ${n(comp.value.units)} coded units carrying ${n(comp.value.codings)} codings for the crosstabs; ${n(comp.value.agreementCodings)} codings by two coders in ${n(comp.value.agreementDocuments)} documents for agreement. Median of ${comp.value.results[0]?.timing.runs.length ?? 0} runs after one untimed run.`,
      '',
      '| computation | input | median (ms) | min–max (ms) |',
      '| --- | --- | --: | --- |',
    );
    for (const r of comp.value.results)
      lines.push(
        `| ${cell(`${r.name}: ${r.description}`)} | ${cell(r.input)} | **${n(r.timing.median)}** | ${n(r.timing.min)}–${n(r.timing.max)} |`,
      );
  }
  const launcher = newestWith((r) => r.launcher ?? undefined);
  if (launcher) {
    const l = launcher.value;
    lines.push(
      '',
      '## Local Neo4j launcher',
      '',
      `Run: ${day(launcher.run)}. \`startLocalNeo4j({ dataDir })\` from \`@iwa/neo4j-local\` with its default memory (heap 512 MB, page cache 128 MB), a fresh data folder each time, ${l.runs} runs; the launcher was built before timing. RSS is VmRSS of the Java process from /proc/<pid>/status.`,
      '',
      '| startup to ready, median | min–max | RSS right after ready (median) | RSS 5 s later (median) |',
      '| --: | --- | --: | --: |',
      `| **${n(l.startupMs.median)} ms** | ${n(l.startupMs.min)}–${n(l.startupMs.max)} ms | ${n(l.rssAfterStartMb)} MB | ${n(l.rssSettledMb)} MB |`,
    );
  }
  const failFast = newestWith((r) => r.failFast ?? undefined);
  if (failFast) {
    const f = failFast.value;
    lines.push(
      '',
      '## An unreachable database',
      '',
      `Run: ${day(failFast.run)}. \`iwa study list\` run with the built CLI (\`apps/cli/dist/bundle/iwa.mjs\`, the bundle \`pnpm iwa\` runs; Node's start included) with \`NEO4J_URI\` on a port where nothing listens, and on one that accepts the connection and never answers (the driver's connection timeout, 4 s, ends the wait); ${f.closedPort.ms.runs.length} runs each.`,
      '',
      '| NEO4J_URI | median (ms) | min–max (ms) | exit codes |',
      '| --- | --: | --- | --- |',
      `| closed port | **${n(f.closedPort.ms.median)}** | ${n(f.closedPort.ms.min)}–${n(f.closedPort.ms.max)} | ${[...new Set(f.closedPort.exitCodes)].join(', ')} |`,
      `| silent port | **${n(f.silentPort.ms.median)}** | ${n(f.silentPort.ms.min)}–${n(f.silentPort.ms.max)} | ${[...new Set(f.silentPort.exitCodes)].join(', ')} |`,
    );
  }
  if (existsSync(NOTES_FILE)) lines.push('', readFileSync(NOTES_FILE, 'utf8').trim());
  lines.push(
    '',
    '## Running',
    '',
    '```sh',
    'pnpm bench            # quick: 20 and 1,000 interviews, 1M codings, launcher (a few minutes)',
    'pnpm bench --full     # adds 10,000 interviews',
    'NEO4J_URI=bolt://… pnpm bench   # against an existing server instead of a local one',
    '```',
    '',
    'Options: `--only=ingest,queries,computation,launcher` (any subset; the queries import the study themselves when no ingest ran), `--sizes=20,1000`, `--runs=N` (≥ 5), `--seed=N`, `--no-docs`, `--report-only`. Results: `apps/bench/results/<timestamp>-<mode>.json` and `latest.json`. Generated corpora are cached in `apps/bench/.corpus/` (gitignored).',
    '',
  );
  return lines.join('\n');
}

/** Writes docs/benchmarks.md from every run in `dir`, formatted as the repository formats Markdown. */
export async function writeBenchmarksDoc(dir: string): Promise<string> {
  const prettier = await import('prettier');
  const text = renderBenchmarksDoc(readRuns(dir));
  const config = (await prettier.resolveConfig(DOC_FILE)) ?? {};
  writeFileSync(DOC_FILE, await prettier.format(text, { ...config, parser: 'markdown' }));
  return DOC_FILE;
}
