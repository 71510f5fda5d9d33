import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { MouseEvent } from 'react';
import type { CodedExcerpt } from '../../shared/api-types.ts';
import { codePointIndex, utf16Index } from '../code-points.ts';
import { humanise } from '../format.ts';
import { labelMarks, type LabelMark } from '../speaker-labels.ts';
import { snapToWords } from '../word-snap.ts';
import { codeColour } from './code-colours.ts';

/** A span in code points (the API's unit). */
export interface Span {
  start: number;
  end: number;
}

/** A speaker turn (code points): the label is `[start, contentStart)`. */
export interface TurnSpan {
  start: number;
  contentStart: number;
  end: number;
}

export interface TranscriptProps {
  text: string;
  excerpts: readonly CodedExcerpt[];
  /**
   * Speaker turns: their labels are shown as the speaker's name (markdown `**` hidden, the
   * characters still there, so offsets stay those of the stored text).
   */
  turns?: readonly TurnSpan[] | undefined;
  /** Stripes by code (default), or one colour per coder (with `coderColour`). */
  colourBy?: 'code' | 'coder';
  coderColour?: (coderId: string) => string;
  /** A second margin on the right (the comparison view: coder B there, coder A on the left). */
  rightExcerpts?: readonly CodedExcerpt[] | undefined;
  /** Spans to mark as disagreements (code points). */
  marked?: readonly Span[] | undefined;
  activeId: string | null;
  pending: Span | null;
  labelOf: (code: string) => string;
  /** A selection of text, in code points (leading and trailing white space left out). */
  onSelect: (span: Span) => void;
  /** A click on a highlight: the innermost excerpt under it. */
  onPick: (excerptId: string | null) => void;
}

interface Segment {
  a: number;
  b: number;
  ids: string[];
}

interface Stripe {
  key: string;
  lane: number;
  top: number;
  height: number;
  colour: string;
  title: string;
  excerptId: string;
}

const LANE = 6;

/** Where a boundary point of a DOM selection falls in the text, in UTF-16 units. */
function pointIndex(
  root: HTMLElement,
  point: { node: Node; offset: number },
  side: 'start' | 'end',
): number {
  const { node, offset } = point;
  const seg = node.nodeType === Node.TEXT_NODE ? node.parentElement : null;
  if (seg?.dataset.u16 !== undefined && root.contains(seg)) return Number(seg.dataset.u16) + offset;
  const at = document.createRange();
  at.setStart(node, offset);
  const segs = [...root.querySelectorAll<HTMLElement>('[data-u16]')];
  if (side === 'start') {
    const next = segs.find((s) => s.firstChild !== null && at.comparePoint(s.firstChild, 0) >= 0);
    return next === undefined ? Number.MAX_SAFE_INTEGER : Number(next.dataset.u16);
  }
  const before = segs.filter((s) => s.firstChild !== null && at.comparePoint(s.firstChild, 0) < 0);
  const last = before.at(-1);
  return last === undefined ? 0 : Number(last.dataset.u16) + (last.textContent ?? '').length;
}

/** Merges excerpts that appear in both margins into one, with the codings of both. */
function unionExcerpts(
  a: readonly CodedExcerpt[],
  b: readonly CodedExcerpt[] | undefined,
): CodedExcerpt[] {
  const byId = new Map<string, CodedExcerpt>();
  for (const x of [...a, ...(b ?? [])]) {
    const seen = byId.get(x.id);
    byId.set(
      x.id,
      seen === undefined
        ? x
        : {
            ...seen,
            codings: [
              ...seen.codings,
              ...x.codings.filter((c) => !seen.codings.some((o) => o.id === c.id)),
            ],
          },
    );
  }
  return [...byId.values()];
}

/**
 * A document's text as it is stored, every character selectable, with the excerpts as
 * highlights (darker where they overlap) and one stripe per code (or coder) in the left margin,
 * and in the comparison view a second coder's stripes in a right margin.
 */
