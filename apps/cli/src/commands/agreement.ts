import { CHARACTER_AGREEMENT_CAVEAT, type AgreementSummary } from '@iwa/analysis';
import { studyAgreement } from '@iwa/services';
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
  disagreements: number;
}

function fmt(v: { value: number | null } | number | null | undefined, digits = 3): string {
  if (v === null || v === undefined) return '—';
  const n = typeof v === 'number' ? v : v.value;
  return n === null ? 'undefined' : n.toFixed(digits);
}

function summaryRow(name: string, s: AgreementSummary): (string | number)[] {
  const pa = 'pairwise' in s.percentAgreement ? s.percentAgreement.pairwise : null;
  return [
    name,
    s.items,
    s.itemsCoded,
    pa === null ? 'undefined' : `${(pa * 100).toFixed(1)}%`,
    fmt(s.alpha),
    fmt(s.kappa),
    fmt(s.fleiss),
  ];
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
    .option('--json', 'print JSON')
    .action(async (opts: AgreementOptions) => {
      if (!(opts.minOverlap > 0 && opts.minOverlap <= 1)) {
        ctx.out.error('iwa: --min-overlap must be a share in (0, 1]');
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
        const result = await studyAgreement(conn.graph, {
          studyId: opts.study,
          coders,
          family: opts.family,
          unit: opts.unit,
          minOverlap: opts.minOverlap,
        });
        if (result === undefined) {
          ctx.out.error(`iwa: no study ${opts.study}. See: iwa study list`);
          ctx.setExitCode(ExitCode.invalidInput);
          return;
        }
        const docs = result.documents;
        if (result.unit === 'character') {
          const report = result.report;
          if (opts.json)
            return ctx.out.print(JSON.stringify({ unit: 'character', ...report }, null, 2));
          ctx.out.print(
            `Character-level agreement, coders ${report.coders.join(', ')}\nnote: ${CHARACTER_AGREEMENT_CAVEAT}`,
          );
          ctx.out.print(
            renderTable(
              ['', 'items', 'coded', '% agree', 'alpha', 'kappa', 'fleiss'],
              [
                summaryRow('overall', report.overall),
                ...Object.entries(report.byFamily).map(([k, s]) => summaryRow(`family ${k}`, s)),
                ...Object.entries(report.byCode).map(([k, s]) => summaryRow(k, s)),
              ],
            ),
          );
          return;
        }
        const report = result.report;
        if (opts.json)
          return ctx.out.print(
            JSON.stringify({ unit: 'segment', minOverlap: opts.minOverlap, ...report }, null, 2),
          );
        ctx.out.print(
          `Segment agreement (units: codings overlapping ≥ ${Math.round(opts.minOverlap * 100)}% of their union), coders ${report.coders.join(', ')}, ${report.units} units`,
        );
        ctx.out.print(
          renderTable(
            ['', 'items', 'coded', '% agree', 'alpha', 'kappa', 'fleiss'],
            [
              summaryRow('overall', report.overall),
              ...Object.entries(report.byFamily).map(([k, s]) => summaryRow(`family ${k}`, s)),
              ...Object.entries(report.byCode).map(([k, s]) => summaryRow(k, s)),
            ],
          ),
        );
        ctx.out.print(
          renderTable(
            ['document', 'items', 'coded', '% agree', 'alpha', 'kappa', 'fleiss'],
            Object.entries(report.byDocument).map(([k, s]) => summaryRow(docs[k]?.title ?? k, s)),
          ),
        );
        for (const s of report.skippedDocuments)
          ctx.out.print(`skipped ${s.documentId}: ${s.reason}`);
        const shown = report.disagreements.slice(0, opts.disagreements);
        ctx.out.print(
          `\n${report.disagreements.length} disagreement(s)${shown.length < report.disagreements.length ? `, first ${shown.length}` : ''}:`,
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
