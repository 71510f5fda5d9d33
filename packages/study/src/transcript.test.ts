import { describe, expect, it } from 'vitest';
import type { SpeakerRef } from './model.ts';
import { sliceByCodePoints } from './offsets.ts';
import { parseTranscript, turnAt } from './transcript.ts';

const speakerLabels = new Map<string, SpeakerRef>([
  ['M07', { kind: 'informant', id: 'M07' }],
  ['A07', { kind: 'informant', id: 'A07' }],
  ['Advisor', { kind: 'informant', id: 'A07' }],
  ['Interviewer', { kind: 'speaker', id: 'Interviewer' }],
  ['I', { kind: 'speaker', id: 'Interviewer' }],
]);
const ctx = { file: 'transcripts/M07.txt', defaultId: 'M07', speakerLabels };

describe('parseTranscript', () => {
  it('opens a turn at each of the three label styles and runs it to the next label', () => {
    const text = [
      'Interview, spring 2021.',
      'I: How did it start?',
      '[M07] With a steering group.',
      'It met every month.',
      '**Advisor:** I only gave advice.',
      '**I**: Thank you.',
    ].join('\n');
    const res = parseTranscript(text, ctx);
    if (!res.ok) throw new Error('should parse');
    const { turns } = res.value.document;
    expect(turns.map((t) => t.speaker.id)).toEqual(['Interviewer', 'M07', 'A07', 'Interviewer']);
    expect(turns.map((t) => sliceByCodePoints(text, t.contentStart, t.end))).toEqual([
      'How did it start?\n',
      'With a steering group.\nIt met every month.\n',
      'I only gave advice.\n',
      'Thank you.',
    ]);
    expect(turns[0]!.start).toBe('Interview, spring 2021.\n'.length);
    expect(res.value.document.participants).toEqual(['M07', 'A07']);
    expect(res.value.document.kind).toBe('interview');
    expect(res.warnings).toEqual([]);
  });

  it('counts turn offsets in code points past emoji', () => {
    const text = 'I: 👩🏽‍⚕️ or 𝔘?\nM07: Both.';
    const res = parseTranscript(text, ctx);
    if (!res.ok) throw new Error('should parse');
    const m07 = res.value.document.turns[1]!;
    expect(m07.start).toBe([...'I: 👩🏽‍⚕️ or 𝔘?\n'].length);
    expect(sliceByCodePoints(text, m07.contentStart, m07.end)).toBe('Both.');
    expect(turnAt(res.value.document.turns, m07.start + 2)?.speaker.id).toBe('M07');
    expect(turnAt(res.value.document.turns, 10_000)).toBeUndefined();
  });

  it('reads front matter, strips it from the text, and counts lines from the file', () => {
    const text =
      '---\nid: steering-2019-09\ntitle: Steering group\nkind: meeting\ndate: 2019-09\nparticipants: [M07, A07]\n---\nM07: Welcome.\nM8: Hello.';
    const res = parseTranscript(text, ctx);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    // M8 is on line 9 of the file
    expect(res.errors).toEqual([
      expect.objectContaining({
        code: 'unknown_speaker',
        line: 9,
        column: 1,
        file: 'transcripts/M07.txt',
      }),
    ]);
    const ok = parseTranscript(text.replace('M8: Hello.', 'A07: Hello.'), ctx);
    if (!ok.ok) throw new Error('should parse');
    expect(ok.value.document).toMatchObject({
      id: 'steering-2019-09',
      title: 'Steering group',
      kind: 'meeting',
      date: '2019-09',
      participants: ['M07', 'A07'],
      text: 'M07: Welcome.\nA07: Hello.',
    });
    expect(ok.value.bodyLineOffset).toBe(7);
  });

  it('keeps ordinary "Word:" lines as text, and flags id-like unknown labels', () => {
    const res = parseTranscript(
      'M07: Yes.\nNote: recorder paused.\n[laughs] okay\n[A7] Sorry.',
      ctx,
    );
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors.map((e) => [e.code, e.line, e.column, e.hint])).toEqual([
      [
        'unknown_speaker',
        4,
        2,
        'did you mean "A07"? declare "A7" as an informant (or under speakers:, or as an alias) in study.yaml',
      ],
    ]);
  });

  it('warns when a transcript has no speaker labels, and rejects bad front matter', () => {
    const res = parseTranscript('Field notes from the DPS corridor.', ctx);
    expect(res.ok && res.warnings.map((w) => w.code)).toEqual(['no_speaker_turns']);
    const bad = parseTranscript('---\nkind: podcast\nspeakers: 2\n---\nM07: Hi', ctx);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => [e.code, e.line])).toEqual([
      ['invalid_front_matter', 2],
      ['unknown_field', 3],
    ]);
  });
});

describe('labels of several words, digits and diacritics (issue 16)', () => {
  const labels = new Map<string, SpeakerRef>([
    ...speakerLabels,
    ['Ward manager 2', { kind: 'informant', id: 'WM2' }],
    ['Åsa Lindqvist', { kind: 'informant', id: 'AL' }],
    ['Case worker', { kind: 'informant', id: 'CW' }],
  ]);
  const c = { file: 'transcripts/meeting.txt', defaultId: 'meeting', speakerLabels: labels };

  it('opens turns at declared labels in every style; an undeclared one stays text', () => {
    const text = [
      'Ward manager 2: We start at eight.',
      '**Åsa Lindqvist:** I come later.',
      '[Case worker] Not on Mondays.',
      'Ward  manager 2: Two spaces still name the ward manager.',
      'Head of unit: not declared, so part of the case worker-less turn above.',
      'A\u030Asa Lindqvist: a decomposed Å is the same label.',
    ].join('\n');
    const res = parseTranscript(text, c);
    if (!res.ok) throw new Error(JSON.stringify(res.errors));
    const { turns } = res.value.document;
    expect(turns.map((t) => t.speaker.id)).toEqual(['WM2', 'AL', 'CW', 'WM2', 'AL']);
    expect(sliceByCodePoints(text, turns[3]!.contentStart, turns[3]!.end)).toBe(
      'Two spaces still name the ward manager.\nHead of unit: not declared, so part of the case worker-less turn above.\n',
    );
    expect(res.value.document.participants).toEqual(['WM2', 'AL', 'CW']);
  });
});
