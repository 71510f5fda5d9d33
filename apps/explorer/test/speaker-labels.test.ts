import { describe, expect, it } from 'vitest';
import { labelMarks, splitSpeakerLabel, type LabelledTurn } from '../src/ui/speaker-labels.ts';

/** Turns as the study reader gives them: the label is `[start, contentStart)` (code points). */
function turnsOf(text: string, labels: RegExp): LabelledTurn[] {
  const out: LabelledTurn[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const m = labels.exec(line);
    if (m !== null) out.push({ start: at, contentStart: at + [...m[0]].length });
    at += [...line].length + 1;
  }
  return out;
}

/** What a reader sees: hidden characters left out, a `colon` mark read as ":". */
function shown(text: string, turns: readonly LabelledTurn[]): string {
  const marks = labelMarks(text, turns);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const mark = marks.find((m) => m.a <= i && i < m.b);
    if (mark === undefined) out += text[i];
    else if (mark.kind === 'colon') out += ':';
  }
  return out;
}

describe('speaker labels in the reading view', () => {
  it('shows bracketed labels as `Name:` turns, with or without their colon', () => {
    const text = [
      '[Interviewer] Hvem bestemte det? Who decided?',
      '[M01]: The senior psychiatrists kept the specialist out of the ward meetings.',
      '[Åsa Lindqvist] So we asked the Nav office 🙂 to write to the clinic director.',
      '',
    ].join('\n');
    const turns = turnsOf(text, /^\[[^\]]+\]:?[ \t]*/);
    expect(turns).toHaveLength(3);
    expect(shown(text, turns).split('\n')).toEqual([
      'Interviewer: Hvem bestemte det? Who decided?',
      'M01: The senior psychiatrists kept the specialist out of the ward meetings.',
      'Åsa Lindqvist: So we asked the Nav office 🙂 to write to the clinic director.',
      '',
    ]);
  });

  it('hides markdown around labels, and leaves plain `Name:` labels and the text alone', () => {
    const text =
      '**Interviewer:** Who decided?\n__A01__: I taught the teams what IPS means [sic].\nM01: The board wrote [a new] policy.\n';
    const turns = turnsOf(text, /^(?:\*\*[^*]+\*\*|__[^_]+__:|[A-Za-z0-9]+:)[ \t]*/);
    expect(turns).toHaveLength(3);
    expect(shown(text, turns)).toBe(
      'Interviewer: Who decided?\nA01: I taught the teams what IPS means [sic].\nM01: The board wrote [a new] policy.\n',
    );
  });

  it('finds the label of a line of context, bracketed or in markdown', () => {
    expect(splitSpeakerLabel('[M01]: The senior psychiatrists kept him out.')).toEqual({
      id: 'M01',
      rest: 'The senior psychiatrists kept him out.',
    });
    expect(splitSpeakerLabel('[Interviewer] Who decided?')).toEqual({
      id: 'Interviewer',
      rest: 'Who decided?',
    });
    expect(splitSpeakerLabel('**A01:** I taught the teams.')).toEqual({
      id: 'A01',
      rest: 'I taught the teams.',
    });
    expect(splitSpeakerLabel('the specialist [sic] stayed')).toEqual({
      id: undefined,
      rest: 'the specialist [sic] stayed',
    });
  });
});
