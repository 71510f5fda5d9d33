import { Fragment } from 'react';

// A speaker label at the start of a line, as transcripts write it: `**M01:**`, `**M01**:`,
// `__M01:__`, `[M01]` or `M01:` (one to five words).
const LABEL =
  /^(?:\*\*|__)([^*_\n]{1,60}?)(?::(?:\*\*|__)|(?:\*\*|__):)[ \t]*|^\[([^\]\n]{1,60})\][ \t]*/;

/**
 * Document text (an excerpt's context, a search hit's) with its speaker turns shown as turns:
 * a line's speaker label becomes the speaker's name in bold, without markdown. The text is user
 * content: React renders it as text, never as HTML.
 */
export function SpeakerText(props: { text: string; speakers?: Record<string, string> }) {
  const lines = props.text.split('\n');
  return (
    <>
      {lines.map((line, i) => {
        const m = LABEL.exec(line);
        const id = m === null ? undefined : (m[1] ?? m[2] ?? '').trim();
        return (
          <Fragment key={i}>
            {i > 0 && '\n'}
            {id !== undefined && (
              <strong className="turn-name" title={id}>
                {props.speakers?.[id] ?? id}:{' '}
              </strong>
            )}
            {m === null ? line : line.slice(m[0].length)}
          </Fragment>
        );
      })}
    </>
  );
}
