import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { actorPositionCypher, PositionMap } from './position-fragment.ts';

export interface QueryCodedUnitsParams {
  studyId: string;
  /** Only this coder's codings; all coders when left out. */
  coderId?: string | undefined;
}

const E = cypherLabel('Excerpt');

/** One row per excerpt: who spoke it, who performed the work, their positions, and its codes. */
export const QUERY_CODED_UNITS_CYPHER = `MATCH (e:${E} {studyId: $studyId})
WHERE EXISTS { (e)-[cd:${cypherRelType('CODED')}]->() WHERE $coderId IS NULL OR cd.coderId = $coderId }
CALL (e) {
  ${actorPositionCypher('speaker').replaceAll('\n', '\n  ')}
  RETURN a.id AS speakerId, pos AS speaker
}
CALL (e) {
  OPTIONAL ${actorPositionCypher('performer').replaceAll('\n', '\n  ')}
  RETURN a.id AS performerId, pos AS performer,
         CASE WHEN a:${cypherLabel('Informant')} THEN 'informant' WHEN a:${cypherLabel('Organisation')} THEN 'organisation' WHEN a IS NULL THEN NULL ELSE 'actor_group' END AS performerKind
}
CALL (e) {
  OPTIONAL MATCH (e)-[:${cypherRelType('IN')}]->(d:${cypherLabel('Document')})
  RETURN d.variables AS documentVariables
}
CALL (e) {
  MATCH (e)-[cd:${cypherRelType('CODED')}]->(c:${cypherLabel('Code')})
  WHERE $coderId IS NULL OR cd.coderId = $coderId
  RETURN collect(DISTINCT c.id) AS codes, collect(DISTINCT cd.coderId) AS coders
}
RETURN e.id AS excerptId, e.documentId AS documentId, e.start AS start, e.end AS end,
       speakerId, speaker, performerId, performerKind, performer, codes, coders, documentVariables
ORDER BY documentId, start, excerptId`;

export const CodedUnitRow = z.object({
  excerptId: z.string(),
  documentId: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  speakerId: z.string(),
  speaker: PositionMap,
  performerId: z.string().nullable(),
  performerKind: z.enum(['informant', 'organisation', 'actor_group']).nullable(),
  performer: PositionMap.nullable(),
  codes: z.array(z.string()).transform((c) => c.sort()),
  coders: z.array(z.string()).transform((c) => c.sort()),
  /** The document's variables (REFI-QDA source variables, or study-folder front matter). */
  documentVariables: z
    .string()
    .nullable()
    .transform((s) =>
      s === null ? {} : (JSON.parse(s) as Record<string, string | number | boolean | null>),
    ),
});
export type CodedUnitRow = z.infer<typeof CodedUnitRow>;

/**
 * Every coded excerpt spoken by an informant, with the speaker's and the performer's positions
 * and the codes applied to it: the rows the analyses (crosstabs, claims) work on.
 */
export async function queryCodedUnits(
  graph: Graph,
  params: QueryCodedUnitsParams,
): Promise<CodedUnitRow[]> {
  return parseRows(
    await graph.read(QUERY_CODED_UNITS_CYPHER, {
      studyId: params.studyId,
      coderId: params.coderId ?? null,
    }),
    CodedUnitRow,
    'coded units',
  );
}
