import { searchDocuments, type FoundDocument, type Graph } from '@iwa/graph';
import { ServiceError } from './service-error.ts';
import { loadStudyVocabulary, type StudyVocabulary } from './study-vocabulary.ts';

/** A full-text search of a study's documents. */
export interface SearchRequest {
  studyId: string;
  /**
   * Words, all of which a document must hold: `specialist team`, a phrase in double quotes
   * (`"job specialist"`), a prefix with a trailing `*` (`special*`). Case does not matter.
   */
  query: string;
  /** Code points of context on each side of a hit, within the speaker's turn (default 60). */
  context?: number | undefined;
  /** How many hits to return (default 200), from `offset` (default 0). */
  limit?: number | undefined;
  offset?: number | undefined;
}

/** One term of a query: its words (several make a phrase) and whether the last is a prefix. */
export interface SearchTerm {
  words: string[];
  prefix: boolean;
}

/** One place a term occurs: keyword in context. Offsets are code points into the document. */
export interface SearchHit {
  documentId: string;
  documentTitle: string;
  start: number;
  end: number;
  /** The context before the hit (within the speaker's turn; whole words). */
  before: string;
  /** The text found, as the document writes it. */
  match: string;
  after: string;
  /** Whether `before` / `after` were cut short of the turn's start / end. */
  beforeCut: boolean;
  afterCut: boolean;
  /** Who speaks at the hit: the turn's speaker, with the study's label; null outside turns. */
  speaker: { id: string; label: string } | null;
}

/** The answer of {@link searchStudy}. */
export interface SearchReport {
  studyId: string;
  query: string;
  /** The terms as understood: `"job specialist"`, `special*`. */
  terms: string[];
  /** The documents holding every term, best first, with their number of hits. */
  documents: { id: string; title: string; hits: number }[];
  /** Hits in all those documents. */
  total: number;
  /** A page of the hits: documents best first, each in text order. */
  hits: SearchHit[];
}

// A word as Lucene's standard tokenizer sees one, near enough: letters, marks, digits and
// underscores, joined by an apostrophe or a full stop between two of them (don't, 3.5).
const WORD = /[\p{L}\p{M}\p{N}_]+(?:['’.][\p{L}\p{M}\p{N}_]+)*/gu;

/**
 * The terms of a query: phrases in double quotes, other words one by one; a word of several
 * parts (`job-specialist`) is a phrase, as the index splits it. A query with no word is refused.
 */
export function parseSearchQuery(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const parts = query.match(/"[^"]*"?|[^\s"]+/g) ?? [];
  for (const part of parts) {
    const quoted = part.startsWith('"');
    const body = quoted ? part.replace(/^"|"$/g, '') : part;
    const prefix = !quoted && /[\p{L}\p{M}\p{N}_]\*$/u.test(body);
    const words = (body.match(WORD) ?? []).map((w) => w.toLowerCase());
    if (words.length === 0) continue;
    // a prefix only for a single word: the index has no wildcard inside a phrase
    terms.push({ words, prefix: prefix && words.length === 1 });
  }
  if (terms.length === 0) {
    throw new ServiceError(
      'invalid_query',
      `search "${query}": give at least one word to look for (letters or digits)`,
    );
  }
  if (terms.length > 20) {
    throw new ServiceError('invalid_query', `search "${query}": at most 20 words or phrases`);
  }
  return terms;
}

/** A term as the report shows it. */
function termText(t: SearchTerm): string {
  const text = t.words.join(' ');
  return t.words.length > 1 ? `"${text}"` : t.prefix ? `${text}*` : text;
}

const POSSESSIVE = new Set(["'s", '’s']);

interface Token {
  word: string;
  start: number;
  end: number;
}

/** The words of a text with their code-point offsets. */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  // code-point offset of each UTF-16 index: walk once
  let cp = 0;
  let unit = 0;
  for (const m of text.matchAll(WORD)) {
    while (unit < m.index) {
      const c = text.codePointAt(unit) as number;
      unit += c > 0xffff ? 2 : 1;
      cp += 1;
    }
    const length = [...m[0]].length;
    out.push({ word: m[0].toLowerCase(), start: cp, end: cp + length });
    unit += m[0].length;
    cp += length;
  }
  return out;
}

