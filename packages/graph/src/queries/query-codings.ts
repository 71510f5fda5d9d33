import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';

export const QUERY_CODINGS_CYPHER = `MATCH (e:${cypherLabel('Excerpt')} {studyId: $studyId})-[cd:${cypherRelType('CODED')}]->(c:${cypherLabel('Code')})
WHERE (size($coders) = 0 OR cd.coderId IN $coders)
  AND ($family IS NULL OR c.family = $family)
RETURN e.documentId AS documentId, cd.coderId AS coderId, c.id AS code, e.start AS start, e.end AS end
ORDER BY documentId, start, end, coderId, code`;

export const DOCUMENT_CODERS_CYPHER = `MATCH (e:${cypherLabel('Excerpt')} {studyId: $studyId})-[cd:${cypherRelType('CODED')}]->()
WHERE size($coders) = 0 OR cd.coderId IN $coders
RETURN e.documentId AS documentId, collect(DISTINCT cd.coderId) AS coders
ORDER BY documentId`;

const CodingRow = z.object({
  documentId: z.string(),
  coderId: z.string(),
  code: z.string(),
  start: z.number().int(),
  end: z.number().int(),
});
export type CodingSpanRow = z.infer<typeof CodingRow>;

/** Every coding of a study as a span (document, coder, code, start, end): input for agreement. */
export async function queryCodings(
  graph: Graph,
  params: { studyId: string; coders?: string[]; family?: string | undefined },
): Promise<CodingSpanRow[]> {
  return parseRows(
    await graph.read(QUERY_CODINGS_CYPHER, {
      studyId: params.studyId,
      coders: params.coders ?? [],
      family: params.family ?? null,
    }),
    CodingRow,
    'codings',
  );
}

/** Which coders coded each document (by their codings). */
export async function queryDocumentCoders(
  graph: Graph,
  params: { studyId: string; coders?: string[] },
): Promise<Record<string, string[]>> {
  const rows = parseRows(
    await graph.read(DOCUMENT_CODERS_CYPHER, {
      studyId: params.studyId,
      coders: params.coders ?? [],
    }),
    z.object({ documentId: z.string(), coders: z.array(z.string()) }),
    'document coders',
  );
  return Object.fromEntries(rows.map((r) => [r.documentId, r.coders.sort()]));
}

export const DOCUMENT_TEXT_MAP_CYPHER = `MATCH (d:${cypherLabel('Document')} {studyId: $studyId})
WHERE size($ids) = 0 OR d.id IN $ids
RETURN d.id AS id, d.text AS text, coalesce(d.title, d.id) AS title`;

/** Document texts by id (all documents of the study when `ids` is empty). */
export async function queryDocumentTexts(
  graph: Graph,
  params: { studyId: string; ids?: string[] },
): Promise<Record<string, { text: string; title: string }>> {
  const rows = parseRows(
    await graph.read(DOCUMENT_TEXT_MAP_CYPHER, { studyId: params.studyId, ids: params.ids ?? [] }),
    z.object({ id: z.string(), text: z.string(), title: z.string() }),
    'document texts',
  );
  return Object.fromEntries(rows.map((r) => [r.id, { text: r.text, title: r.title }]));
}

export const QUERY_DOCUMENT_CYPHER = `MATCH (d:${cypherLabel('Document')} {studyId: $studyId, id: $documentId})
RETURN d.id AS id, coalesce(d.title, d.id) AS title, d.text AS text, d.turns AS turns`;

const DocumentRow = z.object({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  turns: z
    .string()
    .nullable()
    .transform((s) =>
      s === null
        ? []
        : (JSON.parse(s) as {
            speaker: { kind: string; id: string };
            start: number;
            contentStart: number;
            end: number;
          }[]),
    ),
});

/** One document's text and speaker turns (code points), or undefined. */
export async function queryDocument(
  graph: Graph,
  params: { studyId: string; documentId: string },
): Promise<z.output<typeof DocumentRow> | undefined> {
  return parseRows(await graph.read(QUERY_DOCUMENT_CYPHER, params), DocumentRow, 'document')[0];
}
