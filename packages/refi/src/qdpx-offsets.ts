import { createOffsetConverter, type OffsetConverter } from '@iwa/study';
import { offsetSpaceOf, QDPX_OFFSET_UNITS, type QdpxOffsetUnit } from './qdpx-types.ts';

/*
 * Which unit do a document's selection offsets count? REFI-QDA says code points; NVivo for
 * Windows writes UTF-16 units with CRLF counted as two, Taguette UTF-8 bytes, QualCoder's editor
 * sometimes UTF-16 units. The heuristic reads every selection of the document in every unit
 * and scores how plausible the spans are:
 *
 *   - a selection that does not land on a character boundary or runs past the end: −10
 *   - its start and its end each fall on a word boundary (not between two letters/digits, not
 *     before a combining mark): +1 each
 *   - its `name` equals the selected text (whitespace collapsed): +4; the name is a prefix of
 *     the text of at least 12 characters (tools truncate names): +2
 *
 * The unit with the highest score wins. When units tie but give different spans, the unit the
 * project's earlier documents used wins, then the order of QDPX_OFFSET_UNITS (spec first, then
 * NVivo's). When every unit gives the same spans (ASCII text without CRLF) the choice does not
 * matter and the document is `indifferent`.
 */

/** A selection's raw offsets (and name) as written in the project. */
export interface RawSpan {
  readonly start: number;
  readonly end: number;
  readonly name?: string | undefined;
}

/** The result of choosing a unit for one document. */
export interface UnitChoice {
  readonly unit: QdpxOffsetUnit;
  readonly how: 'detected' | 'indifferent' | 'ambiguous';
  /** Each candidate unit's score, for the curious. */
  readonly scores: Readonly<Partial<Record<QdpxOffsetUnit, number>>>;
}

const WORD = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Code point → UTF-16 index table for a text. */
function codePointIndex(text: string): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < text.length;) {
    out.push(i);
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    i += c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
  }
  out.push(text.length);
  return Uint32Array.from(out);
}

function scoreUnit(
  doc: {
    readonly text: string;
    readonly index: Uint32Array;
    readonly converter: OffsetConverter;
    readonly spans: readonly RawSpan[];
  },
  unit: QdpxOffsetUnit,
): { score: number; key: string } {
  const { text, index, converter, spans } = doc;
  const space = offsetSpaceOf(unit);
  const n = index.length - 1;
  const charAt = (cp: number) =>
    cp < 0 || cp >= n ? '' : String.fromCodePoint(text.codePointAt(index[cp] ?? 0) ?? 0);
  let score = 0;
  const parts: string[] = [];
  for (const span of spans) {
    const s = converter.fromSpace(span.start, space);
    const e = converter.fromSpace(span.end, space);
    if (s === undefined || e === undefined || e < s) {
      score -= 10;
      parts.push('x');
      continue;
    }
    parts.push(`${s}:${e}`);
    const before = charAt(s - 1);
    const first = charAt(s);
    const last = charAt(e - 1);
    const after = charAt(e);
    if (!(WORD.test(before) && WORD.test(first)) && !MARK.test(first)) score += 1;
    if (!(WORD.test(last) && WORD.test(after)) && !MARK.test(after)) score += 1;
    if (span.name !== undefined && collapse(span.name) !== '') {
      const selected = collapse(text.slice(index[s], index[e]));
      const name = collapse(span.name);
      if (selected === name) score += 4;
      else if (name.length >= 12 && selected.startsWith(name.replace(/(\.\.\.|…)$/, '')))
        score += 2;
    }
  }
  return { score, key: parts.join(',') };
}

/** What {@link chooseOffsetUnit} looks at. */
export interface UnitQuestion {
  /** The normalised text (no BOM, LF line ends). */
  readonly text: string;
  /** Where the stored text had CRLF (from `normaliseText`). */
  readonly crlfAt: readonly number[];
  readonly spans: readonly RawSpan[];
  /** The unit earlier documents of the project used, tried first on ties. */
  readonly preferred?: QdpxOffsetUnit;
}

/** Chooses the offset unit for one document's selections (see the heuristic above). */
export function chooseOffsetUnit(question: UnitQuestion): UnitChoice {
  const { text, crlfAt, spans, preferred } = question;
  const converter = createOffsetConverter(text, crlfAt);
  const index = codePointIndex(text);
  // Without CRLF in the stored text, a `_crlf` unit is the same as its plain one: offer the plain.
  const plain = (u: QdpxOffsetUnit): QdpxOffsetUnit =>
    crlfAt.length === 0 && u.endsWith('_crlf') ? (u.slice(0, -5) as QdpxOffsetUnit) : u;
  const order = [
    ...new Set([...(preferred ? [plain(preferred)] : []), ...QDPX_OFFSET_UNITS.map(plain)]),
  ];
  const results = order.map((unit) => ({
    unit,
    ...scoreUnit({ text, index, converter, spans }, unit),
  }));
  const scores: Partial<Record<QdpxOffsetUnit, number>> = Object.fromEntries(
    results.map((r) => [r.unit, r.score]),
  );
  const best = Math.max(...results.map((r) => r.score));
  const top = results.filter((r) => r.score === best);
  const winner = top[0] ?? results[0];
  const unit = winner?.unit ?? 'code_point';
  if (results.every((r) => r.key === results[0]?.key)) return { unit, how: 'indifferent', scores };
  if (top.some((r) => r.key !== winner?.key)) return { unit, how: 'ambiguous', scores };
  return { unit, how: 'detected', scores };
}