function matchesAt(toks: readonly Token[], i: number, term: SearchTerm): boolean {
  return term.words.every((w, k) => {
    const t = toks[i + k];
    if (t === undefined) return false;
    if (k < term.words.length - 1) return t.word === w;
    if (term.prefix) return t.word.startsWith(w);
    // a single word matches its possessive too, as the index query does ("Nav's")
    return (
      t.word === w ||
      (term.words.length === 1 && POSSESSIVE.has(t.word.slice(w.length)) && t.word.startsWith(w))
    );
  });
}

/**
 * Every place a document holds one of the terms (keyword in context), in text order. The context
 * stays within the hit's speaker turn, so no speaker label appears in it.
 */
export function keywordsInContext(
  doc: Pick<FoundDocument, 'id' | 'title' | 'text' | 'turns'>,
  terms: readonly SearchTerm[],
  options: { context?: number; label?: (id: string) => string } = {},
): SearchHit[] {
  const n = options.context ?? 60;
  const chars = Array.from(doc.text);
  const toks = tokens(doc.text);
  const hits: SearchHit[] = [];
  let i = 0;
  while (i < toks.length) {
    const term = terms.find((t) => matchesAt(toks, i, t));
    if (term === undefined) {
      i += 1;
      continue;
    }
    const first = toks[i] as Token;
    const last = toks[i + term.words.length - 1] as Token;
    const turn = doc.turns.find((t) => first.start >= t.start && first.start < t.end);
    const lo = turn === undefined ? 0 : turn.contentStart;
    const hi = turn === undefined ? chars.length : turn.end;
    const from = Math.max(lo, first.start - n);
    const to = Math.min(hi, last.end + n);
    let before = chars.slice(from, first.start).join('');
    let after = chars.slice(last.end, to).join('');
    const beforeCut = from > lo;
    const afterCut = to < hi;
    // drop a word cut in two at the far end of the context
    if (beforeCut) before = before.replace(/^[\p{L}\p{M}\p{N}_]+/u, '');
    if (afterCut) after = after.replace(/[\p{L}\p{M}\p{N}_]+$/u, '');
    hits.push({
      documentId: doc.id,
      documentTitle: doc.title,
      start: first.start,
      end: last.end,
      before: before.replace(/^\s+/, ''),
      match: chars.slice(first.start, last.end).join(''),
      after: after.replace(/\s+$/, ''),
      beforeCut,
      afterCut,
      speaker:
        turn?.speakerId == null
          ? null
          : { id: turn.speakerId, label: options.label?.(turn.speakerId) ?? turn.speakerId },
    });
    i += term.words.length;
  }
  return hits;
}

/**
 * Full-text search over a study's documents with keyword in context: Neo4j's full-text index
 * finds the documents that hold every term (best first), and each hit is shown within its
 * speaker's turn. The CLI's `iwa search` and the explorer's Search tab both call this.
 */
export async function searchStudy(
  graph: Graph,
  request: SearchRequest,
  vocabulary?: StudyVocabulary,
): Promise<SearchReport> {
  const vocab = vocabulary ?? (await loadStudyVocabulary(graph, request.studyId));
  const terms = parseSearchQuery(request.query);
  const found = await searchDocuments(graph, {
    studyId: vocab.studyId,
    terms: terms.map((t) =>
      t.prefix ? [...t.words.slice(0, -1), `${t.words.at(-1) ?? ''}*`] : t.words,
    ),
  });
  const labels = new Map(vocab.actors.map((a) => [a.key, a.label]));
  const documents: SearchReport['documents'] = [];
  const all: SearchHit[] = [];
  for (const doc of found) {
    const hits = keywordsInContext(doc, terms, {
      context: request.context ?? 60,
      label: (id) => labels.get(id) ?? id,
    });
    documents.push({ id: doc.id, title: doc.title, hits: hits.length });
    all.push(...hits);
  }
  const offset = request.offset ?? 0;
  const limit = request.limit ?? 200;
  return {
    studyId: vocab.studyId,
    query: request.query,
    terms: terms.map(termText),
    documents,
    total: all.length,
    hits: all.slice(offset, offset + limit),
  };
}
