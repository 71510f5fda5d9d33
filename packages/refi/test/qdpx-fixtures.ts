import { Buffer } from 'node:buffer';
import { crc32 } from 'node:zlib';
import { writeZip } from '../src/qdpx-zip.ts';

/*
 * Small .qdpx fixtures, one per quirk of shared/refi-qda.md §7, written fresh as XML strings.
 * Offsets are computed here, independently of the library, from where each quoted passage sits
 * in the text as the tool stores it, counted in the tool's unit.
 */

/** How a tool counts offsets (the library's QdpxOffsetUnit, spelled out for the fixtures). */
export type FixtureUnit = 'code_point' | 'utf16_crlf' | 'utf16' | 'utf8' | 'code_point_crlf';

/** `[start, end)` of the `occurrence`-th `needle` in `stored` (BOM excluded), counted in `unit`. */
export function offsetsIn(
  stored: string,
  needle: string,
  unit: FixtureUnit,
  occurrence = 1,
): { start: number; end: number } {
  const text = stored.replace(/^\uFEFF/, '');
  const lf = text.replace(/\r\n/g, '\n');
  const on = unit === 'utf16_crlf' || unit === 'code_point_crlf' ? text : lf;
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = on.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`fixture: "${needle}" not found`);
  }
  const count = (s: string) =>
    unit === 'utf8'
      ? Buffer.byteLength(s, 'utf8')
      : unit === 'utf16' || unit === 'utf16_crlf'
        ? s.length
        : [...s].length;
  return { start: count(on.slice(0, at)), end: count(on.slice(0, at + needle.length)) };
}

/** `startPosition="…" endPosition="…"` for a passage. */
export function pos(stored: string, needle: string, unit: FixtureUnit, occurrence = 1): string {
  const { start, end } = offsetsIn(stored, needle, unit, occurrence);
  return `startPosition="${start}" endPosition="${end}"`;
}

/** Zips files with the library's writer (no directory entries, like MAXQDA). */
export function zip(files: Record<string, string | Uint8Array>): Promise<Buffer> {
  return writeZip(
    Object.entries(files).map(([name, content]) => ({
      name,
      bytes: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
    })),
  );
}

/**
 * A stored (uncompressed) zip written byte by byte, so hostile archives can hold names no zip
 * library would write (`../`, absolute paths) and sizes that lie.
 */
export function rawZip(
  files: { name: string; data: Buffer; declaredSize?: number; compressedSize?: number }[],
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const crc = crc32(f.data);
    const size = f.declaredSize ?? f.data.length;
    const csize = f.compressedSize ?? f.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(csize, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(csize, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, f.data);
    centrals.push(central, name);
    offset += 30 + name.length + f.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// ---------------------------------------------------------------------------------------------
// Texts (written for these tests)

/** A Nav advisor's interview, stored by NVivo for Windows with BOM and CRLF. */
export const NAV_INTERVIEW =
  '\uFEFFI: How do you work with the mental health team?\r\n' +
  'N05: I join their Monday meeting 👍 and we go through who wants a job.\r\n' +
  'N05: The team leader decided that work is part of the treatment plan 📝, and the doctors accepted it.\r\n' +
  'I: Did anything change for patients?\r\n' +
  'N05: More of them ask about work now 🙂. That is new.\r\n';

/** A health manager's interview, LF, with emoji and a decomposed accent. */
export const MANAGER_INTERVIEW =
  'I: Tell me about the start.\n' +
  'M02: We invited Nav to Re\u0301sumé day 🚀 and agreed on one shared routine.\n' +
  'M02: Later the clinic manager put the employment specialist on the staff list.\n';

export const P = 'urn:QDA-XML:project:1.0';
