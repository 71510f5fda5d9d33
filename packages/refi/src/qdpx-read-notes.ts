import {
  ActorRelationType,
  Colour,
  decodeUtf8,
  normaliseText,
  relationId,
  type ActorRelation,
  type ItemRef,
  type Memo,
  type StudyLink,
  type StudySet,
} from '@iwa/study';
import { idSlug as slugify, normalizeGuid } from '@iwa/taxonomy';
import { qdpxGuid } from './qdpx-extension.ts';
import { lookupByName } from './qdpx-mapping.ts';
import {
  attr,
  issueAt,
  kid,
  kids,
  optionalDateTime,
  uniqueId,
  type ReadContext,
} from './qdpx-read-context.ts';
import type { CaseIndex } from './qdpx-read-cases.ts';
import type { CodeIndex } from './qdpx-read-codes.ts';
import type { SourceIndex } from './qdpx-read-sources.ts';
import type { ZipReader } from './qdpx-zip.ts';
import type { XmlElement } from './xml-tree.ts';

/*
 * Notes (memos), links (actor relations, annotations, the study's links) and sets: the sections
 * after `<Sources>`, which refer back to codes, cases, documents and selections.
 */

/** A memo about selections or codings, completed as the documents holding them are read. */
export interface PendingMemo {
  readonly memo: Memo;
  /** Selection and Coding GUIDs the memo is about, resolved as documents are read. */
  readonly selections: string[];
  readonly codings: string[];
  /** The index of the last source holding one of them. */
  readonly lastSource: number;
}

type AboutTarget =
  { kind: Memo['about'][number]['kind']; id: string } | { selection: string } | { coding: string };

interface About {
  about: { kind: Memo['about'][number]['kind']; id: string }[];
  selections: string[];
  codings: string[];
}

/** What the notes, links and sets refer to. */
export interface NoteDeps {
  readonly root: XmlElement;
  readonly codes: CodeIndex;
  readonly cases: CaseIndex;
  readonly sources: SourceIndex;
  readonly userIdOf: (guid: string | undefined) => string | undefined;
  readonly reader: ZipReader;
  readonly resolveEntry: (path: string) => string | undefined;
}

/** What notes say they are about, gathered from NoteRefs everywhere and from Links. */
class NoteTargets {
  readonly notes = new Map<string, XmlElement>();
  readonly about = new Map<string, About>();
  constructor(root: XmlElement) {
    for (const n of kids(kid(root, 'Notes'), 'Note')) {
      const guid = normalizeGuid(attr(n, 'guid') ?? '');
      if (guid !== undefined) this.notes.set(guid, n);
    }
  }
  add(noteGuid: string | undefined, target: AboutTarget): void {
    if (noteGuid === undefined || !this.notes.has(noteGuid)) return;
    const entry = this.about.get(noteGuid) ?? { about: [], selections: [], codings: [] };
    if ('selection' in target) entry.selections.push(target.selection);
    else if ('coding' in target) entry.codings.push(target.coding);
    else if (!entry.about.some((a) => a.kind === target.kind && a.id === target.id))
      entry.about.push(target);
    this.about.set(noteGuid, entry);
  }
  addRefs(el: XmlElement, target: AboutTarget): void {
    for (const r of kids(el, 'NoteRef'))
      this.add(normalizeGuid(attr(r, 'targetGUID') ?? ''), target);
  }
}

function gatherNoteRefs(ctx: ReadContext, deps: NoteDeps, targets: NoteTargets): void {
  targets.addRefs(deps.root, { kind: 'study', id: ctx.studyId });
  for (const [guid, el] of deps.codes.codeElementByGuid)
    targets.addRefs(el, { kind: 'code', id: deps.codes.codeByGuid.get(guid) ?? '' });
  for (const ref of deps.sources.noteRefs) {
    if ('document' in ref) targets.add(ref.note, { kind: 'document', id: ref.document });
    else if ('selection' in ref) targets.add(ref.note, { selection: ref.selection });
    else targets.add(ref.note, { coding: ref.coding });
  }
}

const memoIdOf = (ctx: ReadContext, guid: string) => ctx.ext?.memos[guid]?.id ?? `memo-${guid}`;

/** What a GUID names: a code, document, actor, memo, or (without an excerpt id yet) a selection. */
function itemResolver(ctx: ReadContext, deps: NoteDeps, targets: NoteTargets) {
  return (guid: string): ItemRef | { selection: string } | undefined => {
    const code = deps.codes.codeByGuid.get(guid);
    if (code !== undefined) return { kind: 'code', id: code };
    const doc = deps.sources.documentIdByGuid.get(guid);
    if (doc !== undefined) return { kind: 'document', id: doc };
    const c = deps.cases.caseByGuid.get(guid);
    if (c !== undefined) return deps.cases.actorRefOfCase(c);
    if (targets.notes.has(guid)) return { kind: 'memo', id: memoIdOf(ctx, guid) };
    if (deps.sources.selectionSource.has(guid)) {
      const ex = ctx.ext?.excerpts[guid];
      return ex ? { kind: 'excerpt', id: ex.id } : { selection: guid };
    }
    return undefined;
  };
}

