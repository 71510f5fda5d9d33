import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentHash } from './ids.ts';
import { sortIssues, type StudyIssue } from './issues.ts';
import { checkStudy } from './check-study.ts';
import { CodingRowIndex } from './coding-row-index.ts';
import { heapCheckpoint } from './heap-budget.ts';
import type { DocumentBundle, Study, StudyManifest } from './model.ts';
import { lineColumnAtUtf16 } from './offsets.ts';
import {
  parseCodingsCsv,
  parseCodingsYaml,
  resolveCodingRows,
  type CodingRow,
  type CodingRowContext,
} from './standoff-codings.ts';
import { StudyError } from './study-error.ts';
import { parseStudyYaml, type PendingReference, type StudyYaml } from './study-yaml.ts';
import { decodeUtf8, normaliseText, type NormalisedText } from './text-source.ts';
import { parseTranscript } from './transcript.ts';

/*
 * A study folder:
 *
 *   study.yaml           the manifest (required)
 *   transcripts/         .txt and .md transcripts, in sub-folders if you like (default)
 *   codings.yaml|.csv    standoff codings (default), and/or any .yaml/.yml/.csv in codings/
 *
 * study.yaml may list other places under `documents:` and `codings:`.
 */

/** The manifest of a study folder, read and checked, ready to stream its documents. */
export interface StudyFolder {
  /** The folder, as given. */
  readonly dir: string;
  readonly manifest: StudyManifest;
  /** Transcript files, relative to `dir` with forward slashes, in reading order. */
  readonly documentFiles: readonly string[];
  /** Codings files, relative to `dir` with forward slashes. */
  readonly codingFiles: readonly string[];
}

/** The result of {@link readStudyManifest}. */
export type StudyManifestResult =
  | { readonly ok: true; readonly folder: StudyFolder; readonly warnings: StudyIssue[] }
  | { readonly ok: false; readonly errors: StudyIssue[] };

/** One item of {@link iterateStudyDocuments}: a document with its excerpts and codings, or errors. */
export type StudyDocumentResult =
  | { readonly ok: true; readonly bundle: DocumentBundle; readonly warnings: StudyIssue[] }
  | {
      readonly ok: false;
      /** The transcript the errors are about; undefined for study-wide errors. */
      readonly file: string | undefined;
      readonly errors: StudyIssue[];
    };

/** The result of {@link readStudyFolder}: a whole study, or every error found. Never half a study. */
export type StudyReadResult =
  | { readonly ok: true; readonly study: Study; readonly warnings: StudyIssue[] }
  | { readonly ok: false; readonly errors: StudyIssue[] };

interface FolderState {
  readonly yaml: StudyYaml;
  /** Each document's coding rows, as places in their files until the document is streamed. */
  readonly rows: CodingRowIndex;
  readonly pendingDocuments: readonly PendingReference[];
}

const states = new WeakMap<StudyFolder, FolderState>();

type SourceLocationOf = CodingRow['at'];

const TRANSCRIPT_EXTENSIONS = new Set(['.txt', '.md']);
const CODING_EXTENSIONS = new Set(['.yaml', '.yml', '.csv']);

/**
 * Reads study.yaml and the codings files of a study folder and checks them, without reading
 * any transcript. Use the result with {@link iterateStudyDocuments}.
 *
 * Throws `StudyError('io')` only when the file system fails (permissions, I/O); a missing or
 * bad file is returned as an issue.
 */
export async function readStudyManifest(dir: string): Promise<StudyManifestResult> {
  const loaded = await loadManifest(dir);
  if (loaded.errors.length > 0 || loaded.folder === undefined) {
    return { ok: false, errors: sortIssues(loaded.errors) };
  }
  return { ok: true, folder: loaded.folder, warnings: loaded.warnings };
}

interface LoadedManifest {
  readonly errors: StudyIssue[];
  readonly warnings: StudyIssue[];
  /** Present unless study.yaml itself failed; built from the valid coding rows only. */
  readonly folder: StudyFolder | undefined;
}

