import { utf16Index } from './code-points.ts';

/** A speaker turn in code points: its label is `[start, contentStart)`. */
export interface LabelledTurn {
  start: number;
  contentStart: number;
}

/**
 * A character of a speaker label that is not shown as it is written (UTF-16 range): markdown's
 * `**`/`__` and a label's brackets are hidden (`hide`); the closing bracket of a label written
 * without a colon (`[Interviewer] Who decided?`) is shown as the colon a `Name:` turn has
 * (`colon`). The characters stay in the page, so selections and offsets are unchanged.
 */
export interface LabelMark {
  a: number;
  b: number;
  kind: 'hide' | 'colon';
}

/**
 * How the labels of `turns` are shown, so that every turn reads `Name: …` whatever the
 * transcript wrote: `**M01:**`, `__M01__:`, `[M01]:`, `[Interviewer]` or `M01:`.
 */
export function labelMarks(text: string, turns: readonly LabelledTurn[]): LabelMark[] {
  const out: LabelMark[] = [];
  for (const t of turns) {
    const a = utf16Index(text, t.start);
    const label = text.slice(a, utf16Index(text, t.contentStart));
    for (const m of label.matchAll(/\*\*|__/g)) {
      out.push({ a: a + m.index, b: a + m.index + 2, kind: 'hide' });
    }
    const bracket = /^\[[^\]\n]+\](:?)/.exec(label);
    if (bracket !== null) {
      const colon = bracket[1] ?? '';
      const close = a + bracket[0].length - colon.length - 1;
      out.push({ a, b: a + 1, kind: 'hide' });
      out.push({ a: close, b: close + 1, kind: colon === ':' ? 'hide' : 'colon' });
    }
  }
  return out.sort((p, q) => p.a - q.a);
}

// A speaker label at the start of a line of context (an excerpt's, a search hit's), as
// transcripts write it: `**M01:**`, `**M01**:`, `__M01:__`, `[M01]`, `[M01]:` or `M01:`.
const LABEL =
  /^(?:\*\*|__)([^*_\n]{1,60}?)(?::(?:\*\*|__)|(?:\*\*|__):)[ \t]*|^\[([^\]\n]{1,60})\]:?[ \t]*/;

/** A line of context split into its speaker label's id (if any) and the rest of the line. */
export function splitSpeakerLabel(line: string): { id: string | undefined; rest: string } {
  const m = LABEL.exec(line);
  if (m === null) return { id: undefined, rest: line };
  return { id: (m[1] ?? m[2] ?? '').trim(), rest: line.slice(m[0].length) };
}
