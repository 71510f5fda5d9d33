import { Command, CommanderError } from 'commander';
import { registerAgreement } from './commands/agreement.ts';
import { registerAnalyse } from './commands/analyse.ts';
import { registerCodebook } from './commands/codebook.ts';
import { registerDb } from './commands/db.ts';
import { registerPhase } from './commands/phase.ts';
import { registerServe } from './commands/serve.ts';
import { registerStart } from './commands/start.ts';
import { registerStudy } from './commands/study.ts';
import type { CommandContext } from './command-context.ts';
import { ExitCode, exitCodeFor } from './exit-codes.ts';
import { createOutput } from './output.ts';
import { VERSION } from './version.ts';

/** Builds the `iwa` program; exported for tests. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('iwa')
    .description('institutional work analysis: code interviews and query them as a graph in Neo4j')
    .version(VERSION, '-v, --version')
    .option('-q, --quiet', 'print results only')
    .option('--verbose', 'print more detail')
    .showHelpAfterError()
    .exitOverride();
  registerStart(program, ctx);
  registerDb(program, ctx);
  registerCodebook(program, ctx);
  registerStudy(program, ctx);
  registerAnalyse(program, ctx);
  registerAgreement(program, ctx);
  registerPhase(program, ctx);
  registerServe(program, ctx);
  return program;
}

/** Runs the CLI and returns its exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const quiet = argv.includes('-q') || argv.includes('--quiet');
  const verbose = argv.includes('--verbose');
  const out = createOutput({ quiet, verbose });
  let exitCode: number = ExitCode.ok;
  const ctx: CommandContext = { out, setExitCode: (code) => (exitCode = code) };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit with 0; usage errors are invalid input
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.invalidInput;
    }
    const file = fileProblem(err);
    out.error(`iwa: ${file ?? (err instanceof Error ? err.message : String(err))}`);
    if (verbose && err instanceof Error && err.stack) out.error(err.stack);
    return file ? ExitCode.invalidInput : exitCodeFor(err);
  }
}

/** A file the user named that cannot be read or written, said plainly (no errno text). */
function fileProblem(err: unknown): string | undefined {
  if (!(err instanceof Error) || !('code' in err) || !('path' in err)) return undefined;
  const path = String(err.path);
  switch (err.code) {
    case 'ENOENT':
      return `${path}: no such file or folder (check the path; a folder to write into must exist)`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied`;
    case 'EISDIR':
      return `${path} is a folder; give a file name`;
    case 'ENOTDIR':
      return `${path}: a part of the path is not a folder`;
    default:
      return undefined;
  }
}