/** Reads the manifest as far as it can, so one run can report errors in every file. */
async function loadManifest(dir: string): Promise<LoadedManifest> {
  heapCheckpoint();
  const studyText = await readTextFile(dir, 'study.yaml');
  if (!studyText.ok) {
    const missing = studyText.errors[0]?.code === 'missing_file';
    return {
      folder: undefined,
      warnings: [],
      errors: missing
        ? [
            {
              severity: 'error',
              code: 'missing_file',
              file: 'study.yaml',
              message: `no study.yaml in ${dir}`,
              hint: 'a study folder needs a study.yaml; see docs/study-format.md for an example',
            },
          ]
        : studyText.errors,
    };
  }
  const parsed = parseStudyYaml(studyText.text.text, 'study.yaml');
  if (!parsed.ok) return { folder: undefined, warnings: [], errors: parsed.errors };
  const yaml = parsed.value;
  // study.yaml's parse tree is garbage now (~100 MB at 10,000 interviews): collected here when
  // that large, before the codings files are read, not at whatever point V8 would pick
  heapCheckpoint();
  const errors: StudyIssue[] = [];
  const warnings: StudyIssue[] = [...parsed.warnings];

  // Documents
  const documentFiles: string[] = [];
  const docEntries = yaml.documentPaths ?? ['transcripts'];
  for (const [i, entry] of docEntries.entries()) {
    const found = await listFiles(dir, entry, TRANSCRIPT_EXTENSIONS);
    if (found === undefined) {
      const issue: StudyIssue = {
        severity: yaml.documentPaths === undefined ? 'warning' : 'error',
        code: 'missing_file',
        file: 'study.yaml',
        message: `${entry} does not exist in the study folder`,
        hint:
          yaml.documentPaths === undefined
            ? 'put transcripts in transcripts/, or list their files or folders under documents: in study.yaml'
            : 'fix the path (relative to the study folder) or create it',
        ...(yaml.documentPaths === undefined ? {} : { path: ['documents', i] }),
      };
      (issue.severity === 'error' ? errors : warnings).push(issue);
      continue;
    }
    for (const f of found) if (!documentFiles.includes(f)) documentFiles.push(f);
  }

  // Codings
  const codingFiles: string[] = [];
  if (yaml.codingPaths === undefined) {
    for (const name of ['codings.yaml', 'codings.yml', 'codings.csv']) {
      if (await isFile(dir, name)) codingFiles.push(name);
    }
    codingFiles.push(...((await listFiles(dir, 'codings', CODING_EXTENSIONS)) ?? []));
  } else {
    for (const [i, entry] of yaml.codingPaths.entries()) {
      const found = await listFiles(dir, entry, CODING_EXTENSIONS);
      if (found === undefined) {
        errors.push({
          severity: 'error',
          code: 'missing_file',
          file: 'study.yaml',
          path: ['codings', i],
          message: `codings file ${entry} does not exist in the study folder`,
          hint: 'fix the path (relative to the study folder) or create it',
        });
        continue;
      }
      codingFiles.push(...found.filter((f) => !codingFiles.includes(f)));
    }
  }

  const ctx: CodingRowContext = {
    studyCodeKeys: new Set(yaml.manifest.codebook.codes.map((c) => c.key)),
    actors: yaml.actors,
    coders: yaml.codersDeclared ? new Set(yaml.manifest.coders.map((c) => c.id)) : undefined,
  };
  // Each file's rows are dropped (CSV: only where they are is kept) or packed (YAML) as soon as
  // it is parsed: only one file's rows are ever held in full.
  const rows = new CodingRowIndex(ctx, async (file) => {
    const read = await readTextFile(dir, file);
    return read.ok ? { ok: true, text: read.text.text } : read;
  });
  const explicitIds = new Map<string, { document: string; at: SourceLocationOf }>();
  const coderIds = new Set<string>();
  for (const file of codingFiles) {
    const read = await readTextFile(dir, file);
    if (!read.ok) {
      append(errors, read.errors);
      continue;
    }
    const res = file.endsWith('.csv')
      ? parseCodingsCsv(read.text.text, file, ctx)
      : parseCodingsYaml(read.text.text, file, ctx);
    append(errors, res.errors);
    append(warnings, res.warnings);
    rows.addFile({ name: file, text: read.text.text }, res);
    heapCheckpoint();
    for (const row of res.rows) {
      coderIds.add(row.coder);
      // Explicit excerpt ids: unique to one document; the targets of evidence references.
      if (row.excerpt === undefined) continue;
      const first = explicitIds.get(row.excerpt);
      if (first === undefined) explicitIds.set(row.excerpt, { document: row.document, at: row.at });
      else if (first.document !== row.document) {
        errors.push({
          severity: 'error',
          code: 'duplicate_id',
          ...(row.fields.excerpt ?? row.at),
          message: `excerpt id "${row.excerpt}" is also used in document "${first.document}" (${first.at.file}:${first.at.line})`,
          hint: 'excerpt ids are unique in the study',
        });
      }
    }
  }

  const pendingDocuments: PendingReference[] = [];
  for (const ref of yaml.pendingReferences) {
    if (ref.kind === 'document') {
      pendingDocuments.push(ref);
    } else if (!explicitIds.has(ref.id)) {
      errors.push({
        severity: 'error',
        code: 'unknown_excerpt',
        ...ref.at,
        path: [...ref.path],
        message: `excerpt "${ref.id}" (${ref.usedAs}) is not named in any codings file`,
        hint: 'give the excerpt that id in the excerpt field of its coding row',
      });
    }
  }
  const coders = yaml.codersDeclared ? yaml.manifest.coders : [...coderIds].map((id) => ({ id }));
  const folder: StudyFolder = {
    dir,
    manifest: { ...yaml.manifest, coders },
    documentFiles,
    codingFiles,
  };
  states.set(folder, { yaml, rows, pendingDocuments });
  return { folder, errors, warnings: sortIssues(warnings) };
}

