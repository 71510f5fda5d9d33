import type { ActorRef, Variables } from '@iwa/study';
import { idSlug as slugify, normalizeGuid } from '@iwa/taxonomy';
import {
  attr,
  intAttr,
  issueAt,
  kid,
  kids,
  optionalDateTime,
  own,
  uniqueId,
  type ReadContext,
} from './qdpx-read-context.ts';
import type { CaseIndex } from './qdpx-read-cases.ts';
import type { CodeIndex } from './qdpx-read-codes.ts';
import type { CoderIndex } from './qdpx-read-users.ts';
import type { VariableIndex } from './qdpx-read-variables.ts';
import type { ZipEntryInfo } from './qdpx-zip.ts';
import type { XmlElement } from './xml-tree.ts';

/*
 * The sources of project.qde, read one `<TextSource>` at a time as the project file streams by:
 * each is kept only as the few fields the documents need (no element tree), so a project with
 * hundreds of thousands of selections and codings is held compactly until its documents are read.
 */

/** A `<Coding>` as read: its code key and coder resolved. */
export interface RawCoding {
  /** The GUID when the extension or a note refers to it, else empty. */
  readonly guid: string;
  readonly key: string;
  /** The coder's id (resolved from creatingUser, the selection's creatingUser, or the default). */
  readonly coderId: string;
  readonly at: string | undefined;
}

/** A `<PlainTextSelection>` as read. */
export interface RawSelection {
  readonly guid: string;
  readonly name: string | undefined;
  readonly start: number;
  readonly end: number;
  /** The creating user's id. */
  readonly user: string | undefined;
  readonly at: string | undefined;
  readonly description: string | undefined;
  readonly codings: readonly RawCoding[];
  /** The case a coding at the map's performer folder names. */
  readonly performer: ActorRef | undefined;
  /** Where it is: its line and its place among its source's selections (1-based). */
  readonly line: number;
  readonly n: number;
}

/** A `<TextSource>` as read. */
export interface RawSource {
  readonly guid: string;
  readonly docId: string;
  readonly name: string | undefined;
  readonly line: number;
  readonly path: string;
  readonly text: { readonly inline: string } | { readonly entry: string };
  readonly selections: RawSelection[];
  readonly sourceCodings: readonly RawCoding[];
  readonly description: string | undefined;
  readonly user: string | undefined;
  readonly at: string | undefined;
  participants: string[];
  /** The one participant besides the interviewer, who speaks throughout (speaker rule 3). */
  onlyCase?: string | undefined;
  variables: Variables | undefined;
}

/** Where a selection is, for an issue: its line and element path. */
export const selectionPlace = (src: RawSource, sel: RawSelection) => ({
  line: sel.line,
  element: `${src.path}/PlainTextSelection[${sel.n}]`,
});

/** A NoteRef met in a source, a selection or a coding, resolved once the notes are read. */
export type SourceNoteRef =
  | { readonly note: string | undefined; readonly document: string }
  | { readonly note: string | undefined; readonly selection: string }
  | { readonly note: string | undefined; readonly coding: string };

/** What the sources read so far hold. */
export interface SourceIndex {
  readonly sources: RawSource[];
  /** How many elements `<Sources>` held (text or not). */
  count: number;
  readonly documentIdByGuid: Map<string, string>;
  /** Selection GUID → index of its source. */
  readonly selectionSource: Map<string, number>;
  /** Coding GUID → index of its source, for the codings a NoteRef names. */
  readonly codingSource: Map<string, number>;
  readonly noteRefs: SourceNoteRef[];
  performerCodings: number;
  /**
   * Codings and lists of codings that nothing refers to by GUID, shared by value: at 800,000
   * codings of a few hundred (code, coder) pairs, one object each instead of one per coding.
   */
  readonly shared: Map<string, RawCoding | readonly RawCoding[]>;
}

const NON_TEXT_SOURCES = {
  PDFSource: { selection: 'PDFSelection', reason: 'PDF sources are not carried in this version' },
  PictureSource: {
    selection: 'PictureSelection',
    reason: 'picture sources are not carried in this version',
  },
  AudioSource: {
    selection: 'AudioSelection',
    reason: 'audio sources and their transcripts are not carried in this version',
  },
  VideoSource: {
    selection: 'VideoSelection',
    reason: 'video sources and their transcripts are not carried in this version',
  },
} as const;

/** What reading a source needs from the sections before `<Sources>`. */
export interface SourceDeps {
  readonly coders: CoderIndex;
  readonly codes: CodeIndex;
  readonly variables: VariableIndex;
  readonly cases: CaseIndex;
  readonly entries: readonly ZipEntryInfo[];
}

