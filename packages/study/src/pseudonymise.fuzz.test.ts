import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '@iwa/testing/fuzz';
import { checkStudy } from './check-study.ts';
import { contentHash } from './ids.ts';
import type { Study } from './model.ts';
import { sliceByCodePoints } from './offsets.ts';
import { pseudonymise, pseudonymiseText, PseudonymList } from './pseudonymise.ts';

/*
 * Pseudonymisation on random documents full of (overlapping, astral, differently cased) names
 * with random excerpts: the study stays consistent (every excerpt exactly its slice, turns in
 * range, hashes right), no listed name is left, a second pass changes nothing, and an excerpt
 * whose ends cut no name reads exactly like its old text with the names replaced.
 */

// Names use letters (some astral); replacements use digits and brackets, so a replacement can
// never form a name, and names can be checked for absence afterwards.
const NAME_PARTS = [
  'Kari',
  'Nordmann',
  'Ann',
  'ann',
  'Øyvind',
  '𝔘lla',
  'Ødegård',
  'Li',
  'Bo',
  'Anne-Lise',
  'Dr. (Ek)*',
];
const name = fc
  .array(fc.constantFrom(...NAME_PARTS), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join(' '));
const entry = fc.record({
  name,
  replacement: fc.constantFrom('[1]', '[22]', '(3)', '#4#', '[👩🏽‍⚕️5]', '6'),
  case_insensitive: fc.boolean(),
  whole_word: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
});
const filler = fc.constantFrom(' ', ', ', '. ', '\n', ' 🙂 ', ' met ', 'x', ': ', 'é');

const studyArb = fc
  .tuple(
    fc.uniqueArray(entry, { minLength: 1, maxLength: 6, selector: (e) => e.name.toLowerCase() }),
    fc.array(fc.oneof(name, filler, filler), { minLength: 1, maxLength: 40 }),
    fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }),
  )
  .map(([entries, pieces, spans]) => {
    const list = PseudonymList.parse(entries);
    const text = pieces.join('');
    const n = [...text].length;
    const excerpts = spans
      .map(([a, b]) => [a % n, b % n] as const)
      .map(([a, b]): [number, number] => (a === b ? [a, a + 1] : [Math.min(a, b), Math.max(a, b)]))
      .filter(([s, e], i, all) => all.findIndex(([s2, e2]) => s2 === s && e2 === e) === i)
      .map(([start, end], i) => ({
        id: `x${i}`,
        documentId: 'D1',
        start,
        end,
        text: sliceByCodePoints(text, start, end),
        performerSource: 'none' as const,
      }));
    const study: Study = {
      id: 's',
      name: 'fuzz',
      informants: [],
      speakers: [{ id: 'Interviewer', role: 'interviewer' }],
      positions: [],
      organisations: [],
      actorGroups: [],
      relations: [],
      coders: [{ id: 'kari' }],
      memos: [{ id: 'm1', text: pieces.slice(0, 5).join(''), about: [] }],
      codebook: { codes: [] },
      dimensions: {},
      variables: [],
      phaseEvents: [],
      sets: [],
      links: [],
      documents: [
        {
          id: 'D1',
          kind: 'interview',
          participants: [],
          text,
          contentHash: contentHash(text),
          turns: [
            { speaker: { kind: 'speaker', id: 'Interviewer' }, start: 0, contentStart: 0, end: n },
          ],
        },
      ],
      excerpts,
      codings: excerpts.map((e) => ({
        id: `c${e.id}`,
        excerptId: e.id,
        code: 'form.relational',
        coderId: 'kari',
      })),
    };
    return { list, study };
  })
  .filter(({ study }) => study.excerpts.length > 0 || study.documents[0]!.text.length > 0);

describe('pseudonymise under fuzzing', () => {
  it(
    'a consistent study, no name left, idempotent, uncut excerpts read as their pseudonymised text',
    () => {
      fc.assert(
        fc.property(studyArb, ({ list, study }) => {
          const { value } = pseudonymise(study, list);
          const issues = checkStudy(value).filter((i) => i.severity === 'error');
          expect(issues).toEqual([]);
          const doc = value.documents[0]!;
          for (const e of list.filter((x) => !x.wholeWord)) {
            const hay = e.caseInsensitive ? doc.text.toLowerCase() : doc.text;
            expect(hay.includes(e.caseInsensitive ? e.name.toLowerCase() : e.name)).toBe(false);
          }
          // a second pass changes nothing (unless a whole-word name now stands next to a
          // replacement that made it a whole word, as in "LiKari" → "[1]Kari")
          if (list.every((e) => !e.wholeWord))
            expect(pseudonymise(value, list).value).toEqual(value);
          const old = study.documents[0]!.text;
          const res = pseudonymiseText(old, list);
          value.excerpts.forEach((x, i) => {
            const before = study.excerpts[i]!;
            expect(x.id).toBe(before.id);
            expect(x.end).toBeGreaterThan(x.start);
            const cut =
              res.mapStart(before.start) !== res.mapEnd(before.start) ||
              res.mapStart(before.end) !== res.mapEnd(before.end);
            // (whole-word names depend on the characters around them, which an excerpt cuts off)
            if (!cut && list.every((e) => !e.wholeWord))
              expect(x.text).toBe(pseudonymiseText(before.text, list).text);
          });
          expect(value.codings).toEqual(study.codings);
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(5),
  );
});
