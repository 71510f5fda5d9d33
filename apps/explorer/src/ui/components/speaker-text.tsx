import { Fragment } from 'react';
import { splitSpeakerLabel } from '../speaker-labels.ts';

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
        const { id, rest } = splitSpeakerLabel(line);
        return (
          <Fragment key={i}>
            {i > 0 && '\n'}
            {id !== undefined && (
              <strong className="turn-name" title={id}>
                {props.speakers?.[id] ?? id}:{' '}
              </strong>
            )}
            {rest}
          </Fragment>
        );
      })}
    </>
  );
}
