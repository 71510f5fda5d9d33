#!/usr/bin/env node
import { runCli } from './cli.ts';

// `iwa … | head` closes the pipe early: stop quietly instead of crashing on EPIPE
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

process.exitCode = await runCli(process.argv.slice(2));
