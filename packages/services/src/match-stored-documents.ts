import {
  queryStoredDocumentHashes,
  queryStoredStudyName,
  type Graph,
  type StoredDocumentHash,
} from '@iwa/graph';
import { codingId, excerptId, memoId, type DocumentBundle } from '@iwa/study';
import type { ImportSource } from './import-source.ts';

/** A source matched to a stored document by its text, whatever the source is called now. */
export interface DocumentMatch {
  /** The id the source would have had by its name. */
  readonly sourceId: string;
  readonly sourceTitle: string | undefined;
  /** The stored document it is. */
  readonly storedId: string;
  readonly storedTitle: string | null;
}

/**
 * Matches the documents of an import to the study's stored documents by their text. A source
 * whose text (its `contentHash`, taken after line-end normalisation) equals a stored document's
 * is that document, whatever its name: another tool's export of an iwa study names its sources
 * as it likes (ATLAS.ti re-mints every GUID, QualCoder and NVivo add `.txt`), and a re-import
 * must not add each text again under a new name.
 *
 * A source keeps its own id when a stored document has that id, when no stored document has its
 * text, or when two stored documents have its text (it cannot be told which one; a warning says
 * so). A matched source takes the stored document's id, title and source path; ids derived from
 * the document id (excerpts, codings, memos) are derived again from the stored id. Reads the
 * source once more before the import; a study with no documents is left alone.
 */
export async function matchStoredDocuments(
  graph: Graph,
  source: ImportSource,
): Promise<{ source: ImportSource; matches: DocumentMatch[]; warnings: string[] }> {
  const stored = await queryStoredDocumentHashes(graph, { studyId: source.manifest.id });
  if (stored.length === 0) return { source, matches: [], warnings: [] };
  const input: { id: string; title: string | undefined; hash: string }[] = [];
  for await (const item of source.documents()) {
    if (!item.ok) return { source, matches: [], warnings: [] }; // the validation reports it
    const d = item.bundle.document;
    input.push({ id: d.id, title: d.title, hash: d.contentHash });
  }
  const inputIds = new Set(input.map((d) => d.id));
  const storedIds = new Set(stored.map((d) => d.id));
  const byHash = new Map<string, StoredDocumentHash[]>();
  for (const d of stored) {
    // a stored document the input names by its id is that document already
    if (d.contentHash === null || inputIds.has(d.id)) continue;
    byHash.set(d.contentHash, [...(byHash.get(d.contentHash) ?? []), d]);
  }
  const matches: DocumentMatch[] = [];
  const warnings: string[] = [];
  const claimed = new Set<string>();
  const renamed = new Map<string, StoredDocumentHash>();
  for (const d of input) {
    if (storedIds.has(d.id)) continue;
    const candidates = (byHash.get(d.hash) ?? []).filter((s) => !claimed.has(s.id));
    const match = candidates[0];
    if (match === undefined) continue;
    if (candidates.length > 1) {
      warnings.push(
        `"${d.title ?? d.id}" has the same text as the stored documents ${candidates.map((c) => c.id).join(', ')}: it cannot be told which one it is, so it comes in as a new document ${d.id}`,
      );
      continue;
    }
    claimed.add(match.id);
    renamed.set(d.id, match);
    matches.push({
      sourceId: d.id,
      sourceTitle: d.title,
      storedId: match.id,
      storedTitle: match.title,
    });
  }
  if (renamed.size === 0) return { source, matches, warnings };
  const studyId = source.manifest.id;
  const wrapped: ImportSource = {
    description: source.description,
    manifest: source.manifest,
    get warnings() {
      return source.warnings;
    },
    extra: source.extra,
    ...(source.claims === undefined ? {} : { claims: source.claims }),
    async *documents() {
      for await (const item of source.documents()) {
        const match = item.ok ? renamed.get(item.bundle.document.id) : undefined;
        yield item.ok && match
          ? { ok: true as const, bundle: asStored(item.bundle, match, studyId) }
          : item;
      }
    },
    contentHash: () => source.contentHash(),
    ...(source.keepStoredName === undefined ? {} : { keepStoredName: source.keepStoredName }),
  };
  return { source: wrapped, matches, warnings };
}

