import { Command, CommanderError, Help } from 'commander';
import type { CommandContext } from './command-context.ts';
import { COMMANDS, type CommandName } from './command-manifest.ts';
import { ExitCode, exitCodeFor } from './exit-codes.ts';
import { createOutput } from './output.ts';
import { VERSION } from './version.ts';

function rootProgram(): Command {
  return new Command('iwa')
    .description('institutional work analysis: code interviews and query them as a graph in Neo4j')
    .version(VERSION, '-v, --version')
    .option('-q, --quiet', 'print results only')
    .option('--verbose', 'print more detail')
    .showHelpAfterError()
    .exitOverride();
}

/** Builds the whole `iwa` program, every command loaded; for tests. */
export async function buildProgram(ctx: CommandContext): Promise<Command> {
  const program = rootProgram();
  const loaded = new Set<unknown>();
  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    const register = await COMMANDS[name].load();
    if (loaded.has(register)) continue;
    loaded.add(register);
    register(program, ctx);
  }
  return program;
}

/** The command an argv runs (`iwa help matrix` runs matrix's help), if it names one. */
function commandOf(argv: readonly string[]): CommandName | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? (name as CommandName) : undefined;
}

/**
 * The program for one argv: only the named command's module is loaded (with Neo4j, xstate and
 * the packages it needs); every other command is a stub with its name and description, enough
 * for `iwa --help` and for commander's "unknown command … did you mean".
 */
export async function programFor(ctx: CommandContext, argv: readonly string[]): Promise<Command> {
  const program = rootProgram();
  const wanted = commandOf(argv);
  const loader = wanted === undefined ? undefined : COMMANDS[wanted].load;
  const register = loader === undefined ? undefined : await loader();
  const stubs = new Set<string>();
  // in the manifest's order, so the help lists the commands as the full program does
  for (const [name, info] of Object.entries(COMMANDS)) {
    if (program.commands.some((c) => c.name() === name)) continue;
    if (register !== undefined && info.load === loader) {
      register(program, ctx);
      continue;
    }
    program.command(name).description(info.description);
    stubs.add(name);
  }
  const help = new Help();
  program.configureHelp({
    subcommandTerm: (cmd) =>
      stubs.has(cmd.name()) ? COMMANDS[cmd.name() as CommandName].term : help.subcommandTerm(cmd),
  });
  return program;
}

/** Runs the CLI and returns its exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const quiet = argv.includes('-q') || argv.includes('--quiet');
  const verbose = argv.includes('--verbose');
  const out = createOutput({ quiet, verbose });
  let exitCode: number = ExitCode.ok;
  const ctx: CommandContext = { out, setExitCode: (code) => (exitCode = code) };
  try {
    const program = await programFor(ctx, argv);
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
