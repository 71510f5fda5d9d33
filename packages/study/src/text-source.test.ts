import { describe, expect, it } from 'vitest';
import { decodeUtf8, normaliseText } from './text-source.ts';

describe('decodeUtf8', () => {
  it('decodes valid UTF-8 and keeps the BOM for normaliseText to strip', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Nav – 𝔘')]);
    const res = decodeUtf8(bytes);
    expect(res).toEqual({ ok: true, text: '\uFEFFNav – 𝔘' });
  });

  it('names the byte offset of the first invalid sequence', () => {
    // "Helse " then a Latin-1 "ø" (0xF8), which is not UTF-8
    const bytes = new Uint8Array([...new TextEncoder().encode('Helse '), 0xf8, 0x72]);
    expect(decodeUtf8(bytes)).toEqual({ ok: false, byteOffset: 6 });
  });

  it('finds truncated sequences, overlong forms and encoded surrogates', () => {
    expect(decodeUtf8(new Uint8Array([0x61, 0xe2, 0x80]))).toEqual({ ok: false, byteOffset: 1 });
    expect(decodeUtf8(new Uint8Array([0x61, 0x62, 0xc0, 0xaf]))).toEqual({
      ok: false,
      byteOffset: 2,
    });
    expect(decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toEqual({ ok: false, byteOffset: 0 });
    expect(decodeUtf8(new Uint8Array([0xe0, 0x80, 0x80]))).toEqual({ ok: false, byteOffset: 0 });
  });
});

describe('normaliseText', () => {
  it('strips the BOM and turns CRLF and lone CR into LF, remembering former CRLFs', () => {
    const res = normaliseText('\uFEFFI: Hi\r\nM07: 👩🏽‍⚕️ yes\r\nI: ok\rend');
    expect(res.text).toBe('I: Hi\nM07: 👩🏽‍⚕️ yes\nI: ok\nend');
    expect(res.hadBom).toBe(true);
    expect(res.loneCrCount).toBe(1);
    // code point offsets of the LFs that were CRLF
    const cps = [...res.text];
    expect(res.crlfAt.map((i) => cps[i])).toEqual(['\n', '\n']);
    expect(res.crlfAt[0]).toBe(5);
    expect(res.crlfAt[1]).toBe(5 + 1 + 'M07: '.length + 5 + ' yes'.length);
  });

  it('leaves LF text, combining marks and inner U+FEFF untouched', () => {
    const text = 'cafe\u0301\nzero\uFEFFwidth';
    expect(normaliseText(text)).toEqual({ text, hadBom: false, crlfAt: [], loneCrCount: 0 });
  });
});
