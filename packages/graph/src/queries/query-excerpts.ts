import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { actorPositionCypher, Perspective, PositionMap } from './position-fragment.ts';
import { MatrixFilter } from './query-matrix.ts';

export const ExcerptQuery = z.object({
  studyId: z.string(),
  by: Perspective.default('speaker'),
  where: z.array(MatrixFilter).default([]),
  /** Only these excerpts (all when empty). */
  ids: z.array(z.string()).default([]),
  coderId: z.string().optional(),
  /** Characters of context on each side (code points). */
  context: z.int().min(0).max(2000).default(300),
  limit: z.int().min(1).max(1000).default(50),
  offset: z.int().min(0).default(0),
});
export type ExcerptQuery = z.input<typeof ExcerptQuery>;

const ActorInfo = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['informant', 'organisation', 'actor_group']),
  position: PositionMap,
});

const ExcerptRow = z.object({
  total: z.number().int(),
  id: z.string().nullable(),
  documentId: z.string().nullable(),
  documentTitle: z.string().nullable(),
  start: z.number().int().nullable(),
  end: z.number().int().nullable(),
  text: z.string().nullable(),
  speaker: ActorInfo.nullable(),
  performer: ActorInfo.nullable(),
  codes: z.array(z.string()).nullable(),
  coders: z.array(z.string()).nullable(),
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
  codes: string[];
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

/**
 * The excerpt query for one perspective: codes, ids and "coded at all" filter first (cheap, by
 * index), then the position of the speaker or performer only for what is left.
 */
export function queryExcerptsCypher(by: Perspective): string {
  return `MATCH (e:${cypherLabel('Excerpt')} {studyId: $studyId})
WHERE (size($ids) = 0 OR e.id IN $ids)
  AND all(k IN $codeFilters WHERE EXISTS {
    MATCH (e)-[f:${cypherRelType('CODED')}]->(:${cypherLabel('Code')} {studyId: $studyId, id: k})
    WHERE $coderId IS NULL OR f.coderId = $coderId })
  AND EXISTS { MATCH (e)-[f:${cypherRelType('CODED')}]->() WHERE $coderId IS NULL OR f.coderId = $coderId }
CALL (e) {
  ${by === 'speaker' ? '' : 'OPTIONAL '}${actorPositionCypher(by).replaceAll('\n', '\n  ')}
  RETURN pos
}
WITH e, pos
WHERE all(w IN $positionFilters WHERE pos[w.dimension] = w.value)
${QUERY_EXCERPTS_PAGE}`;
}

const QUERY_EXCERPTS_PAGE = `WITH e ORDER BY e.documentId, e.start, e.id
WITH collect(e) AS matched
WITH size(matched) AS total, matched[$offset..($offset + $limit)] AS page
UNWIND (CASE WHEN size(page) = 0 THEN [null] ELSE page END) AS e
CALL (e) {
  OPTIONAL MATCH (e)-[:${cypherRelType('IN')}]->(d:${cypherLabel('Document')})
  RETURN coalesce(d.title, d.id) AS documentTitle
}
${actorInfoCypher('speaker')}
${actorInfoCypher('performer')}
CALL (e) {
  OPTIONAL MATCH (e)-[cd:${cypherRelType('CODED')}]->(c:${cypherLabel('Code')})
  WHERE $coderId IS NULL OR cd.coderId = $coderId
  RETURN collect(DISTINCT c.id) AS codes, collect(DISTINCT cd.coderId) AS coders
}
RETURN total, e.id AS id, e.documentId AS documentId, documentTitle, e.start AS start, e.end AS end,
       e.text AS text, speaker, performer, codes, coders`;

export const QUERY_EXCERPTS_CYPHER = {
  speaker: queryExcerptsCypher('speaker'),
  performer: queryExcerptsCypher('performer'),
} as const;

export const DOCUMENT_TEXTS_CYPHER = `MATCH (d:${cypherLabel('Document')} {studyId: $studyId})
WHERE d.id IN $ids
RETURN d.id AS id, d.text AS text`;

const TextRow = z.object({ id: z.string(), text: z.string() });

/**
 * The excerpts behind a matrix cell (or any filter), paged, each with its speaker, performer,
 * positions, document, codes and some context around it.
 */
export async function queryExcerpts(
  graph: Graph,
  input: ExcerptQuery,
): Promise<{ total: number; items: ExcerptDetail[] }> {
  const q = ExcerptQuery.parse(input);
  const rows = parseRows(
    await graph.read(QUERY_EXCERPTS_CYPHER[q.by], {
      studyId: q.studyId,
      by: q.by,
      coderId: q.coderId ?? null,
      positionFilters: q.where.flatMap((w) =>
        w.kind === 'position' ? [{ dimension: w.dimension, value: w.value }] : [],
      ),
      codeFilters: q.where.flatMap((w) => (w.kind === 'code' ? [w.code] : [])),
      ids: q.ids,
      offset: q.offset,
      limit: q.limit,
    }),
    ExcerptRow,
    'excerpts',
  );
  const total = rows[0]?.total ?? 0;
  const page = rows.filter((r) => r.id !== null);
  const docIds = [...new Set(page.map((r) => r.documentId as string))];
  const texts = new Map(
    docIds.length === 0
      ? []
      : parseRows(
          await graph.read(DOCUMENT_TEXTS_CYPHER, { studyId: q.studyId, ids: docIds }),
          TextRow,
          'document texts',
        ).map((r) => [r.id, Array.from(r.text)]),
  );
  const items = page.map((r): ExcerptDetail => {
    const chars = texts.get(r.documentId as string) ?? [];
    const start = r.start ?? 0;
    const end = r.end ?? 0;
    return {
      id: r.id as string,
      documentId: r.documentId as string,
      documentTitle: r.documentTitle ?? (r.documentId as string),
      start,
      end,
      text: r.text ?? '',
      before: chars.slice(Math.max(0, start - q.context), start).join(''),
      after: chars.slice(end, end + q.context).join(''),
      speaker: r.speaker,
      performer: r.performer,
      codes: [...(r.codes ?? [])].sort(),
      coders: [...(r.coders ?? [])].sort(),
    };
  });
  return { total, items };
}
