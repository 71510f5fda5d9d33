import { type ClaimResult, type CountingUnit, type Perspective } from '@iwa/analysis';
import {
  getStudy,
  queryActorGraph,
  queryCooccurrence,
  queryExcerpts,
  type Graph,
  type MatrixFilter,
} from '@iwa/graph';
import { Option, type Command } from 'commander';
import { readFile } from 'node:fs/promises';
import {
  buildMatrixReport,
  evaluateStudyClaims,
  loadCodedUnits,
  matrixCsv,
  matrixTableRows,
  type MatrixReport,
} from '@iwa/services';
import type { CommandContext } from '../command-context.ts';
import { connect } from '../connect.ts';
import { readEnv } from '../env.ts';
import { ExitCode } from '../exit-codes.ts';
import { renderTable } from '../table.ts';

const UNIT: Record<string, CountingUnit> = {
  excerpt: 'excerpts',
  informant: 'informants',
  document: 'documents',
};
const POSITION_DIMS = new Set([
  'role',
  'sector',
  'tier',
  'level',
  'authority',
  'embeddedness',
  'dualEmployment',
  'employerKind',
]);

/** Runs `fn` with a connected graph after checking the study exists; exit 2 when it does not. */
async function withStudy(
  ctx: CommandContext,
  studyId: string,
  fn: (graph: Graph) => Promise<void>,
): Promise<void> {
  const conn = await connect(readEnv(), ctx.out);
  try {
    if (!(await getStudy(conn.graph, { studyId }))) {
      ctx.out.error(`iwa: no study ${studyId}. See: iwa study list`);
      ctx.setExitCode(ExitCode.invalidInput);
      return;
    }
    await fn(conn.graph);
  } finally {
    await conn.graph.close();
  }
}

