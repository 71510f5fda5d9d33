import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { ImportedCodebook } from '@iwa/refi';
import { storedCodebook } from '@iwa/services/database';
import { frameworkCodebook, type Codebook } from '@iwa/taxonomy';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { connect } from '../connect.ts';
import { readEnv } from '../env.ts';
import { ExitCode } from '../exit-codes.ts';

interface ExportOptions {
  out?: string;
  study?: string;
}

interface ImportOptions {
  json?: boolean;
}

/** A stored study's codebook (`ServiceError('not_found')` with did-you-mean when unknown). */
async function studyCodebook(ctx: CommandContext, studyId: string): Promise<Codebook> {
  const conn = await connect(readEnv(), ctx.out);
  try {
    return await storedCodebook(conn.graph, studyId);
  } finally {
    await conn.graph.close();
  }
}

/** @iwa/refi (and its XML library) load only when a codebook command runs, not on every `iwa`. */
const loadRefi = () => import('@iwa/refi');

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const describeCodes = (codebook: Codebook) => {
  const folders = codebook.codes.filter((c) => !c.isCodable).length;
  return `${count(codebook.codes.length, 'code')} (${codebook.codes.length - folders} codable, ${count(folders, 'folder')})`;
};

/** `iwa codebook export|import`: the frameworks as a REFI-QDA codebook (.qdc), and back. */
export function registerCodebook(program: Command, ctx: CommandContext): void {
  const codebook = program
    .command('codebook')
    .description(
      'exchange the codebook with NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette (REFI-QDA .qdc)',
    );

  codebook
    .command('export')
    .description('write the institutional-work frameworks as a REFI-QDA codebook (.qdc)')
    .option('--out <file>', 'the .qdc file to write (default: print it)')
    .option('--study <id>', "add a study's own codes to the frameworks")
    .action(async (opts: ExportOptions) => {
      let chosen = frameworkCodebook() as Codebook;
      if (opts.study !== undefined) {
        chosen = await studyCodebook(ctx, opts.study);
      }
      const { writeCodebookQdc } = await loadRefi();
      const xml = writeCodebookQdc(chosen);
      if (opts.out === undefined) {
        ctx.out.print(xml.trimEnd()); // print adds the final line break back
        return;
      }
      // write beside the target, then rename, so a reader never sees half a file
      const partial = `${opts.out}.partial`;
      writeFileSync(partial, xml, 'utf8');
      renameSync(partial, opts.out);
      ctx.out.print(
        `Wrote ${describeCodes(chosen)} of "${chosen.name}" version ${chosen.version} to ${opts.out}`,
      );
    });

  codebook
    .command('import')
    .description(
      'read a REFI-QDA codebook (.qdc), check it and show how it maps onto the frameworks',
    )
    .argument('<file>', 'the .qdc file')
    .option('--json', 'print what was found as JSON')
    .action(async (file: string, opts: ImportOptions) => {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (err) {
        ctx.out.error(
          `iwa: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`,
        );
        ctx.setExitCode(ExitCode.invalidInput);
        return;
      }
      const { safeReadCodebookQdc } = await loadRefi();
      const result = safeReadCodebookQdc(bytes, { name: basename(file, extname(file)) });
      if (!result.success) {
        for (const issue of result.error.issues) ctx.out.error(`iwa: ${file}: ${issue.message}`);
        ctx.setExitCode(ExitCode.invalidInput);
        return;
      }
      if (opts.json) ctx.out.print(JSON.stringify(importReport(file, result.data), null, 2));
      else printImport(ctx, file, result.data);
    });
}

function importReport(file: string, imported: ImportedCodebook) {
  return {
    file,
    namespace: imported.namespace ?? null,
    origin: imported.origin ?? null,
    codebook: imported.codebook,
    mapping: imported.mapping,
    studyCodes: imported.codebook.codes.filter((c) => c.origin === 'study').map((c) => c.key),
    sets: imported.sets,
    warnings: imported.warnings,
  };
}

const MATCHED: Record<ImportedCodebook['mapping'][number]['matchedBy'], string> = {
  guid: 'by GUID',
  key: 'by iwa key',
  path: 'by its full path of names',
  none: 'new key',
};

function printImport(ctx: CommandContext, file: string, imported: ImportedCodebook): void {
  const { codebook, mapping } = imported;
  const framework = mapping.filter((m) => m.origin === 'framework').length;
  const study = codebook.codes.filter((c) => c.origin === 'study');
  ctx.out.print(
    `${file}: a REFI-QDA codebook${imported.namespace ? ` (${imported.namespace})` : ''}${imported.origin ? ` from "${imported.origin}"` : ''}`,
  );
  ctx.out.print(
    `Codebook "${codebook.name}" version ${codebook.version}: ${count(mapping.length, 'code')} in the file, ${count(framework, 'framework code')}, ${count(study.length, 'study code')}`,
  );
  ctx.out.print(
    `Frameworks: ${codebook.frameworks.length > 0 ? codebook.frameworks.join(', ') : 'none'}; in all ${describeCodes(codebook)}`,
  );
  ctx.out.print('');
  ctx.out.print('Codes as in the file → key in iwa:');
  const width = Math.min(
    48,
    Math.max(...mapping.map((m) => m.name.length + 2 * (m.element.split('/Code[').length - 2))),
  );
  for (const m of mapping) {
    const depth = m.element.split('/Code[').length - 2;
    const name = `${'  '.repeat(depth)}${m.name}`;
    ctx.out.print(
      `  ${name.padEnd(width)}  → ${m.key}  (${m.origin}, ${MATCHED[m.matchedBy]}; line ${m.line})`,
    );
  }
  if (study.length > 0) {
    ctx.out.print('');
    ctx.out.print(`Became study codes: ${study.map((c) => c.key).join(', ')}`);
  }
  if (imported.sets.length > 0) {
    ctx.out.print('');
    ctx.out.print('Sets:');
    for (const set of imported.sets) {
      ctx.out.print(
        `  ${set.name}${set.iwa ? ' (iwa)' : ''}: ${set.memberKeys.join(', ') || 'no codes'}`,
      );
    }
  }
  if (imported.warnings.length > 0) {
    ctx.out.print('');
    ctx.out.print('Read liberally:');
    for (const w of imported.warnings)
      ctx.out.print(`  ${w.line ? `line ${w.line}: ` : ''}${w.message}`);
  }
}
