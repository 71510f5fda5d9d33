import { EntityId, heapCheckpoint, StudyManifest, type StudyDimensions } from '@iwa/study';
import { idSlug as slugify } from '@iwa/taxonomy';
import {
  checkQdpxExtension,
  EXTENSION_ENTRY,
  keepQdpxExtension,
  QdpxExtension,
  type KeptExtension,
} from './qdpx-extension.ts';
import { RefiMapping } from './qdpx-mapping.ts';
import { entryHash, readProjectFile } from './qdpx-project-file.ts';
import { projectStates, type QdpxProject, type ReadQdpxOptions } from './qdpx-project-state.ts';
import { readActors, type Actors } from './qdpx-read-actors.ts';
import { readCases, takeCaseRef, type CaseIndex, type CaseRefs } from './qdpx-read-cases.ts';
import { readCodes, type CodeIndex } from './qdpx-read-codes.ts';
import {
  attr,
  contextHelpers,
  issueAt,
  kid,
  kids,
  zipIssue,
  type ReadContext,
} from './qdpx-read-context.ts';
import { readNotesLinksSets } from './qdpx-read-notes.ts';
import { createSourceReader, entryResolver, type SourceIndex } from './qdpx-read-sources.ts';
import { readUsers, type CoderIndex } from './qdpx-read-users.ts';
import { readVariables, type VariableIndex } from './qdpx-read-variables.ts';
import { planDocumentSpeakers } from './qdpx-source-text.ts';
import type { SpeakerRules } from './qdpx-speakers.ts';
import { emptySpeakerReport } from './qdpx-speaker-report.ts';
import type { QdpxImportReport, QdpxIssue } from './qdpx-types.ts';
import {
  DEFAULT_ZIP_LIMITS,
  listZip,
  openZipReader,
  type ZipEntryInfo,
  type ZipInput,
  type ZipLimits,
  type ZipReader,
} from './qdpx-zip.ts';
import { ownElement } from './xml-stream.ts';
import type { XmlElement } from './xml-tree.ts';

/** The result of {@link readQdpxManifest}. */
export type QdpxManifestResult =
  | { readonly ok: true; readonly project: QdpxProject }
  | { readonly ok: false; readonly errors: QdpxIssue[] };

const PROJECT_NAMESPACE_FAMILY = /^urn:QDA-XML:project:/i;

/** The sections project.qde holds before `<Sources>` (the REFI-QDA schema's order). */
const PRELUDE = new Set(['Users', 'CodeBook', 'Variables', 'Cases']);

interface Opened {
  readonly mapping: RefiMapping;
  readonly entries: readonly ZipEntryInfo[];
  readonly qde: ZipEntryInfo;
  readonly reader: ZipReader;
  readonly warnings: QdpxIssue[];
}

/** Checks the mapping and the container, and finds the project file. */
async function openProject(
  input: ZipInput,
  options: ReadQdpxOptions,
  limits: ZipLimits,
): Promise<{ ok: true; opened: Opened } | { ok: false; errors: QdpxIssue[] }> {
  const mappingResult = RefiMapping.safeParse(options.mapping ?? {});
  if (!mappingResult.success) {
    return {
      ok: false,
      errors: mappingResult.error.issues.map((i) => ({
        code: 'invalid_mapping' as const,
        message: `mapping ${i.path.join('.')}: ${i.message}`,
      })),
    };
  }
  const listing = await listZip(input, limits);
  if (!listing.ok) return { ok: false, errors: [zipIssue(listing.problem)] };
  const entries = listing.entries;
  const qdes = entries.filter((e) => !e.name.includes('/') && /\.qde$/i.test(e.name));
  const warnings: QdpxIssue[] = [];
  const qde = qdes.find((e) => e.name === 'project.qde') ?? qdes[0];
  if (qde === undefined) {
    return {
      ok: false,
      errors: [
        {
          code: 'no_project_file',
          message: 'the archive has no project file (*.qde) at its root',
          hint: 'a .qdpx holds project.qde (or <name>.qde) and a sources/ folder',
        },
      ],
    };
  }
  if (qdes.length > 1) {
    warnings.push({
      code: 'liberal_read',
      message: `${qdes.length} project files at the root; read ${qde.name}`,
      entry: qde.name,
    });
  }
  const reader = await openZipReader(input, limits);
  if (!reader.ok) return { ok: false, errors: [zipIssue(reader.problem)] };
  return {
    ok: true,
    opened: { mapping: mappingResult.data, entries, qde, reader: reader.reader, warnings },
  };
}

