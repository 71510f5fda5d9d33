import { removeStudy, requireStudy, storedStudy, studySummaries } from '@iwa/services/database';
import { qdpxMapTemplate, writeQdpx } from '@iwa/refi';
import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import type { CommandContext } from '../command-context.ts';
import { connect } from '../connect.ts';
import { readEnv } from '../env.ts';
import { ExitCode } from '../exit-codes.ts';
import { importProgressBar } from '../progress.ts';
import {
  ImportRefusedError,
  mergeSources,
  withPseudonyms,
  openQdpx,
  openStudyFolder,
  runImport,
  matchStoredStudy,
  validateSource,
  describeSpeakerCoverage,
  formatQdpxIssue,
  type ImportSource,
  type OpenResult,
  type StoredStudyMatch,
} from '@iwa/services';
import { renderTable } from '../table.ts';

interface ImportOptions {
  study?: string;
  pseudonymise?: string;
  map?: string;
  coder?: string;
  name?: string;
  replace?: boolean;
  dryRun?: boolean;
  json?: boolean;
  verbose?: boolean;
}

/** The lines a .qdpx import adds to its summary: speaker coverage and automatic code matches. */
function projectSummaryLines(extra: ImportSource['extra'], verbose: boolean): string[] {
  const lines: string[] = [];
  if (extra.speakers) {
    lines.push(describeSpeakerCoverage(extra.speakers));
    if (extra.speakers.unmatched.length > 0)
      lines.push(
        `  read as text, not as turns (each seen once in a document; name them under speakers: in the map if they are speakers): ${extra.speakers.unmatched
          .slice(0, 20)
          .map((u) => u.label)
          .join(', ')}`,
      );
    if (extra.speakers.documentsWithout.length > 0)
      lines.push(
        `  no speaker in: ${extra.speakers.documentsWithout.join(', ')} (docs/import-from-qda-tools.md, "Speakers")`,
      );
  }
  const automatic = (extra.codeMatches ?? []).filter((m) => m.by !== 'mapping' && m.by !== 'none');
  if (automatic.length > 0) {
    lines.push(
      `${automatic.length} project codes matched framework codes without the map (by iwa's GUID, key line, or full path of names)${verbose ? ':' : '; --verbose lists them'}`,
    );
    if (verbose) for (const m of automatic) lines.push(`  ${m.path} → ${m.key} (by ${m.by})`);
  }
  return lines;
}

/** Opens what the user named: a study folder or a .qdpx project. */
export async function openSource(path: string, opts: ImportOptions): Promise<OpenResult> {
  if (/\.qdpx$/i.test(path)) {
    return openQdpx(path, { studyId: opts.study, mapFile: opts.map, coder: opts.coder });
  }
  return openStudyFolder(path, { studyId: opts.study });
}

/**
 * Opens every source the user named and merges them into one (`mergeSources`). The study id is
 * `--study` or the first source's, and every later source is opened with it, so that excerpt ids
 * derived from it agree between the sources.
 */
export async function openSources(
  paths: readonly string[],
  opts: ImportOptions,
): Promise<OpenResult> {
  const [firstPath, ...rest] = paths;
  if (firstPath === undefined)
    return { ok: false, errors: ['name a study folder or a .qdpx file'] };
  // --coder names the coder of codings a source attributes to nobody: one name per path
  const coders = opts.coder?.split(',').map((c) => c.trim());
  if (coders !== undefined && coders.length !== paths.length)
    return {
      ok: false,
      errors: [
        `--coder ${opts.coder}: give one coder per file, in the order of the files (${paths.length} file${paths.length === 1 ? '' : 's'}, ${coders.length} coder${coders.length === 1 ? '' : 's'}), e.g. --coder ${paths.map((_, i) => `coder${i + 1}`).join(',')}; the same name for several files would merge their codings into one coder's`,
      ],
    };
  const coderOf = (i: number): ImportOptions => {
    const { coder: _all, ...others } = opts;
    const coder = coders?.[i];
    return coder ? { ...others, coder } : others;
  };
  const first = await openSource(firstPath, coderOf(0));
  if (first.ok && rest.length === 0) return first;
  const studyId = opts.study ?? (first.ok ? first.source.manifest.id : undefined);
  const sources = first.ok ? [first.source] : [];
  // every source is opened, so one run reports the problems of all of them
  const errors: string[] = first.ok ? [] : [...first.errors];
  for (const [i, path] of rest.entries()) {
    const opened = await openSource(path, {
      ...coderOf(i + 1),
      ...(studyId === undefined ? {} : { study: studyId }),
    });
    if (opened.ok) sources.push(opened.source);
    else errors.push(...opened.errors);
  }
  if (errors.length > 0) return { ok: false, errors };
  return mergeSources(sources);
}

