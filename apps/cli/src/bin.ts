#!/usr/bin/env node
import { runCli } from './cli.ts';
import { ExitCode } from './exit-codes.ts';

// `iwa … | head` closes the pipe early: stop quietly instead of crashing on EPIPE
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
// A server that accepted the connection and never answered leaves a socket the driver cannot
// close; the message is out (stderr is synchronous), so do not wait for it.
if (code === ExitCode.databaseUnavailable) process.exit(code);
