import { writeDocuments, writeStudyManifest } from '@iwa/graph';
import { evaluateStudyClaims, type MatrixReport } from '@iwa/services';
import { codedStudy } from '@iwa/testing/coded-study';
import { beforeAll, describe, expect, it } from 'vitest';
import { createExplorerApp, GraphExplorerData } from '@iwa/explorer-server';
import { runCli } from '../src/cli.ts';
import { importDemo, useCliTestContext } from './cli-test-context.ts';

/*
 * One answer everywhere: for a grid of configurations (rows × cols × split × count unit ×
 * perspective × coder choice × filters) on both demo studies and a generated three-coder study,
 * the CLI's JSON (`iwa matrix --format json`, run in-process), the explorer's matrix API (its
 * Hono app, in-process, on the same database), the claims' counts, and an
 * independent count (plain Cypher that reads the raw facts, counted here in TypeScript) agree on
 * every cell, margin, total, multi-cell count and statistic.
 */
const t = useCliTestContext('one-answer');
const ips = t.track(`ips-norway-g${process.pid}`);
const collab = t.track(`collab-meetings-g${process.pid}`);
const generated = t.track(`generated-g${process.pid}`);

beforeAll(async () => {
  await importDemo(t.graph, 'ips-norway', ips);
  await importDemo(t.graph, 'collab-meetings', collab);
  const study = codedStudy(generated, 11);
  await writeStudyManifest(t.graph, { manifest: study.manifest, codes: study.codes });
  await writeDocuments(t.graph, { studyId: generated, bundles: study.bundles });
  Object.assign(process.env, t.env);
}, 600_000);

// ---------------------------------------------------------------------------------------------
// The independent count: the raw facts by plain Cypher, counted by hand

interface Fact {
  id: string;
  documentId: string;
  speakerId: string | null;
  performerId: string | null;
  codings: { coder: string; code: string }[];
  variables: Record<string, string>;
}
interface Facts {
  excerpts: Fact[];
  actors: Map<string, { role: string | null; sector: string | null }>;
  coders: string[];
}

const FACTS_CYPHER = `MATCH (e:Excerpt {studyId: $studyId})
MATCH (d:Document {studyId: $studyId, id: e.documentId})
OPTIONAL MATCH (e)-[:SPOKEN_BY]->(sp)
OPTIONAL MATCH (e)-[:PERFORMED_BY]->(pf)
OPTIONAL MATCH (e)-[cd:CODED]->(c:Code)
RETURN e.id AS id, e.documentId AS documentId, sp.id AS speakerId, pf.id AS performerId,
       [x IN collect({coder: cd.coderId, code: c.id}) WHERE x.code IS NOT NULL] AS codings,
       d.variables AS variables`;
const ACTORS_CYPHER = `MATCH (a {studyId: $studyId}) WHERE a:Informant OR a:Organisation OR a:ActorGroup
OPTIONAL MATCH (a)-[:HOLDS]->(p:Position)
OPTIONAL MATCH (a)-[:EMPLOYED_BY {primary: true}]->(o:Organisation)
RETURN a.id AS id, coalesce(p.role, a.role, CASE WHEN a:Organisation THEN 'organisation' END) AS role,
       coalesce(p.sector, a.sector, o.sector) AS sector`;

async function facts(studyId: string): Promise<Facts> {
  const rows = await t.graph.read(FACTS_CYPHER, { studyId });
  const excerpts = rows.map((r) => {
    const o = r as unknown as Omit<Fact, 'variables'> & { variables: string | null };
    const vars = o.variables ? (JSON.parse(o.variables) as Record<string, unknown>) : {};
    return {
      ...o,
      // the performer is the speaker when the excerpt names none
      performerId: o.performerId ?? o.speakerId,
      variables: Object.fromEntries(
        Object.entries(vars)
          .filter(([, v]) => typeof v === 'string')
          .map(([k, v]) => [k, v as string]),
      ),
    };
  });
  const actors = new Map(
    (await t.graph.read(ACTORS_CYPHER, { studyId })).map((r) => {
      const o = r as unknown as { id: string; role: string | null; sector: string | null };
      return [o.id, { role: o.role, sector: o.sector }] as const;
    }),
  );
  const coders = [...new Set(excerpts.flatMap((x) => x.codings.map((c) => c.coder)))].sort();
  return { excerpts, actors, coders };
}

type Who = 'speaker' | 'performer';
interface Config {
  study: string;
  rows: string;
  cols: string;
  split?: string;
  unit: 'excerpt' | 'informant' | 'document';
  by: Who;
  coders: 'all' | 'first' | 'agreed';
  where: string[];
}