/** `iwa study import`: check every source, then write them as one import (or only report). */
async function importStudy(
  paths: string[],
  opts: ImportOptions,
  ctx: CommandContext,
): Promise<void> {
  const checked = await checkedSource(paths, opts, ctx);
  if (checked === undefined) return;
  if (opts.dryRun) return printDryRun(checked, opts, ctx);
  const conn = await connect(readEnv(), ctx.out);
  try {
    await writeStudy(conn.graph, checked, { path: paths.join(' + '), opts, ctx });
  } finally {
    await conn.graph.close();
  }
}

type ImportCounts = { documents: number; excerpts: number; codings: number };
type ImportOutcome = Awaited<ReturnType<typeof runImport>>;
type ImportGraph = Parameters<typeof runImport>[0];

/**
 * The sources of `iwa study import` opened, merged, pseudonymised when asked, and checked: the
 * source to write with its counts, or undefined after printing every problem (nothing written).
 */
async function checkedSource(
  paths: string[],
  opts: ImportOptions,
  ctx: CommandContext,
): Promise<{ source: ImportSource; counts: ImportCounts } | undefined> {
  const path = paths.join(' + ');
  const opened = await openSources(paths, opts);
  if (!opened.ok) {
    for (const e of opened.errors) ctx.out.error(e);
    ctx.out.error(
      `iwa: ${path} was not imported: ${opened.errors.length} problem(s); nothing was written.`,
    );
    ctx.setExitCode(ExitCode.invalidInput);
    return undefined;
  }
  let source = opened.source;
  if (opts.pseudonymise) {
    const wrapped = await withPseudonyms(source, opts.pseudonymise);
    if (!wrapped.ok) {
      for (const e of wrapped.errors) ctx.out.error(e);
      ctx.out.error(
        `iwa: ${path} was not imported: the names file has problems; nothing was written.`,
      );
      ctx.setExitCode(ExitCode.invalidInput);
      return;
    }
    source = wrapped.source;
  }
  ctx.out.info(`Checking ${source.description} …`);
  const validated = await validateSource(source);
  // after the check: the documents add their own warnings while they are read
  for (const w of source.warnings) ctx.out.info(`warning: ${w}`);
  if (!validated.ok) {
    for (const e of validated.errors) ctx.out.error(e);
    ctx.out.error(
      `iwa: ${path} was not imported: ${validated.errors.length} problem(s); nothing was written.`,
    );
    ctx.setExitCode(ExitCode.invalidInput);
    return undefined;
  }
  const counts = {
    documents: validated.documents,
    excerpts: validated.excerpts,
    codings: validated.codings,
  };
  return { source, counts };
}

/** `--dry-run`: what would be imported; nothing is written. */
function printDryRun(
  { source, counts }: { source: ImportSource; counts: ImportCounts },
  opts: ImportOptions,
  ctx: CommandContext,
): void {
  const summary = {
    dryRun: true,
    studyId: source.manifest.id,
    ...counts,
    ...source.extra,
    warnings: source.warnings,
  };
  if (opts.json) ctx.out.print(JSON.stringify(summary, null, 2));
  else {
    ctx.out.print(
      `Dry run: ${source.manifest.id} is valid — ${counts.documents} documents, ${counts.excerpts} excerpts, ${counts.codings} codings. Nothing was written.`,
    );
    for (const line of projectSummaryLines(source.extra, opts.verbose === true))
      ctx.out.print(line);
  }
}

/** Writes a checked source: matched to the stored study, imported, and the outcome printed. */
async function writeStudy(
  graph: ImportGraph,
  checked: { source: ImportSource; counts: ImportCounts },
  { path, opts, ctx }: { path: string; opts: ImportOptions; ctx: CommandContext },
): Promise<void> {
  // a source whose text is a stored document's is that document, whatever its name
  const stored = await matchStoredStudy(graph, checked.source, { name: opts.name });
  const { source } = stored;
  const matchLines = [
    ...stored.matches.map(
      (m) =>
        `"${m.sourceTitle ?? m.sourceId}" has the text of the stored document ${m.storedId}${m.storedTitle && m.storedTitle !== m.sourceTitle ? ` ("${m.storedTitle}")` : ''}: imported as that document`,
    ),
    ...stored.warnings.map((w) => `warning: ${w}`),
    ...(stored.nameKept
      ? [
          `The study keeps its name "${stored.nameKept.stored}" (the project is named "${stored.nameKept.source}"; --name renames it).`,
        ]
      : []),
  ];
  for (const line of matchLines) ctx.out.info(line);
  let outcome;
  try {
    outcome = await runImport(graph, source, {
      validated: checked.counts,
      progress: importProgressBar(!opts.json),
      replace: opts.replace === true,
    });
  } catch (err) {
    if (!(err instanceof ImportRefusedError)) throw err;
    ctx.out.error(`iwa: ${path} was not imported: ${err.message}`);
    ctx.setExitCode(ExitCode.invalidInput);
    return;
  }
  printImported(outcome, { source, stored, opts, ctx });
}