/**
 * An entry's text, its bytes already unreachable when it is returned (decoded here, so the
 * 77 MB of a 10,000-interview extension's bytes are not alive while its JSON is parsed).
 */
async function entryText(reader: ZipReader, entry: string): Promise<string | undefined> {
  const bytes = await reader.read(entry);
  return bytes.ok ? bytes.bytes.toString('utf8') : undefined;
}

/** iwa's extension, when it is there, wanted, and belongs to this very project file. */
async function readExtension(
  opened: Opened,
  options: ReadQdpxOptions,
): Promise<
  | { ok: true; ext: KeptExtension | undefined; state: QdpxImportReport['extension'] }
  | { ok: false; errors: QdpxIssue[] }
> {
  if (options.extension === false) return { ok: true, ext: undefined, state: 'disabled' };
  const extEntry = opened.entries.find((e) => e.name === EXTENSION_ENTRY);
  if (extEntry === undefined) return { ok: true, ext: undefined, state: 'absent' };
  const hashed = await entryHash(opened.reader, opened.qde.name);
  if (!hashed.ok) return hashed;
  // the entry's bytes and text are dropped as soon as they are parsed; the entries are checked
  // one by one (checkQdpxExtension), and only a misfit is parsed and checked again as a whole
  const parse = async (): Promise<unknown> => {
    const text = await entryText(opened.reader, extEntry.name);
    if (text === undefined) return undefined;
    const json: unknown = JSON.parse(text);
    // the text (77 MB at 10,000 interviews) is garbage once parsed: collected before the parsed
    // entries are checked and kept, which needs room of its own
    heapCheckpoint();
    return json;
  };
  const fits = checkQdpxExtension(
    await parse().catch((err: unknown) => {
      opened.warnings.push({
        code: 'ignored_extension',
        message: `iwa's extension is not JSON: ${String(err)}`,
        entry: extEntry.name,
      });
      return undefined;
    }),
  );
  if (fits !== undefined && fits.projectHash === hashed.hash)
    return { ok: true, ext: keepQdpxExtension(fits), state: 'applied' };
  const checked =
    fits !== undefined
      ? ({ success: true } as const)
      : QdpxExtension.safeParse(await parse().catch(() => undefined));
  opened.warnings.push({
    code: 'ignored_extension',
    message: checked.success
      ? "iwa's extension belongs to another version of project.qde (another tool re-exported the project?); read what REFI-QDA carries"
      : `iwa's extension does not have the expected shape; ignored (${checked.error.issues[0]?.message ?? ''})`,
    entry: extEntry.name,
  });
  return { ok: true, ext: undefined, state: 'ignored' };
}

/** What is read from the sections before the sources. */
interface Prelude {
  readonly ctx: ReadContext;
  readonly coders: CoderIndex;
  readonly codes: CodeIndex;
  readonly variables: VariableIndex;
  readonly cases: CaseIndex;
  readonly sources: ReturnType<typeof createSourceReader>;
}

/** The read context, made when the root element's name is known (the study id may come from it). */
function contextFor(
  opened: Opened,
  root: XmlElement,
  options: ReadQdpxOptions & { ext: KeptExtension | undefined },
): ReadContext {
  const projectName = attr(root, 'name')?.trim() || opened.qde.name.replace(/\.qde$/i, '');
  const studyId =
    options.studyId ?? options.ext?.study.id ?? (slugify(projectName) || 'qdpx_study');
  const notCarried: ReadContext['notCarried'] = new Map();
  const ctx: ReadContext = {
    entry: opened.qde.name,
    mapping: opened.mapping,
    warnings: opened.warnings,
    errors: [],
    notCarried,
    ext: options.ext,
    studyId,
    ...contextHelpers(opened.qde.name, notCarried),
  };
  if (!EntityId.safeParse(studyId).success) {
    ctx.errors.push({ code: 'invalid_mapping', message: `"${studyId}" is not a valid study id` });
  }
  return ctx;
}