export function Transcript(props: TranscriptProps) {
  const { text, pending } = props;
  const textRef = useRef<HTMLDivElement>(null);
  const [stripes, setStripes] = useState<{ left: Stripe[]; right: Stripe[] }>({
    left: [],
    right: [],
  });
  const excerpts = useMemo(
    () => unionExcerpts(props.excerpts, props.rightExcerpts),
    [props.excerpts, props.rightExcerpts],
  );

  const spans = useMemo(
    () => excerpts.map((x) => ({ x, a: utf16Index(text, x.start), b: utf16Index(text, x.end) })),
    [excerpts, text],
  );
  const markers = useMemo(() => labelMarks(text, props.turns ?? []), [text, props.turns]);
  const labels = useMemo(
    () =>
      (props.turns ?? []).map((t) => ({
        a: utf16Index(text, t.start),
        b: utf16Index(text, t.contentStart),
      })),
    [text, props.turns],
  );
  const marked = useMemo(
    () =>
      (props.marked ?? []).map((m) => ({
        a: utf16Index(text, m.start),
        b: utf16Index(text, m.end),
      })),
    [text, props.marked],
  );

  const segments = useMemo(() => {
    const cuts = new Set<number>([0, text.length]);
    for (const s of spans) cuts.add(s.a).add(s.b);
    for (const m of markers) cuts.add(m.a).add(m.b);
    for (const l of labels) cuts.add(l.a).add(l.b);
    for (const m of marked) cuts.add(m.a).add(m.b);
    if (pending) cuts.add(utf16Index(text, pending.start)).add(utf16Index(text, pending.end));
    const sorted = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((p, q) => p - q);
    const out: (Segment & {
      marker: LabelMark['kind'] | null;
      label: boolean;
      disagree: boolean;
    })[] = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const a = sorted[i] ?? 0;
      const b = sorted[i + 1] ?? 0;
      if (b <= a) continue;
      out.push({
        a,
        b,
        ids: spans.filter((s) => s.a <= a && s.b >= b).map((s) => s.x.id),
        marker: markers.find((m) => m.a <= a && m.b >= b)?.kind ?? null,
        label: labels.some((l) => l.a <= a && l.b >= b),
        disagree: marked.some((m) => m.a <= a && m.b >= b),
      });
    }
    return out;
  }, [spans, markers, labels, marked, pending, text]);

  const pending16 = pending
    ? { a: utf16Index(text, pending.start), b: utf16Index(text, pending.end) }
    : null;

  // Stripes: measured from the rendered highlights, one lane per overlapping code.
  const { colourBy = 'code', coderColour, labelOf } = props;
  useLayoutEffect(() => {
    const root = textRef.current;
    if (root === null) return;
    const gutter = (list: readonly CodedExcerpt[], side: string): Stripe[] => {
      const base = root.getBoundingClientRect().top;
      // a lane holds stripes that do not overlap on screen (two excerpts on one line do)
      const lanes: { top: number; bottom: number }[][] = [];
      const out: Stripe[] = [];
      const sorted = list
        .map((x) => ({ x, a: utf16Index(text, x.start), b: utf16Index(text, x.end) }))
        .sort((p, q) => p.a - q.a || q.b - p.b);
      for (const s of sorted) {
        const rects = [...root.querySelectorAll<HTMLElement>(`[data-x~="${s.x.id}"]`)].flatMap(
          (el) => [...el.getClientRects()],
        );
        if (rects.length === 0) continue;
        const top = Math.min(...rects.map((r) => r.top)) - base;
        const bottom = Math.max(...rects.map((r) => r.bottom)) - base;
        const keys =
          colourBy === 'coder'
            ? [...new Set(s.x.codings.map((c) => c.coderId))]
            : [...new Set(s.x.codings.map((c) => c.code))];
        for (const key of keys) {
          let lane = lanes.findIndex((l) => l.every((o) => o.bottom <= top || o.top >= bottom));
          if (lane < 0) lane = lanes.push([]) - 1;
          lanes[lane]?.push({ top, bottom });
          const title =
            colourBy === 'coder'
              ? `${key}: ${s.x.codings
                  .filter((c) => c.coderId === key)
                  .map((c) => labelOf(c.code))
                  .join(', ')}`
              : `${labelOf(key)} (${s.x.codings
                  .filter((c) => c.code === key)
                  .map((c) => c.coderId)
                  .join(', ')})`;
          out.push({
            key: `${side}|${s.x.id}|${key}`,
            lane,
            top,
            height: Math.max(4, bottom - top),
            colour:
              colourBy === 'coder' ? (coderColour?.(key) ?? codeColour(key)) : codeColour(key),
            title,
            excerptId: s.x.id,
          });
        }
      }
      return out;
    };
    const measure = () =>
      setStripes({
        left: gutter(props.excerpts, 'l'),
        right: props.rightExcerpts === undefined ? [] : gutter(props.rightExcerpts, 'r'),
      });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(root);
    return () => observer.disconnect();
  }, [spans, segments, props.excerpts, props.rightExcerpts, colourBy, coderColour, labelOf, text]);

  const onMouseUp = (e: MouseEvent<HTMLDivElement>) => {
    const root = textRef.current;
    const sel = window.getSelection();
    if (root === null || sel === null) return;
    if (sel.isCollapsed || sel.rangeCount === 0) {
      const target = e.target as HTMLElement;
      const ids = (target.dataset.x ?? '').split(' ').filter((x) => x !== '');
      const innermost = ids
        .map((id) => spans.find((s) => s.x.id === id))
        .filter((s) => s !== undefined)
        .sort((p, q) => p.b - p.a - (q.b - q.a))[0];
      props.onPick(innermost?.x.id ?? null);
      return;
    }
    const range = sel.getRangeAt(0);
    if (!root.contains(range.commonAncestorContainer)) return;
    const a = pointIndex(root, { node: range.startContainer, offset: range.startOffset }, 'start');
    const b = pointIndex(root, { node: range.endContainer, offset: range.endOffset }, 'end');
    // whole words, unless Alt (Option) is held for exact characters
    const snapped = snapToWords(text, { start: a, end: b }, { exact: e.altKey });
    if (snapped.end <= snapped.start) return;
    props.onSelect({
      start: codePointIndex(text, snapped.start, 'down'),
      end: codePointIndex(text, snapped.end, 'up'),
    });
  };

  const gutterView = (list: Stripe[], side: 'left' | 'right') => {
    const laneCount = Math.max(1, ...list.map((s) => s.lane + 1));
    return (
      <div
        className={side === 'left' ? 'stripes' : 'stripes stripes-right'}
        style={{ width: `${laneCount * LANE + 6}px` }}
        aria-hidden="true"
        data-gutter={side}
      >
        {list.map((s) => (
          <span
            key={s.key}
            className={s.excerptId === props.activeId ? 'stripe active' : 'stripe'}
            data-stripe={s.key}
            title={s.title}
            style={{
              top: `${s.top}px`,
              height: `${s.height}px`,
              left: `${s.lane * LANE + 2}px`,
              background: s.colour,
            }}
            onClick={() => props.onPick(s.excerptId)}
          />
        ))}
      </div>
    );
  };

  return (
    <div className="transcript">
      {gutterView(stripes.left, 'left')}
      <div
        ref={textRef}
        className="transcript-text"
        onMouseUp={onMouseUp}
        onKeyUp={(e) => {
          if (e.shiftKey) onMouseUp(e as unknown as MouseEvent<HTMLDivElement>);
        }}
      >
        {segments.map((s) => {
          const depth = s.ids.length;
          const active = props.activeId !== null && s.ids.includes(props.activeId);
          const isPending = pending16 !== null && pending16.a <= s.a && pending16.b >= s.b;
          const cls = [
            'seg',
            depth > 0 ? `hl depth-${Math.min(depth, 4)}` : '',
            active ? 'active' : '',
            isPending ? 'pending' : '',
            s.marker === 'hide' ? 'md-marker' : '',
            s.marker === 'colon' ? 'md-colon' : '',
            s.label && s.marker !== 'hide' ? 'turn-label' : '',
            s.disagree ? 'disagree' : '',
          ]
            .filter((c) => c !== '')
            .join(' ');
          return (
            <span
              key={s.a}
              className={cls}
              data-u16={s.a}
              {...(depth > 0 ? { 'data-x': s.ids.join(' ') } : {})}
              {...(depth > 0
                ? {
                    title: s.ids
                      .flatMap(
                        (id) =>
                          spans
                            .find((x) => x.x.id === id)
                            ?.x.codings.map((c) => `${props.labelOf(c.code)} · ${c.coderId}`) ?? [],
                      )
                      .join('\n'),
                  }
                : {})}
            >
              {text.slice(s.a, s.b)}
            </span>
          );
        })}
      </div>
      {props.rightExcerpts !== undefined && gutterView(stripes.right, 'right')}
    </div>
  );
}

/** The legend of coder-coloured stripes: each coder's colour and name. */
export function CoderLegend(props: {
  coders: readonly string[];
  colour: (coderId: string) => string;
  title?: string;
}) {
  if (props.coders.length === 0) return null;
  return (
    <ul className="coder-legend" aria-label={props.title ?? 'Coders'}>
      {props.coders.map((c) => (
        <li key={c} data-coder={c}>
          <span className="swatch" style={{ background: props.colour(c) }} aria-hidden="true" />
          {c}
        </li>
      ))}
    </ul>
  );
}

/** `form.operational` → its label, or a humanised key. */
export function labeller(families: readonly { codes: { key: string; label: string }[] }[]) {
  const labels = new Map(families.flatMap((f) => f.codes.map((c) => [c.key, c.label] as const)));
  return (code: string): string => labels.get(code) ?? humanise(code);
}
