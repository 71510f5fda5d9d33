import { z } from 'zod';
import { ActorRelType } from '@iwa/taxonomy';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { PositionMap, positionOfActorCypher } from './position-fragment.ts';

export const ActorGraphQuery = z.object({
  studyId: z.string(),
  /** Only these relation types (snake_case, e.g. `enlists`); all when empty. */
  relations: z.array(z.string().regex(/^[a-z_]+$/)).default([]),
});
export type ActorGraphQuery = z.input<typeof ActorGraphQuery>;

const ACTORS = [
  cypherLabel('Informant'),
  cypherLabel('Organisation'),
  cypherLabel('ActorGroup'),
].join('|');

export const ACTOR_NODES_CYPHER = `MATCH (a:${ACTORS} {studyId: $studyId})
CALL (a) {
  ${positionOfActorCypher('').replaceAll('\n', '\n  ')}
  RETURN pos
}
CALL (a) {
  OPTIONAL MATCH (x:${cypherLabel('Excerpt')})-[:${cypherRelType('PERFORMED_BY')}]->(a)
  RETURN count(x) AS performed
}
CALL (a) {
  OPTIONAL MATCH (x:${cypherLabel('Excerpt')})-[:${cypherRelType('SPOKEN_BY')}]->(a)
  RETURN count(x) AS spoken
}
RETURN a.id AS id,
       CASE WHEN a:${cypherLabel('Informant')} THEN 'informant' WHEN a:${cypherLabel('Organisation')} THEN 'organisation' ELSE 'actor_group' END AS kind,
       coalesce(a.pseudonym, a.name, a.label, a.id) AS label, pos AS position, performed, spoken
ORDER BY kind, id`;

export const ACTOR_EDGES_CYPHER = `MATCH (a:${ACTORS} {studyId: $studyId})-[r]->(b:${ACTORS} {studyId: $studyId})
WHERE type(r) IN $types AND r.studyId = $studyId
RETURN r.id AS id, a.id AS source, b.id AS target, toLower(type(r)) AS type,
       r.participation AS participation, coalesce(r.primary, false) AS primary,
       size(coalesce(r.evidence, [])) AS evidenceCount
ORDER BY type, source, target`;

const NodeRow = z.object({
  id: z.string(),
  kind: z.enum(['informant', 'organisation', 'actor_group']),
  label: z.string(),
  position: PositionMap,
  performed: z.number().int(),
  spoken: z.number().int(),
});
const EdgeRow = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  type: z.string(),
  participation: z.string().nullable(),
  primary: z.boolean(),
  evidenceCount: z.number().int(),
});
export type ActorNode = z.infer<typeof NodeRow>;
export type ActorEdge = z.infer<typeof EdgeRow> & { dualEmployment: boolean };

const ALL_TYPES: readonly ActorRelType[] = ActorRelType.options;

/**
 * The actor-position graph of a study: informants, organisations and groups with their
 * positions and how many excerpts each spoke and performed; relations with their type and
 * evidence count. An `employed_by` edge of an informant with two employers is marked
 * `dualEmployment`.
 */
export async function queryActorGraph(
  graph: Graph,
  input: ActorGraphQuery,
): Promise<{ nodes: ActorNode[]; edges: ActorEdge[] }> {
  const q = ActorGraphQuery.parse(input);
  const types =
    q.relations.length === 0
      ? ALL_TYPES
      : ALL_TYPES.filter((t) => q.relations.includes(t.toLowerCase()));
  const [nodes, edges] = await Promise.all([
    graph
      .read(ACTOR_NODES_CYPHER, { studyId: q.studyId })
      .then((r) => parseRows(r, NodeRow, 'actor nodes')),
    graph
      .read(ACTOR_EDGES_CYPHER, { studyId: q.studyId, types })
      .then((r) => parseRows(r, EdgeRow, 'actor edges')),
  ]);
  const employers = new Map<string, number>();
  for (const e of edges)
    if (e.type === 'employed_by') employers.set(e.source, (employers.get(e.source) ?? 0) + 1);
  return {
    nodes,
    edges: edges.map((e) => ({
      ...e,
      dualEmployment: e.type === 'employed_by' && (employers.get(e.source) ?? 0) > 1,
    })),
  };
}
