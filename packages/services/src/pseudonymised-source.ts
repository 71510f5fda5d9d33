import { readFile } from 'node:fs/promises';
import {
  decodeUtf8,
  formatIssue,
  normaliseText,
  pseudonymise,
  pseudonymiseManifest,
  readPseudonymList,
} from '@iwa/study';
import type { ImportSource } from './import-source.ts';

/**
 * Wraps an import source so that real names from a names file (docs/pseudonymisation.md) are
 * replaced in every text before anything is checked or written; offsets follow the new texts.
 */
export async function withPseudonyms(
  source: ImportSource,
  namesFile: string,
): Promise<{ ok: true; source: ImportSource } | { ok: false; errors: string[] }> {
  const bytes = await readFile(namesFile).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (bytes === undefined) return { ok: false, errors: [`${namesFile}: no such names file`] };
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    return {
      ok: false,
      errors: [`${namesFile}: byte ${decoded.byteOffset} is not UTF-8; save the file as UTF-8`],
    };
  }
  const read = readPseudonymList(normaliseText(decoded.text).text, namesFile);
  if (!read.ok) return { ok: false, errors: read.errors.map((i) => formatIssue(i)) };
  const list = read.list;
  return {
    ok: true,
    source: {
      ...source,
      // the wrapped source's warnings grow while its documents are read
      get warnings() {
        return source.warnings;
      },
      description: `${source.description} (pseudonymised with ${namesFile})`,
      manifest: pseudonymiseManifest(source.manifest, list).value,
      async *documents() {
        for await (const item of source.documents()) {
          yield item.ok
            ? { ok: true as const, bundle: pseudonymise(item.bundle, list).value }
            : item;
        }
      },
    },
  };
}