const FAMILIES = ['form', 'purpose', 'pillar', 'lns', 'flag', 'theme'];

function codersOf(f: Facts, c: Config): { ids: string[]; need: number } {
  if (c.coders === 'first') return { ids: [f.coders[0]!], need: 1 };
  if (c.coders === 'agreed') return { ids: f.coders, need: f.coders.length };
  return { ids: f.coders, need: 1 };
}

function values(f: Facts, x: Fact, codes: string[], dim: string, by: Who): string[] {
  if (FAMILIES.includes(dim))
    return codes.filter((k) => k.startsWith(`${dim}.`)).map((k) => k.slice(dim.length + 1));
  if (dim === 'role' || dim === 'sector') {
    const actor = by === 'speaker' ? x.speakerId : x.performerId;
    const v = actor ? f.actors.get(actor)?.[dim] : null;
    return v ? [v] : [];
  }
  const v = x.variables[dim];
  return v === undefined ? [] : [v];
}

interface HandTable {
  cells: Map<string, number>;
  rowTotals: Map<string, number>;
  colTotals: Map<string, number>;
  total: number;
  multiCell: number;
}

function handCount(
  f: Facts,
  c: Config,
): { matched: number; tables: Map<string | null, HandTable> } {
  const rule = codersOf(f, c);
  type Sig = { entity: string | null; rs: string[]; cs: string[]; ls: string[] };
  const sigs: Sig[] = [];
  for (const x of f.excerpts) {
    const tally = new Map<string, Set<string>>();
    for (const cd of x.codings)
      if (rule.ids.includes(cd.coder))
        tally.set(cd.code, (tally.get(cd.code) ?? new Set()).add(cd.coder));
    const codes = [...tally].filter(([, s]) => s.size >= rule.need).map(([k]) => k);
    if (codes.length === 0) continue;
    const ok = c.where.every((w) => {
      const [dim = '', list = ''] = w.split('=');
      const want = list.split('|');
      return values(f, x, codes, dim, c.by).some((v) => want.includes(v));
    });
    if (!ok) continue;
    sigs.push({
      entity:
        c.unit === 'excerpt'
          ? x.id
          : c.unit === 'document'
            ? x.documentId
            : c.by === 'speaker'
              ? x.speakerId
              : x.performerId,
      rs: [...new Set(values(f, x, codes, c.rows, c.by))],
      cs: [...new Set(values(f, x, codes, c.cols, c.by))],
      ls: c.split ? [...new Set(values(f, x, codes, c.split, c.by))] : [],
    });
  }
  const tables = new Map<string | null, HandTable>();
  for (const layer of [null, ...new Set(sigs.flatMap((s) => s.ls))]) {
    const inLayer = sigs.filter(
      (s) => s.entity !== null && (layer === null || s.ls.includes(layer)),
    );
    const distinct = (pred: (s: Sig) => boolean): number =>
      new Set(inLayer.filter(pred).map((s) => s.entity)).size;
    const cells = new Map<string, number>();
    const rowTotals = new Map<string, number>();
    const colTotals = new Map<string, number>();
    for (const r of new Set(inLayer.flatMap((s) => s.rs))) {
      rowTotals.set(
        r,
        distinct((s) => s.cs.length > 0 && s.rs.includes(r)),
      );
      for (const col of new Set(inLayer.flatMap((s) => s.cs)))
        cells.set(
          `${r}|${col}`,
          distinct((s) => s.rs.includes(r) && s.cs.includes(col)),
        );
    }
    for (const col of new Set(inLayer.flatMap((s) => s.cs)))
      colTotals.set(
        col,
        distinct((s) => s.rs.length > 0 && s.cs.includes(col)),
      );
    const cellsOf = new Map<string, Set<string>>();
    for (const s of inLayer)
      for (const r of s.rs)
        for (const col of s.cs)
          cellsOf.set(s.entity!, (cellsOf.get(s.entity!) ?? new Set()).add(`${r}|${col}`));
    tables.set(layer, {
      cells,
      rowTotals,
      colTotals,
      total: distinct((s) => s.rs.length > 0 && s.cs.length > 0),
      multiCell: [...cellsOf.values()].filter((set) => set.size > 1).length,
    });
  }
  return {
    matched: new Set(sigs.filter((s) => s.entity !== null).map((s) => s.entity)).size,
    tables,
  };
}

