import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { TestProject } from 'vitest/node';
import './iwa-bin-context.ts';

/*
 * The `iwa` the tests spawn: the CLI's TypeScript sources (and the workspace packages' sources,
 * through the `@iwa/source` condition, as `pnpm iwa` reads them) bundled once per test run with
 * esbuild into a temporary folder. Spawning it costs a plain Node start; spawning
 * `node --import tsx src/bin.ts` ran every module through tsx's loader thread, about 0.6–0.8 s
 * of CPU more per spawn (`iwa study --help`: 1.3 s user with tsx, 0.65 s bundled), and the CLI
 * tests spawn `iwa` a few hundred times. Third-party packages stay outside the bundle and are
 * loaded from where the importing package resolves them, so Node runs the same files as with
 * tsx. `import.meta.url` keeps each source file's own URL (the examples' folders, the Java
 * launcher, the explorer's built UI are found next to their package), and the source map keeps
 * stack traces pointing at the `.ts` files.
 */

const KEY = Symbol.for('iwa.testing.iwa-bundle');
interface Shared {
  bundle: Promise<{ bin: string; dir: string }>;
  users: number;
}
const registry = globalThis as typeof globalThis & { [KEY]?: Shared };

const builtins = new Set(builtinModules);

/** Leaves third-party packages out of the bundle, each imported by its resolved file URL. */
const thirdPartyExternal: Plugin = {
  name: 'iwa-third-party-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@iwa/') || args.pluginData === 'resolving') return undefined;
      if (args.path.startsWith('node:') || builtins.has(args.path)) {
        return { path: args.path, external: true };
      }
      const found = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (found.errors.length > 0) return { errors: found.errors };
      return { path: pathToFileURL(found.path).href, external: true };
    });
    // each workspace source file keeps its own import.meta.url
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const text = await readFile(args.path, 'utf8');
      return {
        contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
};

async function bundleIwa(): Promise<{ bin: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'iwa-cli-bundle-'));
  await build({
    entryPoints: { bin: fileURLToPath(new URL('../src/bin.ts', import.meta.url)) },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@iwa/source'],
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [thirdPartyExternal],
  });
  return { bin: join(dir, 'bin.mjs'), dir };
}

/**
 * Vitest globalSetup: bundles `iwa` once per run (shared by every project that lists this
 * setup) and hands its path to the tests as `iwaBin` (see run-cli.ts).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const shared = (registry[KEY] ??= { bundle: bundleIwa(), users: 0 });
  shared.users += 1;
  const { bin, dir } = await shared.bundle;
  project.provide('iwaBin', bin);
  return () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete registry[KEY];
    rmSync(dir, { recursive: true, force: true });
  };
}
