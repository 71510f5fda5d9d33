import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel } from '../cypher-names.ts';
import { DOCUMENT_TEXT_INDEX } from '../migrations.ts';

/**
 * What to look for in a study's documents: each term is a word (`specialist`), a word with a
 * trailing `*` for a prefix (`special*`), or several words, which must appear in that order (a
 * phrase). A document matches when it holds every term.
 */
export const DocumentSearch = z.object({
  studyId: z.string().min(1),
  terms: z
    .array(z.array(z.string().min(1)).min(1))
    .min(1)
    .max(20),
});
export type DocumentSearch = z.input<typeof DocumentSearch>;

// Lucene's query syntax characters, escaped so that user text is only ever text.
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

function luceneWord(word: string): string {
  const prefix = word.length > 1 && word.endsWith('*');
  // lower case: the analyser lower-cases anyway, and AND/OR/NOT are then words, not operators
  const body = (prefix ? word.slice(0, -1) : word).toLowerCase().replace(LUCENE_SPECIAL, '\\$&');
  return prefix ? `${body}*` : body;
}

/**
 * The Lucene query of a search: every term required, a phrase in quotes; a single word also
 * matches its possessive (`nav` finds "Nav's", which the standard tokenizer keeps as one token).
 * Exported for tests.
 */
export function luceneQuery(terms: readonly (readonly string[])[]): string {
  return terms
    .map((words) => {
      if (words.length > 1) {
        return `+"${words.map((w) => luceneWord(w.replace(/\*$/, ''))).join(' ')}"`;
      }
      const word = luceneWord(words[0] as string);
      return word.endsWith('*') ? `+${word}` : `+(${word} ${word}'s ${word}’s)`;
    })
    .join(' ');
}

export const SEARCH_DOCUMENTS_CYPHER = `CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score
WITH node AS d, score WHERE d:${cypherLabel('Document')} AND d.studyId = $studyId
RETURN d.id AS id, coalesce(d.title, d.id) AS title, d.text AS text, d.turns AS turns, score
ORDER BY score DESC, id`;

const SearchRow = z.object({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  turns: z.string().nullable(),
  score: z.number(),
});

const StoredTurn = z.object({
  speaker: z.object({ kind: z.string(), id: z.string() }).nullable().optional(),
  start: z.int(),
  contentStart: z.int(),
  end: z.int(),
});

/** A document the full-text index found, with its text and speaker turns (code points). */
export interface FoundDocument {
  id: string;
  title: string;
  text: string;
  /** Lucene's relevance score; documents come best first. */
  score: number;
  turns: { speakerId: string | null; start: number; contentStart: number; end: number }[];
}

/**
 * The study's documents that hold every term, through the `document_text` full-text index
 * (migration 3), best first.
 */
export async function searchDocuments(
  graph: Graph,
  input: DocumentSearch,
): Promise<FoundDocument[]> {
  const q = DocumentSearch.parse(input);
  const rows = parseRows(
    await graph.read(SEARCH_DOCUMENTS_CYPHER, {
      index: DOCUMENT_TEXT_INDEX,
      query: luceneQuery(q.terms),
      studyId: q.studyId,
    }),
    SearchRow,
    'search documents',
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    text: r.text,
    score: r.score,
    turns: z
      .array(StoredTurn)
      .parse(r.turns === null ? [] : JSON.parse(r.turns))
      .map((t) => ({
        speakerId: t.speaker?.id ?? null,
        start: t.start,
        contentStart: t.contentStart,
        end: t.end,
      })),
  }));
}