/** What an import wrote: the summary (JSON with --json), the table, and the project's notes. */
function printImported(
  outcome: ImportOutcome,
  {
    source,
    stored,
    opts,
    ctx,
  }: { source: ImportSource; stored: StoredStudyMatch; opts: ImportOptions; ctx: CommandContext },
): void {
  const d = outcome.totals.documents;
  for (const w of outcome.phases.warnings) ctx.out.info(`warning: ${w}`);
  const created =
    outcome.manifest.study.created +
    outcome.manifest.nodes.created +
    d.created +
    outcome.phases.appended;
  const changed =
    outcome.manifest.study.changed +
    outcome.manifest.nodes.changed +
    d.changed +
    outcome.manifest.relations.removed;
  const summary = {
    studyId: outcome.studyId,
    source: source.description,
    created,
    changed,
    documents: d,
    excerptsWritten: outcome.totals.excerpts,
    codingsWritten: outcome.totals.codings,
    memosWritten: outcome.totals.memos,
    phaseEventsAppended: outcome.phases.appended,
    nodes: outcome.manifest.nodes,
    relations: outcome.manifest.relations,
    elapsedMs: Math.round(outcome.elapsedMs),
    matchedByText: stored.matches,
    ...(stored.nameKept ? { nameKept: stored.nameKept } : {}),
    ...source.extra,
    warnings: [...source.warnings, ...stored.warnings],
  };
  if (opts.json) {
    ctx.out.print(JSON.stringify(summary, null, 2));
    return;
  }
  ctx.out.print(
    `Imported ${source.description} into study ${outcome.studyId} in ${(outcome.elapsedMs / 1000).toFixed(1)} s`,
  );
  ctx.out.print(
    renderTable(
      ['', 'created', 'changed', 'unchanged'],
      [
        [
          'study, codes, actors, positions',
          outcome.manifest.study.created + outcome.manifest.nodes.created,
          outcome.manifest.study.changed + outcome.manifest.nodes.changed,
          outcome.manifest.study.unchanged + outcome.manifest.nodes.unchanged,
        ],
        ['documents', d.created, d.changed, d.unchanged],
      ],
    ),
  );
  ctx.out.print(
    `${outcome.totals.excerpts} excerpts, ${outcome.totals.codings} codings and ${outcome.phases.appended} phase events written; ${created} created, ${changed} changed in all.`,
  );
  if (source.extra.offsetUnit)
    ctx.out.print(`Offsets in the project were ${source.extra.offsetUnit}.`);
  for (const line of projectSummaryLines(source.extra, opts.verbose === true)) ctx.out.print(line);
  if (source.extra.notCarried && Object.keys(source.extra.notCarried).length > 0) {
    ctx.out.print(
      `Not carried (not supported in this version): ${Object.entries(source.extra.notCarried)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ')}`,
    );
  }
}

