import { describe, expect, it } from 'vitest';
import { snapToWords } from '../src/ui/word-snap.ts';

const TEXT = 'M01: We moved the job specialist 🙂 into the team room, Fjordvik’s café.\n';
const at = (s: string) => TEXT.indexOf(s);
const snapped = (start: number, end: number, exact = false) => {
  const r = snapToWords(TEXT, { start, end }, { exact });
  return TEXT.slice(r.start, r.end);
};

describe('snapToWords', () => {
  it('grows a selection that cuts words to the whole words', () => {
    // "…ob specialist 🙂 into the team ro" selected from inside "job" to inside "room"
    expect(snapped(at('ob specialist'), at('om,'))).toBe('job specialist 🙂 into the team room');
    expect(snapped(at('ialist'), at('ialist') + 2)).toBe('specialist');
  });

  it('keeps a selection on word boundaries, and trims white space', () => {
    expect(snapped(at(' the job'), at(' specialist') + 1)).toBe('the job');
  });

  it('takes accents, apostrophes and astral characters as parts of words', () => {
    expect(snapped(at('ordvik'), at('caf') + 2)).toBe('Fjordvik’s café');
    const astral = 'x 𝒜𝒷𝒸 y';
    const r = snapToWords(astral, { start: 3, end: 5 });
    expect(astral.slice(r.start, r.end)).toBe('𝒜𝒷𝒸');
  });

  it('selects exact characters with the modifier', () => {
    expect(snapped(at('ialist'), at('ialist') + 2, true)).toBe('ia');
  });

  it('does not cross punctuation or an emoji it did not touch', () => {
    expect(snapped(at('roo'), at('room') + 2)).toBe('room');
  });
});
