import { describe, expect, it } from 'vitest';
import { snapToWords } from '../src/ui/word-snap.ts';

const TEXT = 'M01: We moved the job specialist 🙂 into the team room, Fjordvik’s café.\n';
const at = (s: string) => TEXT.indexOf(s);
const cut = (r: { start: number; end: number }) => TEXT.slice(r.start, r.end);

describe('snapToWords', () => {
  it('grows a selection that cuts words to the whole words', () => {
    // "…specialist ro" selected from inside "job"
    expect(cut(snapToWords(TEXT, at('ob specialist'), at('om,')))).toBe(
      'job specialist 🙂 into the team room',
    );
    expect(cut(snapToWords(TEXT, at('ialist'), at('ialist') + 2))).toBe('specialist');
  });

  it('keeps a selection on word boundaries, and trims white space', () => {
    expect(cut(snapToWords(TEXT, at(' the job'), at(' specialist') + 1))).toBe('the job');
  });

  it('takes accents, apostrophes and astral characters as parts of words', () => {
    expect(cut(snapToWords(TEXT, at('ordvik'), at('caf') + 2))).toBe('Fjordvik’s café');
    const astral = 'x 𝒜𝒷𝒸 y';
    expect(cut2(astral, snapToWords(astral, 3, 5))).toBe('𝒜𝒷𝒸');
  });

  it('selects exact characters with the modifier', () => {
    expect(cut(snapToWords(TEXT, at('ialist'), at('ialist') + 2, { exact: true }))).toBe('ia');
  });

  it('does not cross punctuation or an emoji it did not touch', () => {
    expect(cut(snapToWords(TEXT, at('roo'), at('room') + 2))).toBe('room');
  });
});

function cut2(text: string, r: { start: number; end: number }): string {
  return text.slice(r.start, r.end);
}
