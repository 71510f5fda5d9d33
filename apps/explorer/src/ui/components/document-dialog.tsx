import { useEffect, useRef } from 'react';
import { studyApi, useApiGet } from '../api-client.ts';
import { utf16Index } from '../code-points.ts';
import { humanise } from '../format.ts';

export interface DocumentDialogProps {
  studyId: string;
  documentId: string;
  /** Code points, as the API gives them. */
  highlight: { start: number; end: number };
  /** Labels of speaker ids that are known. */
  speakers: Record<string, string>;
  onClose: () => void;
}

/** A modal with the whole document, its speaker turns, and the excerpt highlighted. */
export function DocumentDialog(props: DocumentDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const markRef = useRef<HTMLElement>(null);
  const { start, end } = props.highlight;
  const state = useApiGet(studyApi.documents[':docId'], {
    param: { id: props.studyId, docId: props.documentId },
    query: { highlight: `${start},${end}` },
  });

  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);
  useEffect(() => {
    markRef.current?.scrollIntoView({ block: 'center' });
  }, [state.status]);

  let body;
  if (state.status === 'error') {
    body = <p role="alert">Could not load the document: {state.error.message}</p>;
  } else if (state.status === 'loading') {
    body = <p className="muted">Loading…</p>;
  } else {
    const doc = state.data;
    const hs = utf16Index(doc.text, start);
    const he = utf16Index(doc.text, end);
    let marked = false;
    body = doc.turns.map((turn, i) => {
      // the spoken text only: the speaker's label (`**M01:**`) is shown as the name beside it
      const ts = utf16Index(doc.text, turn.contentStart);
      const te = utf16Index(doc.text, turn.end);
      const a = Math.min(Math.max(hs, ts), te);
      const b = Math.min(Math.max(he, ts), te);
      const first = !marked && b > a;
      if (first) marked = true;
      return (
        <p key={i} className={turn.speakerId === 'interviewer' ? 'turn interviewer' : 'turn'}>
          <span className="turn-speaker">
            {props.speakers[turn.speakerId] ?? humanise(turn.speakerId)}
          </span>
          <span className="turn-text">
            {doc.text.slice(ts, a)}
            {b > a && (
              <mark className="excerpt-text" ref={first ? markRef : undefined}>
                {doc.text.slice(a, b)}
              </mark>
            )}
            {doc.text.slice(b, te)}
          </span>
        </p>
      );
    });
  }

  return (
    <dialog
      ref={ref}
      className="document-dialog"
      aria-labelledby="document-dialog-title"
      onClose={props.onClose}
    >
      <header>
        <h2 id="document-dialog-title">
          {state.status === 'ok' ? state.data.title : props.documentId}
        </h2>
        <button type="button" onClick={() => ref.current?.close()} aria-label="Close document">
          ×
        </button>
      </header>
      <div className="document-body">{body}</div>
    </dialog>
  );
}
