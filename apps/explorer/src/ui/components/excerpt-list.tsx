import { codeFamily } from '@iwa/taxonomy/code-key-parts';
import { useState } from 'react';
import type { ExcerptItem } from '../../shared/api-types.ts';
import { formatPosition, humanise } from '../format.ts';
import { DocumentDialog } from './document-dialog.tsx';
import { SpeakerText } from './speaker-text.tsx';

const SHORT_CONTEXT = 160;

/** The context before an excerpt, short: within its paragraph, at most n characters. */
function shortBefore(s: string): string {
  const para = s.slice(s.lastIndexOf('\n') + 1);
  if (para.length <= SHORT_CONTEXT) return para;
  const cut = para.slice(para.length - SHORT_CONTEXT);
  const space = cut.indexOf(' ');
  return `…${space >= 0 && space < 30 ? cut.slice(space + 1) : cut}`;
}

/** The context after an excerpt, short: within its paragraph, at most n characters. */
function shortAfter(s: string): string {
  const end = s.indexOf('\n');
  const para = end < 0 ? s : s.slice(0, end);
  if (para.length <= SHORT_CONTEXT) return para;
  const cut = para.slice(0, SHORT_CONTEXT);
  const space = cut.lastIndexOf(' ');
  return `${space > SHORT_CONTEXT - 30 ? cut.slice(0, space) : cut}…`;
}

function Excerpt(props: {
  item: ExcerptItem;
  studyId: string;
  labelOf?: ((code: string) => string) | undefined;
}) {
  const { item } = props;
  const [wide, setWide] = useState(false);
  const [docOpen, setDocOpen] = useState(false);
  const performerIsSpeaker = item.performer.id === item.speaker.id;
  return (
    <article className="excerpt" data-excerpt-id={item.id} aria-label={`Excerpt ${item.id}`}>
      <dl className="excerpt-meta">
        <div>
          <dt>Speaker</dt>
          <dd>
            <strong>{item.speaker.label}</strong>{' '}
            <span className="position">{formatPosition(item.speaker.position)}</span>
          </dd>
        </div>
        <div>
          <dt>Performer</dt>
          <dd>
            {performerIsSpeaker ? (
              <span className="muted">the speaker</span>
            ) : (
              <>
                <strong>{item.performer.label}</strong>{' '}
                <span className="position">
                  {humanise(item.performer.kind)}
                  {Object.keys(item.performer.position).length > 0
                    ? ` · ${formatPosition(item.performer.position)}`
                    : ''}
                </span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Document</dt>
          <dd>{item.documentTitle}</dd>
        </div>
      </dl>
      {/* Excerpt text is user content: React renders it as text, never as HTML. */}
      <p className={wide ? 'excerpt-context wide' : 'excerpt-context'}>
        <span className="context">
          <SpeakerText text={wide ? `…${item.before}` : shortBefore(item.before)} />
        </span>
        <mark className="excerpt-text">
          <SpeakerText text={item.text} />
        </mark>
        <span className="context">
          <SpeakerText text={wide ? `${item.after}…` : shortAfter(item.after)} />
        </span>
      </p>
      <ul className="codes" aria-label="Codes">
        {item.codes.map((c) => (
          <li key={c} className={`code code-${codeFamily(c)}`} title={c}>
            {props.labelOf?.(c) ?? humanise(c)}
          </li>
        ))}
      </ul>
      <div className="excerpt-actions">
        <button type="button" className="link" aria-expanded={wide} onClick={() => setWide(!wide)}>
          {wide ? 'Less context' : 'More context'}
        </button>
        <button type="button" className="link" onClick={() => setDocOpen(true)}>
          Open document
        </button>
        <span className="muted">
          {item.id} · coded by {item.coders.join(', ')}
        </span>
      </div>
      {docOpen && (
        <DocumentDialog
          studyId={props.studyId}
          documentId={item.documentId}
          highlight={{ start: item.start, end: item.end }}
          speakers={{ [item.speaker.id]: item.speaker.label }}
          onClose={() => setDocOpen(false)}
        />
      )}
    </article>
  );
}

export interface ExcerptListProps {
  studyId: string;
  items: readonly ExcerptItem[];
  total: number;
  loading?: boolean;
  onMore?: (() => void) | undefined;
  /** A code's label (the study's); default the humanised id. The id shows on hover. */
  labelOf?: ((code: string) => string) | undefined;
}

/** Excerpts with their speaker, performer, position, document and highlighted context. */
export function ExcerptList(props: ExcerptListProps) {
  if (props.items.length === 0) {
    // never "no excerpts" while they load
    return props.loading === true ? (
      <p className="muted loading" role="status">
        Loading the excerpts…
      </p>
    ) : (
      <p className="muted">No excerpts.</p>
    );
  }
  return (
    <div className="excerpt-list">
      {props.items.map((item) => (
        <Excerpt key={item.id} item={item} studyId={props.studyId} labelOf={props.labelOf} />
      ))}
      {props.items.length < props.total && props.onMore !== undefined && (
        <button type="button" className="more" onClick={props.onMore} disabled={props.loading}>
          Show more ({props.total - props.items.length} left)
        </button>
      )}
    </div>
  );
}
