/**
 * The importer's peak RSS as users run it, without the rest of the ingest benchmark: the bench's
 * ingest child (bundled as `iwa` is) imports the study folder and its `.qdpx` into a local Neo4j
 * (or NEO4J_URI), one process each, and reports the process's VmHWM, its phases' times and what
 * was stored. The corpus is generated when missing.
 * `node --conditions=@iwa/source --import tsx apps/bench/src/peak-rss.ts <interviews> [iwa|iwa-qdpx|read]…`
 */
import { deleteStudy, getStudy } from '@iwa/graph';
import { ensureCorpus } from './corpus/ensure-corpus.ts';
import { readBenchEnv } from './env.ts';
import { Writer } from './ingest/ingest-job.ts';
import { runChild } from './ingest/run-ingest.ts';
import { log } from './log.ts';
import { openServer } from './server.ts';

const interviews = Number(process.argv[2]);
if (!Number.isInteger(interviews) || interviews <= 0)
  throw new Error('usage: peak-rss.ts <interviews> [iwa|iwa-qdpx|read]…');
const writers = process.argv.slice(3).map((w) => Writer.parse(w));
if (writers.length === 0) writers.push('iwa', 'iwa-qdpx');
const corpus = await ensureCorpus({ interviews, seed: 42 }, { qdpx: writers.includes('iwa-qdpx') });
const env = readBenchEnv();
const server = await openServer({ external: env.graph, heapMb: 2048, pageCacheMb: 1024 });
try {
  for (const writer of writers) {
    await deleteStudy(server.graph, { studyId: corpus.studyId });
    const r = await runChild({
      writer,
      source: writer === 'iwa-qdpx' ? (corpus.qdpx ?? '') : corpus.dir,
      graph: {
        uri: server.config.uri,
        user: server.config.user,
        database: server.config.database,
        ...(server.config.password ? { password: server.config.password } : {}),
      },
    });
    const stored =
      writer === 'read' ? undefined : await getStudy(server.graph, { studyId: corpus.studyId });
    log(
      `${writer}: peak RSS ${Math.round(r.peakRssMb)} MB; read + validate ${Math.round(r.validateMs ?? 0)} ms, ` +
        `write ${Math.round(r.writeMs)} ms, CPU ${Math.round(r.cpuMs)} ms; ${r.codings} codings` +
        (stored === undefined || stored === null
          ? ''
          : `; stored ${stored.documents} documents, ${stored.excerpts} excerpts, ${stored.codings} codings`),
    );
  }
  await deleteStudy(server.graph, { studyId: corpus.studyId });
} finally {
  await server.stop();
}
