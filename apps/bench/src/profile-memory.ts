/**
 * Where the importer's memory goes, phase by phase (open, validate, write): the peak RSS of each
 * phase (VmHWM, reset between phases through /proc/self/clear_refs) and the heap that survives
 * a full collection after it.
 * `node --expose-gc --conditions=@iwa/source --import tsx apps/bench/src/profile-memory.ts <folder|file.qdpx> [write]`
 * (with `write`, imports into NEO4J_URI when set, otherwise into a local Neo4j like the bench).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { deleteStudy } from '@iwa/graph';
import {
  openQdpx,
  openStudyFolder,
  runImport,
  validateSource,
  type ImportSource,
} from '@iwa/services';
import { readBenchEnv } from './env.ts';
import { openServer } from './server.ts';

const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

function peakRss(): number {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return m?.[1] ? Number(m[1]) * 1024 : Number.NaN;
}

function resetPeak(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

function retained(): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const u = process.memoryUsage();
  return `heap ${mb(u.heapUsed)}, external ${mb(u.external)}, arrayBuffers ${mb(u.arrayBuffers)}, rss ${mb(u.rss)}`;
}

async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  resetPeak();
  const t0 = performance.now();
  const out = await fn();
  process.stdout.write(
    `${name}: ${Math.round(performance.now() - t0)} ms, peak RSS ${mb(peakRss())}; after gc: ${retained()}\n`,
  );
  return out;
}

const input = process.argv[2];
if (input === undefined) throw new Error('usage: profile-memory.ts <folder|file.qdpx> [write]');
process.stdout.write(`start: ${retained()}\n`);
const opened = await phase('open', () =>
  input.endsWith('.qdpx') ? openQdpx(input) : openStudyFolder(input),
);
if (!opened.ok) throw new Error(opened.errors.slice(0, 20).join('\n'));
const source: ImportSource = opened.source;
const validated = await phase('validate', () => validateSource(source));
if (!validated.ok) throw new Error(validated.errors.slice(0, 20).join('\n'));
process.stdout.write(`${validated.documents} documents, ${validated.codings} codings\n`);
if (process.argv[3] === 'write') {
  const env = readBenchEnv();
  const server = await openServer({ external: env.graph, heapMb: 2048, pageCacheMb: 1024 });
  try {
    await deleteStudy(server.graph, { studyId: source.manifest.id });
    const outcome = await phase('write', () =>
      runImport(server.graph, source, { validated, replace: true }),
    );
    process.stdout.write(`written: ${outcome.totals.codings} codings\n`);
    await deleteStudy(server.graph, { studyId: source.manifest.id });
  } finally {
    await server.stop();
  }
}
