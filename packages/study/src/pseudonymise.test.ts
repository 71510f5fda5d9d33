import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkStudy } from './check-study.ts';
import { contentHash } from './ids.ts';
import type { DocumentBundle, StudyDocument } from './model.ts';
import { sliceByCodePoints } from './offsets.ts';
import {
  pseudonymise,
  pseudonymiseManifest,
  pseudonymiseText,
  PseudonymList,
  readPseudonymList,
  type PseudonymListInput,
} from './pseudonymise.ts';
import { readStudyFolder } from './study-folder.ts';

const list = (entries: PseudonymListInput) => PseudonymList.parse(entries);

/** A bundle with one document and excerpts given by the exact passages they cover. */
function bundle(text: string, passages: readonly string[]): DocumentBundle {
  const document: StudyDocument = {
    id: 'M07',
    kind: 'interview',
    participants: ['M07'],
    text,
    contentHash: contentHash(text),
    turns: [],
    title: 'Interview with Kari Nordmann',
  };
  const excerpts = passages.map((p, i) => {
    const at16 = text.indexOf(p);
    if (at16 < 0) throw new Error(`"${p}" is not in the text`);
    const start = [...text.slice(0, at16)].length;
    return {
      id: `x${i + 1}`,
      documentId: 'M07',
      start,
      end: start + [...p].length,
      text: p,
      performerSource: 'none' as const,
    };
  });
  return {
    document,
    excerpts,
    codings: excerpts.map((e) => ({
      id: `c-${e.id}`,
      excerptId: e.id,
      code: 'form.relational',
      coderId: 'kari',
    })),
    memos: [
      { id: 'memo1', text: 'Ask Kari Nordmann again.', about: [{ kind: 'excerpt', id: 'x1' }] },
    ],
  };
}

const texts = (b: DocumentBundle) => b.excerpts.map((e) => e.text);

describe('pseudonymiseText', () => {
  it('takes the longest name first, then goes left to right, in one pass', () => {
    const names = list([
      { name: 'Kari', replacement: 'K' },
      { name: 'Kari Nordmann', replacement: 'M07' },
      { name: 'Nordmann', replacement: 'N' },
      { name: 'M07', replacement: 'never applied to a replacement' },
    ]);
    const res = pseudonymiseText('Kari Nordmann met Kari and Nordmann.', names);
    expect(res.text).toBe('M07 met K and N.');
    expect(res.counts).toEqual({ 'Kari Nordmann': 1, Kari: 1, Nordmann: 1 });
  });

  it('replaces whole words by default, and ignores case only when asked', () => {
    expect(
      pseudonymiseText(
        'Ann wrote the Annual report; ann agreed.',
        list([{ name: 'Ann', replacement: 'P3' }]),
      ).text,
    ).toBe('P3 wrote the Annual report; ann agreed.');
    expect(
      pseudonymiseText(
        'Ann wrote the Annual report; ann agreed.',
        list([{ name: 'ann', replacement: 'P3', case_insensitive: true, whole_word: false }]),
      ).text,
    ).toBe('P3 wrote the P3ual report; P3 agreed.');
  });

  it('takes names with hyphens, dots, brackets and other pattern characters literally', () => {
    const names = list([
      { name: 'Anne-Lise', replacement: 'A01' },
      { name: 'Dr. B. (Bo) Ek*', replacement: 'A02' },
      { name: 'a|b', replacement: 'A03', whole_word: false },
    ]);
    expect(pseudonymiseText('Anne-Lise and Dr. B. (Bo) Ek* met; aXb a|b.', names).text).toBe(
      'A01 and A02 met; aXb A03.',
    );
  });

  it('treats letters beyond ASCII and astral characters as parts of words', () => {
    const names = list([
      { name: 'Øyvind', replacement: 'A05' },
      { name: '𝔘lla', replacement: 'A06' },
    ]);
    expect(pseudonymiseText('Øyvind and Øyvindsen, 𝔘lla 🙂 and x𝔘lla.', names).text).toBe(
      'A05 and Øyvindsen, A06 🙂 and x𝔘lla.',
    );
  });
});

