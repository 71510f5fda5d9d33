import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CommandContext } from '../command-context.ts';

// Registration only: the actions (and Neo4j, services, statistics) load when a command runs.
const run = () => import('./analyse-run.ts');

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
/** `--coders a,b` or `--coder a --coder b`: a list without empty names. */
const collectCoders = (v: string, prev: string[] = []): string[] => [
  ...prev,
  ...v
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== ''),
];

/** A whole number within bounds, or a usage error naming the option. */
export function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) {
      throw new InvalidArgumentError(
        `expected a whole number from ${min} to ${max}, got "${value}"`,
      );
    }
    const n = Number(value);
    if (n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got ${n}`);
    }
    return n;
  };
}

const byOption = (): Option =>
  new Option(
    '--by <who>',
    'whose position bare position dimensions mean: the speaker or the performer',
  )
    .choices(['speaker', 'performer'])
    .default('speaker');
const whereOption = (): Option =>
  new Option(
    '--where <condition>',
    'keep only excerpts where it holds (repeatable, all must hold): role=manager, form=operational|relational, form.operational, speaker.sector!=nav, phase=establishing',
  ).argParser(collect);
/** The coder choice every analysis takes. */
export function coderOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--coder <ids>',
        'count these coders only (repeatable or comma-separated; default every coder of the study)',
      ).argParser(collectCoders),
    )
    .addOption(
      new Option(
        '--coder-rule <rule>',
        'with several coders: pooled (a code counts once whoever gave it) or agreed (only codes every one of them gave)',
      )
        .choices(['pooled', 'agreed'])
        .default('pooled'),
    );
}

export interface CoderFlags {
  coder?: string[];
  coderRule: 'pooled' | 'agreed';
}

export interface MatrixFlags extends CoderFlags {
  study: string;
  rows: string;
  cols: string;
  split?: string;
  by: 'speaker' | 'performer';
  unit: 'excerpt' | 'informant' | 'document';
  where?: string[];
  stats?: boolean;
  format: 'table' | 'csv' | 'json';
}

export interface ExcerptsFlags extends CoderFlags {
  study: string;
  where?: string[];
  code?: string[];
  by: 'speaker' | 'performer';
  limit: number;
  offset: number;
  json?: boolean;
  format?: 'csv' | 'docx';
  out?: string;
}

/** The flags of `iwa search`. */
export interface SearchFlags {
  study: string;
  context: number;
  limit: number;
  offset: number;
  json?: boolean;
}

/** The flags of `iwa cooccurrence`. */
export type CooccurrenceFlags = CoderFlags & {
  study: string;
  a: string;
  b: string;
  where?: string[];
  by: 'speaker' | 'performer';
  json?: boolean;
};

export function registerAnalyse(program: Command, ctx: CommandContext): void {
  coderOptions(
    program
      .command('matrix')
      .description(
        "crosstab of any two dimensions (position, code family, document variable), optionally split by a third, with chi-square, Cramér's V and residuals",
      )
      .requiredOption('--study <id>', 'the study')
      .option(
        '--rows <dim>',
        'rows: a position dimension (role, sector, tier, level, authority, embeddedness, dualEmployment, employerKind), a case variable, a code family or a document variable',
        'role',
      )
      .option(
        '--cols <dim>',
        'columns: a code family (form, purpose, lns, pillar, theme, flag) or any dimension',
        'form',
      )
      .option('--split <dim>', 'a third dimension: one table per value (e.g. purpose)')
      .addOption(byOption())
      .addOption(
        new Option(
          '--unit <unit>',
          'what a cell counts: excerpts, distinct informants or distinct documents',
        )
          .choices(['excerpt', 'informant', 'document'])
          .default('excerpt'),
      )
      .addOption(whereOption())
      .option('--stats', 'print the test statistics under every table (default: the first)')
      .addOption(
        new Option('--format <format>', 'output format')
          .choices(['table', 'csv', 'json'])
          .default('table'),
      ),
  ).action(async (opts: MatrixFlags) => (await run()).matrix(ctx, opts));

  coderOptions(
    program
      .command('excerpts')
      .description(
        'the excerpts behind a matrix cell or any filter, with speaker, performer, position, document and codes',
      )
      .requiredOption('--study <id>', 'the study')
      .addOption(whereOption())
      .option(
        '--code <code>',
        'only excerpts coded with it (repeatable, all must hold): form.operational, theme.t2_resource_approach',
        collect,
      )
      .addOption(byOption())
      .option('--limit <n>', 'how many to print', wholeNumber(0, 100_000), 20)
      .option('--offset <n>', 'skip this many', wholeNumber(0, 10_000_000), 0)
      .option('--json', 'print JSON')
      .addOption(
        new Option(
          '--format <format>',
          'write every selected excerpt with its context as a file (--limit and --offset do not apply)',
        ).choices(['csv', 'docx']),
      )
      .option('--out <file>', 'the file to write (csv: default print it; docx: required)'),
  ).action(async (opts: ExcerptsFlags) => (await run()).excerpts(ctx, opts));

  program
    .command('search')
    .description(
      "full-text search of a study's documents, with each hit in context (keyword in context)",
    )
    .argument('<query...>', 'words (all must occur), "a phrase" in quotes, or a prefix*')
    .requiredOption('--study <id>', 'the study')
    .option('--context <n>', 'characters of context on each side', wholeNumber(0, 400), 60)
    .option('--limit <n>', 'how many hits to print', wholeNumber(1, 100_000), 50)
    .option('--offset <n>', 'skip this many hits', wholeNumber(0, 10_000_000), 0)
    .option('--json', 'print JSON')
    .action(async (query: string[], opts: SearchFlags) =>
      (await run()).search(ctx, query.join(' '), opts),
    );

  coderOptions(
    program
      .command('cooccurrence')
      .description(
        'how often codes of two families meet in one excerpt, with c = n12 / (n1 + n2 − n12)',
      )
      .requiredOption('--study <id>', 'the study')
      .option('--a <family>', 'first code family', 'form')
      .option('--b <family>', 'second code family', 'pillar')
      .addOption(whereOption())
      .addOption(byOption())
      .option('--json', 'print JSON'),
  ).action(async (opts: CooccurrenceFlags) => (await run()).cooccurrence(ctx, opts));

  coderOptions(
    program
      .command('actors')
      .description(
        'the actor-position graph: who employs, enlists, advises whom, with evidence counts',
      )
      .requiredOption('--study <id>', 'the study')
      .option(
        '--relation <type>',
        'only this relation type (repeatable): employed_by, enlists, advises, collaborates_with, reports_to, attends, co_located_with',
        collect,
        [],
      )
      .option('--json', 'print JSON'),
  ).action(async (opts: CoderFlags & { study: string; relation: string[]; json?: boolean }) =>
    (await run()).actors(ctx, opts),
  );

  const claims = program
    .command('claims')
    .description('check propositions about a study against its coded excerpts');
  coderOptions(
    claims
      .command('check')
      .description(
        'report each claim as holding or failing, with its numbers and the excerpts behind it',
      )
      .requiredOption('--study <id>', 'the study')
      .option('--file <claims.yaml>', 'a claims file (default: the claims imported with the study)')
      .option('--json', 'print JSON'),
  ).action(async (opts: CoderFlags & { study: string; file?: string; json?: boolean }) =>
    (await run()).claimsCheck(ctx, opts),
  );
}
