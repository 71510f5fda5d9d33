import { Buffer } from 'node:buffer';
import yauzl from 'yauzl';
import yazl from 'yazl';

/*
 * Reading and writing the `.qdpx` zip container. Reading is defensive: the central directory is
 * checked as a whole (unsafe paths, sizes, compression ratios) before a single entry is read,
 * and each entry is read on its own, so a project with many sources never holds more than one
 * source in memory.
 */

/** Limits that refuse a zip bomb before anything is decompressed. */
export interface ZipLimits {
  /** Largest uncompressed size of one entry, in bytes. Default 500 MB (project.qde is streamed; other entries are read whole). */
  readonly maxEntryBytes: number;
  /** Largest uncompressed size of all entries together, in bytes. Default 2 GB. */
  readonly maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio of an entry (entries of 64 KiB or less are exempt). Default 200. */
  readonly maxRatio: number;
  /** Most entries in the archive. Default 100 000. */
  readonly maxEntries: number;
}

/** The default {@link ZipLimits}. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 500_000_000,
  maxTotalBytes: 2_000_000_000,
  maxRatio: 200,
  maxEntries: 100_000,
};

/** Entries at most this large are not held to the compression-ratio limit. */
const RATIO_EXEMPT_BYTES = 64 * 1024;

/** One file entry of the archive (directories are left out). */
export interface ZipEntryInfo {
  readonly name: string;
  readonly uncompressedSize: number;
  readonly compressedSize: number;
}

/** Why a zip could not be read. */
export type ZipProblemCode = 'not_a_zip' | 'unsafe_path' | 'zip_bomb' | 'unreadable_file';

/** A problem with the container, naming the entry when there is one. */
export interface ZipProblem {
  readonly code: ZipProblemCode;
  readonly message: string;
  readonly entry?: string;
}

/** The result of listing an archive. */
export type ZipListing =
  | { readonly ok: true; readonly entries: readonly ZipEntryInfo[] }
  | { readonly ok: false; readonly problem: ZipProblem };

/** The result of reading one entry. */
export type ZipEntryRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly problem: ZipProblem };

/** Where a zip is: a file path or the bytes. */
export type ZipInput = string | Uint8Array;

function openZip(input: ZipInput): Promise<yauzl.ZipFile> {
  const options: yauzl.Options = {
    lazyEntries: true,
    autoClose: false,
    decodeStrings: true,
    validateEntrySizes: true,
    strictFileNames: false,
  };
  return typeof input === 'string'
    ? yauzl.openPromise(input, options)
    : yauzl.fromBufferPromise(
        Buffer.isBuffer(input)
          ? input
          : Buffer.from(input.buffer, input.byteOffset, input.byteLength),
        options,
      );
}

/** The next entry of a lazily read archive, or null at the end. */
function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (err: unknown) => {
      cleanup();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function openProblem(err: unknown): ZipProblem {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return { code: 'unreadable_file', message: `cannot read the file: ${errorMessage(err)}` };
  }
  return { code: 'not_a_zip', message: `not a zip archive: ${errorMessage(err)}` };
}

/** Classifies an error yauzl raised while walking the central directory. */
function entryProblem(err: unknown): ZipProblem {
  const message = errorMessage(err);
  const unsafe =
    /^(absolute path|invalid relative path|invalid characters in fileName): (.*)$/s.exec(message);
  if (unsafe) {
    return {
      code: 'unsafe_path',
      entry: unsafe[2] ?? '',
      message: `the archive holds an entry with an unsafe path (${unsafe[1]}): "${unsafe[2]}"; refused, nothing was read`,
    };
  }
  return { code: 'not_a_zip', message: `the zip archive is damaged: ${message}` };
}

/** An entry name is unsafe when it climbs out of the archive root or is absolute. */
export function unsafeEntryName(name: string): boolean {
  const parts = name.replace(/\\/g, '/').split('/');
  return /^([a-zA-Z]:|\/|\\)/.test(name) || parts.includes('..') || name.includes('\0');
}

/**
 * Lists an archive's entries and checks them against the limits before anything is read:
 * unsafe paths (`../`, absolute, drive letters) and oversized or over-compressed entries are
 * refused.
 */
