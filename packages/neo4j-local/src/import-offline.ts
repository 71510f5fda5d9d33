import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertJava, ensureLauncherBuilt } from './launcher-build.ts';
import { Neo4jLocalError } from './neo4j-local-error.ts';

/** One CSV file of nodes (header `id:ID(Space),prop,…`) or relationships (`:START_ID(Space),:END_ID(Space),…`). */
export interface OfflineImportFile {
  /** Node label(s) (`Excerpt`, or `A:B`) or relationship type (`CODED`). */
  name: string;
  /** CSV files with the header as the first line of the first file. */
  files: string[];
}

export interface OfflineImportOptions {
  /**
   * A folder for a Neo4j home of its own (created; `conf/neo4j.conf` is written there): the
   * database is created in `<homeDir>/data/databases/neo4j`, replacing any earlier one.
   */
  homeDir: string;
  nodes: OfflineImportFile[];
  relationships: OfflineImportFile[];
  /** Quoted fields may hold line breaks (slower: the tool cannot split files by lines). */
  multilineFields?: boolean;
  /** JVM heap of the import tool (default 1024 MB). */
  heapMb?: number;
  javaBin?: string;
  /**
   * The environment to run Java in (PATH, JAVA_HOME…), from the app that reads it; NEO4J_HOME
   * and NEO4J_CONF are set here.
   */
  env: Readonly<Record<string, string | undefined>>;
}

export interface OfflineImportResult {
  /** Wall time of the import tool, JVM start included. */
  ms: number;
  /** What the tool reported: `IMPORT DONE in …`, nodes, relationships, properties. */
  nodes: number;
  relationships: number;
  properties: number;
  /** The tool's own time (`IMPORT DONE in 1s 425ms`), without the JVM start. */
  toolMs: number | null;
  /** The last lines the tool printed. */
  output: string;
}

function durationMs(text: string): number | null {
  const m = /IMPORT DONE in ((?:\d+h ?)?(?:\d+m ?)?(?:\d+s ?)?(?:\d+ms)?)/.exec(text);
  if (!m?.[1]) return null;
  let ms = 0;
  for (const [, n, unit] of m[1].matchAll(/(\d+)(h|ms|m|s)/g)) {
    const v = Number(n);
    ms += unit === 'h' ? v * 3_600_000 : unit === 'm' ? v * 60_000 : unit === 's' ? v * 1000 : v;
  }
  return ms;
}

/**
 * Neo4j's offline bulk importer (`neo4j-admin database import full`), run from the launcher's
 * Maven jars into an empty database of a home folder of its own; no server runs on that folder.
 * This is the physical limit of loading a graph on this machine, the bench's floor (b).
 */
export async function importOffline(options: OfflineImportOptions): Promise<OfflineImportResult> {
  const javaBin = options.javaBin ?? 'java';
  assertJava(javaBin);
  const classpath = await ensureLauncherBuilt();
  const conf = join(options.homeDir, 'conf');
  mkdirSync(conf, { recursive: true });
  writeFileSync(join(conf, 'neo4j.conf'), '');
  const args = [
    `-Xmx${options.heapMb ?? 1024}m`,
    '-cp',
    classpath,
    'org.neo4j.cli.AdminTool',
    'database',
    'import',
    'full',
    'neo4j',
    '--overwrite-destination=true',
    '--id-type=string',
    `--report-file=${join(options.homeDir, 'import.report')}`,
    `--multiline-fields=${options.multilineFields === true}`,
    ...options.nodes.map((n) => `--nodes=${n.name}=${n.files.join(',')}`),
    ...options.relationships.map((r) => `--relationships=${r.name}=${r.files.join(',')}`),
  ];
  const started = performance.now();
  const { code, out } = await new Promise<{ code: number | null; out: string }>(
    (resolve, reject) => {
      const child = spawn(javaBin, args, {
        env: { ...options.env, NEO4J_HOME: options.homeDir, NEO4J_CONF: conf },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      const keep = (d: Buffer): void => {
        text = (text + d.toString('utf8')).slice(-20_000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('error', reject);
      child.on('exit', (c) => resolve({ code: c, out: text }));
    },
  );
  const ms = performance.now() - started;
  const count = (what: string): number => Number(new RegExp(`(\\d+) ${what}`).exec(out)?.[1] ?? 0);
  if (code !== 0 || !/IMPORT DONE/.test(out)) {
    throw new Neo4jLocalError(
      'import_failed',
      `neo4j-admin database import full failed (exit ${code}) in ${options.homeDir}:\n${out.slice(-4000)}`,
    );
  }
  return {
    ms,
    nodes: count('nodes'),
    relationships: count('relationships'),
    properties: count('properties'),
    toolMs: durationMs(out),
    output: out.slice(-2000),
  };
}
