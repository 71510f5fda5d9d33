/**
 * Reference implementations used by the benchmarks (apps/bench), not by iwa itself: the
 * plainest hand-written Cypher that gives the same answer as iwa's matrix, excerpt, co-occurrence
 * and actor-graph queries, for studies whose informants hold a position (so the speaker's
 * position is the Position node's). They skip what iwa's queries add: zod validation of every
 * row, performer perspectives, actor kinds without positions, filters as parameters.
 */
import { ActorRelType } from '@iwa/taxonomy';
import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel as L, cypherRelType as R } from '../cypher-names.ts';

const ACTORS = `${L('Informant')}|${L('Organisation')}|${L('ActorGroup')}`;

/** Excerpts, informants and documents per (speaker position value × code) cell. */
export const REFERENCE_MATRIX_CYPHER = `MATCH (e:${L('Excerpt')} {studyId: $studyId})-[:${R('SPOKEN_BY')}]->(i:${L('Informant')})-[:${R('HOLDS')}]->(p:${L('Position')})
MATCH (e)-[:${R('CODED')}]->(c:${L('Code')})
WHERE c.family = $family
RETURN p[$dimension] AS row, c.id AS col, count(DISTINCT e) AS excerpts,
       count(DISTINCT i) AS informants, count(DISTINCT e.documentId) AS documents`;

const MatrixRow = z.object({
  row: z.string().nullable(),
  col: z.string(),
  excerpts: z.number(),
  informants: z.number(),
  documents: z.number(),
});
export type ReferenceMatrixRow = z.infer<typeof MatrixRow>;

/** The matrix of a speaker position dimension (e.g. `role`) by a code family (e.g. `form`). */
export async function referenceMatrix(
  graph: Graph,
  params: { studyId: string; dimension: string; family: string },
): Promise<ReferenceMatrixRow[]> {
  return parseRows(
    await graph.read(REFERENCE_MATRIX_CYPHER, params),
    MatrixRow,
    'reference matrix',
  );
}

/** One page of the excerpts in a cell, with the count of all, context and codes. */
export const REFERENCE_EXCERPTS_CYPHER = `MATCH (e:${L('Excerpt')} {studyId: $studyId})-[:${R('SPOKEN_BY')}]->(i:${L('Informant')})-[:${R('HOLDS')}]->(p:${L('Position')})
WHERE p[$dimension] = $value
  AND EXISTS { (e)-[:${R('CODED')}]->(:${L('Code')} {studyId: $studyId, id: $code}) }
WITH e, i, p ORDER BY e.documentId, e.start, e.id
WITH collect({e: e, i: i, p: p}) AS cell
UNWIND cell[$offset..($offset + $limit)] AS m
WITH size(cell) AS total, m.e AS e, m.i AS i, m.p AS p
MATCH (e)-[:${R('IN')}]->(d:${L('Document')})
OPTIONAL MATCH (e)-[:${R('PERFORMED_BY')}]->(a)
CALL (e) {
  MATCH (e)-[cd:${R('CODED')}]->(c:${L('Code')})
  RETURN collect(DISTINCT c.id) AS codes, collect(DISTINCT cd.coderId) AS coders
}
WITH total, e, i, p, d, a, codes, coders,
     CASE WHEN e.start < $context THEN 0 ELSE e.start - $context END AS from
RETURN total, e.id AS id, e.documentId AS documentId, coalesce(d.title, d.id) AS documentTitle,
       e.start AS start, e.end AS end, e.text AS text,
       substring(d.text, from, e.start - from) AS before,
       substring(d.text, e.end, $context) AS after,
       i.id AS speakerId, p { .* } AS speakerPosition, a.id AS performerId, codes, coders`;

const ExcerptRow = z.object({
  total: z.number(),
  id: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
  start: z.number(),
  end: z.number(),
  text: z.string(),
  before: z.string(),
  after: z.string(),
  speakerId: z.string(),
  speakerPosition: z.record(z.string(), z.unknown()),
  performerId: z.string().nullable(),
  codes: z.array(z.string()),
  coders: z.array(z.string()),
});
export type ReferenceExcerptRow = z.infer<typeof ExcerptRow>;

/** The excerpts whose speaker's position has `dimension = value` and that carry `code`. */
export async function referenceExcerpts(
  graph: Graph,
  params: {
    studyId: string;
    dimension: string;
    value: string;
    code: string;
    limit: number;
    offset: number;
    context: number;
  },
): Promise<{ total: number; items: ReferenceExcerptRow[] }> {
  const rows = parseRows(
    await graph.read(REFERENCE_EXCERPTS_CYPHER, params),
    ExcerptRow,
    'reference excerpts',
  );
  return { total: rows[0]?.total ?? 0, items: rows };
}

