/**
 * Reference implementation used by the benchmarks (apps/bench), not by iwa itself: the naive
 * writer many first versions of an importer are, with one transaction per excerpt (and one per
 * document) and one statement per row. The importer is measured against it to show what
 * batching buys. (The benchmark writes the manifest with the UNWIND floor first.)
 */
import type { DocumentBundle } from '@iwa/study';
import type { Graph, Runner } from '../create-graph.ts';
import type { NodeLabel } from '@iwa/taxonomy';
import { cypherLabel as L, cypherRelType as R } from '../cypher-names.ts';
import { ACTOR_LABEL } from '../writers/actor-labels.ts';

export const NAIVE_DOCUMENT_CYPHER = `CREATE (d:${L('Document')}) SET d = $props, d.studyId = $studyId
WITH d
UNWIND $participants AS pid
MATCH (i:${L('Informant')} {studyId: $studyId, id: pid})
CREATE (d)-[:${R('WITH')}]->(i)`;

export const NAIVE_EXCERPT_CYPHER = `MATCH (d:${L('Document')} {studyId: $studyId, id: $documentId})
CREATE (e:${L('Excerpt')}) SET e = $props, e.studyId = $studyId
CREATE (e)-[:${R('IN')}]->(d)`;

export const NAIVE_SPOKEN_BY_CYPHER = `MATCH (e:${L('Excerpt')} {studyId: $studyId, id: $excerptId})
MATCH (i:${L('Informant')} {studyId: $studyId, id: $informantId})
CREATE (e)-[:${R('SPOKEN_BY')}]->(i)`;

export const NAIVE_PERFORMED_BY_CYPHER = (label: NodeLabel): string =>
  `MATCH (e:${L('Excerpt')} {studyId: $studyId, id: $excerptId})
MATCH (a:${L(label)} {studyId: $studyId, id: $actorId})
CREATE (e)-[:${R('PERFORMED_BY')} {source: $source}]->(a)`;

export const NAIVE_CODING_CYPHER = `MATCH (e:${L('Excerpt')} {studyId: $studyId, id: $excerptId})
MATCH (c:${L('Code')} {studyId: $studyId, id: $code})
CREATE (e)-[:${R('CODED')} {id: $id, coderId: $coderId, studyId: $studyId}]->(c)`;

const ACTOR_LABELS = ACTOR_LABEL;

function defined(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== undefined) out[k] = v;
  return out;
}

const one = (graph: Graph, cypher: string, params: object): Promise<void> =>
  graph.writeTransaction(async (tx: Runner) => {
    await tx.run(cypher, params);
  });

/**
 * Writes one document: the document in one transaction, then each excerpt in its own
 * transaction with one statement for the excerpt, its speaker, its performer and each coding.
 */
export async function writeNaiveDocument(
  graph: Graph,
  params: { studyId: string; bundle: DocumentBundle },
): Promise<{ excerpts: number; codings: number }> {
  const { studyId, bundle } = params;
  const doc = bundle.document;
  await one(graph, NAIVE_DOCUMENT_CYPHER, {
    studyId,
    participants: doc.participants,
    props: defined({
      id: doc.id,
      title: doc.title,
      kind: doc.kind,
      text: doc.text,
      contentHash: doc.contentHash,
      participants: doc.participants,
    }),
  });
  const codingsOf = new Map<string, typeof bundle.codings>();
  for (const c of bundle.codings) {
    const list = codingsOf.get(c.excerptId) ?? [];
    list.push(c);
    codingsOf.set(c.excerptId, list);
  }
  for (const x of bundle.excerpts) {
    await graph.writeTransaction(async (tx: Runner) => {
      await tx.run(NAIVE_EXCERPT_CYPHER, {
        studyId,
        documentId: x.documentId,
        props: defined({
          id: x.id,
          documentId: x.documentId,
          start: x.start,
          end: x.end,
          text: x.text,
          performerSource: x.performerSource,
          speakerKind: x.speaker?.kind,
          speakerId: x.speaker?.id,
          performerKind: x.performer?.kind,
          performerId: x.performer?.id,
        }),
      });
      if (x.speaker?.kind === 'informant') {
        await tx.run(NAIVE_SPOKEN_BY_CYPHER, {
          studyId,
          excerptId: x.id,
          informantId: x.speaker.id,
        });
      }
      if (x.performer) {
        await tx.run(NAIVE_PERFORMED_BY_CYPHER(ACTOR_LABELS[x.performer.kind]), {
          studyId,
          excerptId: x.id,
          actorId: x.performer.id,
          source: x.performerSource,
        });
      }
      for (const c of codingsOf.get(x.id) ?? []) {
        await tx.run(NAIVE_CODING_CYPHER, {
          studyId,
          excerptId: x.id,
          code: c.code,
          id: c.id,
          coderId: c.coderId,
        });
      }
    });
  }
  return { excerpts: bundle.excerpts.length, codings: bundle.codings.length };
}
