import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clearQueryCaches,
  queryActorGraph,
  referenceActorGraph,
  referenceCooccurrence,
  referenceExcerpts,
  referenceMatrix,
} from '@iwa/graph';
import {
  cooccurrenceReport,
  listExcerpts,
  loadStudyVocabulary,
  matrixReport,
  type StudyVocabulary,
} from '@iwa/services';
import type { Corpus } from '../corpus/ensure-corpus.ts';
import { log } from '../log.ts';
import type { BenchServer } from '../server.ts';
import { round, timeRuns, type Timing } from '../stats.ts';
import { loadSqlite, SqliteReference } from './sqlite-reference.ts';
import { timeSurfaces } from './surfaces.ts';

/** One way of answering a query, timed warm and cold. */
export interface QueryTiming {
  impl: string;
  description: string;
  warm: Timing;
  cold: Timing;
}

export interface QueryResult {
  query: string;
  description: string;
  impls: QueryTiming[];
  /** Whether every implementation gave the same answer (compared on the counts and ids). */
  sameAnswer: boolean;
  /** A short note on what was compared. */
  check: string;
}

export interface QueriesSummary {
  interviews: number;
  runs: number;
  queries: QueryResult[];
  sqliteLoad: { ms: number; codingsPerSecond: number };
}

const ROWS = 'role';
const FAMILY = 'form';
const CELL = { dimension: 'role', value: 'manager', code: 'form.operational' } as const;

type Cells = Map<string, number>;
const cellsOf = (rows: { row: string | null; col: string | null; excerpts: number }[]): Cells =>
  new Map(rows.map((r) => [`${r.row}|${(r.col ?? '').replace(/^form\./, '')}`, r.excerpts]));
const sameCells = (a: Cells, b: Cells): boolean =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/**
 * Untimed runs before the warm timings. Warm means the steady state of a running process (the
 * explorer's server after some use): in a fresh process the same `matrixReport` took 364, 374,
 * 352, 248, 232, 340, then 185-277 ms (2026-12-04, 1,000 interviews), while Node's and the
 * JVM's compilers settle; after a single untimed run the query timed first in the bench paid
 * for that. The first request of a fresh process is its own row (the explorer's first matrix
 * request) and the cold timings clear Neo4j's query caches.
 */
const WARMUP = 5;

/**
 * The query benchmark on a study the importer wrote: for each query iwa's implementation and
 * the plainest hand-written Cypher (and SQLite for the matrix), `runs` timed runs warm (after
 * {@link WARMUP} untimed runs) and `runs` cold (each after `CALL db.clearQueryCaches()`;
 * SQLite: a new connection and statement).
 */
