import { codeFamily } from '@iwa/taxonomy/code-key-parts';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type {
  ActorNode,
  CodeFamilyInfo,
  CodedExcerpt,
  PerformerActor,
} from '../../shared/api-types.ts';
import { actorOptionValue, actorRef } from './actor-option.ts';
import { codeColour } from './code-colours.ts';
import { SHORTCUTS } from './shortcuts.ts';
import type { Span } from './transcript.tsx';

const KEY_OF = new Map(Object.entries(SHORTCUTS).map(([k, code]) => [code, k]));

/** Families with many codes get a picker instead of a row of buttons. */
const MANY = 8;

export interface CodePanelProps {
  coderId: string;
  /** The selected span (code points) and its text. */
  span: Span;
  spanText: string;
  /** The excerpt at the span, when there is one. */
  excerpt: CodedExcerpt | null;
  families: readonly CodeFamilyInfo[];
  actors: readonly ActorNode[];
  labelOf: (code: string) => string;
  busy: boolean;
  onToggle: (code: string) => void;
  onRemove: (codingId: string) => void;
  onChange: (codingId: string, from: string, to: string) => void;
  onPerformer: (actor: PerformerActor | null) => void;
  onMemo: (before: string, text: string) => void;
  onClose: () => void;
  /** More sections: a new code from the selection, a relation shown by the excerpt. */
  extra?: ReactNode;
}

/** The code panel of a selected span: codes to apply, codings on it, performer and memo. */
export function CodePanel(props: CodePanelProps) {
  const { excerpt, coderId } = props;
  const mine = new Set(
    excerpt?.codings.filter((c) => c.coderId === coderId).map((c) => c.code) ?? [],
  );
  const memoBefore = excerpt?.memos.find((m) => m.author === coderId)?.text ?? '';
  const [memo, setMemo] = useState(memoBefore);
  useEffect(() => setMemo(memoBefore), [memoBefore, excerpt?.id]);

  const performerValue =
    excerpt?.performerSource === 'explicit' && excerpt.performer
      ? `${excerpt.performer.kind}:${excerpt.performer.id}`
      : '';

  return (
    <aside className="code-panel" aria-label="Code the selection">
      <header>
        <h2>{excerpt ? 'Excerpt' : 'New excerpt'}</h2>
        <button
          type="button"
          className="link"
          onClick={props.onClose}
          aria-label="Close the code panel"
        >
          ×
        </button>
      </header>
      <blockquote className="panel-quote">{props.spanText}</blockquote>
      <p className="muted small" data-testid="span-offsets">
        {props.span.start}–{props.span.end} (code points)
        {excerpt?.speaker ? ` · spoken by ${excerpt.speaker.id}` : ''}
      </p>

      {props.families.map((f) => {
        const codable = f.codes;
        if (codable.length === 0) return null;
        return (
          <section key={f.key} className="code-family">
            <h3>{f.label}</h3>
            {codable.length > MANY ? (
              <>
                <div className="code-buttons">
                  {codable
                    .filter((c) => mine.has(c.key))
                    .map((c) => (
                      <button
                        key={c.key}
                        type="button"
                        className="code-button on"
                        aria-pressed="true"
                        data-code={c.key}
                        disabled={props.busy}
                        onClick={() => props.onToggle(c.key)}
                      >
                        {c.label}
                      </button>
                    ))}
                </div>
                <select
                  aria-label={`Add ${f.label}`}
                  value=""
                  disabled={props.busy}
                  onChange={(e) => e.target.value !== '' && props.onToggle(e.target.value)}
                >
                  <option value="">Add: {f.label}…</option>
                  {codable
                    .filter((c) => !mine.has(c.key))
                    .map((c) => (
                      <option key={c.key} value={c.key}>
                        {c.label}
                      </option>
                    ))}
                </select>
              </>
            ) : (
              <div className="code-buttons">
                {codable.map((c) => {
                  const on = mine.has(c.key);
                  const key = KEY_OF.get(c.key);
                  return (
                    <button
                      key={c.key}
                      type="button"
                      className={on ? 'code-button on' : 'code-button'}
                      style={{ borderLeftColor: codeColour(c.key) }}
                      aria-pressed={on}
                      aria-keyshortcuts={key}
                      data-code={c.key}
                      disabled={props.busy}
                      onClick={() => props.onToggle(c.key)}
                    >
                      {c.label}
                      {key !== undefined && <kbd>{key}</kbd>}
                    </button>
                  );
                })}
              </div>
            )}
          </section>
        );
      })}

      {excerpt && excerpt.codings.length > 0 && (
        <section className="codings-list">
          <h3>Codings</h3>
          <ul>
            {excerpt.codings.map((c) => {
              const family = props.families.find((f) => f.key === codeFamily(c.code));
              const own = c.coderId === coderId;
              return (
                <li key={c.id} data-coding={c.id}>
                  <span className="swatch" style={{ background: codeColour(c.code) }} />
                  {own && family ? (
                    <select
                      aria-label={`Change ${props.labelOf(c.code)}`}
                      value={c.code}
                      disabled={props.busy}
                      onChange={(e) => props.onChange(c.id, c.code, e.target.value)}
                    >
                      {family.codes.map((o) => (
                        <option key={o.key} value={o.key}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span>{props.labelOf(c.code)}</span>
                  )}
                  <span className="muted small">{c.coderId}</span>
                  {own && (
                    <button
                      type="button"
                      className="link"
                      aria-label={`Delete ${props.labelOf(c.code)}`}
                      disabled={props.busy}
                      onClick={() => props.onRemove(c.id)}
                    >
                      Delete
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {excerpt && (
        <section>
          <h3>Performed by</h3>
          <select
            aria-label="Performer"
            value={performerValue}
            disabled={props.busy}
            onChange={(e) => {
              const v = e.target.value;
              if (v === '') return props.onPerformer(null);
              const actor = actorRef(v);
              if (actor !== null) props.onPerformer(actor);
            }}
          >
            <option value="">The speaker{excerpt.speaker ? ` (${excerpt.speaker.id})` : ''}</option>
            {props.actors.map((a) => (
              <option key={`${a.kind}:${a.id}`} value={actorOptionValue(a)}>
                {a.label} ({a.kind})
              </option>
            ))}
          </select>
        </section>
      )}

      {excerpt && (
        <section>
          <h3>Memo</h3>
          <textarea
            aria-label="Memo"
            rows={3}
            value={memo}
            onChange={(e) => setMemo(e.target.value)}
          />
          <button
            type="button"
            disabled={props.busy || memo === memoBefore}
            onClick={() => props.onMemo(memoBefore, memo)}
          >
            Save memo
          </button>
        </section>
      )}

      <section>
        <h3>New code</h3>
        {props.extra}
      </section>
    </aside>
  );
}
