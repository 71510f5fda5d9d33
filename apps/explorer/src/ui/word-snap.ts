/**
 * Word snapping for the coding workbench: a selection that starts or ends inside a word grows to
 * the whole word ("…specialist ro" becomes "…specialist role"), as MAXQDA and NVivo do. Words
 * are Unicode words (`Intl.Segmenter`), so "Fjordvik's", "e-post" parts, accented and astral
 * letters snap as a reader expects. Indices are UTF-16 (the DOM's); white space at either end is
 * left out.
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

interface Word {
  start: number;
  end: number;
}

/** The word-like segment containing UTF-16 index `i` (a character at `i`), if any. */
function wordAt(text: string, i: number): Word | undefined {
  if (i < 0 || i >= text.length) return undefined;
  const seg = segmenter.segment(text).containing(i);
  if (seg === undefined || seg.isWordLike !== true) return undefined;
  return { start: seg.index, end: seg.index + seg.segment.length };
}

/**
 * `[start, end)` grown to whole words: `start` back to the start of the word it falls in, `b` forward to
 * the end of the word its last character falls in (`end`); then trimmed of white space. With `exact`
 * (the Alt key held) only the trimming is done.
 */
export function snapToWords(
  text: string,
  span: { start: number; end: number },
  options: { exact?: boolean } = {},
): { start: number; end: number } {
  let start = Math.max(0, Math.min(span.start, text.length));
  let end = Math.max(start, Math.min(span.end, text.length));
  while (start < end && /\s/.test(text.charAt(start))) start++;
  while (end > start && /\s/.test(text.charAt(end - 1))) end--;
  if (options.exact === true || end <= start) return { start, end };
  const first = wordAt(text, start);
  if (first !== undefined) start = first.start;
  const last = wordAt(text, end - 1);
  if (last !== undefined) end = last.end;
  return { start, end };
}
