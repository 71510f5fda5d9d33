import { DomainError } from '@iwa/taxonomy';
import { CommanderError, type Command } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildProgram, programFor } from '../src/cli.ts';
import type { CommandContext } from '../src/command-context.ts';
import { fuzzParams, fuzzTimeout, unicodeText } from '@iwa/testing/fuzz';

/*
 * The argument parser of `iwa` under random argv, without a database: a `preAction` hook stops
 * every parse that would run a command (so no action touches Neo4j or the disk). Each argv must
 * end, within the time limit, in a CommanderError (usage error, --help, --version), in the hook
 * (a command would run, with its arguments parsed), or in a typed error; never anything else,
 * never a hang, never a write to the real stdout/stderr.
 */

/** Thrown by the hook: the argv parsed, and this command would run. */
class WouldRun extends Error {
  constructor(readonly command: string) {
    super(`would run ${command}`);
  }
}

function fakeContext(): { ctx: CommandContext; written: string[] } {
  const written: string[] = [];
  const sink = (text: string) => void written.push(text);
  return {
    written,
    ctx: {
      out: { print: sink, info: sink, debug: sink, error: sink },
      setExitCode: () => {},
    },
  };
}

function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap((c) => allCommands(c))];
}

/** A program whose output goes to `captured` and whose actions never run. */
async function quietProgram(captured: string[], argv?: readonly string[]): Promise<Command> {
  const { ctx } = fakeContext();
  // with an argv: the program runCli builds for it (only that command loaded, stubs for the rest)
  const program = argv === undefined ? await buildProgram(ctx) : await programFor(ctx, argv);
  for (const c of allCommands(program)) {
    c.configureOutput({
      writeOut: (s) => void captured.push(s),
      writeErr: (s) => void captured.push(s),
      outputError: (s) => void captured.push(s),
    });
  }
  program.hook('preAction', (_root, action) => {
    throw new WouldRun(action.name());
  });
  return program;
}

// The vocabulary of the real program: every command path and every option flag.
const probe = await quietProgram([]);
const PATHS: string[][] = [];
const walk = (cmd: Command, path: string[]) => {
  for (const c of cmd.commands) {
    PATHS.push([...path, c.name()]);
    walk(c, [...path, c.name()]);
  }
};
walk(probe, []);
const FLAGS = [
  ...new Set([
    '--help',
    '-h',
    ...allCommands(probe).flatMap((c) =>
      c.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined)),
    ),
  ]),
];

const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FLAGS) },
  { weight: 3, arbitrary: fc.constantFrom(...PATHS.flat()) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '--',
      '-',
      '--help',
      '-h',
      '--version',
      '--json',
      '--study=x',
      '--rows=role',
      '--format=yaml',
      '-qv',
      '--no-such-option',
      'help',
      '0',
      '-1',
      '1e309',
      'NaN',
      '../../etc/passwd',
      'study.qdpx',
      '',
      ' ',
    ),
  },
  { weight: 2, arbitrary: unicodeText({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
);

const argv = fc.oneof(
  fc.array(token, { maxLength: 10 }),
  // a real command path alone, or with one token: most of these would run, so every run of the
  // property reaches the hook (random tokens alone reach it in only ~3% of cases)
  fc
    .tuple(fc.constantFrom(...PATHS), fc.array(token, { maxLength: 1 }))
    .map(([path, rest]) => [...path, ...rest]),
  // a real command path, then random arguments and options
  fc
    .tuple(fc.constantFrom(...PATHS), fc.array(token, { maxLength: 8 }))
    .map(([path, rest]) => [...path, ...rest]),
);

async function parse(args: readonly string[]): Promise<unknown> {
  const captured: string[] = [];
  const program = await quietProgram(captured, args);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('iwa argument parsing under fuzzing', () => {
  it('knows the command tree it fuzzes', () => {
    expect(PATHS.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining(['study import', 'db status', 'codebook']),
    );
    expect(FLAGS).toEqual(expect.arrayContaining(['--json', '--study', '--help']));
  });

  it('stops in the hook for a valid command, with its arguments parsed', async () => {
    const err = await parse(['study', 'import', 'some/folder', '--dry-run']);
    expect(err).toBeInstanceOf(WouldRun);
    expect((err as WouldRun).command).toBe('import');
    expect(await parse(['frobnicate'])).toBeInstanceOf(CommanderError);
  });

  it(
    'random argv: a usage error, --help/--version, or a command that would run; nothing else',
    async () => {
      const outcomes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(argv, async (args) => {
          const err = await parse(args);
          const kind =
            err === undefined
              ? 'returned'
              : err instanceof WouldRun
                ? 'would run'
                : err instanceof CommanderError
                  ? `commander:${err.exitCode}`
                  : err instanceof DomainError
                    ? 'typed'
                    : `UNEXPECTED ${err instanceof Error ? `${err.name}: ${err.message}` : typeof err}`;
          outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
          expect(kind).not.toMatch(/^UNEXPECTED/);
          if (err instanceof CommanderError) expect([0, 1]).toContain(err.exitCode);
        }),
        fuzzParams(),
      );
      // the generator reaches both sides: usage errors and commands that would run
      expect(outcomes.get('would run') ?? 0).toBeGreaterThan(0);
      expect(outcomes.get('commander:1') ?? 0).toBeGreaterThan(0);
    },
    fuzzTimeout(30),
  );
});
