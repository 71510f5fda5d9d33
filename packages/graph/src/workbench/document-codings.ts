import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';

export const DOCUMENT_CODINGS_CYPHER = `MATCH (e:${cypherLabel('Excerpt')} {studyId: $studyId, documentId: $documentId})
OPTIONAL MATCH (e)-[r:${cypherRelType('CODED')}]->(c:${cypherLabel('Code')})
WITH e, collect(CASE WHEN r IS NULL THEN NULL ELSE {id: r.id, code: c.id, coderId: r.coderId, at: r.at} END) AS codings
OPTIONAL MATCH (m:${cypherLabel('Memo')})-[:${cypherRelType('ABOUT')}]->(e)
WITH e, codings, collect(CASE WHEN m IS NULL THEN NULL ELSE {id: m.id, text: m.text, author: m.author} END) AS memos
RETURN e.id AS id, e.start AS start, e.end AS end, e.text AS text,
       e.speakerKind AS speakerKind, e.speakerId AS speakerId,
       e.performerKind AS performerKind, e.performerId AS performerId,
       coalesce(e.performerSource, 'none') AS performerSource, codings, memos
ORDER BY start, end, id`;

const Row = z.object({
  id: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  speakerKind: z.enum(['informant', 'speaker']).nullable(),
  speakerId: z.string().nullable(),
  performerKind: z.enum(['informant', 'organisation', 'actor_group']).nullable(),
  performerId: z.string().nullable(),
  performerSource: z.string(),
  codings: z.array(
    z.object({ id: z.string(), code: z.string(), coderId: z.string(), at: z.string().nullable() }),
  ),
  memos: z.array(z.object({ id: z.string(), text: z.string(), author: z.string().nullable() })),
});

/** One excerpt of a document with its codings and memos, as the coding workbench shows it. */
export interface DocumentExcerpt {
  id: string;
  start: number;
  end: number;
  text: string;
  speaker: { kind: 'informant' | 'speaker'; id: string } | null;
  performer: { kind: 'informant' | 'organisation' | 'actor_group'; id: string } | null;
  performerSource: string;
  codings: { id: string; code: string; coderId: string; at: string | null }[];
  memos: { id: string; text: string; author: string | null }[];
}

/**
 * A document's excerpts with their codings and memos, in text order. With `coderId` (blind
 * coding) only that coder's codings and memos are returned, and excerpts without any are left out.
 */
export async function queryDocumentCodings(
  graph: Graph,
  params: { studyId: string; documentId: string; coderId?: string | undefined },
): Promise<DocumentExcerpt[]> {
  const rows = parseRows(
    await graph.read(DOCUMENT_CODINGS_CYPHER, {
      studyId: params.studyId,
      documentId: params.documentId,
    }),
    Row,
    'document codings',
  );
  const out: DocumentExcerpt[] = [];
  for (const r of rows) {
    const mine = (who: string | null) => params.coderId === undefined || who === params.coderId;
    const codings = r.codings
      .filter((c) => mine(c.coderId))
      .sort((a, b) => a.code.localeCompare(b.code));
    if (params.coderId !== undefined && codings.length === 0) continue;
    out.push({
      id: r.id,
      start: r.start,
      end: r.end,
      text: r.text,
      speaker:
        r.speakerKind !== null && r.speakerId !== null
          ? { kind: r.speakerKind, id: r.speakerId }
          : null,
      performer:
        r.performerKind !== null && r.performerId !== null
          ? { kind: r.performerKind, id: r.performerId }
          : null,
      performerSource: r.performerSource,
      codings,
      memos: r.memos.filter((m) => mine(m.author)),
    });
  }
  return out;
}