/** A link between two cases as an actor relation (without iwa's extension), or undefined. */
function relationOfLink(
  ctx: ReadContext,
  deps: NoteDeps,
  ends: { origin: string; target: string; name: string | undefined },
): ActorRelation | undefined {
  const from = deps.cases.caseByGuid.get(ends.origin);
  const to = deps.cases.caseByGuid.get(ends.target);
  const type =
    ends.name === undefined
      ? undefined
      : (lookupByName(ctx.mapping.relations, ends.name) ??
        ActorRelationType.safeParse(slugify(ends.name)).data);
  if (from === undefined || to === undefined || type === undefined || ctx.ext !== undefined)
    return undefined;
  const f = deps.cases.actorRefOfCase(from);
  const t = deps.cases.actorRefOfCase(to);
  const base = { id: relationId(type, f, t), from: f, to: t, evidence: [] as string[] };
  if (type === 'employed_by') return { ...base, type, primary: true };
  if (type === 'attends') return { ...base, type, participation: 'full' };
  return { ...base, type };
}

/** Reads `<Links>`: actor relations, memo annotations (NVivo), and the study's links. */
function readLinks(ctx: ReadContext, deps: NoteDeps, targets: NoteTargets) {
  const relations: ActorRelation[] = [];
  const links: StudyLink[] = [];
  const ext = ctx.ext;
  const relationIdByGuid = new Map<string, string>();
  if (ext)
    for (const r of ext.manifest.relations)
      relationIdByGuid.set(qdpxGuid(ext.study.id, 'relation', r.id), r.id);
  const itemRefOf = itemResolver(ctx, deps, targets);
  const employedSeen = new Set<string>();
  const linkIds = new Set<string>();
  for (const l of kids(kid(deps.root, 'Links'), 'Link')) {
    const guid = normalizeGuid(attr(l, 'guid') ?? '') ?? `missing-${l.line}`;
    const origin = normalizeGuid(attr(l, 'originGUID') ?? '');
    const target = normalizeGuid(attr(l, 'targetGUID') ?? '');
    if (origin === undefined || target === undefined) {
      ctx.warnings.push(
        ctx.at('liberal_read', '<Link> without originGUID or targetGUID; ignored', l),
      );
      continue;
    }
    const name = attr(l, 'name')?.trim();
    const knownRelation = relationIdByGuid.get(guid);
    if (knownRelation !== undefined) {
      targets.addRefs(l, { kind: 'relation', id: knownRelation });
      continue;
    }
    if (targets.notes.has(origin) && !targets.notes.has(target)) {
      const ref = itemRefOf(target);
      if (ref === undefined)
        ctx.warnings.push(
          ctx.at('unknown_reference', '<Link> from a Note to an unknown element; ignored', l),
        );
      else if ('selection' in ref) targets.add(origin, ref);
      else if (ref.kind !== 'memo') targets.add(origin, { kind: ref.kind, id: ref.id });
      continue;
    }
    const relation = relationOfLink(ctx, deps, { origin, target, name });
    if (relation !== undefined) {
      if (relations.some((r) => r.id === relation.id)) {
        ctx.warnings.push(
          ctx.at(
            'duplicate',
            `the relation ${relation.from.id} ${relation.type} ${relation.to.id} is linked twice; read once`,
            l,
          ),
        );
        continue;
      }
      if (relation.type === 'employed_by') {
        relations.push({ ...relation, primary: !employedSeen.has(relation.from.id) });
        employedSeen.add(relation.from.id);
      } else relations.push(relation);
      targets.addRefs(l, { kind: 'relation', id: relation.id });
      continue;
    }
    const o = itemRefOf(origin);
    const t = itemRefOf(target);
    if (o === undefined || t === undefined || 'selection' in o || 'selection' in t) {
      ctx.skip(
        'Link',
        "links to unknown elements, or (without iwa's extension) to selections, are not carried",
      );
      continue;
    }
    const direction = (attr(l, 'direction') ?? 'Associative').toLowerCase();
    const colour = attr(l, 'color')?.trim();
    links.push({
      id: ext?.links[guid]?.id ?? uniqueId(`link-${guid}`, linkIds),
      ...(name ? { name } : {}),
      direction:
        direction === 'oneway'
          ? 'one_way'
          : direction === 'bidirectional'
            ? 'bidirectional'
            : 'associative',
      origin: o,
      target: t,
      ...(colour !== undefined && Colour.safeParse(colour).success ? { colour } : {}),
    });
  }
  return { relations, links };
}

