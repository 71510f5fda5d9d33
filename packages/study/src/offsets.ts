import { StudyError } from './study-error.ts';

/*
 * Offsets. iwa stores ONE unit: Unicode code points into the normalised document text (BOM
 * stripped, CRLF → LF), start inclusive, end exclusive, as REFI-QDA §10.2 specifies.
 *
 * JavaScript strings index UTF-16 code units, Taguette counts UTF-8 bytes, and NVivo for
 * Windows counts UTF-16 units on text with CRLF counted as 2. The helpers here convert between
 * these "offset spaces" and code points.
 */

/** The unit an offset counts. */
export type OffsetUnit = 'code_point' | 'utf16' | 'utf8';

/**
 * How line ends were counted: `lf` = on LF-normalised text (CRLF counts as one line end, as
 * ATLAS.ti does); `crlf` = on the text as stored, CRLF counting as two characters (NVivo, and
 * REFI-QDA read literally).
 */
export type LineEndCounting = 'lf' | 'crlf';

/** An offset space: a unit plus how line ends were counted. */
export interface OffsetSpace {
  readonly unit: OffsetUnit;
  readonly lineEnds: LineEndCounting;
}

/** The canonical space iwa stores: code points over LF-normalised text. */
export const CANONICAL_OFFSET_SPACE: OffsetSpace = { unit: 'code_point', lineEnds: 'lf' };

/** NVivo for Windows: UTF-16 code units, CRLF counted as 2, BOM not counted. */
export const NVIVO_WINDOWS_OFFSET_SPACE: OffsetSpace = { unit: 'utf16', lineEnds: 'crlf' };

/** The number of code points in `text` (a lone surrogate counts as one). */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * The UTF-16 index of code point `cp` in `text`; `cp` may equal the code point length (the
 * end). Throws a `StudyError('invalid_argument')` when `cp` is out of range.
 */
export function codePointToUtf16(text: string, cp: number): number {
  if (!Number.isInteger(cp) || cp < 0) throw outOfRange('code point offset', cp);
  let i = 0;
  let n = 0;
  while (n < cp) {
    if (i >= text.length) throw outOfRange('code point offset', cp);
    i += isPairAt(text, i) ? 2 : 1;
    n++;
  }
  return i;
}

/**
 * The code point offset of UTF-16 index `u16` in `text`, or `undefined` when `u16` falls
 * inside a surrogate pair or past the end.
 */
export function utf16ToCodePoint(text: string, u16: number): number | undefined {
  if (!Number.isInteger(u16) || u16 < 0 || u16 > text.length) return undefined;
  let i = 0;
  let n = 0;
  while (i < u16) {
    i += isPairAt(text, i) ? 2 : 1;
    n++;
  }
  return i === u16 ? n : undefined;
}

/** The UTF-8 byte offset of code point `cp` in `text`. Throws when `cp` is out of range. */
export function codePointToUtf8(text: string, cp: number): number {
  if (!Number.isInteger(cp) || cp < 0) throw outOfRange('code point offset', cp);
  let i = 0;
  let n = 0;
  let bytes = 0;
  while (n < cp) {
    if (i >= text.length) throw outOfRange('code point offset', cp);
    const pair = isPairAt(text, i);
    bytes += utf8Width(text.charCodeAt(i), pair);
    i += pair ? 2 : 1;
    n++;
  }
  return bytes;
}

/**
 * The code point offset of UTF-8 byte offset `byte` in `text`, or `undefined` when the byte
 * falls inside a multi-byte character or past the end.
 */
export function utf8ToCodePoint(text: string, byte: number): number | undefined {
  if (!Number.isInteger(byte) || byte < 0) return undefined;
  let i = 0;
  let n = 0;
  let bytes = 0;
  while (bytes < byte) {
    if (i >= text.length) return undefined;
    const pair = isPairAt(text, i);
    bytes += utf8Width(text.charCodeAt(i), pair);
    i += pair ? 2 : 1;
    n++;
  }
  return bytes === byte ? n : undefined;
}

/**
 * The substring between code point offsets `[start, end)`. Throws a
 * `StudyError('invalid_argument')` when the offsets are out of range or reversed.
 *
 * @example
 * sliceByCodePoints('𝔘 is one code point', 0, 1) // '𝔘'
 */
export function sliceByCodePoints(text: string, start: number, end: number): string {
  if (end < start) {
    throw new StudyError('invalid_argument', `span end ${end} is before its start ${start}`);
  }
  const from = codePointToUtf16(text, start);
  let i = from;
  for (let n = start; n < end; n++) {
    if (i >= text.length) throw outOfRange('code point offset', end);
    i += isPairAt(text, i) ? 2 : 1;
  }
  return text.slice(from, i);
}