/**
 * Streams a study folder one document at a time: each item is a document with its excerpts,
 * codings and memos, or the errors that document has. After the last document, one more
 * `ok: false` item (with `file: undefined`) reports codings and memos that name documents the
 * folder does not have. Only one transcript is in memory at a time.
 *
 * Importers must treat any `ok: false` item as a failed read of the whole study.
 *
 * @param source a folder path (its manifest is read first), or the folder from
 *   {@link readStudyManifest}
 */
export async function* iterateStudyDocuments(
  source: string | StudyFolder,
): AsyncGenerator<StudyDocumentResult, void, undefined> {
  let folder: StudyFolder;
  if (typeof source === 'string') {
    const m = await readStudyManifest(source);
    if (!m.ok) {
      yield { ok: false, file: undefined, errors: m.errors };
      return;
    }
    folder = m.folder;
  } else {
    folder = source;
  }
  const state = states.get(folder);
  if (state === undefined) {
    throw new StudyError(
      'invalid_argument',
      'iterateStudyDocuments needs a folder returned by readStudyManifest',
    );
  }
  const seen = new Map<string, string>();
  for (const file of folder.documentFiles) {
    const defaultId = path.posix.basename(file).replace(/\.[^.]+$/, '');
    heapCheckpoint();
    const read = await readTextFile(folder.dir, file);
    if (!read.ok) {
      // Known, though unreadable: its codings are not also "unknown document" errors.
      if (!seen.has(defaultId)) seen.set(defaultId, file);
      yield { ok: false, file, errors: read.errors };
      continue;
    }
    const parsed = parseTranscript(read.text.text, {
      file,
      defaultId,
      speakerLabels: state.yaml.speakerLabels,
    });
    if (!parsed.ok) {
      if (!seen.has(defaultId)) seen.set(defaultId, file);
      yield { ok: false, file, errors: sortIssues(parsed.errors) };
      continue;
    }
    const doc = parsed.value.document;
    const firstFile = seen.get(doc.id);
    if (firstFile !== undefined) {
      yield {
        ok: false,
        file,
        errors: [
          {
            severity: 'error',
            code: 'duplicate_id',
            file,
            line: 1,
            column: 1,
            message: `document id "${doc.id}" is also the id of ${firstFile}`,
            hint: 'rename one file, or set a distinct id: in its front matter',
          },
        ],
      };
      continue;
    }
    seen.set(doc.id, file);
    const document = { ...doc, contentHash: contentHash(doc.text) };
    const rows = await state.rows.read(doc.id);
    if (!rows.ok) {
      yield { ok: false, file, errors: rows.errors };
      continue;
    }
    const { bodyStart, bodyLineOffset } = parsed.value;
    const resolved = resolveCodingRows(document, rows.rows, {
      studyId: folder.manifest.id,
      bodyLineOffset,
      crlfAt: read.text.crlfAt.filter((cp) => cp >= bodyStart).map((cp) => cp - bodyStart),
    });
    if (!resolved.ok) {
      yield { ok: false, file, errors: sortIssues(resolved.errors) };
      continue;
    }
    const warnings = [...parsed.warnings, ...resolved.warnings];
    if (rows.rows.length === 0 && document.text.trim() !== '') {
      warnings.push({
        severity: 'warning',
        code: 'uncoded_document',
        file,
        message: `document "${doc.id}" has no codings`,
        hint: `codings name it as document: ${doc.id}`,
      });
    }
    yield { ok: true, bundle: resolved.bundle, warnings: sortIssues(warnings) };
  }

  const errors: StudyIssue[] = [];
  for (const [docId, count] of state.rows.documents()) {
    if (seen.has(docId)) continue;
    const first = await state.rows.first(docId);
    if (first === undefined) continue;
    if (!first.ok) {
      append(errors, first.errors);
      continue;
    }
    const rows = { length: count };
    errors.push({
      severity: 'error',
      code: 'unknown_document',
      ...(first.row.fields.document ?? first.row.at),
      message: `unknown document "${docId}"${rows.length > 1 ? ` (named by ${rows.length} coding rows)` : ''}`,
      hint: suggestDocument(docId, seen),
    });
  }
  for (const ref of state.pendingDocuments) {
    if (seen.has(ref.id)) continue;
    errors.push({
      severity: 'error',
      code: 'unknown_document',
      ...ref.at,
      path: [...ref.path],
      message: `unknown document "${ref.id}" (${ref.usedAs})`,
      hint: suggestDocument(ref.id, seen),
    });
  }
  if (errors.length > 0) yield { ok: false, file: undefined, errors: sortIssues(errors) };
}