/** A note's text: inline, or an archive entry (strict UTF-8); undefined with an error when missing. */
async function noteText(
  ctx: ReadContext,
  deps: NoteDeps,
  n: XmlElement,
): Promise<string | undefined> {
  const inline = kid(n, 'PlainTextContent');
  const path = attr(n, 'plainTextPath');
  if (inline !== undefined) return inline.text;
  if (path === undefined) return '';
  const entry = deps.resolveEntry(path);
  const bytes = entry === undefined ? undefined : await deps.reader.read(entry);
  if (bytes === undefined || !bytes.ok) {
    ctx.errors.push(
      ctx.at('missing_source', `the text "${path}" of a <Note> is not in the archive`, n),
    );
    return undefined;
  }
  const utf8 = decodeUtf8(bytes.bytes);
  if (!utf8.ok) {
    ctx.errors.push(
      issueAt(
        'invalid_utf8',
        `the note text ${entry} is not valid UTF-8 (byte ${utf8.byteOffset})`,
        {
          el: n,
          entry: entry ?? '',
        },
      ),
    );
    return undefined;
  }
  return normaliseText(utf8.text).text;
}

/** Reads `<Notes>` into memos (after links: NVivo annotates with links). */
async function readMemos(ctx: ReadContext, deps: NoteDeps, targets: NoteTargets) {
  const memos: Memo[] = [];
  const pendingMemos: PendingMemo[] = [];
  for (const [guid, n] of targets.notes) {
    const text = await noteText(ctx, deps, n);
    if (text === undefined) continue;
    const extMemo = ctx.ext?.memos[guid];
    const author = deps.userIdOf(attr(n, 'creatingUser'));
    const createdAt = optionalDateTime(attr(n, 'creationDateTime'));
    const title = attr(n, 'name');
    const found = targets.about.get(guid) ?? { about: [], selections: [], codings: [] };
    const memo: Memo = {
      id: memoIdOf(ctx, guid),
      ...(title !== undefined ? { title } : {}),
      text,
      about: extMemo?.about ?? found.about,
      ...(author !== undefined ? { author } : {}),
      ...(createdAt !== undefined ? { createdAt } : {}),
    };
    if (extMemo || (found.selections.length === 0 && found.codings.length === 0)) memos.push(memo);
    else {
      const lastSource = Math.max(
        ...found.selections.map((s) => deps.sources.selectionSource.get(s) ?? -1),
        ...found.codings.map((c) => deps.sources.codingSource.get(c) ?? -1),
      );
      pendingMemos.push({ memo, selections: found.selections, codings: found.codings, lastSource });
    }
  }
  return { memos, pendingMemos };
}

/** Reads `<Sets>`: members by code, source and note. */
function readSets(ctx: ReadContext, deps: NoteDeps, targets: NoteTargets): StudySet[] {
  const sets: StudySet[] = [];
  const setIds = new Set<string>();
  const setsEl = kid(deps.root, 'Sets');
  if (setsEl !== undefined && kids(setsEl, 'Set').length === 0) {
    ctx.warnings.push(
      ctx.at('liberal_read', 'empty <Sets/> (the XSD wants at least one <Set>); ignored', setsEl),
    );
  }
  const memberKind = { MemberCode: 'code', MemberSource: 'document', MemberNote: 'memo' } as const;
  for (const s of kids(setsEl, 'Set')) {
    const guid = normalizeGuid(attr(s, 'guid') ?? '') ?? `missing-${s.line}`;
    const name = attr(s, 'name')?.trim() || 'Set';
    const members: ItemRef[] = [];
    for (const m of s.children) {
      const kind = memberKind[m.name as keyof typeof memberKind] as ItemRef['kind'] | undefined;
      if (kind === undefined) continue;
      const target = normalizeGuid(attr(m, 'targetGUID') ?? attr(m, 'guid') ?? '');
      const id =
        target === undefined
          ? undefined
          : kind === 'code'
            ? deps.codes.codeByGuid.get(target)
            : kind === 'document'
              ? deps.sources.documentIdByGuid.get(target)
              : targets.notes.has(target)
                ? memoIdOf(ctx, target)
                : undefined;
      if (id === undefined)
        ctx.warnings.push(
          ctx.at('unknown_reference', `<${m.name}> names nothing in the project; ignored`, m),
        );
      else members.push({ kind, id });
    }
    const extSet = ctx.ext?.sets[guid];
    const description = kid(s, 'Description')?.text;
    sets.push({
      id: extSet?.id ?? uniqueId(slugify(name) || 'set', setIds),
      name,
      ...(description ? { description } : {}),
      members: extSet?.members ?? members,
    });
  }
  return sets;
}

/** Reads notes, links and sets: memos (some pending their documents), relations, links, sets. */
export async function readNotesLinksSets(ctx: ReadContext, deps: NoteDeps) {
  const targets = new NoteTargets(deps.root);
  gatherNoteRefs(ctx, deps, targets);
  const { relations, links } = readLinks(ctx, deps, targets);
  const { memos, pendingMemos } = await readMemos(ctx, deps, targets);
  const sets = readSets(ctx, deps, targets);
  return { relations, links, memos, pendingMemos, sets, notes: targets.notes.size };
}
