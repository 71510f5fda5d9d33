import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  contentHash,
  decodeUtf8,
  formatIssue,
  normaliseText,
  parseTranscript,
  type DocumentBundle,
  type SpeakerRef,
} from '@iwa/study';
import { openStudyFolder, runImport, validateSource, type ImportOutcome } from '@iwa/services';
import type { Graph } from '@iwa/graph';
import mammoth from 'mammoth';
import type { CreateStudyRequest } from './api-types.ts';
import { ExplorerError } from './explorer-error.ts';

/*
 * Creating a study and adding a document from the browser go through the import path, so what
 * is stored is what `iwa import` stores for the same input: a new study is a study folder
 * (study.yaml) imported with `runImport`; a new document is read as a transcript file is
 * (strict UTF-8, BOM stripped, CRLF → LF, speaker turns) and written with the import's writer.
 */

/** A study id from a name: `Employment support 2026` → `employment-support-2026`. */
export function studyIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug.length > 0 ? slug : 'study';
}

/** The study.yaml of a new study (as JSON, which is YAML): its informants and their positions. */
export function newStudyYaml(id: string, req: CreateStudyRequest): Record<string, unknown> {
  const positions = new Map<string, Record<string, string>>();
  const informants = (req.informants ?? []).map((inf) => {
    const pid = inf.sector === undefined ? inf.role : `${inf.role}_${inf.sector}`;
    positions.set(pid, {
      id: pid,
      role: inf.role,
      ...(inf.sector === undefined ? {} : { sector: inf.sector }),
    });
    return {
      id: inf.id,
      position: pid,
      ...(inf.pseudonym === undefined || inf.pseudonym.trim() === ''
        ? {}
        : { pseudonym: inf.pseudonym }),
    };
  });
  return {
    study: {
      id,
      name: req.name,
      ...(req.description === undefined || req.description.trim() === ''
        ? {}
        : { description: req.description }),
    },
    ...(positions.size > 0 ? { positions: [...positions.values()] } : {}),
    ...(informants.length > 0 ? { informants } : {}),
  };
}

/** Imports a new study (manifest + framework codebook, no documents) from a study folder. */
export async function importNewStudy(
  graph: Graph,
  id: string,
  req: CreateStudyRequest,
): Promise<ImportOutcome> {
  const dir = await mkdtemp(join(tmpdir(), 'iwa-new-study-'));
  try {
    await writeFile(join(dir, 'study.yaml'), JSON.stringify(newStudyYaml(id, req), null, 2));
    await mkdir(join(dir, 'transcripts'));
    const opened = await openStudyFolder(dir);
    if (!opened.ok) throw new ExplorerError('invalid_request', opened.errors.join('\n'));
    const validated = await validateSource(opened.source);
    if (!validated.ok) throw new ExplorerError('invalid_request', validated.errors.join('\n'));
    const source = { ...opened.source, description: 'explorer: new study' };
    return await runImport(graph, source, { validated });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A file's text as the importer stores it (strict UTF-8 for .txt/.md, mammoth for .docx). */
export async function documentText(fileName: string, bytes: Uint8Array): Promise<string> {
  if (/\.docx$/i.test(fileName)) {
    let raw: string;
    try {
      raw = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
    } catch (err) {
      throw new ExplorerError(
        'invalid_request',
        `${fileName}: not a Word document that can be read (${err instanceof Error ? err.message : 'unknown error'})`,
      );
    }
    // mammoth ends each paragraph with a blank line; a transcript has one turn per line
    return normaliseText(raw.replace(/\n\n/g, '\n')).text;
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    throw new ExplorerError(
      'invalid_request',
      `${fileName} is not valid UTF-8 (byte ${decoded.byteOffset}): save it as UTF-8 and try again`,
    );
  }
  return normaliseText(decoded.text).text;
}

/** A document id from a file name, as the importer derives it (the name without extension). */
export function documentIdFromFile(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, '');
  const id = base.replace(/[^A-Za-z0-9_.:-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return id.length > 0 ? id.slice(0, 200) : 'document';
}

/** Speaker labels as study.yaml gives them: speakers (the default interviewer's aliases too) and informant ids. */
export function speakerLabels(study: {
  speakers: { id: string }[];
  informants: string[];
}): Map<string, SpeakerRef> {
  const labels = new Map<string, SpeakerRef>();
  for (const s of study.speakers) {
    labels.set(s.id, { kind: 'speaker', id: s.id });
    if (s.id === 'Interviewer') {
      for (const alias of ['I', 'Int'])
        if (!labels.has(alias)) labels.set(alias, { kind: 'speaker', id: s.id });
    }
  }
  for (const id of study.informants) labels.set(id, { kind: 'informant', id });
  return labels;
}

/** Parses a transcript into a bundle without codings, or throws with every problem found. */
export function transcriptBundle(params: {
  fileName: string;
  text: string;
  id?: string | undefined;
  title?: string | undefined;
  labels: ReadonlyMap<string, SpeakerRef>;
}): { bundle: DocumentBundle; warnings: string[] } {
  const parsed = parseTranscript(params.text, {
    file: `transcripts/${params.fileName}`,
    defaultId: params.id ?? documentIdFromFile(params.fileName),
    speakerLabels: params.labels,
  });
  if (!parsed.ok) {
    throw new ExplorerError('invalid_request', parsed.errors.map((e) => formatIssue(e)).join('\n'));
  }
  const doc = parsed.value.document;
  const document = {
    ...doc,
    ...(params.id !== undefined ? { id: params.id } : {}),
    ...(doc.title === undefined && params.title !== undefined && params.title.trim() !== ''
      ? { title: params.title }
      : {}),
    contentHash: contentHash(doc.text),
  };
  return {
    bundle: { document, excerpts: [], codings: [], memos: [] },
    warnings: parsed.warnings.map((w) => formatIssue(w)),
  };
}
