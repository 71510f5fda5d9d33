/**
 * The API counts offsets in Unicode code points; JavaScript strings index UTF-16 code units.
 * These helpers convert, so a highlight lands on the right characters after an emoji.
 */

/** The UTF-16 index of code point `cp` in `text` (clamped to the text). */
export function utf16Index(text: string, cp: number): number {
  let i = 0;
  for (let n = 0; n < cp && i < text.length; n++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return i;
}

/**
 * The code point offset of UTF-16 index `u16` in `text`. An index inside a surrogate pair moves
 * to the pair's start (`round: 'down'`) or past its end (`'up'`), so a selection never cuts an
 * emoji in half.
 */
export function codePointIndex(text: string, u16: number, round: 'down' | 'up' = 'down'): number {
  let cp = 0;
  let i = 0;
  const stop = Math.min(Math.max(0, u16), text.length);
  while (i < stop) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    if (pair && i + 1 === stop) return round === 'up' ? cp + 1 : cp;
    i += pair ? 2 : 1;
    cp++;
  }
  return cp;
}
