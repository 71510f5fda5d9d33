#!/usr/bin/env node
// Runs the `iwa` CLI from its TypeScript sources (no build step needed): `pnpm iwa …`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../apps/cli/src/bin.ts', import.meta.url));
const child = spawn(
  process.execPath,
  [
    '--conditions=@iwa/source',
    '--import',
    import.meta.resolve('tsx'),
    bin,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', cwd: process.env.INIT_CWD ?? process.cwd() },
);
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  process.exit(code ?? 1);
});