/**
 * Reads a whole study folder: study.yaml, every transcript and every codings file. Returns the
 * study, or every error found (file:line:column, what was expected, how to fix it).
 *
 * @example
 * const res = await readStudyFolder('studies/ips-demo');
 * if (!res.ok) for (const e of res.errors) log.error(formatIssue(e));
 */
export async function readStudyFolder(dir: string): Promise<StudyReadResult> {
  const m = await loadManifest(dir);
  if (m.folder === undefined) return { ok: false, errors: sortIssues(m.errors) };
  const errors: StudyIssue[] = [...m.errors];
  const warnings: StudyIssue[] = [...m.warnings];
  const bundles: DocumentBundle[] = [];
  for await (const item of iterateStudyDocuments(m.folder)) {
    if (item.ok) {
      bundles.push(item.bundle);
      append(warnings, item.warnings);
    } else {
      append(errors, item.errors);
    }
  }
  if (errors.length > 0) return { ok: false, errors: sortIssues(dedupe(errors)) };
  const manifest = m.folder.manifest;
  const candidate: Study = {
    ...manifest,
    memos: [...manifest.memos, ...bundles.flatMap((b) => b.memos)],
    documents: bundles.map((b) => b.document),
    excerpts: bundles.flatMap((b) => b.excerpts),
    codings: bundles.flatMap((b) => b.codings),
  };
  // A last consistency check over the whole study (the located checks above should have
  // caught everything; this keeps a reader bug from handing out an inconsistent study).
  const remaining = checkStudy(candidate).filter((i) => i.severity === 'error');
  if (remaining.length > 0) return { ok: false, errors: remaining };
  return { ok: true, study: candidate, warnings };
}