function readPrelude(
  ctx: ReadContext,
  root: XmlElement,
  deps: { entries: readonly ZipEntryInfo[]; defaultCoder: string; refs?: CaseRefs },
): Prelude {
  const coders = readUsers(ctx, root, deps.defaultCoder);
  const codes = readCodes(ctx, root);
  const variables = readVariables(ctx, root);
  const cases = readCases(ctx, root, { variables, codes, refs: deps.refs });
  const sources = createSourceReader(ctx, {
    coders,
    codes,
    variables,
    cases,
    entries: deps.entries,
  });
  return { ctx, coders, codes, variables, cases, sources };
}

/**
 * Streams project.qde: the sections before `<Sources>` are read when `<Sources>` opens, and each
 * source is read and dropped as it closes. A project whose sections are out of the schema's
 * order is read again with its sources held until the end (`hold`).
 */
async function parseProject(
  opened: Opened,
  options: ReadQdpxOptions & { ext: KeptExtension | undefined },
  hold: boolean,
): Promise<
  | {
      ok: true;
      root: XmlElement;
      prelude: Prelude | undefined;
      outOfOrder: boolean;
      refs: CaseRefs;
    }
  | { ok: false; errors: QdpxIssue[] }
> {
  let prelude: Prelude | undefined;
  let root: XmlElement | undefined;
  let sources: XmlElement | undefined;
  let outOfOrder = false;
  const refs: CaseRefs = new WeakMap();
  const deps = {
    entries: opened.entries,
    defaultCoder: options.defaultCoderId ?? 'unknown',
    refs,
  };
  const read = await readProjectFile(opened.reader, opened.qde.name, {
    onOpen: (el, depth) => {
      if (depth === 0) root = el;
      if (depth !== 1 || root?.name !== 'Project') return;
      if (el.name === 'Sources' && sources === undefined) {
        sources = el;
        if (!hold) prelude = readPrelude(contextFor(opened, root, options), root, deps);
      } else if (sources !== undefined && PRELUDE.has(el.name)) outOfOrder = true;
    },
    onClose: (el, depth, parent) => {
      if (parent === undefined) return false;
      // the sections before the sources stay alive while the sources stream (the cases of a
      // large project: ~300,000 elements); their strings must not keep its text chunks alive
      if (depth === 1 && PRELUDE.has(el.name)) ownElement(el);
      // the garbage of parsing the sections (~160 MB for 10,000 cases) is collected as it grows
      if (depth === 2 && PRELUDE.has(parent.name)) heapCheckpoint();
      if (depth === 3 && !hold) return takeCaseRef(refs, el, parent);
      if (parent !== sources || prelude === undefined || outOfOrder) return false;
      prelude.sources.read(el);
      heapCheckpoint();
      return true;
    },
  });
  if (!read.ok) return read;
  return { ok: true, root: read.root, prelude, outOfOrder, refs };
}

/** The project file read and its sections before the sources read (streaming when in order). */
async function readSections(
  opened: Opened,
  options: ReadQdpxOptions & { ext: KeptExtension | undefined },
): Promise<{ ok: true; root: XmlElement; prelude: Prelude } | { ok: false; errors: QdpxIssue[] }> {
  let parsed = await parseProject(opened, options, false);
  if (parsed.ok && parsed.outOfOrder) parsed = await parseProject(opened, options, true);
  if (!parsed.ok) return parsed;
  const root = parsed.root;
  if (root.name !== 'Project') {
    return {
      ok: false,
      errors: [
        issueAt('invalid_project', `the root element is <${root.qname}>, not <Project>`, {
          entry: opened.qde.name,
          el: root,
        }),
      ],
    };
  }
  let prelude = parsed.prelude;
  if (prelude === undefined) {
    // held (or no <Sources>): read the sections now, then the sources from the tree
    const deps = {
      entries: opened.entries,
      defaultCoder: options.defaultCoderId ?? 'unknown',
      refs: parsed.refs,
    };
    prelude = readPrelude(contextFor(opened, root, options), root, deps);
    for (const child of kid(root, 'Sources')?.children ?? []) prelude.sources.read(child);
  }
  return { ok: true, root, prelude };
}

/** A warning when the root's namespace is not REFI-QDA's (the file is read by element names). */
function namespaceWarning(ctx: ReadContext, root: XmlElement): QdpxIssue | undefined {
  const prefix = root.qname.includes(':') ? root.qname.split(':')[0] : undefined;
  const namespace = attr(root, prefix ? `xmlns:${prefix}` : 'xmlns');
  if (namespace !== undefined && PROJECT_NAMESPACE_FAMILY.test(namespace)) return undefined;
  return ctx.at(
    'liberal_read',
    `namespace ${namespace === undefined ? 'missing' : `"${namespace}"`}; read by element names`,
    root,
  );
}

