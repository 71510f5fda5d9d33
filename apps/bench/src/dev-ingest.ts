import { ensureCorpus } from './corpus/ensure-corpus.ts';
import { readBenchEnv } from './env.ts';
import { runIngest } from './ingest/run-ingest.ts';
import { openServer } from './server.ts';

const n = Number(process.argv[2] ?? 20);
const env = readBenchEnv();
const corpus = await ensureCorpus({ interviews: n, seed: 42 }, { qdpx: false });
process.stdout.write(JSON.stringify(corpus.stats) + '\n');
const server = await openServer({ external: env.graph, heapMb: 2048, pageCacheMb: 1024 });
try {
  const res = await runIngest(server, corpus, { reps: 1, naiveMaxDocuments: 50, qdpx: false });
  process.stdout.write(JSON.stringify(res, null, 1) + '\n');
} finally {
  await server.stop();
}