type TextFileResult =
  | { readonly ok: true; readonly text: NormalisedText }
  | { readonly ok: false; readonly errors: StudyIssue[] };

/**
 * Reads a file of the study folder as strict UTF-8, normalised (BOM stripped, LF line ends).
 * Invalid UTF-8 is an issue naming the file, the byte offset, line and column.
 */
export async function readTextFile(dir: string, file: string): Promise<TextFileResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path.join(dir, file));
  } catch (err) {
    if (isErrno(err, 'ENOENT')) {
      return {
        ok: false,
        errors: [
          {
            severity: 'error',
            code: 'missing_file',
            file,
            message: `${file} does not exist`,
            hint: 'check the path',
          },
        ],
      };
    }
    throw new StudyError('io', `cannot read ${path.join(dir, file)}`, { cause: err });
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, decoded.byteOffset));
    const { line, column } = lineColumnAtUtf16(before, before.length);
    const byte = bytes[decoded.byteOffset];
    return {
      ok: false,
      errors: [
        {
          severity: 'error',
          code: 'invalid_utf8',
          file,
          line,
          column,
          message: `${file} is not valid UTF-8: byte ${decoded.byteOffset}${byte === undefined ? ' (end of file, a character is cut off)' : ` (0x${byte.toString(16).padStart(2, '0')})`} does not start a valid character`,
          hint: 'save the file as UTF-8 (often "Unicode (UTF-8)" or "UTF-8" in the Save As dialogue); Latin-1 or Windows-1252 files show this error at the first æ, ø or å',
        },
      ],
    };
  }
  return { ok: true, text: normaliseText(decoded.text) };
}

async function isFile(dir: string, rel: string): Promise<boolean> {
  try {
    return (await stat(path.join(dir, rel))).isFile();
  } catch (err) {
    if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR')) return false;
    throw new StudyError('io', `cannot stat ${path.join(dir, rel)}`, { cause: err });
  }
}

/** Files under `rel` (a file or a folder, walked recursively) with one of `extensions`, sorted. */
async function listFiles(
  dir: string,
  rel: string,
  extensions: ReadonlySet<string>,
): Promise<string[] | undefined> {
  const normalised = path.posix.normalize(rel.replaceAll('\\', '/')).replace(/\/$/, '');
  let info;
  try {
    info = await stat(path.join(dir, normalised));
  } catch (err) {
    if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR')) return undefined;
    throw new StudyError('io', `cannot stat ${path.join(dir, normalised)}`, { cause: err });
  }
  if (info.isFile()) return [normalised];
  const out: string[] = [];
  const walk = async (relDir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(dir, relDir), { withFileTypes: true });
    } catch (err) {
      throw new StudyError('io', `cannot list ${path.join(dir, relDir)}`, { cause: err });
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
      const child = relDir === '.' ? e.name : `${relDir}/${e.name}`;
      if (e.isDirectory()) await walk(child);
      else if (
        e.isFile() &&
        extensions.has(path.extname(e.name).toLowerCase()) &&
        e.name.toLowerCase() !== 'readme.md'
      ) {
        out.push(child);
      }
    }
  };
  await walk(normalised);
  return out;
}

function suggestDocument(id: string, seen: ReadonlyMap<string, string>): string {
  const ids = [...seen.keys()];
  const near = ids.find((d) => d.toLowerCase() === id.toLowerCase());
  if (near !== undefined) return `did you mean "${near}"? document ids are case-sensitive`;
  return ids.length === 0
    ? 'the study has no documents; put transcripts in transcripts/'
    : `a document id is its file name without extension, or the id: in its front matter; known: ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}`;
}

function dedupe(issues: readonly StudyIssue[]): StudyIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.file ?? ''}:${i.line ?? ''}:${i.column ?? ''}:${i.code}:${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Appends `items` to `target` in a loop: `target.push(...items)` passes every item as an argument
 * and overflows the stack past about 120 000 of them (a codings file of that many rows).
 */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function isErrno(err: unknown, code: string): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === code;
}