export async function runQueries(
  server: BenchServer,
  corpus: Corpus,
  options: { runs: number },
): Promise<QueriesSummary> {
  const graph = server.graph;
  const studyId = corpus.studyId;
  const runs = options.runs;
  const cold = (): Promise<void> => clearQueryCaches(graph);
  const time = async (
    impl: string,
    fn: () => unknown,
    spec: { description: string; before?: () => Promise<void> | void },
  ): Promise<QueryTiming> => {
    const { description, before = cold } = spec;
    const warm = await timeRuns(fn, { runs, warmup: WARMUP });
    const coldT = await timeRuns(fn, { runs, warmup: 0, before });
    log(`  ${impl}: warm ${warm.median} ms, cold ${coldT.median} ms`);
    return { impl, description, warm, cold: coldT };
  };

  const sqliteDir = mkdtempSync(join(tmpdir(), 'iwa-bench-sqlite-'));
  const sqliteFile = join(sqliteDir, 'reference.sqlite');
  try {
    log(`queries on ${corpus.options.interviews} interviews: loading SQLite`);
    const load = await loadSqlite(sqliteFile, corpus.dir);
    const sqlite = new SqliteReference(sqliteFile, ROWS);
    const queries: QueryResult[] = [];

    // ---- matrix
    log('matrix: role × form, excerpts per cell');
    // every CLI command and explorer request loads the study's vocabulary, then the report
    const vocabulary = (): Promise<StudyVocabulary> => loadStudyVocabulary(graph, studyId);
    const vocab = await vocabulary();
    const request = { studyId, rows: ROWS, cols: FAMILY } as const;
    // what `iwa matrix` runs: the report loads the vocabulary parts the request names
    const iwaMatrix = () => matrixReport(graph, request);
    const iwaReport = () => matrixReport(graph, request, vocab);
    const floorMatrix = () => referenceMatrix(graph, { studyId, dimension: ROWS, family: FAMILY });
    const report = await iwaMatrix();
    const a = cellsOf(
      (report.tables[0]?.cells ?? [])
        .filter((c) => c.count > 0)
        .map((c) => ({ row: c.row, col: c.col, excerpts: c.count })),
    );
    const c = cellsOf(await floorMatrix());
    const d = cellsOf(sqlite.matrix(FAMILY));
    queries.push({
      query: 'matrix',
      description: `speaker ${ROWS} × ${FAMILY}: excerpts per cell, margins, statistics`,
      impls: [
        await time('iwa matrix', iwaMatrix, {
          description:
            'what `iwa matrix` runs: the study vocabulary (the catalogue parts the named dimensions need, queried in parallel) + matrixReport (aggregate Cypher: cells, margins, multi-cell counts; statistics from the counts)',
        }),
        await time('iwa matrixReport', iwaReport, {
          description: 'matrixReport alone, the vocabulary already loaded',
        }),
        await time('cypher floor', floorMatrix, {
          description: 'plainest hand-written Cypher aggregate (cells only)',
        }),
        await time('sqlite', () => sqlite.matrix(FAMILY), {
          description: 'better-sqlite3: one GROUP BY over joins',
          before: () => sqlite.reopen(),
        }),
      ],
      sameAnswer: sameCells(a, c) && sameCells(a, d),
      check: `excerpts per cell (${a.size} cells) equal across iwa matrix, Cypher floor and SQLite`,
    });

    // ---- the CLI process and the explorer's first request around the same report
    log('surfaces: iwa --help, the iwa matrix process, the first explorer matrix request');
    queries.push(
      await timeSurfaces(server, { studyId, reference: report, runs, clearCaches: cold }),
    );

    // ---- excerpts of a cell
    log(`excerpts of the cell ${CELL.dimension}=${CELL.value} × ${CELL.code}, first page of 50`);
    const iwaExcerpts = () =>
      listExcerpts(
        graph,
        {
          studyId,
          where: [`${CELL.dimension}=${CELL.value}`, CELL.code],
          limit: 50,
          context: 300,
        },
        vocab,
      );
    const floorExcerpts = () =>
      referenceExcerpts(graph, { studyId, ...CELL, limit: 50, offset: 0, context: 300 });
    const ex1 = await iwaExcerpts();
    const ex2 = await floorExcerpts();
    queries.push({
      query: 'excerpts',
      description: `excerpts of one cell (${CELL.dimension} = ${CELL.value}, ${CELL.code}): total and the first page of 50 with context, speaker, codes`,
      impls: [
        await time('iwa excerpts', iwaExcerpts, {
          description: 'listExcerpts, what `iwa excerpts` and the explorer drawer run',
        }),
        await time('cypher floor', floorExcerpts, { description: 'plainest hand-written Cypher' }),
      ],
      sameAnswer:
        ex1.total === ex2.total &&
        ex1.items.map((x) => x.id).join() === ex2.items.map((x) => x.id).join() &&
        ex1.items.every(
          (x, i) => x.before === ex2.items[i]?.before && x.after === ex2.items[i]?.after,
        ),
      check: `total (${ex1.total}), page ids and context equal`,
    });

    // ---- co-occurrence
    log('co-occurrence of form × purpose');
    const iwaCo = () => cooccurrenceReport(graph, { studyId, a: 'form', b: 'purpose' }, vocab);
    const floorCo = () =>
      referenceCooccurrence(graph, { studyId, familyA: 'form', familyB: 'purpose' });
    const co1 = (await iwaCo()).pairs;
    const co2 = await floorCo();
    const n12 = new Map(co2.pairs.map((p) => [`${p.a}|${p.b}`, p.n12]));
    queries.push({
      query: 'cooccurrence',
      description:
        'within-excerpt co-occurrence of every form code with every purpose code (n1, n2, n12)',
      impls: [
        await time('iwa cooccurrence', iwaCo, {
          description: 'cooccurrenceReport, what `iwa cooccurrence` runs',
        }),
        await time('cypher floor', floorCo, {
          description: 'plainest hand-written Cypher (two queries in parallel)',
        }),
      ],
      sameAnswer: co1.every((p) => (n12.get(`${p.a}|${p.b}`) ?? 0) === p.n12) && co1.length > 0,
      check: `n12 of ${co1.length} pairs equal`,
    });

    // ---- actor graph
    log('actor graph');
    const iwaActors = () => queryActorGraph(graph, { studyId });
    const floorActors = () => referenceActorGraph(graph, { studyId });
    const ag1 = await iwaActors();
    const ag2 = await floorActors();
    const spoken = new Map(ag2.nodes.map((n) => [n.id, n.spoken]));
    queries.push({
      query: 'actor-graph',
      description: 'every actor with its position and spoken/performed counts, every relation',
      impls: [
        await time('iwa queryActorGraph', iwaActors, { description: '@iwa/graph queryActorGraph' }),
        await time('cypher floor', floorActors, { description: 'plainest hand-written Cypher' }),
      ],
      sameAnswer:
        ag1.nodes.length === ag2.nodes.length &&
        ag1.edges.length === ag2.edges.length &&
        ag1.nodes.every((n) => spoken.get(n.id) === n.spoken),
      check: `${ag1.nodes.length} nodes, ${ag1.edges.length} edges, spoken counts equal`,
    });
    sqlite.close();
    return {
      interviews: corpus.options.interviews,
      runs,
      queries,
      sqliteLoad: {
        ms: round(load.ms),
        codingsPerSecond: Math.round((load.codings / load.ms) * 1000),
      },
    };
  } finally {
    rmSync(sqliteDir, { recursive: true, force: true });
  }
}
