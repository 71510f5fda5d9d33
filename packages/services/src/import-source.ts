import { createHash, type Hash } from 'node:crypto';
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
  /** What the reader noticed; complete once the documents have been read (per-document notes). */
  readonly warnings: readonly string[];
  /**
   * Details only some sources have: the offset unit of a REFI-QDA project, what was not carried,
   * who speaks the excerpts (filled in as the documents are read) and the codes matched to
   * framework codes without the map.
   */
  readonly extra: {
    offsetUnit?: string;
    notCarried?: Record<string, number>;
    speakers?: SpeakerCoverage;
    codeMatches?: CodeMatch[];
  };
  /** The study's claims file (YAML text), when the source has one. */
  readonly claims?: string | undefined;
  /** Streams the documents; an item with errors means the whole source is invalid. */
  documents(): AsyncIterable<
    { ok: true; bundle: DocumentBundle } | { ok: false; errors: string[] }
  >;
  /** A hash of the whole input. */
  contentHash(): Promise<string>;
  /**
   * The manifest's name is another tool's project name (a .qdpx): importing into a study that
   * exists keeps the stored name unless a new one is asked for.
   */
  readonly keepStoredName?: boolean;
}

/** Who speaks a source's excerpts, by the rule that said so (REFI-QDA projects). */
export interface SpeakerCoverage {
  excerpts: number;
  withSpeaker: number;
  byCase: number;
  by: Record<string, number>;
  nonCase: { label: string; speakerId: string; role: string; why: string }[];
  unmatched: { label: string; documents: number }[];
  documentsWithout: string[];
}

/** A project code matched to an iwa code key without the map (or by it), and how. */
export interface CodeMatch {
  path: string;
  key: string;
  by: string;
}

/** One line for the import summary: `speakers: 68 of 68 excerpts — 41 by turn labels, …`. */
export function describeSpeakerCoverage(c: SpeakerCoverage): string {
  const rules: [string, string][] = [
    ['extension', "by iwa's extension"],
    ['selection_ref', "by a case's SelectionRef"],
    ['turn_label', 'by turn labels'],
    ['only_case', "by the source's only case"],
  ];
  const parts = rules
    .filter(([k]) => (c.by[k] ?? 0) > 0)
    .map(([k, words]) => `${c.by[k] ?? 0} ${words}`);
  const nonCase = c.withSpeaker - c.byCase;
  // iwa's extension names its speakers itself: then there are no labels to list
  const labels = c.nonCase.map((n) => n.label);
  return `speakers: ${c.withSpeaker} of ${c.excerpts} excerpts${parts.length > 0 ? ` — ${parts.join(', ')}` : ''}${nonCase > 0 ? ` (${nonCase} by speakers who are not cases${labels.length > 0 ? `: ${labels.join(', ')}` : ''})` : ''}`;
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
    await hashFile(hash, `${dir}/${file}`);
  }
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Feeds a file to a hash in the stream's chunks: never the whole file in memory (a 10,000-
 * interview `.qdpx` is 64 MB; reading it whole at the end of its import added that to the peak).
 */
export async function hashFile(hash: Hash, path: string): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
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
