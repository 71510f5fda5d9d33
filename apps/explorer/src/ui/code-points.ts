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