/** The dimensions' vocabularies as extended by the project's values. */
function dimensionsOf(variables: VariableIndex): StudyDimensions {
  const dimensions: StudyDimensions = {};
  for (const [k, v] of Object.entries(variables.dimensionExtensions)) {
    if (k !== 'dualEmployment') (dimensions as Record<string, string[]>)[k] = [...v].sort();
  }
  return dimensions;
}

interface Read {
  readonly root: XmlElement;
  readonly prelude: Prelude;
  readonly actors: Actors;
  readonly speakerRules: SpeakerRules | undefined;
  readonly notes: Awaited<ReturnType<typeof readNotesLinksSets>>;
}

/** The study manifest made from everything read (iwa's extension wins where it has a say). */
function manifestCandidate(read: Read): StudyManifest {
  const { root, prelude, actors, speakerRules, notes } = read;
  const { ctx, coders, codes, variables } = prelude;
  const ext = ctx.ext;
  const nonCoders = new Set(ext?.nonCoderUsers ?? []);
  const description = kid(root, 'Description')?.text;
  const origin = attr(root, 'origin');
  const projectName = attr(root, 'name')?.trim() || ctx.entry.replace(/\.qde$/i, '');
  return {
    id: ctx.studyId,
    name: projectName,
    ...(description ? { description } : {}),
    ...(ext
      ? {
          ...(ext.study.language === undefined ? {} : { language: ext.study.language }),
          ...(ext.study.origin === undefined ? {} : { origin: ext.study.origin }),
        }
      : origin
        ? { origin }
        : {}),
    informants: ext?.manifest.informants ?? actors.informants,
    speakers: ext?.manifest.speakers ?? speakerRules?.speakers ?? [],
    positions: ext?.manifest.positions ?? actors.positions,
    organisations: ext?.manifest.organisations ?? actors.organisations,
    actorGroups: ext?.manifest.actorGroups ?? actors.actorGroups,
    relations: ext?.manifest.relations ?? notes.relations,
    coders: [...coders.coders.filter((c) => !nonCoders.has(c.id)), ...coders.extraCoders],
    memos: notes.memos,
    codebook: ext?.manifest.codebook ?? { codes: codes.studyCodes },
    dimensions: ext?.manifest.dimensions ?? dimensionsOf(variables),
    variables: ext?.manifest.variables ?? variables.definitions(),
    phaseEvents: ext?.manifest.phaseEvents ?? [],
    ...(ext?.manifest.phaseModel === undefined ? {} : { phaseModel: ext.manifest.phaseModel }),
    sets: notes.sets,
    links: notes.links,
  };
}

/** The manifest's counts of what the project holds. */
function countsOf(read: Read, manifest: StudyManifest): Record<string, number> {
  const { prelude, notes } = read;
  const sources: SourceIndex = prelude.sources.index;
  return {
    sources: sources.count,
    textSources: sources.sources.length,
    selections: sources.sources.reduce((n, s) => n + s.selections.length, 0),
    codings: sources.sources.reduce(
      (n, s) => n + s.sourceCodings.length + s.selections.reduce((m, x) => m + x.codings.length, 0),
      0,
    ),
    users: prelude.coders.size(),
    codes: prelude.codes.mapped.length + prelude.codes.unmapped.length,
    cases: prelude.cases.cases.length,
    notes: notes.notes,
    informants: manifest.informants.length,
    positions: manifest.positions.length,
    organisations: manifest.organisations.length,
    actorGroups: manifest.actorGroups.length,
    relations: manifest.relations.length,
    sets: notes.sets.length,
    links: notes.links.length,
    documents: 0,
    excerpts: 0,
    codingsImported: 0,
    memos: notes.memos.length,
    performerCodings: sources.performerCodings,
  };
}

