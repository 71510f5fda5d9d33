import type { ClaimResult } from '@iwa/analysis';
import type { Graph } from '@iwa/graph';
import {
  actorReport,
  cooccurrenceReport,
  searchStudy,
  ServiceError,
  evaluateStudyClaims,
  listExcerpts,
  loadStudyVocabulary,
  matrixCsv,
  matrixReport,
  matrixTableRows,
  type CoderRequest,
  type MatrixReport,
  type StudyVocabulary,
} from '@iwa/services/analysis';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { CommandContext } from '../command-context.ts';
import { connect } from '../connect.ts';
import { readEnv } from '../env.ts';
import { ExitCode } from '../exit-codes.ts';
import { renderTable } from '../table.ts';
import type {
  CoderFlags,
  CooccurrenceFlags,
  ExcerptsFlags,
  MatrixFlags,
  SearchFlags,
} from './analyse.ts';

const UNIT = { excerpt: 'excerpts', informant: 'informants', document: 'documents' } as const;

/** The coder request of a command's flags. */
export function coderRequest(opts: CoderFlags): CoderRequest {
  return { coders: opts.coder, rule: opts.coderRule };
}

/** Runs `fn` with a connected graph, closed afterwards. */
async function withGraph(ctx: CommandContext, fn: (graph: Graph) => Promise<void>): Promise<void> {
  const conn = await connect(readEnv(), ctx.out);
  try {
    await fn(conn.graph);
  } finally {
    await conn.graph.close();
  }
}

/**
 * Runs `fn` with a connected graph and the study's vocabulary (which checks that the study
 * exists: an unknown one is a ServiceError, exit 2 with the known studies).
 */
export async function withVocabulary(
  ctx: CommandContext,
  studyId: string,
  fn: (graph: Graph, vocab: StudyVocabulary) => Promise<void>,
): Promise<void> {
  await withGraph(ctx, async (graph) => fn(graph, await loadStudyVocabulary(graph, studyId)));
}