/** The bundle as the stored document: its id, title and path, and every id derived from them. */
function asStored(
  bundle: DocumentBundle,
  stored: StoredDocumentHash,
  studyId: string,
): DocumentBundle {
  const from = bundle.document.id;
  const to = stored.id;
  const excerptIds = new Map<string, string>();
  const excerpts = bundle.excerpts.map((e) => {
    const derived = e.id === excerptId(studyId, from, e);
    const id = derived ? excerptId(studyId, to, e) : e.id;
    excerptIds.set(e.id, id);
    return { ...e, id, documentId: to };
  });
  const codings = bundle.codings.map((c) => {
    const ex = excerptIds.get(c.excerptId) ?? c.excerptId;
    const derived = c.id === codingId(c.excerptId, c.code, c.coderId);
    return { ...c, excerptId: ex, id: derived ? codingId(ex, c.code, c.coderId) : c.id };
  });
  const memos = bundle.memos.map((m) => {
    const about = m.about.map((a) =>
      a.kind === 'document' && a.id === from
        ? { ...a, id: to }
        : a.kind === 'excerpt'
          ? { ...a, id: excerptIds.get(a.id) ?? a.id }
          : a,
    );
    const derived = m.id === memoId(m.about, m.text);
    return { ...m, about, id: derived ? memoId(about, m.text) : m.id };
  });
  const { sourcePath: _path, title: _title, ...document } = bundle.document;
  return {
    ...bundle,
    document: {
      ...document,
      id: to,
      ...(stored.title === null ? {} : { title: stored.title }),
      ...(stored.sourcePath === null ? {} : { sourcePath: stored.sourcePath }),
    },
    excerpts,
    codings,
    memos,
  };
}

/** What {@link matchStoredStudy} did to an import into a study that exists. */
export interface StoredStudyMatch {
  readonly source: ImportSource;
  readonly matches: DocumentMatch[];
  readonly warnings: string[];
  /** The stored name kept, and the one the source gave, when they differ and no name was asked for. */
  readonly nameKept?: { readonly stored: string; readonly source: string };
}

/**
 * Prepares an import into a study that may exist: documents are matched to stored ones by their
 * text ({@link matchStoredDocuments}), and a source whose name is another tool's project name
 * (`keepStoredName`, a .qdpx) keeps the stored study's name and origin (the tool the study came
 * from first; a peer tool's re-export names itself); `name` renames the study.
 */
export async function matchStoredStudy(
  graph: Graph,
  source: ImportSource,
  options: { name?: string | undefined } = {},
): Promise<StoredStudyMatch> {
  const { source: matched, matches, warnings } = await matchStoredDocuments(graph, source);
  const stored = await queryStoredStudyName(graph, { studyId: source.manifest.id });
  const keep = source.keepStoredName === true && stored !== undefined;
  const name = options.name ?? (keep && stored.name !== null ? stored.name : source.manifest.name);
  const origin = keep ? (stored.origin ?? undefined) : source.manifest.origin;
  const nameKept =
    options.name === undefined &&
    keep &&
    stored.name !== null &&
    stored.name !== source.manifest.name
      ? { stored: stored.name, source: source.manifest.name }
      : undefined;
  const extras = { matches, warnings, ...(nameKept ? { nameKept } : {}) };
  if (name === source.manifest.name && origin === source.manifest.origin)
    return { source: matched, ...extras };
  // the keys keep their places: the study node stores the manifest as JSON
  const manifest = { ...source.manifest, name };
  if (origin === undefined) delete manifest.origin;
  else manifest.origin = origin;
  const renamed: ImportSource = {
    description: matched.description,
    manifest,
    get warnings() {
      return matched.warnings;
    },
    extra: matched.extra,
    ...(matched.claims === undefined ? {} : { claims: matched.claims }),
    documents: () => matched.documents(),
    contentHash: () => matched.contentHash(),
    ...(matched.keepStoredName === undefined ? {} : { keepStoredName: matched.keepStoredName }),
  };
  return { source: renamed, ...extras };
}