/** The project handed out, with its state kept for {@link iterateQdpxDocuments}. */
function projectOf(
  read: Read,
  manifest: StudyManifest,
  more: {
    input: ZipInput;
    limits: ZipLimits;
    options: ReadQdpxOptions;
    extension: QdpxImportReport['extension'];
  },
): QdpxProject {
  const { prelude, speakerRules, notes } = read;
  const { ctx, codes, cases, variables } = prelude;
  const { options } = more;
  const counts = countsOf(read, manifest);
  const forced =
    options.offsetUnit === undefined || options.offsetUnit === 'auto'
      ? undefined
      : options.offsetUnit;
  const project: QdpxProject = {
    manifest,
    report: {
      offsetUnit: forced ?? 'code_point',
      documentOffsetUnits: [],
      counts,
      notCarried: [...ctx.notCarried].map(([element, v]) => ({ element, ...v })),
      mapped: codes.mapped,
      unmapped: codes.unmapped,
      warnings: ctx.warnings,
      speakers: emptySpeakerReport(speakerRules),
      variables: variables.report(),
      cases: cases.cases
        .filter((c) => c.kind === 'informant')
        .map((c) => ({ name: c.name ?? c.id, id: c.id })),
      extension: more.extension,
    },
  };
  projectStates.set(project, {
    input: more.input,
    limits: more.limits,
    studyId: ctx.studyId,
    sources: prelude.sources.index.sources,
    forced,
    ext: ctx.ext,
    performerOf: cases.performerOf,
    pendingMemos: notes.pendingMemos,
    speakerOfSelection: cases.speakerOfSelection,
    speakerRules,
    performersRecorded: cases.performersRecorded,
    iwaCases: cases.iwaCases,
    manifestReport: {
      warnings: [...project.report.warnings],
      notCarried: [...project.report.notCarried],
      counts: { ...counts },
    },
  });
  return project;
}

/**
 * Reads a `.qdpx`'s project.qde and checks it, without keeping any source text: the container
 * (zip-slip, zip bombs), the XML (well-formed, no DOCTYPE), every reference (CodeRefs, source
 * files, users) and the mapping. project.qde is read as a stream, its sources one at a time.
 * Returns the study manifest (informants, positions, coders, codebook, memos, sets, links,
 * relations…) for {@link iterateQdpxDocuments}, or every error.
 *
 * @param input a file path or the bytes of the `.qdpx`
 */
export async function readQdpxManifest(
  input: ZipInput,
  options: ReadQdpxOptions = {},
): Promise<QdpxManifestResult> {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const open = await openProject(input, options, limits);
  if (!open.ok) return open;
  const { opened } = open;
  await using reader = opened.reader;
  const namespaceAt = opened.warnings.length;
  heapCheckpoint();
  const extension = await readExtension(opened, options);
  // the extension's text and parsed JSON are garbage now (~200 MB at 10,000 interviews)
  heapCheckpoint();
  if (!extension.ok) return extension;
  const sections = await readSections(opened, { ...options, ext: extension.ext });
  if (!sections.ok) return sections;
  const { root, prelude } = sections;
  const { ctx, cases } = prelude;
  const nsWarning = namespaceWarning(ctx, root);
  if (nsWarning !== undefined) ctx.warnings.splice(namespaceAt, 0, nsWarning);
  const sources = prelude.sources.index.sources;
  ctx.skip(
    'Graph',
    'graphs (network views) are not carried',
    kids(kid(root, 'Graphs'), 'Graph').length,
  );
  const actors: Actors = ctx.ext
    ? { informants: [], organisations: [], actorGroups: [], positions: [] }
    : readActors(ctx, { cases, variables: prelude.variables, sources });
  if (ctx.ext) {
    for (const src of sources) {
      const extDoc = ctx.ext.documents[src.guid];
      if (extDoc) src.participants.push(...extDoc.participants);
    }
  }
  const speakerRules = ctx.ext
    ? undefined
    : await planDocumentSpeakers(ctx, { reader, cases, sources });
  const notes = await readNotesLinksSets(ctx, {
    root,
    codes: prelude.codes,
    cases,
    sources: prelude.sources.index,
    userIdOf: prelude.coders.userIdOf,
    reader,
    resolveEntry: entryResolver(opened.entries),
  });
  const read: Read = { root, prelude, actors, speakerRules, notes };
  if (ctx.errors.length > 0) return { ok: false, errors: ctx.errors };
  const checked = StudyManifest.safeParse(manifestCandidate(read));
  if (!checked.success) {
    return {
      ok: false,
      errors: checked.error.issues.map((i) => ({
        code: 'invalid_study' as const,
        message: `the study made from the project is invalid at ${i.path.join('.')}: ${i.message}`,
        entry: ctx.entry,
      })),
    };
  }
  const project = projectOf(read, checked.data, {
    input,
    limits,
    options,
    extension: extension.state,
  });
  return { ok: true, project };
}