describe('pseudonymise a document bundle', () => {
  const names = list([
    { name: 'Kari Nordmann', replacement: 'M07' },
    { name: 'Kari', replacement: 'M07' },
    { name: '𝔘lla Ødegård', replacement: '[the advisor 👩🏽‍⚕️]' },
  ]);

  it('keeps every excerpt exactly its slice: names inside, before, after and across its ends', () => {
    const text =
      'I: Who started it?\n' +
      'M07: I, Kari Nordmann, asked 𝔘lla Ødegård 🙂 to join. Then Kari Nordmann left; 𝔘lla Ødegård stayed.';
    const b = bundle(text, [
      'Kari Nordmann, asked 𝔘lla Ødegård 🙂 to join', // names inside
      'asked', // between two names
      'Nordmann left', // starts inside a name
      'left; 𝔘lla', // ends inside a name
      'Ødegård stayed.', // starts inside an astral-led name
    ]);
    const { value, counts } = pseudonymise(b, names);
    expect(value.document.text).toBe(
      'I: Who started it?\nM07: I, M07, asked [the advisor 👩🏽‍⚕️] 🙂 to join. Then M07 left; [the advisor 👩🏽‍⚕️] stayed.',
    );
    expect(texts(value)).toEqual([
      'M07, asked [the advisor 👩🏽‍⚕️] 🙂 to join',
      'asked',
      'M07 left', // the cut name is replaced whole
      'left; [the advisor 👩🏽‍⚕️]',
      '[the advisor 👩🏽‍⚕️] stayed.',
    ]);
    for (const e of value.excerpts) {
      expect(sliceByCodePoints(value.document.text, e.start, e.end)).toBe(e.text);
    }
    expect(value.document.contentHash).toBe(contentHash(value.document.text));
    expect(value.document.title).toBe('Interview with M07');
    expect(value.memos[0]?.text).toBe('Ask M07 again.');
    // two in the text, one in the title, one in the memo
    expect(counts).toEqual({ 'Kari Nordmann': 4, '𝔘lla Ødegård': 2 });
    // ids, codings and what memos are about do not change
    expect(value.excerpts.map((e) => e.id)).toEqual(b.excerpts.map((e) => e.id));
    expect(value.codings).toEqual(b.codings);
    expect(value.memos[0]?.about).toEqual(b.memos[0]?.about);
    // the input is untouched
    expect(b.document.text).toBe(text);
  });

  it('moves speaker turns with the text', () => {
    const text = 'I: Kari Nordmann, welcome.\nM07: Thanks.\n';
    const b = bundle(text, ['Thanks.']);
    const withTurns: DocumentBundle = {
      ...b,
      document: {
        ...b.document,
        turns: [
          { speaker: { kind: 'speaker', id: 'Interviewer' }, start: 0, contentStart: 3, end: 27 },
          { speaker: { kind: 'informant', id: 'M07' }, start: 27, contentStart: 32, end: 40 },
        ],
      },
    };
    const { value } = pseudonymise(withTurns, names);
    expect(value.document.text).toBe('I: M07, welcome.\nM07: Thanks.\n');
    expect(value.document.turns.map((t) => [t.start, t.contentStart, t.end])).toEqual([
      [0, 3, 17],
      [17, 22, 30],
    ]);
    expect(texts(value)).toEqual(['Thanks.']);
  });

  it('grows an excerpt that lies inside one name to the whole replacement', () => {
    const b = bundle('We met Kari Nordmann.', ['Nord']);
    expect(texts(pseudonymise(b, names).value)).toEqual(['M07']);
  });
});

describe('pseudonymise a whole study', () => {
  it('gives a consistent study (checkStudy finds nothing) with manifest texts replaced', async () => {
    const res = await readStudyFolder(
      fileURLToPath(new URL('../test/fixtures/ips-demo', import.meta.url)),
    );
    if (!res.ok) throw new Error('the demo study should read');
    const names = list([
      { name: 'DPS', replacement: '[clinic]' },
      { name: 'Nav', replacement: '[agency]' },
      { name: 'M07', replacement: 'Manager 7', whole_word: true },
    ]);
    const { value, counts } = pseudonymise(res.study, names);
    expect(checkStudy(value)).toEqual([]);
    expect(value.documents.some((d) => d.text.includes('DPS'))).toBe(false);
    expect(value.excerpts.map((e) => e.text).join(' ')).toContain('[clinic]');
    expect(value.memos.find((m) => m.title === 'Dual employment as a resource')?.text).toBe(
      'A07 uses the hospital affiliation to be heard by clinicians. Compare with Manager 7.',
    );
    expect(counts.DPS).toBeGreaterThan(0);
    expect(value.excerpts.map((e) => e.id)).toEqual(res.study.excerpts.map((e) => e.id));
    // the manifest alone, for streaming imports
    const manifest = pseudonymiseManifest(res.study, names);
    expect(manifest.value.memos).toEqual(value.memos);
  });
});

describe('readPseudonymList', () => {
  it('reads a names file', () => {
    const res = readPseudonymList(
      '- name: Kari Nordmann\n  replacement: M07\n- name: kari\n  replacement: M07\n  case_insensitive: true\n  whole_word: false\n',
      'names.yaml',
    );
    expect(res).toEqual({
      ok: true,
      list: [
        { name: 'Kari Nordmann', replacement: 'M07', wholeWord: true, caseInsensitive: false },
        { name: 'kari', replacement: 'M07', wholeWord: false, caseInsensitive: true },
      ],
    });
  });

  it('locates a missing replacement and an unknown field', () => {
    const res = readPseudonymList('- name: Kari\n- name: Ole\n  replacment: O1\n', 'names.yaml');
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors.map((e) => [e.code, e.line, e.message])).toEqual([
      ['invalid_value', 1, '[0].replacement is required'],
      ['invalid_value', 2, '[1].replacement is required'],
      ['unknown_field', 3, 'unknown field "replacment" in [1]'],
    ]);
  });

  it('refuses a name listed twice, also when one entry ignores case', () => {
    const res = readPseudonymList(
      '- name: Ann\n  replacement: P1\n- name: Ole\n  replacement: P2\n- name: ann\n  replacement: P3\n  case_insensitive: true\n',
      'names.yaml',
    );
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors.map((e) => [e.line, e.message])).toEqual([
      [5, '[2].name: "ann" is listed twice (also entry 1)'],
    ]);
    expect(
      PseudonymList.safeParse([
        { name: 'Ann', replacement: 'P1' },
        { name: 'ann', replacement: 'P2' },
      ]).success,
    ).toBe(true);
  });
});
