import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the built UI lives (what the server serves by default). */
export const UI_DIR = fileURLToPath(new URL('../../dist-ui/', import.meta.url));

/**
 * Builds the UI with Vite (production mode) when it has not been built yet, or always with
 * `force`. Vite is loaded only here, so serving an already built UI does not need it.
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
  try {
    await build({
      configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  return { built: true, dir: UI_DIR };
}
