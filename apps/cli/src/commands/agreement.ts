import { CHARACTER_AGREEMENT_CAVEAT } from '@iwa/analysis';
import {
  agreementCsv,
  agreementTables,
  checkAgreementRequest,
  studyAgreement,
  type AgreementMeasure,
  type AgreementTable,
} from '@iwa/services';
import { Option, type Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { connect } from '../connect.ts';
import { readEnv } from '../env.ts';
import { ExitCode } from '../exit-codes.ts';
import { renderTable } from '../table.ts';

interface AgreementOptions {
  study: string;
  coders?: string;
  family?: string;
  unit: 'segment' | 'character';
  minOverlap: number;
  json?: boolean;
  csv?: boolean;
  disagreements: number;
  spans: 'all' | 'both-coded';
  measure: AgreementMeasure;
  ci?: boolean;
  resamples: number;
  seed: number;
  minAlpha: string;
}

function cell(c: string | number | null, header: string): string | number {
  if (c === null) return 'undefined';
  if (typeof c === 'string') return c;
  if (header === '% agree') return `${c.toFixed(1)}%`;
  return Number.isInteger(c) && !/alpha|kappa|AC1|pi|Brennan|P\(/.test(header) ? c : c.toFixed(3);
}

function printTable(t: AgreementTable, print: (s: string) => void): void {
  print(`\n${t.title}\n(${t.settings})`);
  print(
    renderTable(
      t.header,
      t.rows.map((r) => r.map((c, i) => cell(c, t.header[i] ?? ''))),
    ),
  );
  for (const n of t.notes) print(`undefined: ${n}`);
}

export function registerAgreement(program: Command, ctx: CommandContext): void {
  program
    .command('agreement')
    .description(
      "agreement between coders: percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha",
    )
    .requiredOption('--study <id>', 'the study')
    .option('--coders <a,b,…>', 'only these coders (default: every coder)')
    .option(
      '--family <family>',
      'only codes of this family (form, purpose, lns, pillar, theme, flag)',
    )
    .addOption(
      new Option(
        '--unit <unit>',
        'segment: align codings into units by overlap; character: every character (NVivo-style)',
      )
        .choices(['segment', 'character'])
        .default('segment'),
    )
    .option(
      '--min-overlap <share>',
      'segments are one unit when their overlap is at least this share of their union',
      Number.parseFloat,
      0.5,
    )
    .option(
      '--disagreements <n>',
      'how many disagreements to list',
      (v) => Number.parseInt(v, 10),
      20,
    )
    .addOption(
      new Option(
        '--spans <spans>',
        'segment unit: all units, or only units both-coded (coded by two or more coders)',
      )
        .choices(['all', 'both-coded'])
        .default('all'),
    )
    .addOption(
      new Option(
        '--measure <measure>',
        'presence: each code present/absent; family: each family as one nominal variable; code-set: set-valued alpha (MASI, Jaccard); unitizing: u-alpha over the spans, gaps included',
      )
        .choices(['presence', 'family', 'code-set', 'unitizing'])
        .default('presence'),
    )
    .option(
      '--ci',
      'bootstrap intervals for alpha (presence, family, code-set: units resampled; unitizing: documents resampled), with P(alpha < min)',
    )
    .option('--resamples <n>', 'bootstrap resamples', (v) => Number.parseInt(v, 10), 1000)
    .option('--seed <n>', 'bootstrap seed', (v) => Number.parseInt(v, 10), 1)
    .option('--min-alpha <a,b>', 'minimums for P(alpha < min)', '0.667,0.8')
    .option('--csv', 'print the tables as CSV (each with its settings)')
    .option('--json', 'print JSON')
    .action(async (opts: AgreementOptions) => {
      if (!(opts.minOverlap > 0 && opts.minOverlap <= 1)) {
        ctx.out.error('iwa: --min-overlap must be a share in (0, 1]');
        ctx.setExitCode(ExitCode.invalidInput);
        return;
      }
      const minimums = opts.minAlpha.split(',').map((x) => Number.parseFloat(x.trim()));
      if (
        minimums.some((m) => !Number.isFinite(m)) ||
        !(Number.isInteger(opts.resamples) && opts.resamples >= 1) ||
        !Number.isInteger(opts.seed)
      ) {
        ctx.out.error(
          'iwa: --resamples must be a whole number ≥ 1, --seed a whole number and --min-alpha numbers',
        );
        ctx.setExitCode(ExitCode.invalidInput);
        return;
      }
      const conn = await connect(readEnv(), ctx.out);
      try {
        const coders = opts.coders
          ? opts.coders
              .split(',')
              .map((c) => c.trim())
              .filter(Boolean)
          : [];
        const params = {
          studyId: opts.study,
          coders,
          family: opts.family,
          unit: opts.unit,
          minOverlap: opts.minOverlap,
          spans: opts.spans,
          measure: opts.measure,
          bootstrap: opts.ci ? { resamples: opts.resamples, seed: opts.seed, minimums } : undefined,
        };
        await checkAgreementRequest(conn.graph, params);
        const result = await studyAgreement(conn.graph, params);
        if (result === undefined) {
          ctx.out.error(`iwa: no study ${opts.study}. See: iwa study list`);
          ctx.setExitCode(ExitCode.invalidInput);
          return;
        }
        const docs = result.documents;
        const report = result.report;
        if (opts.json) {
          const { report: _r, documents: _d, ...rest } = result;
          return ctx.out.print(JSON.stringify({ ...rest, ...report }, null, 2));
        }
        const tables = agreementTables(result);
        if (opts.csv) return ctx.out.print(agreementCsv(tables));
        if (result.unit === 'character') ctx.out.print(`note: ${CHARACTER_AGREEMENT_CAVEAT}`);
        for (const t of tables) printTable(t, (x) => ctx.out.print(x));
        if (result.unit === 'character' || result.measure !== 'presence') return;
        for (const s of report.skippedDocuments)
          ctx.out.print(`skipped ${s.documentId}: ${s.reason}`);
        const segment = result.report;
        const shown = segment.disagreements.slice(0, opts.disagreements);
        ctx.out.print(
          `\n${segment.disagreements.length} disagreement(s)${shown.length < segment.disagreements.length ? `, first ${shown.length}` : ''}:`,
        );
        for (const d of shown) {
          ctx.out.print(
            `- ${docs[d.documentId]?.title ?? d.documentId} ${d.start}–${d.end}: disputed ${d.disputed.join(', ')}`,
          );
          for (const [coder, codes] of Object.entries(d.codes))
            ctx.out.print(`    ${coder}: ${codes.length ? codes.join(', ') : '(nothing)'}`);
          if (d.text)
            ctx.out.print(`    “${d.text.length > 200 ? `${d.text.slice(0, 200)}…` : d.text}”`);
        }
      } finally {
        await conn.graph.close();
      }
    });
}
