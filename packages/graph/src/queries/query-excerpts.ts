import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { actorPositionCypher, PositionMap, type Perspective } from './position-fragment.ts';
import { selectionCypher, UnitSelection } from './unit-selection.ts';

/**
 * A page of the selected excerpts (see {@link UnitSelection}): the same selection every
 * aggregate counts, so a cell's conditions list exactly the excerpts behind its count.
 */
export const ExcerptQuery = UnitSelection.extend({
  /** Only these excerpts (all when empty). */
  ids: z.array(z.string()).default([]),
  /** Characters of context on each side (code points). */
  context: z.int().min(0).max(2000).default(300),
  limit: z.int().min(0).max(100_000).default(50),
  offset: z.int().min(0).default(0),
});
export type ExcerptQuery = z.input<typeof ExcerptQuery>;

const ActorInfo = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['informant', 'organisation', 'actor_group']),
  position: PositionMap,
});

const PageRow = z.object({
  total: z.number().int(),
  page: z.array(z.object({ id: z.string(), codes: z.array(z.string()) })),
});

const DetailRow = z.object({
  id: z.string(),
  documentId: z.string(),
  documentTitle: z.string().nullable(),
  start: z.number().int().nullable(),
  end: z.number().int().nullable(),
  text: z.string().nullable(),
  speaker: ActorInfo.nullable(),
  performer: ActorInfo.nullable(),
  coders: z.array(z.string()),
});

/** An excerpt with everything needed to read it: who, from which position, where, coded how. */
export interface ExcerptDetail {
  id: string;
  documentId: string;
  documentTitle: string;
  start: number;
  end: number;
  text: string;
  /** Up to `context` code points before and after the excerpt in its document. */
  before: string;
  after: string;
  speaker: z.infer<typeof ActorInfo> | null;
  performer: z.infer<typeof ActorInfo> | null;
  /** The excerpt's codes under the coder rule. */
  codes: string[];
  /** The selected coders who coded the excerpt. */
  coders: string[];
}

function actorInfoCypher(by: Perspective): string {
  return `CALL (e) {
  OPTIONAL ${actorPositionCypher(by).replaceAll('\n', '\n  ')}
  RETURN CASE WHEN a IS NULL THEN NULL ELSE {
    id: a.id,
    label: coalesce(a.pseudonym, a.name, a.label, a.id),
    kind: CASE WHEN a:${cypherLabel('Informant')} THEN 'informant' WHEN a:${cypherLabel('Organisation')} THEN 'organisation' ELSE 'actor_group' END,
    position: pos } END AS ${by}
}`;
}

/** The page's ids and codes, after the selection has bound `e` and `codes`. */
export const QUERY_EXCERPTS_PAGE = `WITH e, codes WHERE size($ids) = 0 OR e.id IN $ids
WITH e, codes ORDER BY e.documentId, e.start, e.id
WITH collect({id: e.id, codes: codes}) AS matched
RETURN size(matched) AS total, matched[$offset..($offset + $limit)] AS page`;

/**
 * What a reader needs of the excerpts of a page, by id. One text for every selection: planned
 * once per server, where the selection's text changes with each condition (decision 0025).
 */
export const QUERY_EXCERPT_DETAILS = `UNWIND $ids AS id
MATCH (e:${cypherLabel('Excerpt')} {studyId: $studyId, id: id})
CALL (e) {
  OPTIONAL MATCH (e)-[:${cypherRelType('IN')}]->(d:${cypherLabel('Document')})
  RETURN coalesce(d.title, d.id) AS documentTitle
}
${actorInfoCypher('speaker')}
CALL (e) {
  OPTIONAL MATCH (e)-[:${cypherRelType('PERFORMED_BY')}]->(a)
  RETURN a IS NOT NULL AS explicitPerformer
}
${actorInfoCypher('performer')}
CALL (e) {
  OPTIONAL MATCH (e)-[cd:${cypherRelType('CODED')}]->()
  WHERE cd.coderId IN $coders
  RETURN collect(DISTINCT cd.coderId) AS coders
}
RETURN e.id AS id, e.documentId AS documentId, documentTitle, e.start AS start, e.end AS end,
       e.text AS text, speaker, CASE WHEN explicitPerformer THEN performer ELSE speaker END AS performer,
       coders`;

/** The Cypher of an excerpt page; fills `params`. Exported for the snapshot tests. */
export function excerptsCypher(
  q: z.output<typeof ExcerptQuery>,
  params: Record<string, unknown>,
): string {
  const selection = selectionCypher(q, params);
  params.ids = q.ids;
  params.offset = q.offset;
  params.limit = q.limit;
  return `${selection}\n${QUERY_EXCERPTS_PAGE}`;
}

export const DOCUMENT_TEXTS_CYPHER = `MATCH (d:${cypherLabel('Document')} {studyId: $studyId})
WHERE d.id IN $ids
RETURN d.id AS id, d.text AS text`;

const TextRow = z.object({ id: z.string(), text: z.string() });

/**
 * The selected excerpts (a matrix cell's, or any filter's), paged in document order, each with
 * its speaker, performer, positions, document, codes and some context around it.
 */
export async function queryExcerpts(
  graph: Graph,
  input: ExcerptQuery,
): Promise<{ total: number; items: ExcerptDetail[] }> {
  const q = ExcerptQuery.parse(input);
  const params: Record<string, unknown> = {};
  const cypher = excerptsCypher(q, params);
  // three reads in one transaction: the page, its excerpts' details, their documents' texts
  const { total, page, details, texts } = await graph.readTransaction(async (tx) => {
    const [pageRow] = parseRows(await tx.run(cypher, params), PageRow, 'excerpts');
    const page = pageRow?.page ?? [];
    const ids = page.map((p) => p.id);
    const details = new Map(
      ids.length === 0
        ? []
        : parseRows(
            await tx.run(QUERY_EXCERPT_DETAILS, {
              studyId: q.studyId,
              ids,
              coders: q.coders.coders,
            }),
            DetailRow,
            'excerpt details',
          ).map((r) => [r.id, r]),
    );
    const docIds = [...new Set([...details.values()].map((r) => r.documentId))];
    const texts = new Map(
      docIds.length === 0 || q.context === 0
        ? []
        : parseRows(
            await tx.run(DOCUMENT_TEXTS_CYPHER, { studyId: q.studyId, ids: docIds }),
            TextRow,
            'document texts',
          ).map((r) => [r.id, Array.from(r.text)]),
    );
    return { total: pageRow?.total ?? 0, page, details, texts };
  });
  const items = page.flatMap(({ id, codes }): ExcerptDetail[] => {
    const r = details.get(id);
    // Neo4j reads committed data: an excerpt deleted between the two reads has no details
    if (r === undefined) return [];
    const chars = texts.get(r.documentId) ?? [];
    const start = r.start ?? 0;
    const end = r.end ?? 0;
    return [
      {
        id,
        documentId: r.documentId,
        documentTitle: r.documentTitle ?? r.documentId,
        start,
        end,
        text: r.text ?? '',
        before: chars.slice(Math.max(0, start - q.context), start).join(''),
        after: chars.slice(end, end + q.context).join(''),
        speaker: r.speaker,
        performer: r.performer,
        codes: [...codes].sort(),
        coders: [...r.coders].sort(),
      },
    ];
  });
  return { total, items };
}
