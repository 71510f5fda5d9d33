import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const tsx = pathToFileURL(require.resolve('tsx')).href;

/** The command line that runs `iwa` from source, as `pnpm iwa` does. */
export function iwaCommand(args: string[]): string[] {
  return [process.execPath, '--conditions=@iwa/source', '--import', tsx, bin, ...args];
}

/** Runs the real `iwa` binary from source in a child process, as `pnpm iwa` does. */
export function runIwa(
  args: string[],
  options: { env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--conditions=@iwa/source', '--import', tsx, bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NEO4J_URI: undefined, ...options.env },
    timeout: options.timeoutMs ?? 180_000,
  });
}
