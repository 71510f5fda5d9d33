import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { MouseEvent } from 'react';
import type { CodedExcerpt } from '../../shared/api-types.ts';
import { codePointIndex, utf16Index } from '../code-points.ts';
import { humanise } from '../format.ts';
import { codeColour } from './code-colours.ts';

/** A span in code points (the API's unit). */
export interface Span {
  start: number;
  end: number;
}

export interface TranscriptProps {
  text: string;
  excerpts: readonly CodedExcerpt[];
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

/**
 * A document's text as it is stored, every character selectable, with the excerpts as
 * highlights (darker where they overlap) and one stripe per code in the left margin.
 */
export function Transcript(props: TranscriptProps) {
  const { text, excerpts, pending } = props;
  const textRef = useRef<HTMLDivElement>(null);
  const [stripes, setStripes] = useState<Stripe[]>([]);

  const spans = useMemo(
    () => excerpts.map((x) => ({ x, a: utf16Index(text, x.start), b: utf16Index(text, x.end) })),
    [excerpts, text],
  );

  const segments = useMemo(() => {
    const cuts = new Set<number>([0, text.length]);
    for (const s of spans) cuts.add(s.a).add(s.b);
    if (pending) cuts.add(utf16Index(text, pending.start)).add(utf16Index(text, pending.end));
    const sorted = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((p, q) => p - q);
    const out: Segment[] = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const a = sorted[i] ?? 0;
      const b = sorted[i + 1] ?? 0;
      if (b <= a) continue;
      out.push({ a, b, ids: spans.filter((s) => s.a <= a && s.b >= b).map((s) => s.x.id) });
    }
    return out;
  }, [spans, pending, text]);

  const pending16 = pending
    ? { a: utf16Index(text, pending.start), b: utf16Index(text, pending.end) }
    : null;

  // Stripes: measured from the rendered highlights, one lane per overlapping code.
  useLayoutEffect(() => {
    const root = textRef.current;
    if (root === null) return;
    const measure = () => {
      const base = root.getBoundingClientRect().top;
      // a lane holds stripes that do not overlap on screen (two excerpts on one line do)
      const lanes: { top: number; bottom: number }[][] = [];
      const out: Stripe[] = [];
      const sorted = [...spans].sort((p, q) => p.a - q.a || q.b - p.b);
      for (const s of sorted) {
        const rects = [...root.querySelectorAll<HTMLElement>(`[data-x~="${s.x.id}"]`)].flatMap(
          (el) => [...el.getClientRects()],
        );
        if (rects.length === 0) continue;
        const top = Math.min(...rects.map((r) => r.top)) - base;
        const bottom = Math.max(...rects.map((r) => r.bottom)) - base;
        const codes = [...new Set(s.x.codings.map((c) => c.code))];
        for (const code of codes) {
          let lane = lanes.findIndex((l) => l.every((o) => o.bottom <= top || o.top >= bottom));
          if (lane < 0) lane = lanes.push([]) - 1;
          lanes[lane]?.push({ top, bottom });
          const coders = s.x.codings.filter((c) => c.code === code).map((c) => c.coderId);
          out.push({
            key: `${s.x.id}|${code}`,
            lane,
            top,
            height: Math.max(4, bottom - top),
            colour: codeColour(code),
            title: `${props.labelOf(code)} (${coders.join(', ')})`,
            excerptId: s.x.id,
          });
        }
      }
      setStripes(out);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(root);
    return () => observer.disconnect();
  }, [spans, segments]);

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
    let a = pointIndex(root, { node: range.startContainer, offset: range.startOffset }, 'start');
    let b = pointIndex(root, { node: range.endContainer, offset: range.endOffset }, 'end');
    a = Math.max(0, Math.min(a, text.length));
    b = Math.max(0, Math.min(b, text.length));
    while (a < b && /\s/.test(text.charAt(a))) a++;
    while (b > a && /\s/.test(text.charAt(b - 1))) b--;
    if (b <= a) return;
    props.onSelect({ start: codePointIndex(text, a, 'down'), end: codePointIndex(text, b, 'up') });
  };

  const laneCount = Math.max(1, ...stripes.map((s) => s.lane + 1));
  return (
    <div className="transcript">
      <div className="stripes" style={{ width: `${laneCount * LANE + 6}px` }} aria-hidden="true">
        {stripes.map((s) => (
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
    </div>
  );
}

/** `form.operational` → its label, or a humanised key. */
export function labeller(families: readonly { codes: { key: string; label: string }[] }[]) {
  const labels = new Map(families.flatMap((f) => f.codes.map((c) => [c.key, c.label] as const)));
  return (code: string): string => labels.get(code) ?? humanise(code);
}
