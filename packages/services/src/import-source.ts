import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  formatIssue,
  iterateStudyDocuments,
  readStudyManifest,
  type DocumentBundle,
  type StudyIssue,
  type StudyManifest,
} from '@iwa/study';

/** Where an import reads from: the manifest, then one document bundle at a time. */
export interface ImportSource {
  /** How the source is described in reports and the import-run record. */
  readonly description: string;
  readonly manifest: StudyManifest;
  readonly warnings: readonly string[];
  /** Details only some sources have (the offset unit of a REFI-QDA project, what was not carried). */
  readonly extra: { offsetUnit?: string; notCarried?: Record<string, number> };
  /** The study's claims file (YAML text), when the source has one. */
  readonly claims?: string | undefined;
  /** Streams the documents; an item with errors means the whole source is invalid. */
  documents(): AsyncIterable<
    { ok: true; bundle: DocumentBundle } | { ok: false; errors: string[] }
  >;
  /** A hash of the whole input. */
  contentHash(): Promise<string>;
}

/** The outcome of opening a source: the source, or every error found in its manifest. */
export type OpenResult = { ok: true; source: ImportSource } | { ok: false; errors: string[] };

function issues(list: readonly StudyIssue[]): string[] {
  return list.map((i) => formatIssue(i));
}

async function hashFiles(dir: string, files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    hash.update(`${file}\u0000`);
    await new Promise<void>((resolve, reject) => {
      createReadStream(`${dir}/${file}`)
        .on('data', (chunk) => hash.update(chunk))
        .on('end', resolve)
        .on('error', reject);
    });
  }
  return `sha256:${hash.digest('hex')}`;
}

/** Opens a study folder (study.yaml + transcripts + codings) as an import source. */
export async function openStudyFolder(
  dir: string,
  options: { studyId?: string | undefined } = {},
): Promise<OpenResult> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory())
    return { ok: false, errors: [`${dir}: not a folder (a study folder holds study.yaml)`] };
  const read = await readStudyManifest(dir);
  if (!read.ok) return { ok: false, errors: issues(read.errors) };
  const folder = read.folder;
  const manifest = options.studyId ? { ...folder.manifest, id: options.studyId } : folder.manifest;
  const claims = await readFile(join(dir, 'claims.yaml'), 'utf8').catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    },
  );
  return {
    ok: true,
    source: {
      description: `study folder ${dir}`,
      manifest,
      warnings: issues(read.warnings),
      extra: {},
      claims,
      async *documents() {
        for await (const item of iterateStudyDocuments(folder)) {
          if (!item.ok) {
            yield { ok: false as const, errors: issues(item.errors) };
            continue;
          }
          yield { ok: true as const, bundle: item.bundle };
        }
      },
      contentHash: () =>
        hashFiles(dir, [
          'study.yaml',
          ...folder.documentFiles,
          ...folder.codingFiles,
          ...(claims === undefined ? [] : ['claims.yaml']),
        ]),
    },
  };
}