export const REFERENCE_COOCCURRENCE_CYPHER = `MATCH (e:${L('Excerpt')} {studyId: $studyId})-[:${R('CODED')}]->(a:${L('Code')})
WHERE a.family = $familyA
MATCH (e)-[:${R('CODED')}]->(b:${L('Code')})
WHERE b.family = $familyB AND b <> a
RETURN a.id AS a, b.id AS b, count(DISTINCT e) AS n12`;

export const REFERENCE_CODE_TOTALS_CYPHER = `MATCH (e:${L('Excerpt')} {studyId: $studyId})-[:${R('CODED')}]->(c:${L('Code')})
WHERE c.family IN [$familyA, $familyB]
RETURN c.id AS code, count(DISTINCT e) AS n`;

const PairRow = z.object({ a: z.string(), b: z.string(), n12: z.number() });
const TotalRow = z.object({ code: z.string(), n: z.number() });

/** Co-occurring code pairs of two families with each code's total: n1, n2, n12. */
export async function referenceCooccurrence(
  graph: Graph,
  params: { studyId: string; familyA: string; familyB: string },
): Promise<{ pairs: z.infer<typeof PairRow>[]; totals: z.infer<typeof TotalRow>[] }> {
  const [pairs, totals] = await Promise.all([
    graph.read(REFERENCE_COOCCURRENCE_CYPHER, params),
    graph.read(REFERENCE_CODE_TOTALS_CYPHER, params),
  ]);
  return {
    pairs: parseRows(pairs, PairRow, 'reference co-occurrence'),
    totals: parseRows(totals, TotalRow, 'reference code totals'),
  };
}

export const REFERENCE_ACTOR_NODES_CYPHER = `MATCH (a:${ACTORS} {studyId: $studyId})
OPTIONAL MATCH (a)-[:${R('HOLDS')}]->(p:${L('Position')})
RETURN a.id AS id, labels(a)[0] AS label, coalesce(a.pseudonym, a.name, a.label, a.id) AS name,
       p { .* } AS position,
       COUNT { (:${L('Excerpt')})-[:${R('PERFORMED_BY')}]->(a) } AS performed,
       COUNT { (:${L('Excerpt')})-[:${R('SPOKEN_BY')}]->(a) } AS spoken`;

export const REFERENCE_ACTOR_EDGES_CYPHER = `MATCH (a:${ACTORS} {studyId: $studyId})-[r]->(b:${ACTORS})
WHERE type(r) IN $types
RETURN r.id AS id, a.id AS source, b.id AS target, type(r) AS type,
       r.participation AS participation, r.primary AS primary, size(coalesce(r.evidence, [])) AS evidenceCount`;

const ActorNodeRow = z.object({
  id: z.string(),
  label: z.string(),
  name: z.string(),
  position: z.record(z.string(), z.unknown()).nullable(),
  performed: z.number(),
  spoken: z.number(),
});
const ActorEdgeRow = z.object({
  id: z.string().nullable(),
  source: z.string(),
  target: z.string(),
  type: z.string(),
  participation: z.string().nullable(),
  primary: z.boolean().nullable(),
  evidenceCount: z.number(),
});

/** The actors of a study with their positions and excerpt counts, and the relations between them. */
export async function referenceActorGraph(
  graph: Graph,
  params: { studyId: string },
): Promise<{ nodes: z.infer<typeof ActorNodeRow>[]; edges: z.infer<typeof ActorEdgeRow>[] }> {
  const types = ActorRelType.options;
  const [nodes, edges] = await Promise.all([
    graph.read(REFERENCE_ACTOR_NODES_CYPHER, params),
    graph.read(REFERENCE_ACTOR_EDGES_CYPHER, { ...params, types }),
  ]);
  return {
    nodes: parseRows(nodes, ActorNodeRow, 'reference actor nodes'),
    edges: parseRows(edges, ActorEdgeRow, 'reference actor edges'),
  };
}

/** Clears the server's query (plan) caches, so the next run of a query is planned afresh. */
export async function clearQueryCaches(graph: Graph): Promise<void> {
  await graph.runAutoCommit('CALL db.clearQueryCaches()');
}

const ComponentRow = z.object({ name: z.string(), version: z.string(), edition: z.string() });

/** The server's name, version and edition (`CALL dbms.components()`). */
export async function serverComponents(graph: Graph): Promise<z.infer<typeof ComponentRow>[]> {
  return parseRows(
    await graph.read(
      'CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition',
    ),
    ComponentRow,
    'server components',
  );
}