/** The archive entry a source path names (internal paths first; external ones by file name). */
export function entryResolver(
  entries: readonly ZipEntryInfo[],
): (path: string) => string | undefined {
  const entryByLower = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  return (path) => {
    const external = /^(relative|absolute):/i.test(path);
    const p = path
      .trim()
      .replace(/^(internal|relative|absolute):\/*/i, '')
      .replace(/\\/g, '/')
      .replace(/^\.\//, '')
      .replace(/^\/+/, '');
    const base = p.split('/').pop() ?? p;
    const candidates = external ? [`sources/${base}`] : [p, `sources/${p}`, `sources/${base}`];
    for (const c of candidates) {
      const e = entryByLower.get(c.toLowerCase());
      if (e !== undefined) return e.name;
    }
    return undefined;
  };
}

const noteGuidsOf = (el: XmlElement) =>
  kids(el, 'NoteRef').map((r) => normalizeGuid(attr(r, 'targetGUID') ?? ''));

/** Reads the `<Coding>`s of a selection or source; a coding at the performer folder names the performer. */
function readCodings(
  ctx: ReadContext,
  deps: SourceDeps,
  parent: { el: XmlElement; user: string | undefined; index: SourceIndex; source: number },
): { codings: readonly RawCoding[]; performer: ActorRef | undefined } {
  const { codes, cases, coders } = deps;
  const codings: RawCoding[] = [];
  let performer: ActorRef | undefined;
  for (const c of kids(parent.el, 'Coding')) {
    const refEl = kid(c, 'CodeRef');
    const ref = attr(refEl ?? c, 'targetGUID');
    const target = ref === undefined ? undefined : normalizeGuid(ref);
    if (target !== undefined && codes.performerCodes.has(target)) {
      performer = cases.performerByCode.get(target) ?? performer;
      parent.index.performerCodings++;
      continue;
    }
    const key = target === undefined ? undefined : codes.codeByGuid.get(target);
    if (key === undefined) {
      ctx.errors.push(
        issueAt(
          'unknown_code_ref',
          `<CodeRef targetGUID="${ref ?? ''}"> names no <Code> of the CodeBook`,
          {
            entry: ctx.entry,
            el: refEl ?? c,
            hint: 'the project is inconsistent; re-export it from the tool that made it',
          },
        ),
      );
      continue;
    }
    const read = normalizeGuid(attr(c, 'guid') ?? '') ?? `missing-${c.line}-${c.path}`;
    const coderId = coders.coderOf(attr(c, 'creatingUser'), parent.user);
    const notes = noteGuidsOf(c);
    // the GUID is kept only where something refers to it (the extension, a note): at 800,000
    // codings it would be most of what the sources hold
    const guid = ctx.ext?.codings[read] !== undefined || notes.length > 0 ? own(read) : '';
    const at = optionalDateTime(attr(c, 'creationDateTime'));
    codings.push(
      guid === ''
        ? sharedCoding(parent.index, { key, coderId, at })
        : { guid, key, coderId, at: own(at) },
    );
    for (const note of notes) parent.index.noteRefs.push({ note, coding: guid });
    if (notes.length > 0) parent.index.codingSource.set(guid, parent.source);
  }
  return { codings: sharedList(parent.index, codings), performer };
}

/** The one coding object of a (code, coder, time) that no GUID names. */
function sharedCoding(
  index: SourceIndex,
  c: { key: string; coderId: string; at: string | undefined },
): RawCoding {
  const id = `c\u0000${c.key}\u0000${c.coderId}\u0000${c.at ?? ''}`;
  const known = index.shared.get(id) as RawCoding | undefined;
  if (known !== undefined) return known;
  const coding: RawCoding = Object.freeze({
    guid: '',
    key: c.key,
    coderId: c.coderId,
    at: own(c.at),
  });
  index.shared.set(id, coding);
  return coding;
}

/** The one list of shared codings with these members (lists are never changed once read). */
function sharedList(index: SourceIndex, codings: RawCoding[]): readonly RawCoding[] {
  if (codings.some((c) => c.guid !== '')) return codings;
  const id = `l\u0000${codings.map((c) => `${c.key}\u0000${c.coderId}\u0000${c.at ?? ''}`).join('\u0001')}`;
  const known = index.shared.get(id) as readonly RawCoding[] | undefined;
  if (known !== undefined) return known;
  const list = Object.freeze(codings);
  index.shared.set(id, list);
  return list;
}

/** The text of a TextSource: inline, or an archive entry; undefined (with an issue) when neither. */
function sourceTextOf(
  ctx: ReadContext,
  el: XmlElement,
  source: { resolve: (path: string) => string | undefined; label: string },
): RawSource['text'] | undefined {
  const { resolve, label } = source;
  const inline = kid(el, 'PlainTextContent');
  const path = attr(el, 'plainTextPath');
  if (inline !== undefined) return { inline: own(inline.text) };
  if (path === undefined || path.trim() === '') {
    ctx.skip(
      'TextSource (rich text only)',
      'a TextSource with only a richTextPath (DOCX) and no plain text is not carried',
    );
    return undefined;
  }
  const entry = resolve(path);
  if (entry !== undefined) return { entry };
  ctx.errors.push(
    issueAt(
      'missing_source',
      `the source file "${path}" of TextSource "${label}" is not in the archive`,
      {
        entry: ctx.entry,
        el,
        hint: /^(relative|absolute):/i.test(path)
          ? 'iwa reads only files inside the .qdpx; export the project with its sources embedded'
          : 'the .qdpx is incomplete; export it again',
      },
    ),
  );
  return undefined;
}

/** Reads the `<PlainTextSelection>`s of a source. */
function readSelections(
  ctx: ReadContext,
  deps: SourceDeps,
  at0: { el: XmlElement; index: SourceIndex; source: number },
): RawSelection[] {
  const selections: RawSelection[] = [];
  let n = 0;
  for (const s of kids(at0.el, 'PlainTextSelection')) {
    n++;
    const start = intAttr(s, 'startPosition');
    const end = intAttr(s, 'endPosition');
    if (start === undefined || end === undefined || start < 0 || end < start) {
      ctx.errors.push(
        ctx.at(
          'selection_out_of_range',
          `<PlainTextSelection> has startPosition="${attr(s, 'startPosition') ?? ''}" endPosition="${attr(s, 'endPosition') ?? ''}"; expected integers 0 ≤ start ≤ end`,
          s,
        ),
      );
      continue;
    }
    const sguid = own(normalizeGuid(attr(s, 'guid') ?? '') ?? `missing-${s.line}`);
    const description = own(kid(s, 'Description')?.text);
    for (const note of noteGuidsOf(s)) at0.index.noteRefs.push({ note, selection: sguid });
    const { codings, performer } = readCodings(ctx, deps, {
      el: s,
      user: attr(s, 'creatingUser'),
      index: at0.index,
      source: at0.source,
    });
    at0.index.selectionSource.set(sguid, at0.source);
    selections.push({
      guid: sguid,
      name: own(attr(s, 'name')),
      start,
      end,
      user: deps.coders.userIdOf(attr(s, 'creatingUser')),
      at: own(optionalDateTime(attr(s, 'creationDateTime'))),
      description: description === undefined || description === '' ? undefined : description,
      codings,
      performer,
      line: s.line,
      n,
    });
  }
  return selections;
}

/**
 * Reads the children of `<Sources>` one at a time: `read` turns each into a compact
 * {@link RawSource} (non-text sources are counted as not carried), so the caller can drop the
 * element as soon as it is read.
 */
export function createSourceReader(ctx: ReadContext, deps: SourceDeps) {
  const resolve = entryResolver(deps.entries);
  const docIds = new Set<string>();
  const index: SourceIndex = {
    sources: [],
    count: 0,
    documentIdByGuid: new Map(),
    selectionSource: new Map(),
    codingSource: new Map(),
    noteRefs: [],
    performerCodings: 0,
    shared: new Map(),
  };
  const read = (child: XmlElement): void => {
    index.count++;
    if (child.name in NON_TEXT_SOURCES) {
      const info = NON_TEXT_SOURCES[child.name as keyof typeof NON_TEXT_SOURCES];
      ctx.skip(child.name, info.reason);
      ctx.skip(info.selection, info.reason, kids(child, info.selection).length);
      ctx.skip('Transcript', info.reason, kids(child, 'Transcript').length);
      return;
    }
    if (child.name !== 'TextSource') {
      ctx.warnings.push(ctx.at('liberal_read', `<${child.qname}> is not a source; ignored`, child));
      return;
    }
    const guid = own(normalizeGuid(attr(child, 'guid') ?? '') ?? `missing-${child.line}`);
    const name = own(attr(child, 'name')?.trim() || undefined);
    const text = sourceTextOf(ctx, child, { resolve, label: name ?? guid });
    if (text === undefined) return;
    const extDoc = ctx.ext?.documents[guid];
    const docId = extDoc?.id ?? uniqueId(slugify(name ?? '') || `doc_${guid.slice(0, 8)}`, docIds);
    docIds.add(docId);
    index.documentIdByGuid.set(guid, docId);
    const source = index.sources.length;
    for (const note of noteGuidsOf(child)) index.noteRefs.push({ note, document: docId });
    const selections = readSelections(ctx, deps, { el: child, index, source });
    const sourceCodings = readCodings(ctx, deps, {
      el: child,
      user: attr(child, 'creatingUser'),
      index,
      source,
    }).codings;
    const fileValues = [
      ...deps.variables.readValues(child),
      ...(deps.cases.fileVariableCases.get(guid) ?? []).flatMap((c) => c.values),
    ];
    fileValues.forEach((v) => deps.variables.usedVariableNames.add(v.name));
    const description = own(kid(child, 'Description')?.text);
    index.sources.push({
      guid,
      docId,
      name,
      line: child.line,
      path: child.path,
      text,
      selections,
      sourceCodings,
      description: description === undefined || description === '' ? undefined : description,
      user: deps.coders.userIdOf(attr(child, 'creatingUser')),
      at: own(optionalDateTime(attr(child, 'creationDateTime'))),
      participants: [],
      variables:
        fileValues.length === 0
          ? undefined
          : Object.fromEntries(fileValues.map((v) => [v.name, v.value])),
    });
  };
  return { read, index };
}