/** Pearson's chi-square and Cramér's V of a table's cells, by the textbook formula. */
function chiSquare(counts: number[][]): { chi: number; v: number } | null {
  const rows = counts.filter((r) => r.reduce((a, b) => a + b, 0) > 0);
  const keep = (rows[0] ?? []).map((_, j) => rows.some((r) => (r[j] ?? 0) > 0));
  const m = rows.map((r) => r.filter((_, j) => keep[j]));
  if (m.length < 2 || (m[0]?.length ?? 0) < 2) return null;
  const n = m.flat().reduce((a, b) => a + b, 0);
  const rs = m.map((r) => r.reduce((a, b) => a + b, 0));
  const cs = m[0]!.map((_, j) => m.reduce((a, r) => a + r[j]!, 0));
  let chi = 0;
  m.forEach((r, i) =>
    r.forEach((o, j) => {
      const e = (rs[i]! * cs[j]!) / n;
      chi += (o - e) ** 2 / e;
    }),
  );
  return { chi, v: Math.sqrt(chi / (n * (Math.min(m.length, cs.length) - 1))) };
}

// ---------------------------------------------------------------------------------------------
// The surfaces

async function cliMatrix(c: Config, f: Facts): Promise<MatrixReport> {
  const args = [
    'matrix',
    '--study',
    c.study,
    '--rows',
    c.rows,
    '--cols',
    c.cols,
    ...(c.split ? ['--split', c.split] : []),
    '--unit',
    c.unit,
    '--by',
    c.by,
    ...c.where.flatMap((w) => ['--where', w]),
    ...(c.coders === 'first' ? ['--coder', f.coders[0]!] : []),
    ...(c.coders === 'agreed' ? ['--coder-rule', 'agreed'] : []),
    '--format',
    'json',
  ];
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  };
  let code: number;
  try {
    code = await runCli(['--quiet', ...args]);
  } finally {
    process.stdout.write = write;
  }
  expect(code, `iwa ${args.join(' ')}`).toBe(0);
  return JSON.parse(out.join('')) as MatrixReport;
}

let explorer: ReturnType<typeof createExplorerApp> | undefined;

/** The explorer's answer to the same configuration: `GET /api/studies/:id/matrix?…`. */
async function explorerMatrix(c: Config, f: Facts): Promise<unknown> {
  const app = (explorer ??= createExplorerApp({
    data: new GraphExplorerData(t.graph),
    checkResponses: true,
    uiDir: '/nonexistent-explorer-ui',
  }));
  const q = new URLSearchParams({ rows: c.rows, cols: c.cols, unit: c.unit, by: c.by });
  if (c.split) q.set('split', c.split);
  for (const w of c.where) q.append('where', w);
  if (c.coders === 'first') q.set('coders', f.coders[0]!);
  if (c.coders === 'agreed') q.set('coderRule', 'agreed');
  const res = await app.request(`http://127.0.0.1/api/studies/${c.study}/matrix?${q.toString()}`);
  expect(res.status, `explorer ${q.toString()}`).toBe(200);
  return res.json();
}

/** The row totals and cells by the claims checker: one plurality claim per row value. */
async function claimCounts(
  c: Config,
  f: Facts,
  report: MatrixReport,
): Promise<Map<string, Record<string, number>>> {
  const count = { excerpt: 'excerpts', informant: 'informants', document: 'documents' }[c.unit];
  const claims = report.rowValues.map((r, i) => ({
    id: `R${i}`,
    kind: 'plurality',
    statement: `row ${r.key}`,
    by: c.by,
    count,
    among: [`${c.rows}=${r.key}`, ...c.where],
    of: `${c.cols}=${report.colValues[0]?.key ?? ''}`,
  }));
  const outcome = await evaluateStudyClaims(t.graph, {
    studyId: c.study,
    text: JSON.stringify({ study: c.study, claims }),
    ...(c.coders === 'first' ? { coders: { coders: [f.coders[0]!] } } : {}),
    ...(c.coders === 'agreed' ? { coders: { rule: 'agreed' as const } } : {}),
  });
  if (outcome.ok !== true) throw new Error(`claims: ${JSON.stringify(outcome)}`);
  return new Map(outcome.results.map((r, i) => [report.rowValues[i]!.key, { ...r.numbers }]));
}

// ---------------------------------------------------------------------------------------------
// The grid

