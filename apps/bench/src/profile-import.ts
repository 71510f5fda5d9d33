/**
 * Profiles iwa's importer: where the time of `runImport` goes, statement by statement.
 * `node --conditions=@iwa/source --import tsx apps/bench/src/profile-import.ts <interviews>`
 * (uses NEO4J_URI when set, otherwise starts a local Neo4j like the bench).
 */
import { deleteStudy, WRITE_CODINGS_CYPHER, type Graph, type Runner } from '@iwa/graph';
import { openStudyFolder, runImport, validateSource } from '@iwa/services';
import { ensureCorpus } from './corpus/ensure-corpus.ts';
import { readBenchEnv } from './env.ts';
import { openServer } from './server.ts';

const stats = new Map<string, { n: number; ms: number }>();
const add = (key: string, ms: number): void => {
  const s = stats.get(key) ?? { n: 0, ms: 0 };
  s.n += 1;
  s.ms += ms;
  stats.set(key, s);
};
const keyOf = (cypher: string): string => cypher.replace(/\s+/g, ' ').slice(0, 90);

function timed(graph: Graph): Graph {
  const wrap = (tx: Runner): Runner => ({
    run: async (cypher, params) => {
      const t0 = performance.now();
      try {
        return await tx.run(cypher, params);
      } finally {
        add(keyOf(cypher), performance.now() - t0);
      }
    },
  });
  return {
    ...graph,
    run: (c, p) => wrap(graph).run(c, p),
    writeTransaction: async (fn) => {
      const t0 = performance.now();
      let inner = 0;
      try {
        return await graph.writeTransaction(async (tx) => {
          const t1 = performance.now();
          try {
            return await fn(wrap(tx));
          } finally {
            inner = performance.now() - t1;
          }
        });
      } finally {
        add('(transaction total)', performance.now() - t0);
        add('(transaction: commit + begin)', performance.now() - t0 - inner);
      }
    },
  };
}

const n = Number(process.argv[2] ?? 1000);
const env = readBenchEnv();
const corpus = await ensureCorpus({ interviews: n, seed: 42 }, { qdpx: false });
const server = await openServer({ external: env.graph, heapMb: 2048, pageCacheMb: 1024 });
try {
  await deleteStudy(server.graph, { studyId: corpus.studyId });
  const opened = await openStudyFolder(corpus.dir);
  if (!opened.ok) throw new Error(opened.errors.join('\n'));
  const validated = await validateSource(opened.source);
  if (!validated.ok) throw new Error(validated.errors.join('\n'));
  const t0 = performance.now();
  await runImport(timed(server.graph), opened.source, { validated });
  const total = performance.now() - t0;
  const out = [...stats].sort((a, b) => b[1].ms - a[1].ms);
  process.stdout.write(`runImport ${Math.round(total)} ms for ${validated.codings} codings\n`);
  for (const [k, v] of out)
    process.stdout.write(
      `${String(Math.round(v.ms)).padStart(8)} ms ${String(v.n).padStart(5)}× ${k}\n`,
    );
  const plan = await server.graph.run(`EXPLAIN ${WRITE_CODINGS_CYPHER}`, {
    studyId: corpus.studyId,
    codings: [],
  });
  process.stdout.write(`${JSON.stringify(plan).slice(0, 300)}\n`);
  if (process.argv[3] === 'keep') {
    process.stdout.write(`KEEP ${server.config.uri}\n`);
    await new Promise((r) => setTimeout(r, 400_000));
  }
} finally {
  await server.stop();
}
