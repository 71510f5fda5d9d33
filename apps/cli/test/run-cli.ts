import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inject } from 'vitest';
import './iwa-bin-context.ts';

const require = createRequire(import.meta.url);
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const tsx = pathToFileURL(require.resolve('tsx')).href;

/**
 * The command line that runs `iwa`: the run's bundle of the CLI's sources when the project's
 * globalSetup made one (iwa-bundle-setup.ts: the bundle `pnpm iwa` runs), else the sources through
 * tsx.
 */
export function iwaCommand(args: string[]): string[] {
  const bundled = inject('iwaBin') as string | undefined;
  return bundled === undefined
    ? [process.execPath, '--conditions=@iwa/source', '--import', tsx, bin, ...args]
    : [process.execPath, '--enable-source-maps', bundled, ...args];
}

/** Runs the real `iwa` from its sources in a child process ({@link iwaCommand}). */
export function runIwa(
  args: string[],
  options: { env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): SpawnSyncReturns<string> {
  const [cmd, ...argv] = iwaCommand(args);
  return spawnSync(cmd!, argv, {
    encoding: 'utf8',
    env: { ...process.env, NEO4J_URI: undefined, ...options.env },
    timeout: options.timeoutMs ?? 180_000,
  });
}

/** A running `iwa serve` started by {@link startIwaServe}. */
export interface ServeProcess {
  child: ChildProcess;
  /** Where it listens (`http://127.0.0.1:PORT`). */
  url: string;
  /** What it wrote to stderr so far (the last 20 000 characters). */
  stderr(): string;
}

/**
 * Starts the real `iwa serve --port 0` (and `extraArgs`) in a child process; resolves once it
 * prints its URL.
 */
export function startIwaServe(
  env: Record<string, string | undefined>,
  extraArgs: readonly string[] = [],
): Promise<ServeProcess> {
  const [cmd, ...args] = iwaCommand(['serve', '--port', '0', ...extraArgs]);
  const child = spawn(cmd!, args, {
    env: { ...process.env, NEO4J_URI: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err = (err + d).slice(-20_000);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`iwa serve exited (${code}): ${err}`)));
  });
}
