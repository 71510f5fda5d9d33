import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';

/*
 * A study's stamp: a short string that changes whenever anything a reader derives from the study
 * changes — an import (each run has its own id), a workbench write (an audit entry), a recorded
 * phase event, or a change of its excerpts and codings by any other writer. Readers that cache
 * derived results (the explorer) key them by the stamp. It is cheaper than the study summary: the
 * codings are counted per excerpt from the relationship-count store.
 */

export const STUDY_STAMP_CYPHER = `MATCH (s:${cypherLabel('Study')} {id: $studyId})
CALL (s) {
  OPTIONAL MATCH (e:${cypherLabel('Excerpt')} {studyId: s.id})
  RETURN count(e) AS excerpts, sum(COUNT { (e)-[:${cypherRelType('CODED')}]->() }) AS codings
}
CALL (s) {
  OPTIONAL MATCH (r:${cypherLabel('ImportRun')} {studyId: s.id})
  WITH r ORDER BY r.startedAt DESC
  RETURN count(r) AS runs, collect(r.id)[0] AS lastRun
}
CALL (s) {
  OPTIONAL MATCH (a:${cypherLabel('AuditEntry')} {studyId: s.id})
  RETURN count(a) AS audit
}
CALL (s) {
  OPTIONAL MATCH (p:${cypherLabel('PhaseEvent')} {studyId: s.id})
  RETURN count(p) AS phaseEvents
}
RETURN excerpts, codings, runs, lastRun, audit, phaseEvents`;

const StampRow = z.object({
  excerpts: z.number().int(),
  codings: z.number().int(),
  runs: z.number().int(),
  lastRun: z.string().nullable(),
  audit: z.number().int(),
  phaseEvents: z.number().int(),
});

/** The study's stamp (see above), or undefined when the study does not exist. */
export async function studyStamp(
  graph: Graph,
  params: { studyId: string },
): Promise<string | undefined> {
  const row = parseRows(await graph.read(STUDY_STAMP_CYPHER, params), StampRow, 'study stamp')[0];
  if (row === undefined) return undefined;
  return [row.excerpts, row.codings, row.runs, row.lastRun ?? '-', row.audit, row.phaseEvents].join(
    '/',
  );
}
