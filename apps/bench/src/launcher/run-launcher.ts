import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLauncherBuilt, startLocalNeo4j, type LocalNeo4jMemory } from '@iwa/neo4j-local';
import { log } from '../log.ts';
import { median, round, summarise, type Timing } from '../stats.ts';

export interface LauncherSummary {
  memory: LocalNeo4jMemory | 'defaults';
  runs: number;
  /** From calling startLocalNeo4j with a fresh data folder to its promise resolving (Bolt ready). */
  startupMs: Timing;
  /** VmRSS of the Java process right after ready, and 5 s later. */
  rssAfterStartMb: number;
  rssSettledMb: number;
  rssSettledRunsMb: number[];
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return m?.[1] ? Number(m[1]) / 1024 : Number.NaN;
}

/**
 * Starts the local Neo4j `runs` times, each with a fresh data folder and the launcher's default
 * memory (what `iwa` uses unless told otherwise), and stops it again.
 */
export async function runLauncher(options: { runs: number }): Promise<LauncherSummary> {
  await ensureLauncherBuilt();
  const startup: number[] = [];
  const after: number[] = [];
  const settled: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'iwa-bench-launcher-'));
    try {
      const t0 = performance.now();
      const neo4j = await startLocalNeo4j({ dataDir });
      startup.push(performance.now() - t0);
      after.push(rssMb(neo4j.pid));
      await new Promise((r) => setTimeout(r, 5000));
      settled.push(rssMb(neo4j.pid));
      await neo4j.stop();
      log(
        `  launcher run ${i + 1}: ready in ${Math.round(startup[i] ?? 0)} ms, RSS ${Math.round(after[i] ?? 0)} MB → ${Math.round(settled[i] ?? 0)} MB after 5 s`,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return {
    memory: 'defaults',
    runs: options.runs,
    startupMs: summarise(startup),
    rssAfterStartMb: round(median(after)),
    rssSettledMb: round(median(settled)),
    rssSettledRunsMb: settled.map((x) => round(x)),
  };
}
