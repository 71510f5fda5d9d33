import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Builds the UI once for every browser test (into dist-ui/, which the server serves). Vitest
 * sets NODE_ENV=test, which would make Vite emit React's development JSX; build as production.
 */
export default async function setup(): Promise<void> {
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    process.env['NODE_ENV'] = nodeEnv;
  }
}