export function registerStudy(program: Command, ctx: CommandContext): void {
  const study = program.command('study').description('import, list, export and delete studies');

  study
    .command('import <paths...>')
    .description(
      'import study folders or REFI-QDA .qdpx projects (idempotent: a re-run changes nothing). ' +
        "Several paths are merged into one import, e.g. every coder's copy of the same project: " +
        'documents matched by id must have the same text, definitions of the same id must agree, ' +
        'codings are united. A changed document is replaced whole; if that would remove codings by ' +
        'coders missing from the input, nothing is written unless --replace is given ' +
        '(docs/study-format.md, "Several coders")',
    )
    .option('--study <id>', 'the study id to import into (default: the id the first source gives)')
    .option('--map <map.yaml>', "map a .qdpx project's code and variable names to iwa keys")
    .option(
      '--coder <name[,name…]>',
      'the coder for codings whose source names none (one name per file when several are imported)',
    )
    .option(
      '--pseudonymise <names.yaml>',
      'replace real names from a list in every text first (docs/pseudonymisation.md)',
    )
    .option(
      '--replace',
      "replace changed documents even when that removes codings by coders missing from the input (another coder's file, workbench codings)",
    )
    .option(
      '--name <name>',
      "rename the study (a .qdpx imported into a study that exists keeps the study's name)",
    )
    .option('--dry-run', 'check everything and report, write nothing')
    .option('--json', 'print the summary as JSON')
    .action(async (paths: string[], opts: ImportOptions, command: Command) => {
      // the global --verbose also lists every code matched to a framework code without the map
      opts.verbose = command.optsWithGlobals<{ verbose?: boolean }>().verbose === true;
      await importStudy(paths, opts, ctx);
    });

  study
    .command('map <project.qdpx>')
    .description(
      'write a commented map template for a REFI-QDA project: every code path, variable and value, speaker label and case, with what the import does without a map and why (docs/import-from-qda-tools.md); edit it and import with --map',
    )
    .option('--out <map.yaml>', 'the file to write (default: print it)')
    .action(async (project: string, opts: { out?: string }) => {
      const res = await qdpxMapTemplate(project);
      if (!res.ok) {
        for (const e of res.errors) ctx.out.error(formatQdpxIssue(project, e));
        ctx.out.error(`iwa: no map written for ${project}: ${res.errors.length} problem(s).`);
        ctx.setExitCode(ExitCode.invalidInput);
        return;
      }
      if (opts.out === undefined) ctx.out.print(res.text);
      else {
        await writeFile(opts.out, res.text);
        ctx.out.print(
          `Wrote the map template of ${project} to ${opts.out}; edit it, then: iwa study import ${project} --map ${opts.out}`,
        );
      }
    });

  study
    .command('list')
    .description('list the studies in the database')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const conn = await connect(readEnv(), ctx.out);
      try {
        const studies = await studySummaries(conn.graph);
        if (opts.json) ctx.out.print(JSON.stringify(studies, null, 2));
        else if (studies.length === 0)
          ctx.out.print('No studies yet. Import one with: iwa study import <folder|file.qdpx>');
        else
          ctx.out.print(
            renderTable(
              ['study', 'name', 'documents', 'excerpts', 'codings', 'informants'],
              studies.map((s) => [s.id, s.name, s.documents, s.excerpts, s.codings, s.informants]),
            ),
          );
      } finally {
        await conn.graph.close();
      }
    });

  study
    .command('export <id>')
    .description(
      'export a study as a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder …',
    )
    .addOption(
      new Option('--format <format>', 'the export format').choices(['qdpx']).default('qdpx'),
    )
    .requiredOption('--out <file>', 'the file to write, e.g. study.qdpx')
    .action(async (id: string, opts: { format: string; out: string }) => {
      const conn = await connect(readEnv(), ctx.out);
      try {
        const studyData = await storedStudy(conn.graph, id);
        const bytes = await writeQdpx(studyData, { origin: 'iwa' });
        await writeFile(opts.out, bytes);
        ctx.out.print(
          `Exported study ${id} to ${opts.out}: ${studyData.documents.length} documents, ${studyData.excerpts.length} excerpts, ${studyData.codings.length} codings (${bytes.length} bytes).`,
        );
      } finally {
        await conn.graph.close();
      }
    });

  study
    .command('delete <id>')
    .description('delete a study and everything it holds')
    .option('--yes', 'do not ask')
    .action((id: string, opts: { yes?: boolean }) => deleteStudyCommand(id, opts, ctx));
}

/** `iwa study delete`: asks (or takes --yes), then deletes in batches with progress. */
async function deleteStudyCommand(
  id: string,
  opts: { yes?: boolean },
  ctx: CommandContext,
): Promise<void> {
  const conn = await connect(readEnv(), ctx.out);
  try {
    const summary = await requireStudy(conn.graph, id);
    if (!opts.yes) {
      if (!process.stdin.isTTY) {
        ctx.out.error('iwa: refusing to delete without --yes when there is no terminal to ask');
        ctx.setExitCode(ExitCode.invalidInput);
        return;
      }
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question(
        `Delete study ${id} (${summary.documents} documents, ${summary.codings} codings)? Type the id to confirm: `,
      );
      rl.close();
      if (answer.trim() !== id) {
        ctx.out.print('Not deleted.');
        return;
      }
    }
    // in batches (relationships first): a large study never needs one big transaction
    let lastLabel = '';
    const removed = await removeStudy(conn.graph, {
      studyId: id,
      onProgress: (p) => {
        if (p.label === lastLabel) return;
        lastLabel = p.label;
        ctx.out.info(
          `deleting ${id}: ${p.relationships} relationships and ${p.nodes} nodes removed so far (now: ${p.label})`,
        );
      },
    });
    ctx.out.print(`Deleted study ${id} (${removed} nodes).`);
  } finally {
    await conn.graph.close();
  }
}