export async function listZip(input: ZipInput, limits: ZipLimits): Promise<ZipListing> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(input);
  } catch (err) {
    return { ok: false, problem: openProblem(err) };
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      return {
        ok: false,
        problem: {
          code: 'zip_bomb',
          message: `the archive has ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}; refused`,
        },
      };
    }
    const entries: ZipEntryInfo[] = [];
    let total = 0;
    for (;;) {
      let entry: yauzl.Entry | null;
      try {
        entry = await nextEntry(zip);
      } catch (err) {
        return { ok: false, problem: entryProblem(err) };
      }
      if (entry === null) break;
      const name = entry.fileName;
      if (unsafeEntryName(name)) {
        return {
          ok: false,
          problem: {
            code: 'unsafe_path',
            entry: name,
            message: `the archive holds an entry with an unsafe path: "${name}"; refused, nothing was read`,
          },
        };
      }
      if (name.endsWith('/')) continue;
      const size = entry.uncompressedSize;
      total += size;
      if (size > limits.maxEntryBytes) {
        return {
          ok: false,
          problem: {
            code: 'zip_bomb',
            entry: name,
            message: `"${name}" would decompress to ${size} bytes, more than the limit of ${limits.maxEntryBytes} per entry; refused`,
          },
        };
      }
      const ratio = size / Math.max(1, entry.compressedSize);
      if (size > RATIO_EXEMPT_BYTES && ratio > limits.maxRatio) {
        return {
          ok: false,
          problem: {
            code: 'zip_bomb',
            entry: name,
            message: `"${name}" is compressed ${Math.round(ratio)}:1, more than the limit of ${limits.maxRatio}:1 (a zip bomb?); refused`,
          },
        };
      }
      if (total > limits.maxTotalBytes) {
        return {
          ok: false,
          problem: {
            code: 'zip_bomb',
            entry: name,
            message: `the archive would decompress to more than ${limits.maxTotalBytes} bytes in all; refused`,
          },
        };
      }
      entries.push({ name, uncompressedSize: size, compressedSize: entry.compressedSize });
    }
    return { ok: true, entries };
  } finally {
    zip.close();
  }
}

/**
 * An open archive whose entries can be read one at a time by name. Close it when done
 * (`await using` works too).
 */
export interface ZipReader extends AsyncDisposable {
  read(name: string): Promise<ZipEntryRead>;
  /**
   * Reads one entry as a stream of chunks, checked against its declared size and the limits
   * as it decompresses (a chunk past them ends the stream with a `zip_bomb` problem).
   */
  stream(name: string): AsyncGenerator<Buffer, ZipProblem | undefined, undefined>;
  close(): void;
}

/**
 * Opens an archive for reading entries by name. The central directory is walked again and
 * checked with the same limits, so the archive cannot change between listing and reading.
 */
export async function openZipReader(
  input: ZipInput,
  limits: ZipLimits,
): Promise<{ ok: true; reader: ZipReader } | { ok: false; problem: ZipProblem }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(input);
  } catch (err) {
    return { ok: false, problem: openProblem(err) };
  }
  const byName = new Map<string, yauzl.Entry>();
  try {
    for (;;) {
      const entry = await nextEntry(zip);
      if (entry === null) break;
      if (unsafeEntryName(entry.fileName)) {
        zip.close();
        return {
          ok: false,
          problem: {
            code: 'unsafe_path',
            entry: entry.fileName,
            message: `unsafe path "${entry.fileName}"`,
          },
        };
      }
      byName.set(entry.fileName, entry);
    }
  } catch (err) {
    zip.close();
    return { ok: false, problem: entryProblem(err) };
  }
  const close = () => zip.close();
  const reader: ZipReader = {
    close,
    [Symbol.asyncDispose]: () => {
      close();
      return Promise.resolve();
    },
    async read(name) {
      const chunks: Buffer[] = [];
      let size = 0;
      const stream = reader.stream(name);
      for (;;) {
        const next = await stream.next();
        if (next.done) {
          return next.value === undefined
            ? { ok: true, bytes: Buffer.concat(chunks, size) }
            : { ok: false, problem: next.value };
        }
        chunks.push(next.value);
        size += next.value.length;
      }
    },
    async *stream(name) {
      const entry = byName.get(name);
      if (entry === undefined)
        return { code: 'not_a_zip', entry: name, message: `no entry "${name}"` };
      if (entry.uncompressedSize > limits.maxEntryBytes)
        return { code: 'zip_bomb', entry: name, message: `"${name}" is larger than the limit` };
      let stream: Awaited<ReturnType<yauzl.ZipFile['openReadStreamPromise']>>;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch (err) {
        return {
          code: 'not_a_zip',
          entry: name,
          message: `cannot read "${name}": ${errorMessage(err)}`,
        };
      }
      let size = 0;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > entry.uncompressedSize || size > limits.maxEntryBytes) {
            return {
              code: 'zip_bomb',
              entry: name,
              message: `"${name}" decompresses to more bytes than it declares; refused`,
            };
          }
          yield chunk;
        }
      } catch (err) {
        return {
          code: 'not_a_zip',
          entry: name,
          message: `cannot read "${name}": ${errorMessage(err)}`,
        };
      } finally {
        stream.destroy();
      }
      return undefined;
    },
  };
  return { ok: true, reader };
}

/** One file to write into a zip. */
export interface ZipFileSpec {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * A fixed modification time for every entry, given in local time fields so that the DOS
 * timestamp (which zip stores in local time) is the same in every time zone.
 */
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

/**
 * Writes files into a zip, deterministically: fixed timestamps, no extended timestamp field,
 * fixed permissions, entries in the order given. The same files give the same bytes.
 */
export function writeZip(files: readonly ZipFileSpec[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const file of files) {
    zip.addBuffer(Buffer.from(file.bytes), file.name, {
      mtime: FIXED_MTIME,
      mode: 0o100644,
      compress: true,
      forceDosTimestamp: true,
    });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