function formatP(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`;
}

/** Prints a matrix report as aligned tables with residual marks and the test statistics. */
export function printMatrix(ctx: CommandContext, report: MatrixReport, allStats: boolean): void {
  const heading = `${report.rows.name} × ${report.cols.name}`;
  ctx.out.print(
    `${heading}${report.split ? `, split by ${report.split.name}` : ''}: ${report.unit} by ${report.by}${report.where.length > 0 ? `, where ${report.where.join(' & ')}` : ''}`,
  );
  ctx.out.print(`${report.coders.description}`);
  for (const note of report.notes) ctx.out.print(`note: ${note}`);
  for (const table of report.tables) {
    if (report.split && table.split === null && report.tables.length > 1)
      ctx.out.print(`\n${heading} — all ${report.unit}`);
    else if (table.split !== null)
      ctx.out.print(`\n${heading} — ${report.split?.name} = ${table.split}`);
    else ctx.out.print('');
    const more = table.cellSum - table.total;
    ctx.out.print(
      `n = ${table.total} ${report.unit}${more > 0 ? `; the cells add up to ${table.cellSum}, as ${table.multiCell} fall in more than one cell` : ''}`,
    );
    if (report.rowValues.length === 0 || report.colValues.length === 0) {
      ctx.out.print('(no cells)');
      continue;
    }
    ctx.out.print(
      renderTable(
        [report.rows.dimension, ...report.colValues.map((c) => c.key), `${report.unit} (distinct)`],
        [
          ...matrixTableRows(report, table),
          [
            `${report.unit} (distinct)`,
            ...report.colValues.map(
              (c) => table.colTotals.find((x) => x.col === c.key)?.count ?? 0,
            ),
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
          : `chi-square = ${s.chiSquare.toFixed(2)}, df = ${s.df}, p ${formatP(s.p)}, Cramér's V = ${s.cramersV?.toFixed(3)}${s.fisherP !== null ? `, Fisher's exact p ${formatP(s.fisherP)}` : ''} (n = ${s.n} cell counts)`,
      );
      for (const w of s.warnings.slice(s.chiSquare === null ? 1 : 0)) ctx.out.print(`  note: ${w}`);
    }
  }
  ctx.out.print(
    `\ncells: count (% of the row's distinct ${report.unit}); + / ++ adjusted residual > 1.96 / 2.58, - / -- below −1.96 / −2.58`,
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

export async function matrix(ctx: CommandContext, opts: MatrixFlags): Promise<void> {
  // matrixReport loads the vocabulary itself: only the parts the named dimensions need
  await withGraph(ctx, async (graph) => {
    const report = await matrixReport(graph, {
      studyId: opts.study,
      rows: opts.rows,
      cols: opts.cols,
      split: opts.split,
      by: opts.by,
      unit: UNIT[opts.unit],
      where: opts.where,
      coders: coderRequest(opts),
    });
    if (opts.format === 'json') return ctx.out.print(JSON.stringify(report, null, 2));
    if (opts.format === 'csv') {
      process.stdout.write(matrixCsv(report));
      return;
    }
    printMatrix(ctx, report, opts.stats === true);
  });
}

/** Writes a file whole or not at all: a partial file, then a rename. */
async function writeWhole(path: string, body: string | Uint8Array): Promise<void> {
  const partial = `${path}.partial`;
  await writeFile(partial, body);
  await rename(partial, path);
}

export async function excerpts(ctx: CommandContext, opts: ExcerptsFlags): Promise<void> {
  const where = [...(opts.where ?? []), ...(opts.code ?? [])];
  if (opts.format !== undefined)
    return exportExcerpts(ctx, { ...opts, where, format: opts.format });
  await withVocabulary(ctx, opts.study, async (graph, vocab) => {
    const res = await listExcerpts(
      graph,
      {
        studyId: opts.study,
        where,
        by: opts.by,
        coders: coderRequest(opts),
        limit: opts.limit,
        offset: opts.offset,
        context: 0,
      },
      vocab,
    );
    if (opts.json) return ctx.out.print(JSON.stringify(res, null, 2));
    ctx.out.print(
      `${res.total} excerpt(s)${res.where.length > 0 ? ` where ${res.where.join(' & ')}` : ''}${res.total > res.items.length && res.items.length > 0 ? `, showing ${opts.offset + 1}–${opts.offset + res.items.length}` : ''}; ${res.coders.description}`,
    );
    for (const x of res.items) {
      const who = (a: typeof x.speaker): string =>
        a ? `${a.label} (${Object.values(a.position).filter(Boolean).join(', ')})` : '—';
      ctx.out.print(
        `\n[${x.id}] ${x.documentTitle} ${x.start}–${x.end}\n  speaker: ${who(x.speaker)}\n  performer: ${who(x.performer)}\n  codes: ${x.codes.join(', ')}\n  “${x.text}”`,
      );
    }
  });
}

/** `iwa excerpts --format csv|docx`: every selected excerpt with its context, as a file. */
async function exportExcerpts(
  ctx: CommandContext,
  opts: ExcerptsFlags & { where: string[]; format: 'csv' | 'docx' },
): Promise<void> {
  if (opts.format === 'docx' && opts.out === undefined) {
    throw new ServiceError(
      'invalid_query',
      'iwa excerpts --format docx needs --out <file.docx> (a Word file is not printed)',
    );
  }
  // the export code (and its Word library) loads only for an export
  const { excerptsCsv, excerptsDocx, retrieveExcerpts } = await import('@iwa/services');
  await withVocabulary(ctx, opts.study, async (graph, vocab) => {
    const page = await retrieveExcerpts(
      graph,
      { studyId: opts.study, where: opts.where, by: opts.by, coders: coderRequest(opts) },
      vocab,
    );
    const body =
      opts.format === 'csv'
        ? excerptsCsv(page)
        : await excerptsDocx(page, {
            studyName: vocab.studyName,
            codeLabel: (c) => vocab.codeLabel(c),
          });
    if (opts.out === undefined) {
      process.stdout.write(body);
      return;
    }
    await writeWhole(opts.out, body);
    ctx.out.print(
      `wrote ${page.total} excerpt(s)${page.where.length > 0 ? ` where ${page.where.join(' & ')}` : ''} to ${opts.out}; ${page.coders.description}`,
    );
  });
}

/** `iwa search`: the documents holding every term, and each hit in its speaker's turn. */
export async function search(ctx: CommandContext, query: string, opts: SearchFlags): Promise<void> {
  await withVocabulary(ctx, opts.study, async (graph, vocab) => {
    const report = await searchStudy(
      graph,
      {
        studyId: opts.study,
        query,
        context: opts.context,
        limit: opts.limit,
        offset: opts.offset,
      },
      vocab,
    );
    if (opts.json) return ctx.out.print(JSON.stringify(report, null, 2));
    ctx.out.print(
      `${report.total} hit(s) of ${report.terms.join(' ')} in ${report.documents.length} document(s)${report.total > report.hits.length && report.hits.length > 0 ? `, showing ${opts.offset + 1}–${opts.offset + report.hits.length}` : ''}`,
    );
    let doc = '';
    for (const h of report.hits) {
      if (h.documentId !== doc) {
        doc = h.documentId;
        ctx.out.print(`\n${h.documentTitle} (${h.documentId})`);
      }
      const flat = (s: string) => s.replace(/\s+/g, ' ');
      ctx.out.print(
        `  ${String(h.start).padStart(6)}  ${h.speaker === null ? '' : `${h.speaker.label}: `}${h.beforeCut ? '…' : ''}${flat(h.before)}[${flat(h.match)}]${flat(h.after)}${h.afterCut ? '…' : ''}`,
      );
    }
  });
}

export async function cooccurrence(ctx: CommandContext, opts: CooccurrenceFlags): Promise<void> {
  await withVocabulary(ctx, opts.study, async (graph, vocab) => {
    const report = await cooccurrenceReport(
      graph,
      {
        studyId: opts.study,
        a: opts.a,
        b: opts.b,
        where: opts.where,
        by: opts.by,
        coders: coderRequest(opts),
      },
      vocab,
    );
    if (opts.json) return ctx.out.print(JSON.stringify(report, null, 2));
    ctx.out.print(
      `${report.a} × ${report.b}${report.where.length > 0 ? ` where ${report.where.join(' & ')}` : ''}; ${report.coders.description}`,
    );
    ctx.out.print(
      renderTable(
        ['a', 'b', 'n1', 'n2', 'n12', 'c'],
        report.pairs.map((p) => [p.a, p.b, p.n1, p.n2, p.n12, p.c.toFixed(3)]),
      ),
    );
  });
}

export async function actors(
  ctx: CommandContext,
  opts: CoderFlags & { study: string; relation: string[]; json?: boolean },
): Promise<void> {
  await withVocabulary(ctx, opts.study, async (graph, vocab) => {
    const g = await actorReport(
      graph,
      { studyId: opts.study, relations: opts.relation, coders: coderRequest(opts) },
      vocab,
    );
    if (opts.json) return ctx.out.print(JSON.stringify(g, null, 2));
    ctx.out.print(g.coders.description);
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
    if (g.edges.length === 0) {
      ctx.out.print(
        `no ${g.relations.length > 0 ? g.relations.join(' or ') : ''} relations in ${opts.study}${vocab.relationsPresent.length > 0 ? ` (it has: ${vocab.relationsPresent.map((r) => `${r.type} ${r.n}`).join(', ')})` : ''}`,
      );
      return;
    }
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
}

export async function claimsCheck(
  ctx: CommandContext,
  opts: CoderFlags & { study: string; file?: string; json?: boolean },
): Promise<void> {
  await withVocabulary(ctx, opts.study, async (graph, vocab) => {
    const checked = await evaluateStudyClaims(
      graph,
      {
        studyId: opts.study,
        coders: coderRequest(opts),
        ...(opts.file ? { text: await readFile(opts.file, 'utf8'), source: opts.file } : {}),
      },
      vocab,
    );
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
    ctx.out.print(checked.coders.description);
    printClaims(ctx, checked.results);
  });
}