/** A 1-based line and column (the column counts code points) of a position in a text. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** The 1-based line and column of UTF-16 index `u16` in `text` (for error messages). */
export function lineColumnAtUtf16(text: string, u16: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  const stop = Math.min(u16, text.length);
  for (let i = 0; i < stop; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: codePointLength(text.slice(lineStart, stop)) + 1 };
}

/**
 * Converts offsets between the canonical space and other offset spaces for one normalised
 * text. Build it once per document with {@link createOffsetConverter}; conversions are then
 * O(log n).
 */
export interface OffsetConverter {
  /** Code points in the normalised text. */
  readonly length: number;
  /**
   * The text between code points `[start, end)`, like {@link sliceByCodePoints} but O(1) once
   * the UTF-16 table is built. Throws when the offsets are out of range or reversed.
   */
  slice(start: number, end: number): string;
  /** The offset of code point `cp` in `space`. Throws when `cp` is out of range. */
  toSpace(cp: number, space: OffsetSpace): number;
  /**
   * The code point of `offset` counted in `space`, or `undefined` when it does not fall on a
   * character boundary of the normalised text (inside a surrogate pair or a multi-byte
   * character, between CR and LF) or is out of range.
   */
  fromSpace(offset: number, space: OffsetSpace): number | undefined;
}

/**
 * Builds an {@link OffsetConverter} for a normalised text.
 *
 * @param text the normalised text (no BOM, LF line ends)
 * @param crlfAt the code point offsets of the LFs that were CRLF in the stored text (from
 *   `normaliseText`); omit or pass `[]` when the stored text had no CRLF
 */
export function createOffsetConverter(
  text: string,
  crlfAt: readonly number[] = [],
): OffsetConverter {
  const widths16 = new Uint8Array(text.length);
  const widths8 = new Uint8Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length; length++) {
    const pair = isPairAt(text, i);
    widths16[length] = pair ? 2 : 1;
    widths8[length] = utf8Width(text.charCodeAt(i), pair);
    i += pair ? 2 : 1;
  }
  const crlf = new Set(crlfAt);
  const tables = new Map<string, Uint32Array | null>();

  const table = (space: OffsetSpace): Uint32Array | null => {
    const key = `${space.unit}/${space.lineEnds}`;
    const cached = tables.get(key);
    if (cached !== undefined) return cached;
    const identity = space.unit === 'code_point' && (space.lineEnds === 'lf' || crlf.size === 0);
    let built: Uint32Array | null = null;
    if (!identity) {
      built = new Uint32Array(length + 1);
      let acc = 0;
      for (let n = 0; n < length; n++) {
        built[n] = acc;
        const w =
          space.unit === 'code_point' ? 1 : space.unit === 'utf16' ? widths16[n] : widths8[n];
        acc += (w ?? 1) + (space.lineEnds === 'crlf' && crlf.has(n) ? 1 : 0);
      }
      built[length] = acc;
    }
    tables.set(key, built);
    return built;
  };

  return {
    length,
    slice(start, end) {
      if (end < start) {
        throw new StudyError('invalid_argument', `span end ${end} is before its start ${start}`);
      }
      return text.slice(this.toSpace(start, UTF16_LF), this.toSpace(end, UTF16_LF));
    },
    toSpace(cp, space) {
      if (!Number.isInteger(cp) || cp < 0 || cp > length) throw outOfRange('code point offset', cp);
      const t = table(space);
      return t === null ? cp : (t[cp] ?? cp);
    },
    fromSpace(offset, space) {
      if (!Number.isInteger(offset) || offset < 0) return undefined;
      const t = table(space);
      if (t === null) return offset <= length ? offset : undefined;
      let lo = 0;
      let hi = length;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = t[mid] ?? 0;
        if (v === offset) return mid;
        if (v < offset) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    },
  };
}

const UTF16_LF: OffsetSpace = { unit: 'utf16', lineEnds: 'lf' };

function isPairAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return false;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

function utf8Width(unit: number, pair: boolean): number {
  if (pair) return 4;
  if (unit < 0x80) return 1;
  if (unit < 0x800) return 2;
  return 3; // BMP, including a lone surrogate (encoded as U+FFFD, 3 bytes)
}

function outOfRange(what: string, value: number): StudyError {
  return new StudyError('invalid_argument', `${what} ${value} is out of range`);
}