/** `dim=value` filters (position dimensions or code families) as graph filters. */
function graphFilters(where: string[]): MatrixFilter[] {
  return where.map((w): MatrixFilter => {
    const eq = w.indexOf('=');
    if (eq < 0) return { kind: 'code', code: w };
    const dim = w.slice(0, eq);
    const value = w.slice(eq + 1);
    if (POSITION_DIMS.has(dim)) return { kind: 'position', dimension: dim as 'role', value };
    return { kind: 'code', code: value.includes('.') ? value : `${dim}.${value}` };
  });
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
const byOption = (): Option =>
  new Option('--by <who>', 'position of the speaker or of the performer')
    .choices(['speaker', 'performer'])
    .default('speaker');

/** Prints a matrix report as aligned tables with residual marks and the test statistics. */
export function printMatrix(ctx: CommandContext, report: MatrixReport, allStats: boolean): void {
  for (const table of report.tables) {
    ctx.out.print(
      `\n${report.rows} × ${report.cols}${table.split ? ` — ${report.split} = ${table.split}` : report.split ? ' — all' : ''} (${report.unit} by ${report.by}; n = ${table.total})`,
    );
    ctx.out.print(
      renderTable(
        [report.rows, ...report.colValues, 'total'],
        [
          ...matrixTableRows(report, table),
          [
            'total',
            ...report.colValues.map((c) => table.colTotals.find((x) => x.col === c)?.count ?? 0),
            table.total,
          ],
        ],
      ),
    );
    if (allStats || table.split === null) {
      const s = table.stats;
      ctx.out.print(
        s.chiSquare === null
          ? `chi-square undefined${s.warnings.length ? `: ${s.warnings[0]}` : ''}`
          : `chi-square = ${s.chiSquare.toFixed(2)}, df = ${s.df}, p ${formatP(s.p)}, Cramér's V = ${s.cramersV?.toFixed(3)}${s.fisherP !== null ? `, Fisher's exact p ${formatP(s.fisherP)}` : ''}`,
      );
      for (const w of s.warnings.slice(s.chiSquare === null ? 1 : 0)) ctx.out.print(`  note: ${w}`);
    }
  }
  ctx.out.print(
    '\ncells: count (row %); + / ++ adjusted residual > 1.96 / 2.58, - / -- below −1.96 / −2.58',
  );
}

/** One line per claim, then how many hold. */
export function printClaims(ctx: CommandContext, results: readonly ClaimResult[]): void {
  for (const r of results) {
    const verdict = r.holds === true ? 'holds' : r.holds === false ? 'FAILS' : 'undecided';
    ctx.out.print(`${r.id.padEnd(5)} ${verdict.padEnd(9)} ${r.statement}\n      ${r.explanation}`);
  }
  const failed = results.filter((r) => r.holds !== true).length;
  ctx.out.print(`\n${results.length - failed} of ${results.length} claims hold.`);
}

export function registerAnalyse(program: Command, ctx: CommandContext): void {
  program
    .command('matrix')
    .description(
      "crosstab: position dimensions or code families, with chi-square, Cramér's V and residuals",
    )
    .requiredOption('--study <id>', 'the study')
    .option(
      '--rows <dim>',
      'rows: role, sector, tier, level, authority, embeddedness, employerKind, or a code family',
      'role',
    )
    .option(
      '--cols <dim>',
      'columns: a code family (form, purpose, lns, pillar, theme, flag) or a position dimension',
      'form',
    )
    .option('--split <dim>', 'a third dimension: one table per value (e.g. purpose)')
    .addOption(byOption())
    .addOption(
      new Option('--unit <unit>', 'what a cell counts')
        .choices(['excerpt', 'informant', 'document'])
        .default('excerpt'),
    )
    .option(
      '--where <dim=value>',
      'keep only excerpts where dim=value (repeatable; a code key alone means it is coded)',
      collect,
      [],
    )
    .option('--coder <id>', "only this coder's codings")
    .option('--stats', 'print the test statistics under each table')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'csv', 'json'])
        .default('table'),
    )
    .action(
      async (opts: {
        study: string;
        rows: string;
        cols: string;
        split?: string;
        by: Perspective;
        unit: string;
        where: string[];
        coder?: string;
        stats?: boolean;
        format: string;
      }) => {
        await withStudy(ctx, opts.study, async (graph) => {
          const units = await loadCodedUnits(graph, {
            studyId: opts.study,
            by: opts.by,
            coderId: opts.coder,
          });
          const report = buildMatrixReport(units, {
            rows: opts.rows,
            cols: opts.cols,
            split: opts.split,
            by: opts.by,
            unit: UNIT[opts.unit] ?? 'excerpts',
            where: opts.where,
          });
          if (opts.format === 'json')
            return ctx.out.print(JSON.stringify({ studyId: opts.study, ...report }, null, 2));
          if (opts.format === 'csv') {
            process.stdout.write(matrixCsv(report));
            return;
          }
          printMatrix(ctx, report, opts.stats === true);
        });
      },
    );

  program
    .command('excerpts')
    .description(
      'the excerpts behind a cell or any filter, with speaker, performer, position and document',
    )
    .requiredOption('--study <id>', 'the study')
    .option(
      '--where <dim=value>',
      'filter (repeatable): role=advisor, form=conceptual, purpose.creating …',
      collect,
      [],
    )
    .addOption(byOption())
    .option('--coder <id>', "only this coder's codings")
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 20)
    .option('--offset <n>', 'skip this many', (v) => Number.parseInt(v, 10), 0)
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        study: string;
        where: string[];
        by: Perspective;
        coder?: string;
        limit: number;
        offset: number;
        json?: boolean;
      }) => {
        await withStudy(ctx, opts.study, async (graph) => {
          const res = await queryExcerpts(graph, {
            studyId: opts.study,
            by: opts.by,
            where: graphFilters(opts.where),
            coderId: opts.coder,
            limit: opts.limit,
            offset: opts.offset,
            context: 0,
          });
          if (opts.json) return ctx.out.print(JSON.stringify(res, null, 2));
          ctx.out.print(
            `${res.total} excerpt(s)${res.total > res.items.length ? `, showing ${opts.offset + 1}–${opts.offset + res.items.length}` : ''}`,
          );
          for (const x of res.items) {
            const who = (a: typeof x.speaker): string =>
              a ? `${a.label} (${Object.values(a.position).filter(Boolean).join(', ')})` : '—';
            ctx.out.print(
              `\n[${x.id}] ${x.documentTitle} ${x.start}–${x.end}\n  speaker: ${who(x.speaker)}\n  performer: ${who(x.performer)}\n  codes: ${x.codes.join(', ')}\n  “${x.text}”`,
            );
          }
        });
      },
    );

  program
    .command('cooccurrence')
    .description(
      'how often codes of two families meet in one excerpt, with c = n12 / (n1 + n2 − n12)',
    )
    .requiredOption('--study <id>', 'the study')
    .option('--a <family>', 'first code family', 'form')
    .option('--b <family>', 'second code family', 'pillar')
    .option('--coder <id>', "only this coder's codings")
    .option('--json', 'print JSON')
    .action(
      async (opts: { study: string; a: string; b: string; coder?: string; json?: boolean }) => {
        await withStudy(ctx, opts.study, async (graph) => {
          const pairs = await queryCooccurrence(graph, {
            studyId: opts.study,
            familyA: opts.a,
            familyB: opts.b,
            coderId: opts.coder,
          });
          if (opts.json) return ctx.out.print(JSON.stringify(pairs, null, 2));
          ctx.out.print(
            renderTable(
              ['a', 'b', 'n1', 'n2', 'n12', 'c'],
              pairs.map((p) => [p.a, p.b, p.n1, p.n2, p.n12, p.c.toFixed(3)]),
            ),
          );
        });
      },
    );

  program
    .command('actors')
    .description(
      'the actor-position graph: who employs, enlists, advises whom, with evidence counts',
    )
    .requiredOption('--study <id>', 'the study')
    .option(
      '--relation <type>',
      'only this relation type (repeatable): employed_by, enlists, advises …',
      collect,
      [],
    )
    .option('--json', 'print JSON')
    .action(async (opts: { study: string; relation: string[]; json?: boolean }) => {
      await withStudy(ctx, opts.study, async (graph) => {
        const g = await queryActorGraph(graph, { studyId: opts.study, relations: opts.relation });
        if (opts.json) return ctx.out.print(JSON.stringify(g, null, 2));
        const label = new Map(g.nodes.map((n) => [n.id, n.label]));
        ctx.out.print(
          renderTable(
            ['actor', 'kind', 'role', 'sector', 'level', 'spoke', 'performed'],
            g.nodes.map((n) => [
              n.label,
              n.kind,
              n.position.role ?? '',
              n.position.sector ?? '',
              n.position.level ?? '',
              n.spoken,
              n.performed,
            ]),
          ),
        );
        ctx.out.print(
          renderTable(
            ['from', 'relation', 'to', 'evidence'],
            g.edges.map((e) => [
              label.get(e.source) ?? e.source,
              `${e.type}${e.dualEmployment ? ' (dual)' : ''}${e.participation ? ` (${e.participation})` : ''}`,
              label.get(e.target) ?? e.target,
              e.evidenceCount,
            ]),
          ),
        );
      });
    });

  const claims = program
    .command('claims')
    .description('check propositions about a study against its coded excerpts');
  claims
    .command('check')
    .description(
      'report each claim as holding or failing, with its numbers and the excerpts behind it',
    )
    .requiredOption('--study <id>', 'the study')
    .option('--file <claims.yaml>', 'a claims file (default: the claims imported with the study)')
    .option('--json', 'print JSON')
    .action(async (opts: { study: string; file?: string; json?: boolean }) => {
      await withStudy(ctx, opts.study, async (graph) => {
        const checked = await evaluateStudyClaims(graph, {
          studyId: opts.study,
          ...(opts.file ? { text: await readFile(opts.file, 'utf8'), source: opts.file } : {}),
        });
        if (checked.ok === 'none') {
          ctx.out.error(`iwa: study ${opts.study} has no claims; give one with --file claims.yaml`);
          ctx.setExitCode(ExitCode.invalidInput);
          return;
        }
        if (!checked.ok) {
          ctx.out.error(`iwa: ${checked.error}`);
          ctx.setExitCode(ExitCode.invalidInput);
          return;
        }
        if (checked.results.some((r) => r.holds !== true)) ctx.setExitCode(ExitCode.failure);
        if (opts.json) return ctx.out.print(JSON.stringify(checked.results, null, 2));
        printClaims(ctx, checked.results);
      });
    });
}

function formatP(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`;
}
