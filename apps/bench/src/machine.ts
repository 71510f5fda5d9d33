import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  java: string;
  neo4j: string | null;
  /** 1-minute load average when the run started: other work on the machine skews timings. */
  loadAverageAtStart: number;
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) return m[1].trim();
  } catch {
    // not Linux: fall back to Node's view
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function javaVersion(): string {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (out.error) return 'not found';
  return (`${out.stderr}${out.stdout}`.split('\n')[0] ?? '').trim();
}

/** What the numbers were measured on. */
export function describeMachine(neo4j: string | null): Machine {
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpuModel(),
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    java: javaVersion(),
    neo4j,
    loadAverageAtStart: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** The 1-minute load average now. */
export function loadAverage(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}