const GRID: Config[] = [];
for (const study of [ips, collab, generated]) {
  const base = { study, where: [] as string[] };
  const rowsOf = study === generated ? ['role', 'sector', 'phase'] : ['role', 'sector'];
  const colsOf =
    study === collab
      ? ['purpose', 'form']
      : study === ips
        ? ['form', 'pillar']
        : ['form', 'purpose'];
  let i = 0;
  for (const rows of rowsOf)
    for (const cols of colsOf)
      for (const unit of ['excerpt', 'informant', 'document'] as const) {
        const by: Who = i % 2 === 0 ? 'speaker' : 'performer';
        const coders = (['all', 'first', 'agreed'] as const)[i % 3]!;
        const split = i % 4 === 1 ? (cols === 'purpose' ? 'form' : 'purpose') : undefined;
        const where =
          i % 5 === 2
            ? [`${cols}=${cols === 'purpose' ? 'creating|maintaining' : 'operational|relational'}`]
            : [];
        GRID.push({ ...base, rows, cols, unit, by, coders, ...(split ? { split } : {}), where });
        i++;
      }
}
GRID.push({
  study: ips,
  rows: 'phase',
  cols: 'form',
  split: 'purpose',
  unit: 'excerpt',
  by: 'speaker',
  coders: 'all',
  where: ['sector=nav'],
});

describe('one answer: CLI, explorer, claims and an independent count agree', () => {
  it(`has a grid of at least 40 configurations (${GRID.length})`, () => {
    expect(GRID.length).toBeGreaterThanOrEqual(40);
  });

  it(
    'every cell, margin, total, multi-cell count and statistic',
    { timeout: 900_000 },
    async () => {
      const cache = new Map<string, Facts>();
      let compared = 0;
      for (const c of GRID) {
        const f = cache.get(c.study) ?? (await facts(c.study));
        cache.set(c.study, f);
        const label = JSON.stringify(c);
        const report = await cliMatrix(c, f);
        // the explorer's API answers with the very same report, number for number
        expect(await explorerMatrix(c, f), label).toEqual(report);
        const hand = handCount(f, c);
        expect(report.matched, label).toBe(hand.matched);
        expect(report.tables.length, label).toBe(1 + report.splitValues.length);
        for (const table of report.tables) {
          const h = hand.tables.get(table.split);
          expect(h, `${label} layer ${table.split}`).toBeDefined();
          if (!h) continue;
          const where = `${label} layer ${table.split}`;
          expect(table.total, where).toBe(h.total);
          expect(table.multiCell, where).toBe(h.multiCell);
          for (const cell of table.cells)
            expect(cell.count, `${where} ${cell.row}|${cell.col}`).toBe(
              h.cells.get(`${cell.row}|${cell.col}`) ?? 0,
            );
          const shown = new Set(table.cells.map((x) => `${x.row}|${x.col}`));
          for (const [k, n] of h.cells) if (n > 0) expect(shown.has(k), `${where} ${k}`).toBe(true);
          for (const r of table.rowTotals)
            expect(r.count, `${where} row ${r.row}`).toBe(h.rowTotals.get(r.row) ?? 0);
          for (const col of table.colTotals)
            expect(col.count, `${where} col ${col.col}`).toBe(h.colTotals.get(col.col) ?? 0);
          expect(table.cellSum, where).toBe(table.cells.reduce((a, x) => a + x.count, 0));
          // the percentages divide by the row's distinct units
          for (const cell of table.cells) {
            const rt = h.rowTotals.get(cell.row) ?? 0;
            if (rt > 0) expect(cell.rowPct, where).toBeCloseTo((100 * cell.count) / rt, 1);
          }
          const counts = report.rowValues.map((r) =>
            report.colValues.map(
              (col) => table.cells.find((x) => x.row === r.key && x.col === col.key)?.count ?? 0,
            ),
          );
          const chi = chiSquare(counts);
          if (chi === null) expect(table.stats.chiSquare, where).toBeNull();
          else {
            expect(table.stats.chiSquare, where).toBeCloseTo(chi.chi, 3);
            expect(table.stats.cramersV, where).toBeCloseTo(Math.min(1, chi.v), 3);
          }
          expect(table.stats.n, where).toBe(table.cellSum);
        }
        // the claims count the same rows and cells (the table over all units)
        const overall = report.tables[0]!;
        const claims = await claimCounts(c, f, report);
        for (const r of overall.rowTotals) {
          const numbers = claims.get(r.row)!;
          expect(numbers.group ?? 0, `${label} claims row ${r.row}`).toBe(r.count);
          for (const cell of overall.cells.filter((x) => x.row === r.row))
            expect(
              numbers[`${c.cols}=${cell.col}`] ?? 0,
              `${label} claims ${r.row}|${cell.col}`,
            ).toBe(cell.count);
        }
        compared++;
      }
      expect(compared).toBe(GRID.length);
    },
  );
});
