import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout, unicodeText } from '@iwa/testing/fuzz';
import {
  codePointLength,
  codePointToUtf16,
  codePointToUtf8,
  createOffsetConverter,
  sliceByCodePoints,
  utf16ToCodePoint,
  utf8ToCodePoint,
  type OffsetSpace,
} from './offsets.ts';
import { StudyError } from './study-error.ts';
import { decodeUtf8, normaliseText } from './text-source.ts';

/*
 * Offset properties on arbitrary Unicode (astral characters, combining marks, CR/LF/CRLF, BOM,
 * lone surrogates): every conversion between code points, UTF-16 units and UTF-8 bytes round
 * trips, agrees with an independent count ([...s], Buffer.byteLength), and refuses offsets that
 * fall inside a character.
 */

const SPACES: readonly OffsetSpace[] = [
  { unit: 'code_point', lineEnds: 'lf' },
  { unit: 'code_point', lineEnds: 'crlf' },
  { unit: 'utf16', lineEnds: 'lf' },
  { unit: 'utf16', lineEnds: 'crlf' },
  { unit: 'utf8', lineEnds: 'lf' },
  { unit: 'utf8', lineEnds: 'crlf' },
];

/** The text with a code point index that lies in [0, length]. */
const textWithIndex = unicodeText({ loneSurrogates: true }).chain((text) =>
  fc.tuple(fc.constant(text), fc.nat([...text].length)),
);

describe('offset helpers on arbitrary Unicode', () => {
  it(
    'code point length equals the number of code points JavaScript iterates',
    () => {
      fc.assert(
        fc.property(unicodeText({ loneSurrogates: true }), (text) => {
          expect(codePointLength(text)).toBe([...text].length);
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(1),
  );

  it(
    'code point ↔ UTF-16 round trips and agrees with [...s]',
    () => {
      fc.assert(
        fc.property(textWithIndex, ([text, cp]) => {
          const u16 = codePointToUtf16(text, cp);
          expect(u16).toBe([...text].slice(0, cp).join('').length);
          expect(utf16ToCodePoint(text, u16)).toBe(cp);
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(1),
  );

  it(
    'code point ↔ UTF-8 round trips and agrees with Buffer.byteLength',
    () => {
      fc.assert(
        fc.property(textWithIndex, ([text, cp]) => {
          const byte = codePointToUtf8(text, cp);
          expect(byte).toBe(Buffer.byteLength([...text].slice(0, cp).join(''), 'utf8'));
          expect(utf8ToCodePoint(text, byte)).toBe(cp);
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(1),
  );

  it(
    'a UTF-16 index inside a surrogate pair or a UTF-8 byte inside a character has no code point',
    () => {
      fc.assert(
        fc.property(unicodeText(), fc.nat(), (text, pick) => {
          const chars = [...text];
          const multi = chars
            .map((c, i) => ({ c, i }))
            .filter(({ c }) => Buffer.byteLength(c, 'utf8') > 1);
          fc.pre(multi.length > 0);
          const { c, i } = multi[pick % multi.length]!;
          const before = chars.slice(0, i).join('');
          if (c.length === 2) expect(utf16ToCodePoint(text, before.length + 1)).toBeUndefined();
          const bytes = Buffer.byteLength(before, 'utf8');
          for (let k = 1; k < Buffer.byteLength(c, 'utf8'); k++) {
            expect(utf8ToCodePoint(text, bytes + k)).toBeUndefined();
          }
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(1),
  );

  it(
    'slices by code points like [...s].slice, and refuses reversed or out-of-range spans with a StudyError',
    () => {
      fc.assert(
        fc.property(unicodeText({ loneSurrogates: true }), fc.nat(), fc.nat(), (text, a, b) => {
          const n = [...text].length;
          const [s, e] = [a % (n + 2), b % (n + 2)];
          if (s <= e && e <= n) {
            expect(sliceByCodePoints(text, s, e)).toBe([...text].slice(s, e).join(''));
          } else {
            expect(() => sliceByCodePoints(text, s, e)).toThrow(StudyError);
          }
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(1),
  );

  it(
    'normalising CRLF/CR and building a converter: every space maps back to the stored text',
    () => {
      fc.assert(
        fc.property(unicodeText({ maxLength: 60 }), (stored) => {
          const normal = normaliseText(stored);
          const raw = stored.startsWith('\uFEFF') ? stored.slice(1) : stored;
          expect(normal.text.includes('\r')).toBe(false);
          expect(normal.hadBom).toBe(stored.startsWith('\uFEFF'));
          expect(normal.crlfAt).toHaveLength(raw.split('\r\n').length - 1);
          // Independent map: code point k of the normalised text sits at rawAt[k] (UTF-16) in raw.
          const rawAt: number[] = [];
          for (let i = 0; i < raw.length;) {
            rawAt.push(i);
            const cp = raw.codePointAt(i) ?? 0;
            i += raw.startsWith('\r\n', i) ? 2 : cp > 0xffff ? 2 : 1;
          }
          rawAt.push(raw.length);
          const conv = createOffsetConverter(normal.text, normal.crlfAt);
          expect(conv.length).toBe(rawAt.length - 1);
          for (let k = 0; k <= conv.length; k++) {
            const lfPrefix = [...normal.text].slice(0, k).join('');
            const crlfPrefix = raw.slice(0, rawAt[k]);
            const expected: Record<string, number> = {
              'code_point/lf': k,
              'code_point/crlf': [...crlfPrefix].length,
              'utf16/lf': lfPrefix.length,
              'utf16/crlf': crlfPrefix.length,
              'utf8/lf': Buffer.byteLength(lfPrefix, 'utf8'),
              'utf8/crlf': Buffer.byteLength(crlfPrefix, 'utf8'),
            };
            for (const space of SPACES) {
              const offset = conv.toSpace(k, space);
              expect(offset, `${space.unit}/${space.lineEnds} of ${k}`).toBe(
                expected[`${space.unit}/${space.lineEnds}`],
              );
              expect(conv.fromSpace(offset, space)).toBe(k);
            }
          }
          expect(conv.slice(0, conv.length)).toBe(normal.text);
          expect(() => conv.toSpace(conv.length + 1, SPACES[0]!)).toThrow(StudyError);
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(3),
  );

  it(
    'strict UTF-8: random bytes decode like TextDecoder, and a failure names the first bad byte',
    () => {
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        unicodeText().map((t) => {
          const b = Buffer.from(t, 'utf8');
          return new Uint8Array(b.buffer, b.byteOffset, b.length);
        }),
        // valid text with one byte changed
        fc
          .tuple(unicodeText({ maxLength: 20 }), fc.nat(), fc.integer({ min: 0, max: 255 }))
          .map(([t, at, v]) => {
            const b = new Uint8Array(Buffer.from(t, 'utf8'));
            if (b.length > 0) b[at % b.length] = v;
            return b;
          }),
      );
      fc.assert(
        fc.property(bytes, (input) => {
          const res = decodeUtf8(input);
          let expected: string | undefined;
          try {
            expected = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
          } catch {
            expected = undefined;
          }
          if (expected !== undefined) {
            expect(res).toEqual({ ok: true, text: expected });
            return;
          }
          expect(res.ok).toBe(false);
          if (res.ok) return;
          expect(res.byteOffset).toBeGreaterThanOrEqual(0);
          expect(res.byteOffset).toBeLessThanOrEqual(input.length);
          // everything before the reported byte is valid UTF-8 (up to a cut-off last character)
          expect(decodeUtf8(input.subarray(0, res.byteOffset)).ok).toBe(true);
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(1),
  );
});
