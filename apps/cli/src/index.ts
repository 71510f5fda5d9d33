export { runCli, buildProgram } from './cli.ts';
export { ExitCode } from './exit-codes.ts';
