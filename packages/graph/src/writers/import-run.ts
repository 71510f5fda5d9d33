import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';

/** A record of one import: what came in, from where, and what it did. */
export interface ImportRunRecord {
  id: string;
  /** A path or a name for the input (`study folder ./demo`, `project.qdpx`). */
  source: string;
  /** A hash of the whole input, so a re-run of the same input can be recognised. */
  contentHash: string;
  startedAt: string;
  endedAt: string;
  status: 'completed' | 'failed';
  /** Counts by what was written: documents created, excerpts, codings… */
  counts: Record<string, number>;
  /** The offset unit detected in a REFI-QDA project, when there was one. */
  offsetUnit?: string;
  /** What could not be carried, by element: `PDFSource: 2`. */
  notCarried?: Record<string, number>;
}

export const RECORD_IMPORT_RUN_CYPHER = `MATCH (s:${cypherLabel('Study')} {id: $studyId})
CREATE (r:${cypherLabel('ImportRun')})
SET r = $props, r.studyId = $studyId
CREATE (r)-[:${cypherRelType('ABOUT')}]->(s)`;

/** Stores an import-run record beside the study. */
export async function recordImportRun(
  graph: Graph,
  params: { studyId: string; run: ImportRunRecord },
): Promise<void> {
  const { run } = params;
  await graph.run(RECORD_IMPORT_RUN_CYPHER, {
    studyId: params.studyId,
    props: {
      id: run.id,
      source: run.source,
      contentHash: run.contentHash,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      status: run.status,
      counts: JSON.stringify(run.counts),
      ...(run.offsetUnit ? { offsetUnit: run.offsetUnit } : {}),
      ...(run.notCarried ? { notCarried: JSON.stringify(run.notCarried) } : {}),
    },
  });
}

export const LIST_IMPORT_RUNS_CYPHER = `MATCH (r:${cypherLabel('ImportRun')} {studyId: $studyId})
RETURN r.id AS id, r.source AS source, r.contentHash AS contentHash, r.startedAt AS startedAt,
       r.endedAt AS endedAt, r.status AS status, r.counts AS counts
ORDER BY r.startedAt`;

const RunRow = z.object({
  id: z.string(),
  source: z.string(),
  contentHash: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  status: z.enum(['completed', 'failed']),
  counts: z.string().transform((s) => JSON.parse(s) as Record<string, number>),
});

/** The import runs of a study, oldest first. */
export async function listImportRuns(
  graph: Graph,
  params: { studyId: string },
): Promise<z.output<typeof RunRow>[]> {
  return parseRows(await graph.read(LIST_IMPORT_RUNS_CYPHER, params), RunRow, 'list import runs');
}
