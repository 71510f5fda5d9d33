import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the built UI lives (what the server serves by default). */
export const UI_DIR = fileURLToPath(new URL('../dist-ui/', import.meta.url));

/**
 * Builds the UI with Vite (production mode) when it has not been built yet, or always with
 * `force`. Vite is loaded only here, so serving an already built UI does not need it.
 *
 * The build goes to a staging folder that is then renamed into place, so a server never sees a
 * half-built UI and two processes building at once (two `iwa serve` starting on a fresh clone)
 * do not write into the same folder: the first rename wins, the other build is dropped.
 */
export async function ensureExplorerUi(
  options: { force?: boolean } = {},
): Promise<{ built: boolean; dir: string }> {
  if (!options.force && existsSync(join(UI_DIR, 'index.html')))
    return { built: false, dir: UI_DIR };
  const { build } = await import('vite');
  // vitest and some shells set NODE_ENV=test/development, which would make React's dev build
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  const target = UI_DIR.replace(/[/\\]$/, '');
  const staging = `${target}.build-${process.pid}-${Date.now()}`;
  try {
    await build({
      configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: staging, emptyOutDir: true },
    });
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  if (options.force) await rm(target, { recursive: true, force: true });
  try {
    await rename(staging, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    await rm(staging, { recursive: true, force: true });
    // another process put a complete build in place first: use that one
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(join(UI_DIR, 'index.html')))
      return { built: false, dir: UI_DIR };
    throw err;
  }
  return { built: true, dir: UI_DIR };
}
