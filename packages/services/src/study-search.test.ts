import { describe, expect, it } from 'vitest';
import { ServiceError } from './service-error.ts';
import { keywordsInContext, parseSearchQuery } from './study-search.ts';

// A transcript as the importer stores it: markdown speaker labels, turns in code points.
const TEXT = [
  '**I:** Why did the job specialist move?',
  '**M01:** The Job-Specialist 🙂 sat with the nurses. The specialists’ desk was ours, and we didn’t mind.',
  '**A01:** Specialisation is what Nav asked for.',
].join('\n');

function turnsOf(text: string) {
  const lines = text.split('\n');
  const turns = [];
  let at = 0;
  for (const line of lines) {
    const label = /^\*\*(\w+):\*\* /.exec(line);
    const length = [...line].length + 1;
    turns.push({
      speakerId: label?.[1] ?? null,
      start: at,
      contentStart: at + (label?.[0].length ?? 0),
      end: Math.min(at + length, [...text].length),
    });
    at += length;
  }
  return turns;
}

const DOC = { id: 'M01', title: 'Interview M01', text: TEXT, turns: turnsOf(TEXT) };
const slice = (start: number, end: number) => [...TEXT].slice(start, end).join('');

describe('parseSearchQuery', () => {
  it('reads words, quoted phrases, hyphenated words and prefixes', () => {
    expect(parseSearchQuery('Specialist "the NURSES" job-specialist special*')).toEqual([
      { words: ['specialist'], prefix: false },
      { words: ['the', 'nurses'], prefix: false },
      { words: ['job', 'specialist'], prefix: false },
      { words: ['special'], prefix: true },
    ]);
  });

  it('treats Lucene syntax as text and refuses a query without a word', () => {
    expect(parseSearchQuery('title:(a OR b)~2')).toEqual([
      // one part of several words is a phrase, as the index splits it the same way
      { words: ['title', 'a'], prefix: false },
      { words: ['or'], prefix: false },
      { words: ['b', '2'], prefix: false },
    ]);
    const refused = (() => {
      try {
        parseSearchQuery(' "" *** ');
      } catch (e) {
        return e;
      }
    })();
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused).toMatchObject({ code: 'invalid_query' });
  });
});

describe('keywordsInContext', () => {
  it('finds every occurrence with code-point offsets, case-insensitively, in text order', () => {
    const hits = keywordsInContext(DOC, parseSearchQuery('specialist'), { context: 20 });
    expect(hits.map((h) => h.match)).toEqual(['specialist', 'Specialist']);
    for (const h of hits) expect(slice(h.start, h.end)).toBe(h.match);
    expect(hits.map((h) => h.speaker?.id)).toEqual(['I', 'M01']);
  });

  it('matches phrases across a hyphen and prefixes, with whole words of context inside the turn', () => {
    const [, phrase] = keywordsInContext(DOC, parseSearchQuery('"job specialist"'), {
      context: 12,
      label: (id) => (id === 'M01' ? 'Unit leader' : id),
    });
    expect(phrase).toMatchObject({
      documentId: 'M01',
      match: 'Job-Specialist',
      // the turn starts 4 code points before the hit: no speaker label, nothing cut
      before: 'The ',
      beforeCut: false,
      after: ' 🙂 sat with',
      afterCut: true,
      speaker: { id: 'M01', label: 'Unit leader' },
    });
    const prefixed = keywordsInContext(DOC, parseSearchQuery('special*'), { context: 0 });
    expect(prefixed.map((h) => h.match)).toEqual([
      'specialist',
      'Specialist',
      'specialists',
      'Specialisation',
    ]);
    // the hit after the emoji: offsets count the emoji as one code point
    expect(slice(prefixed[2]?.start ?? 0, prefixed[2]?.end ?? 0)).toBe('specialists');
  });

  it('gives nothing for a word the document lacks', () => {
    expect(keywordsInContext(DOC, parseSearchQuery('employer'))).toEqual([]);
  });
});
