import { describe, expect, it } from 'vitest';
import {
  NVIVO_WINDOWS_OFFSET_SPACE,
  codePointLength,
  codePointToUtf16,
  codePointToUtf8,
  createOffsetConverter,
  lineColumnAtUtf16,
  sliceByCodePoints,
  utf16ToCodePoint,
  utf8ToCodePoint,
} from './offsets.ts';
import { StudyError } from './study-error.ts';
import { normaliseText } from './text-source.ts';

// 👩🏽‍⚕️ is 5 code points (woman, skin tone, ZWJ, staff of aesculapius, VS16) and 7 UTF-16 units.
const NURSE = '👩🏽‍⚕️';
const FRAKTUR_U = '𝔘';
const E_ACUTE_DECOMPOSED = 'e\u0301';

describe('code point helpers', () => {
  it('counts astral characters as one code point and combining marks as their own', () => {
    expect(codePointLength(NURSE)).toBe(5);
    expect(NURSE.length).toBe(7);
    expect(codePointLength(FRAKTUR_U)).toBe(1);
    expect(codePointLength(E_ACUTE_DECOMPOSED)).toBe(2);
  });

  it('slices by code points across emoji, fraktur and combining marks', () => {
    const text = `The ${NURSE} nurse said ${FRAKTUR_U}nion is cafe${'\u0301'} work.`;
    // code points: 'The ' = 4, nurse = 5, so ' nurse' starts at 9
    expect(sliceByCodePoints(text, 4, 9)).toBe(NURSE);
    expect(sliceByCodePoints(text, 9, 15)).toBe(' nurse');
    const u = [...text].indexOf(FRAKTUR_U);
    expect(sliceByCodePoints(text, u, u + 5)).toBe(`${FRAKTUR_U}nion`);
    const e = [...text].indexOf('\u0301') - 1;
    expect(sliceByCodePoints(text, e, e + 2)).toBe(E_ACUTE_DECOMPOSED);
    expect(sliceByCodePoints(text, 0, codePointLength(text))).toBe(text);
  });

  it('throws a StudyError for reversed or out-of-range spans (a caller bug)', () => {
    expect(() => sliceByCodePoints('abc', 2, 1)).toThrow(StudyError);
    expect(() => sliceByCodePoints('abc', 0, 4)).toThrow(StudyError);
    try {
      codePointToUtf16('abc', 9);
    } catch (err) {
      expect(err).toBeInstanceOf(StudyError);
      expect((err as StudyError).code).toBe('invalid_argument');
    }
  });

  it('converts code points to UTF-16 indices and back, refusing the middle of a pair', () => {
    const text = `A${FRAKTUR_U}B`;
    expect(codePointToUtf16(text, 2)).toBe(3);
    expect(utf16ToCodePoint(text, 3)).toBe(2);
    expect(utf16ToCodePoint(text, 2)).toBeUndefined();
    expect(utf16ToCodePoint(text, 4)).toBe(3);
    expect(utf16ToCodePoint(text, 5)).toBeUndefined();
  });

  it('converts code points to UTF-8 byte offsets (Taguette) and back', () => {
    const text = `Nav–${FRAKTUR_U}é`; // en dash 3 bytes, fraktur 4 bytes, é 2 bytes
    expect(codePointToUtf8(text, 3)).toBe(3);
    expect(codePointToUtf8(text, 4)).toBe(6);
    expect(codePointToUtf8(text, 5)).toBe(10);
    expect(codePointToUtf8(text, 6)).toBe(12);
    expect(utf8ToCodePoint(text, 10)).toBe(5);
    expect(utf8ToCodePoint(text, 8)).toBeUndefined();
    expect(new TextEncoder().encode(text).length).toBe(12);
  });

  it('reports 1-based line and code point column', () => {
    const text = `first\n${NURSE} x`;
    expect(lineColumnAtUtf16(text, text.indexOf('x'))).toEqual({ line: 2, column: 7 });
    expect(lineColumnAtUtf16(text, 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('createOffsetConverter', () => {
  // As NVivo for Windows stores it: BOM, CRLF, an emoji.
  const stored = `\uFEFFI: How did it start?\r\nM07: The ${NURSE} from the DPS came to us.\r\nI: And then?`;
  const norm = normaliseText(stored);
  const conv = createOffsetConverter(norm.text, norm.crlfAt);

  it('maps NVivo offsets (UTF-16, CRLF as 2, BOM excluded) to code points on LF text', () => {
    const raw = stored.slice(1); // NVivo does not count the BOM
    const word = 'from the DPS';
    const nvStart = raw.indexOf(word);
    const cpStart = conv.fromSpace(nvStart, NVIVO_WINDOWS_OFFSET_SPACE);
    const cpEnd = conv.fromSpace(nvStart + word.length, NVIVO_WINDOWS_OFFSET_SPACE);
    expect(cpStart).toBeDefined();
    expect(sliceByCodePoints(norm.text, cpStart!, cpEnd!)).toBe(word);
    // and back again
    expect(conv.toSpace(cpStart!, NVIVO_WINDOWS_OFFSET_SPACE)).toBe(nvStart);
  });

  it('treats an offset between CR and LF as no boundary', () => {
    const raw = stored.slice(1);
    const betweenCrLf = raw.indexOf('\r\n') + 1;
    expect(conv.fromSpace(betweenCrLf, NVIVO_WINDOWS_OFFSET_SPACE)).toBeUndefined();
  });

  it('is the identity for code points on LF text, and bounds-checks', () => {
    expect(conv.fromSpace(10, { unit: 'code_point', lineEnds: 'lf' })).toBe(10);
    expect(conv.fromSpace(conv.length + 1, { unit: 'code_point', lineEnds: 'lf' })).toBeUndefined();
    expect(() => conv.toSpace(conv.length + 1, NVIVO_WINDOWS_OFFSET_SPACE)).toThrow(StudyError);
  });

  it('maps code points counted on CRLF text (REFI-QDA read literally) and UTF-8 bytes', () => {
    const raw = stored.slice(1);
    const i = raw.indexOf('And then');
    const cpOnCrlf = [...raw.slice(0, i)].length;
    const expected = [...norm.text.slice(0, norm.text.indexOf('And then'))].length;
    expect(conv.fromSpace(cpOnCrlf, { unit: 'code_point', lineEnds: 'crlf' })).toBe(expected);
    const bytes = new TextEncoder().encode(
      norm.text.slice(0, norm.text.indexOf('And then')),
    ).length;
    expect(conv.fromSpace(bytes, { unit: 'utf8', lineEnds: 'lf' })).toBe(expected);
    expect(conv.toSpace(expected, { unit: 'utf8', lineEnds: 'lf' })).toBe(bytes);
  });
});

describe('OffsetConverter.slice', () => {
  it('slices by code points like sliceByCodePoints', () => {
    const text = `M07: ${NURSE} and ${FRAKTUR_U} and cafe\u0301.`;
    const conv = createOffsetConverter(text);
    for (const [s, e] of [
      [0, 4],
      [5, 10],
      [5, 16],
      [conv.length - 6, conv.length],
    ] as const) {
      expect(conv.slice(s, e)).toBe(sliceByCodePoints(text, s, e));
    }
    expect(() => conv.slice(3, 2)).toThrow(StudyError);
  });
});
