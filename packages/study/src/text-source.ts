/*
 * Turning file bytes into the text iwa stores: strict UTF-8, BOM stripped (never counted), and
 * line ends normalised to LF. CRLF becomes LF, and so does a lone CR. The positions of the
 * former CRLFs are kept so offsets computed on the stored file (e.g. by NVivo) can be converted.
 */

/** The result of decoding bytes as UTF-8: the text, or the byte offset of the first bad byte. */
export type Utf8DecodeResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly byteOffset: number };

/**
 * Decodes `bytes` as strict UTF-8 (`TextDecoder('utf-8', { fatal: true })`). On failure it
 * returns the 0-based byte offset of the first invalid sequence. A BOM is kept; see
 * {@link normaliseText}.
 */
export function decodeUtf8(bytes: Uint8Array): Utf8DecodeResult {
  try {
    return {
      ok: true,
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes),
    };
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return { ok: false, byteOffset: firstInvalidUtf8(bytes) };
  }
}

/** A text as iwa stores it, with what normalisation changed. */
export interface NormalisedText {
  /** No BOM, LF line ends. */
  readonly text: string;
  /** Whether the input started with U+FEFF (removed). */
  readonly hadBom: boolean;
  /** Code point offsets (in `text`) of the LFs that were CRLF in the input. */
  readonly crlfAt: readonly number[];
  /** How many lone CRs became LF. */
  readonly loneCrCount: number;
}

/**
 * Strips a leading BOM and normalises CRLF and lone CR to LF. Nothing else changes: no Unicode
 * normalisation (NFC would move offsets), no trimming.
 *
 * @example
 * normaliseText('\uFEFFM07: yes\r\nI: ok').text // 'M07: yes\nI: ok'
 */
export function normaliseText(input: string): NormalisedText {
  const hadBom = input.charCodeAt(0) === 0xfeff;
  const raw = hadBom ? input.slice(1) : input;
  if (!raw.includes('\r')) return { text: raw, hadBom, crlfAt: [], loneCrCount: 0 };
  const crlfAt: number[] = [];
  let loneCrCount = 0;
  let out = '';
  let cp = 0;
  let last = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 13) {
      out += raw.slice(last, i) + '\n';
      if (raw.charCodeAt(i + 1) === 10) {
        crlfAt.push(cp);
        i++;
      } else {
        loneCrCount++;
      }
      last = i + 1;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = raw.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    cp++;
  }
  out += raw.slice(last);
  return { text: out, hadBom, crlfAt, loneCrCount };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cont = bytes[i + k];
      if (cont === undefined || (cont & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cont & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
