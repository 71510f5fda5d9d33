import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { log } from './log.ts';
import { REPO_ROOT } from './repo-root.ts';

/** The built CLI: what `iwa` runs once installed (`pnpm build`), and the bundle `pnpm iwa` runs. */
export const CLI_BIN = fileURLToPath(new URL('../../cli/dist/bundle/iwa.mjs', import.meta.url));

/** Builds the CLI and what it depends on (turbo's cache makes this instant when nothing changed). */
export function buildCli(): void {
  log('building the CLI (turbo run build --filter=iwa...)');
  const out = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=iwa...'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (out.status !== 0 || !existsSync(CLI_BIN))
    throw new Error(`could not build the CLI: ${(out.stderr || out.stdout).slice(-2000)}`);
}
