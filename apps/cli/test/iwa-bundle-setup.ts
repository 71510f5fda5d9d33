import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleIwa } from '../build/bundle.mjs';
import './iwa-bin-context.ts';

/*
 * The `iwa` the tests spawn: the same esbuild bundle `pnpm build` makes and `pnpm iwa` runs
 * (build/bundle.mjs: the CLI's and the workspace packages' TypeScript sources with their
 * dependencies, lazy chunks per command), built once per test run into a temporary folder.
 * Spawning it costs a plain Node start; spawning `node --import tsx src/bin.ts` ran every module
 * through tsx's loader thread, about 0.6–0.8 s of CPU more per spawn, and the CLI tests spawn
 * `iwa` a few hundred times.
 */

const KEY = Symbol.for('iwa.testing.iwa-bundle');
interface Shared {
  bundle: Promise<{ bin: string; dir: string }>;
  users: number;
}
const registry = globalThis as typeof globalThis & { [KEY]?: Shared };

async function bundleForTests(): Promise<{ bin: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'iwa-cli-bundle-'));
  const { bin } = await bundleIwa({ outdir: dir, sourcemap: true });
  return { bin, dir };
}

/**
 * Vitest globalSetup: bundles `iwa` once per run (shared by every project that lists this
 * setup) and hands its path to the tests as `iwaBin` (see run-cli.ts).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const shared = (registry[KEY] ??= { bundle: bundleForTests(), users: 0 });
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
