import {
  codingId,
  excerptId,
  sliceByCodePoints,
  codePointLength,
  turnAt,
  type ActorRef,
  type PerformerSource,
  type SpeakerRef,
  type SpeakerTurn,
} from '@iwa/study';
import { z } from 'zod';
import { parseRows, type Runner } from '../create-graph.ts';
import { cypherLabel } from '../cypher-names.ts';
import { GraphError } from '../graph-error.ts';

/** A coding as the workbench shows it: one code on one span by one coder. */
export interface WorkbenchCoding {
  id: string;
  excerptId: string;
  documentId: string;
  start: number;
  end: number;
  text: string;
  code: string;
  coderId: string;
  at: string | null;
}

/** The excerpt a span of a document becomes: the same fields an import gives it. */
export interface SpanExcerpt {
  id: string;
  documentId: string;
  start: number;
  end: number;
  text: string;
  speaker: SpeakerRef | undefined;
  performer: ActorRef | undefined;
  performerSource: PerformerSource;
}

export const DOCUMENT_TEXT_CYPHER = `MATCH (d:${cypherLabel('Document')} {studyId: $studyId, id: $documentId})
RETURN d.text AS text, d.turns AS turns`;

const DocRow = z.object({ text: z.string(), turns: z.string().nullable() });

/**
 * The excerpt of `[start, end)` (code points) of a stored document, computed as the importer
 * computes it: the id from (study, document, span), the text sliced by code points, the speaker
 * from the turn at `start`, and the speaker as performer when the speaker is an informant.
 */
export async function spanExcerpt(
  tx: Runner,
  params: { studyId: string; documentId: string; start: number; end: number },
): Promise<SpanExcerpt> {
  const { studyId, documentId, start, end } = params;
  const doc = parseRows(
    await tx.run(DOCUMENT_TEXT_CYPHER, { studyId, documentId }),
    DocRow,
    'document text',
  )[0];
  if (doc === undefined) {
    throw new GraphError('not_found', `Study ${studyId} has no document ${documentId}`);
  }
  const length = codePointLength(doc.text);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) {
    throw new GraphError('conflict', `span ${start}–${end} is empty or reversed`);
  }
  if (end > length) {
    throw new GraphError(
      'conflict',
      `span ${start}–${end} runs past the end of ${documentId} (${length} code points)`,
    );
  }
  const turns = doc.turns === null ? [] : (JSON.parse(doc.turns) as SpeakerTurn[]);
  const speaker = turnAt(turns, start)?.speaker;
  const performer: ActorRef | undefined =
    speaker?.kind === 'informant' ? { kind: 'informant', id: speaker.id } : undefined;
  return {
    id: excerptId(studyId, documentId, { start, end }),
    documentId,
    start,
    end,
    text: sliceByCodePoints(doc.text, start, end),
    speaker,
    performer,
    performerSource: performer === undefined ? 'none' : 'speaker',
  };
}

/** The id a coding of `code` by `coderId` on this excerpt has (the importer's id). */
export function workbenchCodingId(excerpt: { id: string }, code: string, coderId: string): string {
  return codingId(excerpt.id, code, coderId);
}
