#!/usr/bin/env node
// Runs the `iwa` CLI from its TypeScript sources (no build step needed): `pnpm iwa …`.
// The sources are bundled once into node_modules/.cache/iwa (again whenever one of them changes,
// about 3 s) and the bundle is run: the same bundle `pnpm build` makes and the tests spawn, which
// starts in a fraction of the time Node takes to load ~500 separate modules through tsx.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureBundle } from '../apps/cli/build/bundle.mjs';

const bin = await ensureBundle(
  fileURLToPath(new URL('../node_modules/.cache/iwa', import.meta.url)),
);
const child = spawn(process.execPath, [bin, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  process.exit(code ?? 1);
});
