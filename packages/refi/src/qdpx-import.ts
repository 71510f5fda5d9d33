import { createHash } from 'node:crypto';
import {
  ActorRelationType,
  codingId,
  Colour,
  contentHash,
  DateTime,
  decodeUtf8,
  DEFAULT_DIMENSION_VOCABULARIES,
  EntityId,
  excerptId,
  normaliseText,
  relationId,
  Study,
  StudyManifest,
  type ActorRef,
  type ActorRelation,
  type Coder,
  type Coding,
  type DocumentBundle,
  type Excerpt,
  type Informant,
  type ItemRef,
  type Memo,
  type Organisation,
  type ActorGroup,
  type PerformerSource,
  type Position,
  type SpeakerRef,
  type StudyCode,
  type StudyDimensions,
  type StudyDocument,
  type StudyLink,
  type StudySet,
  type VariableDefinition,
  type Variables,
  type VariableType,
  createOffsetConverter,
  sliceByCodePoints,
  turnAt,
} from '@iwa/study';
import {
  FRAMEWORK_CODES,
  frameworkCode,
  idSlug as slugify,
  isStudyCodeKeyShape,
  normalizeGuid,
} from '@iwa/taxonomy';
import { frameworkKeyForPath } from './codebook-import.ts';
import { splitDescription } from './codebook-format.ts';
import { ACTOR_TYPE_VALUES } from './qdpx-export.ts';
import { EXTENSION_ENTRY, qdpxGuid, QdpxExtension } from './qdpx-extension.ts';
import {
  defaultDimensionFor,
  lookupByName,
  looseName,
  parseYesNo,
  RefiMapping,
  vocabularySlug,
  type PositionDimensionName,
  type RefiMappingInput,
  type VariableMapping,
} from './qdpx-mapping.ts';
import { chooseOffsetUnit } from './qdpx-offsets.ts';
import {
  countLabels,
  documentTurns,
  findLabels,
  labelKey,
  planSpeakers,
  type SpeakerRule,
  type SpeakerRules,
} from './qdpx-speakers.ts';
import {
  offsetSpaceOf,
  type DocumentOffsetUnit,
  type QdpxCodeMapping,
  type QdpxImportReport,
  type QdpxIssue,
  type QdpxNotCarried,
  type QdpxOffsetUnit,
  type QdpxSpeakerReport,
} from './qdpx-types.ts';
import {
  DEFAULT_ZIP_LIMITS,
  listZip,
  openZipReader,
  type ZipEntryInfo,
  type ZipInput,
  type ZipLimits,
  type ZipProblem,
  type ZipReader,
} from './qdpx-zip.ts';
import { decodeXmlBytes, parseXml, type XmlElement } from './xml-tree.ts';

/** Options for reading a `.qdpx`. */
export interface ReadQdpxOptions {
  /** How codes and variables map to iwa (a parsed mapping file); see {@link RefiMapping}. */
  readonly mapping?: RefiMappingInput;
  /** The offset unit of the selections; default `auto` (detected per document). */
  readonly offsetUnit?: QdpxOffsetUnit | 'auto';
  /** The study id; default iwa's extension's, else a slug of the project name. */
  readonly studyId?: string;
  /** Zip-bomb limits; defaults 200 MB per entry, 2 GB in all, ratio 200. */
  readonly limits?: Partial<ZipLimits>;
  /** Use iwa's extension entry when it belongs to this project.qde. Default true. */
  readonly extension?: boolean;
  /** The coder of Codings that name none. Default `unknown`. */
  readonly defaultCoderId?: string;
}

/** A `.qdpx` whose project.qde has been read and checked: the manifest, ready to stream documents. */
export interface QdpxProject {
  readonly manifest: StudyManifest;
  /** What the import did; filled in further while documents are read. */
  readonly report: QdpxImportReport;
}

/** The result of {@link readQdpxManifest}. */
export type QdpxManifestResult =
  | { readonly ok: true; readonly project: QdpxProject }
  | { readonly ok: false; readonly errors: QdpxIssue[] };

/** One item of {@link iterateQdpxDocuments}. */
export type QdpxDocumentResult =
  | { readonly ok: true; readonly bundle: DocumentBundle; readonly offsetUnit: DocumentOffsetUnit }
  | { readonly ok: false; readonly source: string; readonly errors: QdpxIssue[] };

/** The result of {@link readQdpx}: a whole study and the report, or every error. Never half a study. */
export type QdpxReadResult =
  | { readonly ok: true; readonly study: Study; readonly report: QdpxImportReport }
  | { readonly ok: false; readonly errors: QdpxIssue[] };

// ------------------------------------------------------------------------------------------
// Raw project structures

interface RawCoding {
  readonly guid: string;
  readonly key: string;
  /** The coder's id (resolved from creatingUser, the selection's creatingUser, or the default). */
  readonly coderId: string;
  readonly at: string | undefined;
  readonly el: XmlElement;
}

interface RawSelection {
  readonly guid: string;
  readonly name: string | undefined;
  readonly start: number;
  readonly end: number;
  /** The creating user's id. */
  readonly user: string | undefined;
  readonly at: string | undefined;
  readonly description: string | undefined;
  readonly codings: RawCoding[];
  /** The case a coding at the map's performer folder names. */
  readonly performer: ActorRef | undefined;
  readonly el: XmlElement;
}

interface RawSource {
  readonly guid: string;
  readonly docId: string;
  readonly name: string | undefined;
  readonly el: XmlElement;
  readonly text: { readonly inline: string } | { readonly entry: string };
  readonly selections: RawSelection[];
  readonly sourceCodings: RawCoding[];
  readonly description: string | undefined;
  readonly user: string | undefined;
  readonly at: string | undefined;
  readonly participants: string[];
  /** The one participant besides the interviewer, who speaks throughout (speaker rule 3). */
  onlyCase?: string | undefined;
  readonly variables: Variables | undefined;
}

interface PendingMemo {
  readonly memo: Memo;
  /** Selection and Coding GUIDs the memo is about, resolved as documents are read. */
  readonly selections: string[];
  readonly codings: string[];
  /** The index of the last source holding one of them. */
  readonly lastSource: number;
}

interface ProjectState {
  readonly input: ZipInput;
  readonly limits: ZipLimits;
  readonly studyId: string;
  readonly sources: RawSource[];
  readonly forced: QdpxOffsetUnit | undefined;
  readonly ext: QdpxExtension | undefined;
  readonly performerOf: ReadonlyMap<string, ActorRef>;
  readonly pendingMemos: PendingMemo[];
  /** Case SelectionRefs read as "this case speaks here": selection GUID → informant id. */
  readonly speakerOfSelection: ReadonlyMap<string, string>;
  /** The speaker rules of a project read without iwa's extension. */
  readonly speakerRules: SpeakerRules | undefined;
  /** Whether the project records every performer (then the speaker is not the default one). */
  readonly performersRecorded: boolean;
  /**
   * The cases are iwa's own (its "Actor type" variable): they name every performer, the speaker
   * too, so a performer who is the speaker is the speaker's own work, not an explicit one.
   */
  readonly iwaCases: boolean;
  /** What the manifest reported, restored before each pass over the documents. */
  readonly manifestReport: {
    readonly warnings: readonly QdpxIssue[];
    readonly notCarried: readonly QdpxNotCarried[];
    readonly counts: Readonly<Record<string, number>>;
  };
}

const states = new WeakMap<QdpxProject, ProjectState>();

const PROJECT_NAMESPACE_FAMILY = /^urn:QDA-XML:project:/i;

const attr = (el: XmlElement, name: string): string | undefined => {
  const key = Object.keys(el.attributes).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : el.attributes[key];
};
const kids = (el: XmlElement | undefined, name: string) =>
  el === undefined ? [] : el.children.filter((c) => c.name === name);
const kid = (el: XmlElement | undefined, name: string) => kids(el, name)[0];

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

/** An issue located at an element of the project file. */
function issueAt(
  code: QdpxIssue['code'],
  message: string,
  where: Partial<QdpxIssue> & { readonly el?: XmlElement | undefined } = {},
): QdpxIssue {
  const { el, ...extra } = where;
  return {
    code,
    message,
    entry: extra.entry ?? 'project.qde',
    ...(el ? { line: el.line, element: el.path } : {}),
    ...extra,
  };
}

function zipIssue(problem: ZipProblem): QdpxIssue {
  return {
    code: problem.code,
    message: problem.message,
    ...(problem.entry === undefined ? {} : { entry: problem.entry }),
  };
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

function optionalDateTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return DateTime.safeParse(value.trim()).success ? value.trim() : undefined;
}

function intAttr(el: XmlElement, name: string): number | undefined {
  const v = attr(el, name)?.trim();
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number.parseInt(v, 10);
}

// ------------------------------------------------------------------------------------------
// The manifest

/**
 * Reads a `.qdpx`'s project.qde and checks it, without reading any source text: the container
 * (zip-slip, zip bombs), the XML (well-formed, no DOCTYPE), every reference (CodeRefs, source
 * files, users) and the mapping. Returns the study manifest (informants, positions, coders,
 * codebook, memos, sets, links, relations…) for {@link iterateQdpxDocuments}, or every error.
 *
 * @param input a file path or the bytes of the `.qdpx`
 */
export async function readQdpxManifest(
  input: ZipInput,
  options: ReadQdpxOptions = {},
): Promise<QdpxManifestResult> {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
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
  const mapping = mappingResult.data;
  const listing = await listZip(input, limits);
  if (!listing.ok) return { ok: false, errors: [zipIssue(listing.problem)] };
  const entries = listing.entries;

  // ---- the project file
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
  const opened = await openZipReader(input, limits);
  if (!opened.ok) return { ok: false, errors: [zipIssue(opened.problem)] };
  await using reader = opened.reader;
  const qdeBytes = await reader.read(qde.name);
  if (!qdeBytes.ok) return { ok: false, errors: [zipIssue(qdeBytes.problem)] };
  const decoded = decodeXmlBytes(qdeBytes.bytes);
  if ('problem' in decoded) {
    return {
      ok: false,
      errors: [
        {
          code: decoded.problem.message.includes('not valid utf-8')
            ? 'invalid_utf8'
            : 'invalid_xml',
          message: decoded.problem.message,
          entry: qde.name,
          ...(decoded.problem.line === undefined ? {} : { line: decoded.problem.line }),
        },
      ],
    };
  }
  const parsed = parseXml(decoded.text.replace(/^\uFEFF/, ''));
  if ('problem' in parsed) {
    const doctype = /DOCTYPE/.test(parsed.problem.message);
    return {
      ok: false,
      errors: [
        {
          code: doctype ? 'doctype' : 'invalid_xml',
          message: parsed.problem.message,
          entry: qde.name,
          ...(parsed.problem.line === undefined ? {} : { line: parsed.problem.line }),
          ...(parsed.problem.path === undefined ? {} : { element: parsed.problem.path }),
        },
      ],
    };
  }
  const root = parsed.root;
  const at = (code: QdpxIssue['code'], message: string, el?: XmlElement) =>
    issueAt(code, message, { entry: qde.name, el });
  if (root.name !== 'Project') {
    return {
      ok: false,
      errors: [at('invalid_project', `the root element is <${root.qname}>, not <Project>`, root)],
    };
  }
  const prefix = root.qname.includes(':') ? root.qname.split(':')[0] : undefined;
  const namespace = attr(root, prefix ? `xmlns:${prefix}` : 'xmlns');
  if (namespace === undefined || !PROJECT_NAMESPACE_FAMILY.test(namespace)) {
    warnings.push(
      at(
        'liberal_read',
        `namespace ${namespace === undefined ? 'missing' : `"${namespace}"`}; read by element names`,
        root,
      ),
    );
  }

  const errors: QdpxIssue[] = [];
  const notCarried = new Map<string, { count: number; reason: string }>();
  const skip = (element: string, reason: string, count = 1) => {
    if (count <= 0) return;
    const prev = notCarried.get(element);
    notCarried.set(element, { count: (prev?.count ?? 0) + count, reason });
  };

  // ---- iwa's extension
  let ext: QdpxExtension | undefined;
  let extensionState: QdpxImportReport['extension'] = 'absent';
  const extEntry = entries.find((e) => e.name === EXTENSION_ENTRY);
  if (options.extension === false) extensionState = 'disabled';
  else if (extEntry !== undefined) {
    const bytes = await reader.read(extEntry.name);
    const hash = `sha256:${createHash('sha256').update(qdeBytes.bytes).digest('hex')}`;
    let candidate: unknown;
    try {
      candidate = bytes.ok ? JSON.parse(bytes.bytes.toString('utf8')) : undefined;
    } catch (err) {
      warnings.push({
        code: 'ignored_extension',
        message: `iwa's extension is not JSON: ${String(err)}`,
        entry: extEntry.name,
      });
    }
    const checked = QdpxExtension.safeParse(candidate);
    if (checked.success && checked.data.projectHash === hash) {
      ext = checked.data;
      extensionState = 'applied';
    } else {
      extensionState = 'ignored';
      warnings.push({
        code: 'ignored_extension',
        message: checked.success
          ? "iwa's extension belongs to another version of project.qde (another tool re-exported the project?); read what REFI-QDA carries"
          : `iwa's extension does not have the expected shape; ignored (${checked.error.issues[0]?.message ?? ''})`,
        entry: extEntry.name,
      });
    }
  }

  const projectName = attr(root, 'name')?.trim() || qde.name.replace(/\.qde$/i, '');
  const studyId = options.studyId ?? ext?.study.id ?? (slugify(projectName) || 'qdpx_study');
  if (!EntityId.safeParse(studyId).success) {
    errors.push({ code: 'invalid_mapping', message: `"${studyId}" is not a valid study id` });
  }

  // ---- users → coders
  const coders: Coder[] = [];
  const userById = new Map<string, string>(); // guid → coder id
  const coderIds = new Set<string>();
  for (const u of kids(kid(root, 'Users'), 'User')) {
    const guid = normalizeGuid(attr(u, 'guid') ?? '');
    if (guid === undefined) {
      warnings.push(at('liberal_read', '<User> without a valid guid; ignored', u));
      continue;
    }
    const name = attr(u, 'name')?.trim();
    const rawId = attr(u, 'id')?.trim();
    const base =
      rawId !== undefined && EntityId.safeParse(rawId).success
        ? rawId
        : name
          ? slugify(name) || `user-${guid.slice(0, 8)}`
          : `user-${guid.slice(0, 8)}`;
    const id = uniqueId(base, coderIds);
    userById.set(guid, id);
    // iwa names a user without a name by its id (for tools that drop the id): no name then
    coders.push({ id, ...(name && name !== rawId ? { name } : {}) });
  }
  const extraCoders: Coder[] = [];
  const userIdOf = (guidText: string | undefined) => {
    if (guidText === undefined) return undefined;
    const guid = normalizeGuid(guidText);
    if (guid === undefined) return undefined;
    const known = userById.get(guid);
    if (known !== undefined) return known;
    const id = uniqueId(`user-${guid.slice(0, 8)}`, coderIds);
    userById.set(guid, id);
    extraCoders.push({ id });
    warnings.push({
      code: 'defaulted',
      message: `user ${guid} is not among <Users>; added as coder "${id}"`,
      entry: qde.name,
    });
    return id;
  };
  const defaultCoder = options.defaultCoderId ?? 'unknown';
  let defaultedCoder = false;
  const coderOf = (guidText: string | undefined, fallback?: string) => {
    const id = userIdOf(guidText) ?? userIdOf(fallback);
    if (id !== undefined) return id;
    if (!defaultedCoder) {
      defaultedCoder = true;
      if (!coderIds.has(defaultCoder)) {
        coderIds.add(defaultCoder);
        extraCoders.push({ id: defaultCoder });
      }
      warnings.push({
        code: 'defaulted',
        message: `some Codings name no coder (creatingUser); they are attributed to "${defaultCoder}"`,
        entry: qde.name,
      });
    }
    return defaultCoder;
  };

  // ---- codes
  const codeByGuid = new Map<string, string>();
  const codeElementByGuid = new Map<string, XmlElement>();
  const mapped: QdpxCodeMapping[] = [];
  const unmapped: QdpxCodeMapping[] = [];
  const studyCodes: StudyCode[] = [];
  const studyCodeKeys = new Set<string>();
  const takenThemeKeys = new Set<string>();
  const frameworkByGuid = new Map(FRAMEWORK_CODES.map((c) => [c.guid, c.key]));
  // codes under the map's performer folder name cases, not codes (resolved once cases are read)
  const performerCodes = new Map<string, { name: string; el: XmlElement }>();
  const performerFolder =
    mapping.performers === undefined ? undefined : looseName(mapping.performers.codeFolder);
  const visitCode = (el: XmlElement, parentKey: string | undefined, parentPath: string[]) => {
    const name = attr(el, 'name')?.trim() ?? '';
    const path = [...parentPath, name];
    if (performerFolder !== undefined && looseName(name) === performerFolder) {
      for (const child of kids(el, 'Code')) {
        const childGuid = normalizeGuid(attr(child, 'guid') ?? '');
        if (childGuid !== undefined)
          performerCodes.set(childGuid, { name: attr(child, 'name')?.trim() ?? '', el: child });
      }
      return;
    }
    const guid = normalizeGuid(attr(el, 'guid') ?? '');
    if (!name) warnings.push(at('liberal_read', '<Code> has no name', el));
    if (guid === undefined)
      warnings.push(at('liberal_read', '<Code> has no valid guid; codings cannot refer to it', el));
    const description = kid(el, 'Description')?.text;
    const split = description === undefined ? undefined : splitDescription(description);
    let key: string | undefined;
    let by: QdpxCodeMapping['by'] = 'none';
    const fromMapping =
      (guid === undefined ? undefined : lookupByName(mapping.codes, guid)) ??
      (attr(el, 'guid') === undefined
        ? undefined
        : lookupByName(mapping.codes, attr(el, 'guid') ?? '')) ??
      lookupByName(mapping.codes, path.join('/')) ??
      lookupByName(mapping.codes, name);
    if (fromMapping !== undefined) {
      key = fromMapping;
      by = 'mapping';
    } else if (guid !== undefined && frameworkByGuid.has(guid)) {
      key = frameworkByGuid.get(guid);
      by = 'guid';
    } else if (
      split?.key !== undefined &&
      (frameworkCode(split.key) !== undefined || isStudyCodeKeyShape(split.key))
    ) {
      key = split.key;
      by = 'key';
    } else {
      // only the full path matches a framework code by name: a bare "Educating" in the
      // project's own folder stays the project's code (issue 16)
      const byPath = frameworkKeyForPath(path);
      if (byPath !== undefined) {
        key = byPath;
        by = 'path';
      }
    }
    if (key === undefined) {
      key = uniqueId(`theme.${slugify(name) || 'unnamed'}`, takenThemeKeys);
    } else if (key.startsWith('theme.')) takenThemeKeys.add(key);
    const entry: QdpxCodeMapping = {
      name,
      path: path.join('/'),
      ...(guid ? { guid } : {}),
      key,
      by,
      line: el.line,
    };
    (by === 'none' ? unmapped : mapped).push(entry);
    if (guid !== undefined) {
      codeByGuid.set(guid, key);
      codeElementByGuid.set(guid, el);
    }
    if (frameworkCode(key) === undefined && !studyCodeKeys.has(key)) {
      studyCodeKeys.add(key);
      const colour = attr(el, 'color')?.trim();
      const codable = attr(el, 'isCodable')?.trim().toLowerCase();
      studyCodes.push({
        key,
        label: name || key,
        ...(parentKey !== undefined && parentKey.includes('.') ? { parent: parentKey } : {}),
        ...(colour !== undefined && Colour.safeParse(colour).success ? { colour } : {}),
        ...(split?.definition ? { description: split.definition } : {}),
        ...(codable === 'false' || codable === '0' ? { isCodable: false } : {}),
      });
    }
    for (const child of kids(el, 'Code')) visitCode(child, key, path);
  };
  for (const c of kids(kid(kid(root, 'CodeBook'), 'Codes'), 'Code')) visitCode(c, undefined, []);

  // ---- variables
  const variableByGuid = new Map<
    string,
    { name: string; type: VariableType; description?: string }
  >();
  const variableDefinitions: VariableDefinition[] = [];
  for (const v of kids(kid(root, 'Variables'), 'Variable')) {
    const guid = normalizeGuid(attr(v, 'guid') ?? '');
    const name = attr(v, 'name')?.trim();
    if (guid === undefined || !name) {
      warnings.push(at('liberal_read', '<Variable> without guid or name; ignored', v));
      continue;
    }
    const typeText = (attr(v, 'typeOfVariable') ?? 'Text').toLowerCase();
    const type: VariableType = (
      ['text', 'boolean', 'integer', 'float', 'date', 'datetime'] as const
    ).includes(typeText as VariableType)
      ? (typeText as VariableType)
      : 'text';
    const description = kid(v, 'Description')?.text.trim();
    variableByGuid.set(guid, { name, type, ...(description ? { description } : {}) });
  }
  const valuesSeen = new Map<string, Set<string>>();
  const readValues = (el: XmlElement): { name: string; value: Variables[string] }[] => {
    const out: { name: string; value: Variables[string] }[] = [];
    for (const vv of kids(el, 'VariableValue')) {
      const ref = normalizeGuid(attr(kid(vv, 'VariableRef') ?? vv, 'targetGUID') ?? '');
      const variable = ref === undefined ? undefined : variableByGuid.get(ref);
      if (variable === undefined) {
        warnings.push(
          at('unknown_reference', '<VariableValue> names no declared <Variable>; ignored', vv),
        );
        continue;
      }
      const valueEl = vv.children.find((c) => c.name !== 'VariableRef');
      let value: Variables[string] = null;
      if (valueEl !== undefined) {
        const raw = valueEl.text.trim();
        if (valueEl.name === 'BooleanValue') value = raw === 'true' || raw === '1';
        else if (valueEl.name === 'IntegerValue' || valueEl.name === 'FloatValue') {
          const n = Number(raw);
          value = raw !== '' && Number.isFinite(n) ? n : raw;
        } else value = valueEl.text;
      }
      out.push({ name: variable.name, value });
      if (value !== null) {
        const seen = valuesSeen.get(variable.name) ?? new Set<string>();
        seen.add(String(value));
        valuesSeen.set(variable.name, seen);
      }
    }
    return out;
  };
  const usedVariableNames = new Set<string>();

  // ---- dimension mapping helpers
  const dimensionExtensions: Record<string, Set<string>> = {};
  const dimensionOf = (name: string): VariableMapping | undefined => {
    const m = lookupByName(mapping.variables, name);
    if (m !== undefined) return m;
    const d = defaultDimensionFor(name);
    return d === undefined ? undefined : { dimension: d };
  };
  const dimensionValue = (
    m: VariableMapping,
    value: Variables[string],
  ): string | boolean | undefined => {
    if (value === null) return undefined;
    const mappedValue = m.values === undefined ? undefined : lookupByName(m.values, String(value));
    if (m.dimension === 'dualEmployment') {
      return typeof mappedValue === 'boolean' ? mappedValue : parseYesNo(mappedValue ?? value);
    }
    const v = typeof mappedValue === 'string' ? mappedValue : vocabularySlug(String(value));
    const known = DEFAULT_DIMENSION_VOCABULARIES[m.dimension];
    if (!known.includes(v)) (dimensionExtensions[m.dimension] ??= new Set()).add(v);
    return v;
  };

  // ---- cases
  interface RawCase {
    guid: string;
    el: XmlElement;
    name: string | undefined;
    kind: 'informant' | 'organisation' | 'actor_group' | 'file_variables';
    values: { name: string; value: Variables[string] }[];
    sourceRefs: string[];
    selectionRefs: string[];
    id: string;
  }
  const actorIds = new Set<string>();
  const cases: RawCase[] = [];
  const typeVar = (values: RawCase['values'], name: string) =>
    values.find((v) => v.name.toLowerCase() === name.toLowerCase())?.value;
  for (const c of kids(kid(root, 'Cases'), 'Case')) {
    const guid = normalizeGuid(attr(c, 'guid') ?? '');
    if (guid === undefined) {
      warnings.push(at('liberal_read', '<Case> without a valid guid; ignored', c));
      continue;
    }
    const name = attr(c, 'name')?.trim() || undefined;
    const values = readValues(c);
    const sourceRefs = kids(c, 'SourceRef').flatMap(
      (r) => normalizeGuid(attr(r, 'targetGUID') ?? '') ?? [],
    );
    const selectionRefs = kids(c, 'SelectionRef').flatMap(
      (r) => normalizeGuid(attr(r, 'targetGUID') ?? '') ?? [],
    );
    skip(
      'CodeRef (in a Case)',
      'codes applied to whole cases are not carried',
      kids(c, 'CodeRef').length,
    );
    const actorType = String(typeVar(values, 'Actor type') ?? '').toLowerCase();
    const kind: RawCase['kind'] =
      actorType === ACTOR_TYPE_VALUES.organisation.toLowerCase()
        ? 'organisation'
        : actorType === ACTOR_TYPE_VALUES.actor_group.toLowerCase()
          ? 'actor_group'
          : name === undefined &&
              sourceRefs.length === 1 &&
              selectionRefs.length === 0 &&
              actorType === ''
            ? 'file_variables'
            : 'informant';
    const id =
      kind === 'file_variables'
        ? ''
        : uniqueId(slugify(name ?? '') || `case_${guid.slice(0, 8)}`, actorIds);
    cases.push({ guid, el: c, name, kind, values, sourceRefs, selectionRefs, id });
  }
  const caseByGuid = new Map(
    cases.filter((c) => c.kind !== 'file_variables').map((c) => [c.guid, c]),
  );
  const actorRefOfCase = (c: RawCase): ActorRef => ({
    kind: c.kind === 'file_variables' ? 'informant' : c.kind,
    id: ext ? extActorId(c) : c.id,
  });
  // The extension's actors by the GUID iwa gave them: computed once (a GUID is a hash), so a
  // project with many cases and selection refs is read in linear time.
  const extActorIdByGuid = new Map<string, string>();
  if (ext) {
    const lists = [
      ['organisation', ext.manifest.organisations],
      ['actor_group', ext.manifest.actorGroups],
      ['informant', ext.manifest.informants],
    ] as const;
    for (const [kind, list] of lists)
      for (const a of list)
        extActorIdByGuid.set(`${kind}:${qdpxGuid(ext.study.id, kind, a.id)}`, a.id);
  }
  const extActorId = (c: RawCase): string => extActorIdByGuid.get(`${c.kind}:${c.guid}`) ?? c.id;
  // A case's SelectionRef: in NVivo and MAXQDA projects the case speaks in the passage; iwa's own
  // cases (with its "Actor type" variable) and organisations or groups perform it; the map can
  // say the project used it for the performer, or for nothing iwa reads.
  const performerOf = new Map<string, ActorRef>();
  const speakerOfSelection = new Map<string, string>();
  let ignoredSelectionRefs = 0;
  // iwa's own export (and a project whose map says so) records every performer itself: the
  // speaker is then not the default performer
  const iwaCases = cases.some((c) => typeVar(c.values, 'Actor type') !== undefined);
  const performersRecorded = mapping.selectionRefs === 'performer' || iwaCases;
  for (const c of cases) {
    if (c.kind === 'file_variables') continue;
    const iwaCase = typeVar(c.values, 'Actor type') !== undefined;
    const meaning = c.kind !== 'informant' || iwaCase ? 'performer' : mapping.selectionRefs;
    if (meaning === 'ignore') {
      ignoredSelectionRefs += c.selectionRefs.length;
      continue;
    }
    const target = meaning === 'performer' ? performerOf : speakerOfSelection;
    for (const sel of c.selectionRefs) {
      if (target.has(sel)) {
        warnings.push(
          at(
            'duplicate',
            `a selection is referenced by more than one Case; the first one ${meaning === 'performer' ? 'performs' : 'speaks'} there`,
            c.el,
          ),
        );
      } else if (meaning === 'performer') performerOf.set(sel, actorRefOfCase(c));
      else speakerOfSelection.set(sel, c.id);
    }
  }
  skip(
    'SelectionRef (in a Case)',
    'the map says case SelectionRefs mean nothing iwa reads (selectionRefs: ignore)',
    ignoredSelectionRefs,
  );
  // the performer folder's codes name cases
  const performerByCode = new Map<string, ActorRef>();
  const caseByLabel = new Map<string, RawCase>();
  for (const c of cases) {
    if (c.kind === 'file_variables') continue;
    for (const n of [c.name, c.id]) if (n) caseByLabel.set(labelKey(n), c);
  }
  for (const [guid, code] of performerCodes) {
    const c = caseByLabel.get(labelKey(code.name));
    if (c === undefined) {
      errors.push(
        at(
          'invalid_mapping',
          `the code "${code.name}" in the performer folder "${mapping.performers?.codeFolder ?? ''}" names no case`,
          code.el,
        ),
      );
    } else performerByCode.set(guid, actorRefOfCase(c));
  }

  // ---- sources
  const entryByLower = new Map<string, ZipEntryInfo>(entries.map((e) => [e.name.toLowerCase(), e]));
  const resolveEntry = (path: string): string | undefined => {
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
  const sources: RawSource[] = [];
  const fileVariableCases = new Map<string, RawCase[]>();
  for (const c of cases) {
    const ref = c.sourceRefs[0];
    if (c.kind !== 'file_variables' || ref === undefined) continue;
    fileVariableCases.set(ref, [...(fileVariableCases.get(ref) ?? []), c]);
  }
  const docIds = new Set<string>();
  const documentIdByGuid = new Map<string, string>();
  const sourcesEl = kid(root, 'Sources');
  const selectionSource = new Map<string, number>(); // selection GUID → source index
  const codingSource = new Map<string, number>();
  const performerOfParent = new Map<XmlElement, ActorRef>();
  let performerCodings = 0;
  const readCodings = (parent: XmlElement, fallbackUser: string | undefined): RawCoding[] =>
    kids(parent, 'Coding').flatMap((c) => {
      const ref = attr(kid(c, 'CodeRef') ?? c, 'targetGUID');
      const target = ref === undefined ? undefined : normalizeGuid(ref);
      if (target !== undefined && performerCodes.has(target)) {
        const performer = performerByCode.get(target);
        if (performer !== undefined) performerOfParent.set(parent, performer);
        performerCodings++;
        return [];
      }
      const key = target === undefined ? undefined : codeByGuid.get(target);
      if (key === undefined) {
        errors.push(
          issueAt(
            'unknown_code_ref',
            `<CodeRef targetGUID="${ref ?? ''}"> names no <Code> of the CodeBook`,
            {
              entry: qde.name,
              el: kid(c, 'CodeRef') ?? c,
              hint: 'the project is inconsistent; re-export it from the tool that made it',
            },
          ),
        );
        return [];
      }
      const guid = normalizeGuid(attr(c, 'guid') ?? '') ?? `missing-${c.line}-${c.path}`;
      const coderId = coderOf(attr(c, 'creatingUser'), fallbackUser);
      return [{ guid, key, coderId, at: optionalDateTime(attr(c, 'creationDateTime')), el: c }];
    });
  for (const child of sourcesEl?.children ?? []) {
    if (child.name in NON_TEXT_SOURCES) {
      const info = NON_TEXT_SOURCES[child.name as keyof typeof NON_TEXT_SOURCES];
      skip(child.name, info.reason);
      skip(info.selection, info.reason, kids(child, info.selection).length);
      skip('Transcript', info.reason, kids(child, 'Transcript').length);
      continue;
    }
    if (child.name !== 'TextSource') {
      warnings.push(at('liberal_read', `<${child.qname}> is not a source; ignored`, child));
      continue;
    }
    const guid = normalizeGuid(attr(child, 'guid') ?? '') ?? `missing-${child.line}`;
    const name = attr(child, 'name')?.trim() || undefined;
    const inline = kid(child, 'PlainTextContent');
    const path = attr(child, 'plainTextPath');
    let text: RawSource['text'] | undefined;
    if (inline !== undefined) text = { inline: inline.text };
    else if (path !== undefined && path.trim() !== '') {
      const entry = resolveEntry(path);
      if (entry === undefined) {
        errors.push(
          issueAt(
            'missing_source',
            `the source file "${path}" of TextSource "${name ?? guid}" is not in the archive`,
            {
              entry: qde.name,
              el: child,
              hint: /^(relative|absolute):/i.test(path)
                ? 'iwa reads only files inside the .qdpx; export the project with its sources embedded'
                : 'the .qdpx is incomplete; export it again',
            },
          ),
        );
        continue;
      }
      text = { entry };
    } else {
      skip(
        'TextSource (rich text only)',
        'a TextSource with only a richTextPath (DOCX) and no plain text is not carried',
      );
      continue;
    }
    const extDoc = ext?.documents[guid];
    const docId = extDoc?.id ?? uniqueId(slugify(name ?? '') || `doc_${guid.slice(0, 8)}`, docIds);
    docIds.add(docId);
    documentIdByGuid.set(guid, docId);
    const index = sources.length;
    const selections: RawSelection[] = [];
    for (const s of kids(child, 'PlainTextSelection')) {
      const start = intAttr(s, 'startPosition');
      const end = intAttr(s, 'endPosition');
      if (start === undefined || end === undefined || start < 0 || end < start) {
        errors.push(
          at(
            'selection_out_of_range',
            `<PlainTextSelection> has startPosition="${attr(s, 'startPosition') ?? ''}" endPosition="${attr(s, 'endPosition') ?? ''}"; expected integers 0 ≤ start ≤ end`,
            s,
          ),
        );
        continue;
      }
      const sguid = normalizeGuid(attr(s, 'guid') ?? '') ?? `missing-${s.line}`;
      const description = kid(s, 'Description')?.text;
      const codings = readCodings(s, attr(s, 'creatingUser'));
      codings.forEach((c) => codingSource.set(c.guid, index));
      selectionSource.set(sguid, index);
      selections.push({
        guid: sguid,
        name: attr(s, 'name'),
        start,
        end,
        user: userIdOf(attr(s, 'creatingUser')),
        at: optionalDateTime(attr(s, 'creationDateTime')),
        description: description === undefined || description === '' ? undefined : description,
        codings,
        performer: performerOfParent.get(s),
        el: s,
      });
    }
    const sourceCodings = readCodings(child, attr(child, 'creatingUser'));
    const fileValues = [
      ...readValues(child),
      ...(fileVariableCases.get(guid) ?? []).flatMap((c) => c.values),
    ];
    fileValues.forEach((v) => usedVariableNames.add(v.name));
    const description = kid(child, 'Description')?.text;
    sources.push({
      guid,
      docId,
      name,
      el: child,
      text,
      selections,
      sourceCodings,
      description: description === undefined || description === '' ? undefined : description,
      user: userIdOf(attr(child, 'creatingUser')),
      at: optionalDateTime(attr(child, 'creationDateTime')),
      participants: [],
      variables:
        fileValues.length === 0
          ? undefined
          : Object.fromEntries(fileValues.map((v) => [v.name, v.value])),
    });
  }
  skip(
    'Graph',
    'graphs (network views) are not carried',
    kids(kid(root, 'Graphs'), 'Graph').length,
  );

  // ---- informants, organisations, actor groups, positions (REFI-QDA's own data)
  const informants: Informant[] = [];
  const organisations: Organisation[] = [];
  const actorGroups: ActorGroup[] = [];
  const positions: Position[] = [];
  const positionKeys = new Map<string, string>();
  const positionIds = new Set<string>();
  const IWA_CASE_VARIABLES = new Set(
    ['Actor type', 'Position', 'Organisation', 'Organisation kind', 'Part of', 'Group kind'].map(
      (n) => n.toLowerCase(),
    ),
  );
  const makePosition = (
    dims: Partial<Record<PositionDimensionName, string | boolean>>,
    label: string | undefined,
    el: XmlElement,
  ): string | undefined => {
    const role = dims.role;
    if (typeof role !== 'string') {
      if (Object.keys(dims).length > 0) {
        warnings.push(
          at(
            'defaulted',
            'position variables without a role; no position made (a position needs a role)',
            el,
          ),
        );
      }
      return undefined;
    }
    const fields = {
      role,
      ...(typeof dims.sector === 'string' ? { sector: dims.sector } : {}),
      ...(typeof dims.tier === 'string' ? { tier: dims.tier } : {}),
      ...(typeof dims.level === 'string' ? { level: dims.level } : {}),
      ...(typeof dims.authority === 'string' ? { authority: dims.authority } : {}),
      ...(typeof dims.embeddedness === 'string' ? { embeddedness: dims.embeddedness } : {}),
      ...(typeof dims.dualEmployment === 'boolean' ? { dualEmployment: dims.dualEmployment } : {}),
    };
    const key = JSON.stringify(fields);
    const known = positionKeys.get(key);
    if (known !== undefined) return known;
    const base = [
      'pos',
      fields.role,
      fields.sector,
      fields.tier,
      fields.level,
      fields.authority,
      fields.embeddedness,
      fields.dualEmployment ? 'dual' : undefined,
    ]
      .filter(Boolean)
      .join('-');
    const id = uniqueId(base.slice(0, 190), positionIds);
    positionKeys.set(key, id);
    positions.push({ id, ...(label ? { label } : {}), ...fields });
    return id;
  };
  const splitValues = (values: RawCase['values'], iwaCase: boolean) => {
    const dims: Partial<Record<PositionDimensionName, string | boolean>> = {};
    const variables: Variables = {};
    for (const { name, value } of values) {
      if (iwaCase && IWA_CASE_VARIABLES.has(name.toLowerCase())) continue;
      const m = dimensionOf(name);
      const v = m === undefined ? undefined : dimensionValue(m, value);
      if (m !== undefined && v !== undefined) dims[m.dimension] = v;
      else if (m === undefined) {
        variables[name] = value;
        usedVariableNames.add(name);
      }
    }
    return { dims, variables };
  };
  const nameOfVar = (values: RawCase['values'], name: string) => {
    const v = typeVar(values, name);
    return v === undefined || v === null ? undefined : String(v);
  };
  const sourceByGuid = new Map(sources.map((s) => [s.guid, s]));
  if (ext === undefined) {
    const orgIdByName = new Map<string, string>();
    for (const c of cases) {
      const description = kid(c.el, 'Description')?.text;
      const desc = description ? { description } : {};
      if (c.kind === 'organisation') {
        const kind = vocabularySlug(nameOfVar(c.values, 'Organisation kind') ?? 'other');
        const sector = nameOfVar(c.values, 'Sector');
        const level = nameOfVar(c.values, 'Level');
        const tier = nameOfVar(c.values, 'Tier');
        organisations.push({
          id: c.id,
          name: c.name ?? c.id,
          kind,
          ...(sector ? { sector: vocabularySlug(sector) } : {}),
          ...(level ? { level: vocabularySlug(level) } : {}),
          ...(tier ? { tier: vocabularySlug(tier) } : {}),
          ...desc,
        });
        orgIdByName.set(c.name ?? c.id, c.id);
      }
    }
    for (const c of cases) {
      const description = kid(c.el, 'Description')?.text;
      const desc = description ? { description } : {};
      const iwaCase = typeVar(c.values, 'Actor type') !== undefined;
      if (c.kind === 'organisation') {
        const parent = nameOfVar(c.values, 'Part of');
        const parentId = parent === undefined ? undefined : orgIdByName.get(parent);
        if (parentId !== undefined) {
          const org = organisations.find((o) => o.id === c.id);
          if (org) Object.assign(org, { parentId });
        }
      } else if (c.kind === 'actor_group') {
        const role = nameOfVar(c.values, 'Role');
        const org = nameOfVar(c.values, 'Organisation');
        const organisationId = org === undefined ? undefined : orgIdByName.get(org);
        actorGroups.push({
          id: c.id,
          label: c.name ?? c.id,
          kind: vocabularySlug(nameOfVar(c.values, 'Group kind') ?? 'group'),
          ...(role ? { role: vocabularySlug(role) } : {}),
          ...(organisationId ? { organisationId } : {}),
          ...desc,
        });
      } else if (c.kind === 'informant') {
        const { dims, variables } = splitValues(c.values, iwaCase);
        const positionId = makePosition(dims, nameOfVar(c.values, 'Position'), c.el);
        informants.push({
          id: c.id,
          ...(c.name ? { pseudonym: c.name } : {}),
          ...(positionId ? { positionId } : {}),
          ...desc,
          ...(Object.keys(variables).length > 0 ? { variables } : {}),
        });
        for (const ref of c.sourceRefs) {
          const src = sourceByGuid.get(ref);
          if (src) src.participants.push(c.id);
          else
            warnings.push(
              at('unknown_reference', '<SourceRef> names no text source; ignored', c.el),
            );
        }
      }
    }
    // File variables (MAXQDA, Quirkos): a document without a case whose variables hold a position
    // is an interview with one informant, named after the document.
    for (const [i, src] of sources.entries()) {
      if (src.participants.length > 0 || src.variables === undefined) continue;
      const values = Object.entries(src.variables).map(([name, value]) => ({ name, value }));
      const { dims, variables } = splitValues(values, false);
      if (Object.keys(dims).length === 0) continue;
      const id = uniqueId(src.docId, actorIds);
      const positionId = makePosition(dims, undefined, src.el);
      informants.push({
        id,
        ...(src.name ? { pseudonym: src.name } : {}),
        ...(positionId ? { positionId } : {}),
        ...(Object.keys(variables).length > 0 ? { variables } : {}),
      });
      sources[i] = {
        ...src,
        participants: [id],
        variables: Object.keys(variables).length > 0 ? variables : undefined,
      };
    }
  } else {
    for (const src of sources) {
      const extDoc = ext.documents[src.guid];
      if (extDoc) src.participants.push(...extDoc.participants);
    }
  }

  // ---- speakers (REFI-QDA has no element for them: read by the rules of qdpx-speakers.ts)
  let speakerRules: SpeakerRules | undefined;
  if (ext === undefined) {
    const documentLabels: Map<string, { name: string; count: number }>[] = [];
    for (const src of sources) {
      const read = await sourceText(reader, src);
      documentLabels.push(
        read.ok
          ? countLabels(findLabels(read.text))
          : new Map<string, { name: string; count: number }>(),
      );
    }
    const planned = planSpeakers({
      cases: cases
        .filter((c) => c.kind === 'informant')
        .map((c) => ({
          id: c.id,
          name: c.name,
          description: kid(c.el, 'Description')?.text,
          values: c.values,
        })),
      map: mapping.speakers,
      documentLabels,
      slug: slugify,
    });
    for (const message of planned.problems) errors.push({ code: 'invalid_mapping', message });
    speakerRules = planned.rules;
    for (const src of sources) {
      const people = src.participants.filter((p) => !planned.rules.interviewerCases.has(p));
      src.onlyCase = people.length === 1 ? people[0] : undefined;
    }
  }

  // ---- notes → memos
  const noteGuids = new Map<string, XmlElement>();
  for (const n of kids(kid(root, 'Notes'), 'Note')) {
    const guid = normalizeGuid(attr(n, 'guid') ?? '');
    if (guid !== undefined) noteGuids.set(guid, n);
  }
  const aboutByNote = new Map<
    string,
    {
      about: { kind: Memo['about'][number]['kind']; id: string }[];
      selections: string[];
      codings: string[];
    }
  >();
  const addAbout = (
    noteGuid: string | undefined,
    target:
      | { kind: Memo['about'][number]['kind']; id: string }
      | { selection: string }
      | { coding: string },
  ) => {
    if (noteGuid === undefined || !noteGuids.has(noteGuid)) return;
    const entry = aboutByNote.get(noteGuid) ?? { about: [], selections: [], codings: [] };
    if ('selection' in target) entry.selections.push(target.selection);
    else if ('coding' in target) entry.codings.push(target.coding);
    else if (!entry.about.some((a) => a.kind === target.kind && a.id === target.id))
      entry.about.push(target);
    aboutByNote.set(noteGuid, entry);
  };
  const noteRefsOf = (el: XmlElement) =>
    kids(el, 'NoteRef').map((r) => normalizeGuid(attr(r, 'targetGUID') ?? ''));
  noteRefsOf(root).forEach((g) => addAbout(g, { kind: 'study', id: studyId }));
  for (const [guid, el] of codeElementByGuid) {
    noteRefsOf(el).forEach((g) => addAbout(g, { kind: 'code', id: codeByGuid.get(guid) ?? '' }));
  }
  for (const src of sources) {
    noteRefsOf(src.el).forEach((g) => addAbout(g, { kind: 'document', id: src.docId }));
    for (const sel of src.selections) {
      noteRefsOf(sel.el).forEach((g) => addAbout(g, { selection: sel.guid }));
      for (const c of sel.codings) noteRefsOf(c.el).forEach((g) => addAbout(g, { coding: c.guid }));
    }
  }

  // ---- links: actor relations, memo annotations, the study's links
  const relations: ActorRelation[] = [];
  const links: StudyLink[] = [];
  const relationGuids = new Set(
    ext ? ext.manifest.relations.map((r) => qdpxGuid(ext.study.id, 'relation', r.id)) : [],
  );
  const relationIdByGuid = new Map<string, string>();
  if (ext)
    for (const r of ext.manifest.relations)
      relationIdByGuid.set(qdpxGuid(ext.study.id, 'relation', r.id), r.id);
  const itemRefOf = (guid: string): ItemRef | { selection: string } | undefined => {
    const code = codeByGuid.get(guid);
    if (code !== undefined) return { kind: 'code', id: code };
    const doc = documentIdByGuid.get(guid);
    if (doc !== undefined) return { kind: 'document', id: doc };
    const c = caseByGuid.get(guid);
    if (c !== undefined) return actorRefOfCase(c);
    if (noteGuids.has(guid)) return { kind: 'memo', id: memoIdOf(guid) };
    if (selectionSource.has(guid)) {
      const ex = ext?.excerpts[guid];
      return ex ? { kind: 'excerpt', id: ex.id } : { selection: guid };
    }
    return undefined;
  };
  const memoIdOf = (guid: string) => ext?.memos[guid]?.id ?? `memo-${guid}`;
  const employedSeen = new Set<string>();
  const linkIds = new Set<string>();
  for (const l of kids(kid(root, 'Links'), 'Link')) {
    const guid = normalizeGuid(attr(l, 'guid') ?? '') ?? `missing-${l.line}`;
    const origin = normalizeGuid(attr(l, 'originGUID') ?? '');
    const target = normalizeGuid(attr(l, 'targetGUID') ?? '');
    if (origin === undefined || target === undefined) {
      warnings.push(at('liberal_read', '<Link> without originGUID or targetGUID; ignored', l));
      continue;
    }
    const name = attr(l, 'name')?.trim();
    if (relationGuids.has(guid)) {
      noteRefsOf(l).forEach((g) =>
        addAbout(g, { kind: 'relation', id: relationIdByGuid.get(guid) ?? '' }),
      );
      continue;
    }
    if (noteGuids.has(origin) && !noteGuids.has(target)) {
      const ref = itemRefOf(target);
      if (ref === undefined)
        warnings.push(
          at('unknown_reference', '<Link> from a Note to an unknown element; ignored', l),
        );
      else if ('selection' in ref) addAbout(origin, ref);
      else if (ref.kind !== 'memo') addAbout(origin, { kind: ref.kind, id: ref.id });
      continue;
    }
    const from = caseByGuid.get(origin);
    const to = caseByGuid.get(target);
    const type =
      name === undefined
        ? undefined
        : (lookupByName(mapping.relations, name) ??
          ActorRelationType.safeParse(slugify(name)).data);
    if (from !== undefined && to !== undefined && type !== undefined && ext === undefined) {
      const f = actorRefOfCase(from);
      const t = actorRefOfCase(to);
      const base = { id: relationId(type, f, t), from: f, to: t, evidence: [] as string[] };
      if (relations.some((r) => r.id === base.id)) {
        warnings.push(
          at('duplicate', `the relation ${f.id} ${type} ${t.id} is linked twice; read once`, l),
        );
        continue;
      }
      if (type === 'employed_by') {
        const primary = !employedSeen.has(f.id);
        employedSeen.add(f.id);
        relations.push({ ...base, type, primary });
      } else if (type === 'attends') relations.push({ ...base, type, participation: 'full' });
      else relations.push({ ...base, type });
      noteRefsOf(l).forEach((g) => addAbout(g, { kind: 'relation', id: base.id }));
      continue;
    }
    const o = itemRefOf(origin);
    const t = itemRefOf(target);
    if (o === undefined || t === undefined || 'selection' in o || 'selection' in t) {
      skip(
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

  // ---- memos (after links: NVivo annotates with links)
  const memos: Memo[] = [];
  const pendingMemos: PendingMemo[] = [];
  for (const [guid, n] of noteGuids) {
    let text: string | undefined;
    const inline = kid(n, 'PlainTextContent');
    const path = attr(n, 'plainTextPath');
    if (inline !== undefined) text = inline.text;
    else if (path !== undefined) {
      const entry = resolveEntry(path);
      const bytes = entry === undefined ? undefined : await reader.read(entry);
      if (bytes === undefined || !bytes.ok) {
        errors.push(
          at('missing_source', `the text "${path}" of a <Note> is not in the archive`, n),
        );
        continue;
      }
      const utf8 = decodeUtf8(bytes.bytes);
      if (!utf8.ok) {
        errors.push(
          issueAt(
            'invalid_utf8',
            `the note text ${entry} is not valid UTF-8 (byte ${utf8.byteOffset})`,
            { el: n, entry: entry ?? '' },
          ),
        );
        continue;
      }
      text = normaliseText(utf8.text).text;
    } else text = '';
    const extMemo = ext?.memos[guid];
    const author = userIdOf(attr(n, 'creatingUser'));
    const createdAt = optionalDateTime(attr(n, 'creationDateTime'));
    const title = attr(n, 'name');
    const found = aboutByNote.get(guid) ?? { about: [], selections: [], codings: [] };
    const memo: Memo = {
      id: memoIdOf(guid),
      ...(title !== undefined ? { title } : {}),
      text,
      about: extMemo?.about ?? found.about,
      ...(author !== undefined ? { author } : {}),
      ...(createdAt !== undefined ? { createdAt } : {}),
    };
    if (extMemo || (found.selections.length === 0 && found.codings.length === 0)) memos.push(memo);
    else {
      const lastSource = Math.max(
        ...found.selections.map((s) => selectionSource.get(s) ?? -1),
        ...found.codings.map((c) => codingSource.get(c) ?? -1),
      );
      pendingMemos.push({ memo, selections: found.selections, codings: found.codings, lastSource });
    }
  }

  // ---- sets
  const sets: StudySet[] = [];
  const setIds = new Set<string>();
  const setsEl = kid(root, 'Sets');
  if (setsEl !== undefined && kids(setsEl, 'Set').length === 0) {
    warnings.push(
      at('liberal_read', 'empty <Sets/> (the XSD wants at least one <Set>); ignored', setsEl),
    );
  }
  for (const s of kids(setsEl, 'Set')) {
    const guid = normalizeGuid(attr(s, 'guid') ?? '') ?? `missing-${s.line}`;
    const name = attr(s, 'name')?.trim() || 'Set';
    const members: ItemRef[] = [];
    for (const m of s.children) {
      const kind =
        m.name === 'MemberCode'
          ? 'code'
          : m.name === 'MemberSource'
            ? 'document'
            : m.name === 'MemberNote'
              ? 'memo'
              : undefined;
      if (kind === undefined) continue;
      const target = normalizeGuid(attr(m, 'targetGUID') ?? attr(m, 'guid') ?? '');
      const id =
        target === undefined
          ? undefined
          : kind === 'code'
            ? codeByGuid.get(target)
            : kind === 'document'
              ? documentIdByGuid.get(target)
              : noteGuids.has(target)
                ? memoIdOf(target)
                : undefined;
      if (id === undefined)
        warnings.push(
          at('unknown_reference', `<${m.name}> names nothing in the project; ignored`, m),
        );
      else members.push({ kind, id });
    }
    const extSet = ext?.sets[guid];
    const description = kid(s, 'Description')?.text;
    sets.push({
      id: extSet?.id ?? uniqueId(slugify(name) || 'set', setIds),
      name,
      ...(description ? { description } : {}),
      members: extSet?.members ?? members,
    });
  }

  // ---- the manifest
  const nonCoders = new Set(ext?.nonCoderUsers ?? []);
  const dimensions: StudyDimensions = {};
  for (const [k, v] of Object.entries(dimensionExtensions)) {
    if (k !== 'dualEmployment') (dimensions as Record<string, string[]>)[k] = [...v].sort();
  }
  for (const name of usedVariableNames) {
    const def = [...variableByGuid.values()].find((v) => v.name === name);
    if (def && !variableDefinitions.some((d) => d.key === name)) {
      variableDefinitions.push({
        key: name,
        type: def.type,
        ...(def.description ? { description: def.description } : {}),
      });
    }
  }
  const description = kid(root, 'Description')?.text;
  const origin = attr(root, 'origin');
  const candidate: StudyManifest = {
    id: studyId,
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
    informants: ext?.manifest.informants ?? informants,
    speakers: ext?.manifest.speakers ?? speakerRules?.speakers ?? [],
    positions: ext?.manifest.positions ?? positions,
    organisations: ext?.manifest.organisations ?? organisations,
    actorGroups: ext?.manifest.actorGroups ?? actorGroups,
    relations: ext?.manifest.relations ?? relations,
    coders: [...coders.filter((c) => !nonCoders.has(c.id)), ...extraCoders],
    memos,
    codebook: ext?.manifest.codebook ?? { codes: studyCodes },
    dimensions: ext?.manifest.dimensions ?? dimensions,
    variables: ext?.manifest.variables ?? variableDefinitions,
    phaseEvents: ext?.manifest.phaseEvents ?? [],
    ...(ext?.manifest.phaseModel === undefined ? {} : { phaseModel: ext.manifest.phaseModel }),
    sets,
    links,
  };
  if (errors.length > 0) return { ok: false, errors };
  const checked = StudyManifest.safeParse(candidate);
  if (!checked.success) {
    return {
      ok: false,
      errors: checked.error.issues.map((i) => ({
        code: 'invalid_study' as const,
        message: `the study made from the project is invalid at ${i.path.join('.')}: ${i.message}`,
        entry: qde.name,
      })),
    };
  }
  const counts: Record<string, number> = {
    sources: sourcesEl?.children.length ?? 0,
    textSources: sources.length,
    selections: sources.reduce((n, s) => n + s.selections.length, 0),
    codings: sources.reduce(
      (n, s) => n + s.sourceCodings.length + s.selections.reduce((m, x) => m + x.codings.length, 0),
      0,
    ),
    users: userById.size,
    codes: mapped.length + unmapped.length,
    cases: cases.length,
    notes: noteGuids.size,
    informants: checked.data.informants.length,
    positions: checked.data.positions.length,
    organisations: checked.data.organisations.length,
    actorGroups: checked.data.actorGroups.length,
    relations: checked.data.relations.length,
    sets: sets.length,
    links: links.length,
    documents: 0,
    excerpts: 0,
    codingsImported: 0,
    memos: memos.length,
    performerCodings,
  };
  const project: QdpxProject = {
    manifest: checked.data,
    report: {
      offsetUnit:
        options.offsetUnit !== undefined && options.offsetUnit !== 'auto'
          ? options.offsetUnit
          : 'code_point',
      documentOffsetUnits: [],
      counts,
      notCarried: [...notCarried].map(([element, v]) => ({ element, ...v })),
      mapped,
      unmapped,
      warnings,
      speakers: emptySpeakerReport(speakerRules),
      variables: [...variableByGuid.values()].map((v) => ({
        name: v.name,
        values: [...(valuesSeen.get(v.name) ?? [])].sort(),
        dimension: dimensionOf(v.name)?.dimension,
      })),
      cases: cases
        .filter((c) => c.kind === 'informant')
        .map((c) => ({ name: c.name ?? c.id, id: c.id })),
      extension: extensionState,
    },
  };
  states.set(project, {
    input,
    limits,
    studyId,
    sources,
    forced:
      options.offsetUnit === undefined || options.offsetUnit === 'auto'
        ? undefined
        : options.offsetUnit,
    ext,
    performerOf,
    pendingMemos,
    speakerOfSelection,
    speakerRules,
    performersRecorded,
    iwaCases,
    manifestReport: {
      warnings: [...project.report.warnings],
      notCarried: [...project.report.notCarried],
      counts: { ...counts },
    },
  });
  return { ok: true, project };
}

// ------------------------------------------------------------------------------------------
// Documents

/**
 * Reads the documents of a project one at a time, in project order: each source text is read
 * from the archive, decoded (strict UTF-8, BOM stripped, CRLF → LF), its offset unit chosen
 * (or forced), its selections turned into excerpts (one per span; NVivo's one-selection-per-code
 * is merged) and their Codings into codings. Memory holds one source at a time.
 *
 * Importers must treat any `ok: false` item as a failed read of the whole project.
 */
export async function* iterateQdpxDocuments(
  project: QdpxProject,
): AsyncGenerator<QdpxDocumentResult, void, undefined> {
  const state = states.get(project);
  if (state === undefined) {
    throw new TypeError('iterateQdpxDocuments needs a project returned by readQdpxManifest');
  }
  const opened = await openZipReader(state.input, state.limits);
  if (!opened.ok) {
    yield { ok: false, source: '', errors: [zipIssue(opened.problem)] };
    return;
  }
  await using reader = opened.reader;
  const report = project.report;
  // each pass (validation, then import) reports afresh: what the manifest found, then per document
  report.warnings.splice(0, report.warnings.length, ...state.manifestReport.warnings);
  report.notCarried.splice(0, report.notCarried.length, ...state.manifestReport.notCarried);
  Object.assign(report.counts, state.manifestReport.counts);
  report.documentOffsetUnits.splice(0);
  report.speakers = emptySpeakerReport(state.speakerRules);
  const unitVotes = new Map<QdpxOffsetUnit, number>();
  const excerptIdBySelection = new Map<string, string>();
  const codingIdByGuid = new Map<string, string>();
  for (const [index, src] of state.sources.entries()) {
    const result = await readDocument(state, src, {
      reader,
      unitVotes,
      excerptIdBySelection,
      codingIdByGuid,
    });
    if (!result.ok) {
      yield result;
      continue;
    }
    const memos: Memo[] = [];
    for (const p of state.pendingMemos) {
      if (p.lastSource !== index) continue;
      const about = [...p.memo.about];
      for (const s of p.selections) {
        const id = excerptIdBySelection.get(s);
        if (id !== undefined) about.push({ kind: 'excerpt', id });
      }
      for (const c of p.codings) {
        const id = codingIdByGuid.get(c);
        if (id !== undefined) about.push({ kind: 'coding', id });
      }
      memos.push({ ...p.memo, about });
    }
    const bundle: DocumentBundle = { ...result.bundle, memos };
    if (result.merged > 0) {
      report.warnings.push({
        code: 'duplicate',
        message: `${result.merged} selections of "${bundle.document.id}" repeat the span of another (one selection per code, as NVivo writes); merged into one excerpt each`,
        ...(result.entry === undefined ? {} : { entry: result.entry }),
      });
    }
    if (result.folderCodings > 0) {
      const prev = report.notCarried.find((n) => n.element === 'Coding (at a framework folder)');
      if (prev)
        report.notCarried[report.notCarried.indexOf(prev)] = {
          ...prev,
          count: prev.count + result.folderCodings,
        };
      else {
        report.notCarried.push({
          element: 'Coding (at a framework folder)',
          count: result.folderCodings,
          reason:
            'codings at a framework folder (e.g. "Forms of work") name no codable code; code a child instead',
        });
      }
    }
    const sp = report.speakers;
    const stats = result.speakers;
    const total = Object.values(stats.by).reduce((a, b) => a + b, 0);
    sp.excerpts += total;
    sp.withSpeaker += total - stats.by.none;
    sp.byCase += stats.byCase;
    sp.by.extension += stats.by.extension;
    sp.by.selection_ref += stats.by.selection_ref;
    sp.by.turn_label += stats.by.turn_label;
    sp.by.only_case += stats.by.only_case;
    if (total > 0 && stats.by.none === total && sp.documentsWithout.length < 20)
      sp.documentsWithout.push(bundle.document.id);
    if (stats.participantUnresolved > 0) {
      report.warnings.push({
        code: 'defaulted',
        message: `${stats.participantUnresolved} turns of "${bundle.document.id}" are labelled as the participant (R:, Respondent:, …) but the source is linked to ${src.participants.length} cases, not one; those turns have no speaker`,
        hint: 'link the source to its one participant (a case SourceRef), or name the label in the map under speakers:',
        ...(result.entry === undefined ? {} : { entry: result.entry }),
      });
    }
    report.documentOffsetUnits.push(result.offsetUnit);
    report.counts.documents = (report.counts.documents ?? 0) + 1;
    report.counts.excerpts = (report.counts.excerpts ?? 0) + bundle.excerpts.length;
    report.counts.codingsImported = (report.counts.codingsImported ?? 0) + bundle.codings.length;
    report.counts.memos = (report.counts.memos ?? 0) + memos.length;
    const decisive = report.documentOffsetUnits.filter((d) => d.how !== 'indifferent');
    const units = new Set(decisive.map((d) => d.unit));
    report.offsetUnit =
      units.size > 1 ? 'mixed' : (decisive[0]?.unit ?? state.forced ?? 'code_point');
    yield { ok: true, bundle, offsetUnit: result.offsetUnit };
  }
}

function emptySpeakerReport(rules: SpeakerRules | undefined): QdpxSpeakerReport {
  return {
    excerpts: 0,
    withSpeaker: 0,
    byCase: 0,
    by: { extension: 0, selection_ref: 0, turn_label: 0, only_case: 0 },
    nonCase: rules === undefined ? [] : rules.nonCase.map((n) => ({ ...n })),
    caseLabels:
      rules === undefined
        ? []
        : [...rules.caseLabels].map(([label, caseId]) => ({ label, caseId })),
    unmatched:
      rules === undefined
        ? []
        : [...rules.unmatched].map(([label, documents]) => ({ label, documents })),
    documentsWithout: [],
  };
}

/** A source's text, decoded (strict UTF-8) and normalised (no BOM, LF line ends). */
async function sourceText(
  reader: ZipReader,
  src: RawSource,
): Promise<
  | { ok: true; text: string; crlfAt: ReturnType<typeof normaliseText>['crlfAt'] }
  | { ok: false; errors: QdpxIssue[] }
> {
  const label = src.name ?? src.guid;
  let raw: string;
  if ('inline' in src.text) raw = src.text.inline;
  else {
    const bytes = await reader.read(src.text.entry);
    if (!bytes.ok) return { ok: false, errors: [zipIssue(bytes.problem)] };
    const utf8 = decodeUtf8(bytes.bytes);
    if (!utf8.ok) {
      return {
        ok: false,
        errors: [
          {
            code: 'invalid_utf8',
            message: `the source text of "${label}" is not valid UTF-8 (first bad byte at offset ${utf8.byteOffset})`,
            entry: src.text.entry,
            hint: 'REFI-QDA plain-text sources are UTF-8; re-save the file as UTF-8',
          },
        ],
      };
    }
    raw = utf8.text;
  }
  const normal = normaliseText(raw);
  return { ok: true, text: normal.text, crlfAt: normal.crlfAt };
}

interface DocumentSpeakerStats {
  by: Record<SpeakerRule | 'extension', number>;
  byCase: number;
  participantUnresolved: number;
}

async function readDocument(
  state: ProjectState,
  src: RawSource,
  ctx: {
    reader: ZipReader;
    unitVotes: Map<QdpxOffsetUnit, number>;
    excerptIdBySelection: Map<string, string>;
    codingIdByGuid: Map<string, string>;
  },
): Promise<
  | {
      ok: true;
      bundle: DocumentBundle;
      offsetUnit: DocumentOffsetUnit;
      merged: number;
      folderCodings: number;
      entry: string | undefined;
      speakers: DocumentSpeakerStats;
    }
  | { ok: false; source: string; errors: QdpxIssue[] }
> {
  const label = src.name ?? src.guid;
  const normal = await sourceText(ctx.reader, src);
  if (!normal.ok) return { ok: false, source: label, errors: normal.errors };
  const text = normal.text;
  const errors: QdpxIssue[] = [];
  let offsetUnit: DocumentOffsetUnit;
  if (state.forced !== undefined) {
    offsetUnit = { documentId: src.docId, unit: state.forced, how: 'forced' };
  } else {
    let preferred: QdpxOffsetUnit | undefined;
    let most = 0;
    for (const [u, n] of ctx.unitVotes) if (n > most) [preferred, most] = [u, n];
    const choice = chooseOffsetUnit({
      text,
      crlfAt: normal.crlfAt,
      spans: src.selections,
      ...(preferred === undefined ? {} : { preferred }),
    });
    offsetUnit = { documentId: src.docId, unit: choice.unit, how: choice.how };
    if (choice.how === 'detected')
      ctx.unitVotes.set(choice.unit, (ctx.unitVotes.get(choice.unit) ?? 0) + 1);
  }
  const space = offsetSpaceOf(offsetUnit.unit);
  const converter = createOffsetConverter(text, normal.crlfAt);
  const speakerStats: DocumentSpeakerStats = {
    by: { extension: 0, selection_ref: 0, turn_label: 0, only_case: 0, none: 0 },
    byCase: 0,
    participantUnresolved: 0,
  };
  const docTurns =
    state.ext === undefined && state.speakerRules !== undefined
      ? documentTurns(text, state.speakerRules, {
          onlyCase: src.onlyCase,
          length: converter.length,
        })
      : undefined;
  speakerStats.participantUnresolved = docTurns?.participantUnresolved ?? 0;
  const speakerOf = (
    guid: string,
    start: number,
    extSpeaker: SpeakerRef | undefined,
  ): { speaker?: SpeakerRef; rule: SpeakerRule | 'extension' } => {
    if (state.ext !== undefined)
      return extSpeaker ? { speaker: extSpeaker, rule: 'extension' } : { rule: 'none' };
    const bySelection = state.speakerOfSelection.get(guid);
    if (bySelection !== undefined)
      return { speaker: { kind: 'informant', id: bySelection }, rule: 'selection_ref' };
    const turn = docTurns === undefined ? undefined : turnAt(docTurns.turns, start);
    if (turn !== undefined)
      return { speaker: turn.speaker, rule: docTurns?.wholeDocument ? 'only_case' : 'turn_label' };
    if (src.onlyCase !== undefined)
      return { speaker: { kind: 'informant', id: src.onlyCase }, rule: 'only_case' };
    return { rule: 'none' };
  };
  const ext = state.ext;
  const excerpts: Excerpt[] = [];
  const codings: Coding[] = [];
  const excerptBySpan = new Map<string, Excerpt>();
  const codingIds = new Set<string>();
  let merged = 0;
  const addCodings = (excerpt: Excerpt, raws: readonly RawCoding[]) => {
    for (const c of raws) {
      const folder = frameworkCode(c.key);
      if ((folder !== undefined && !folder.isCodable) || !c.key.includes('.')) continue; // counted below
      const coderId = c.coderId;
      const id = ext?.codings[c.guid]?.id ?? codingId(excerpt.id, c.key, coderId);
      ctx.codingIdByGuid.set(c.guid, id);
      if (codingIds.has(id)) continue;
      codingIds.add(id);
      codings.push({
        id,
        excerptId: excerpt.id,
        code: c.key,
        coderId,
        ...(c.at ? { at: c.at } : {}),
      });
    }
  };
  const folderCodings = [...src.sourceCodings, ...src.selections.flatMap((s) => s.codings)].filter(
    (c) => {
      const code = frameworkCode(c.key);
      return (code !== undefined && !code.isCodable) || !c.key.includes('.');
    },
  ).length;
  for (const sel of src.selections) {
    const s = converter.fromSpace(sel.start, space);
    const e = converter.fromSpace(sel.end, space);
    if (s === undefined || e === undefined || e < s) {
      errors.push(
        issueAt(
          'selection_out_of_range',
          `<PlainTextSelection> ${sel.start}–${sel.end} (${offsetUnit.unit}) does not fit the text of "${label}" (${converter.toSpace(converter.length, space)} ${offsetUnit.unit} units long)`,
          {
            el: sel.el,
            hint: 'the selection runs past the end of its text, or the offsets count another unit (try the offsetUnit option)',
          },
        ),
      );
      continue;
    }
    const extEx = ext?.excerpts[sel.guid];
    const spanKey = `${s}:${e}`;
    const existing = extEx === undefined ? excerptBySpan.get(spanKey) : undefined;
    if (existing !== undefined) {
      merged++;
      ctx.excerptIdBySelection.set(sel.guid, existing.id);
      addCodings(existing, sel.codings);
      continue;
    }
    const explicit = state.performerOf.get(sel.guid) ?? sel.performer;
    const { speaker, rule } = speakerOf(sel.guid, s, extEx?.speaker);
    speakerStats.by[rule]++;
    if (speaker?.kind === 'informant') speakerStats.byCase++;
    // the performer is the speaker unless the project says otherwise (a performer code, or a
    // SelectionRef the map or iwa's own cases read as the performer)
    const performer: ActorRef | undefined =
      explicit ??
      (state.ext === undefined && !state.performersRecorded && speaker?.kind === 'informant'
        ? { kind: 'informant', id: speaker.id }
        : undefined);
    // iwa's export names every performer by a SelectionRef: one who is the speaker is the
    // speaker's own work, so a copy without the extension (another tool's) reads the same
    const speakerPerforms =
      state.iwaCases &&
      explicit?.kind === 'informant' &&
      speaker?.kind === 'informant' &&
      explicit.id === speaker.id;
    const performerSource: PerformerSource =
      extEx?.performerSource ??
      (explicit !== undefined && !speakerPerforms
        ? 'explicit'
        : performer !== undefined
          ? 'speaker'
          : 'none');
    const user = sel.user;
    const id = extEx?.id ?? excerptId(state.studyId, src.docId, { start: s, end: e });
    const excerpt: Excerpt = {
      id,
      documentId: src.docId,
      start: s,
      end: e,
      text: sliceByCodePoints(text, s, e),
      ...(speaker ? { speaker } : {}),
      ...(performer ? { performer } : {}),
      performerSource,
      ...(sel.name !== undefined ? { name: sel.name } : {}),
      ...(sel.description !== undefined ? { description: sel.description } : {}),
      ...(user !== undefined ? { creatingUser: user } : {}),
      ...(sel.at !== undefined ? { createdAt: sel.at } : {}),
    };
    excerpts.push(excerpt);
    excerptBySpan.set(spanKey, excerpt);
    ctx.excerptIdBySelection.set(sel.guid, id);
    addCodings(excerpt, sel.codings);
  }
  if (src.sourceCodings.length > 0) {
    const end = converter.length;
    const whole =
      excerptBySpan.get(`0:${end}`) ??
      ((): Excerpt => {
        const { speaker, rule } = speakerOf('', 0, undefined);
        speakerStats.by[rule]++;
        if (speaker?.kind === 'informant') speakerStats.byCase++;
        const ex: Excerpt = {
          id: excerptId(state.studyId, src.docId, { start: 0, end }),
          documentId: src.docId,
          start: 0,
          end,
          text,
          ...(speaker ? { speaker } : {}),
          ...(speaker?.kind === 'informant' && !state.performersRecorded
            ? { performer: { kind: 'informant', id: speaker.id }, performerSource: 'speaker' }
            : { performerSource: 'none' }),
        };
        excerpts.push(ex);
        return ex;
      })();
    addCodings(whole, src.sourceCodings);
  }
  if (errors.length > 0) return { ok: false, source: label, errors };
  const extDoc = ext?.documents[src.guid];
  const user = src.user;
  const document: StudyDocument = {
    id: src.docId,
    ...(extDoc?.untitled || src.name === undefined ? {} : { title: src.name }),
    kind: extDoc?.kind ?? 'interview',
    ...(extDoc?.date === undefined ? {} : { date: extDoc.date }),
    participants: src.participants,
    text,
    contentHash: contentHash(text),
    turns: extDoc?.turns ?? docTurns?.turns ?? [],
    ...(src.description !== undefined ? { description: src.description } : {}),
    ...(src.variables !== undefined ? { variables: src.variables } : {}),
    ...(extDoc
      ? extDoc.sourcePath === undefined
        ? {}
        : { sourcePath: extDoc.sourcePath }
      : 'entry' in src.text
        ? { sourcePath: src.text.entry }
        : {}),
    ...(user !== undefined ? { creatingUser: user } : {}),
    ...(src.at !== undefined ? { createdAt: src.at } : {}),
  };
  return {
    ok: true,
    bundle: { document, excerpts, codings, memos: [] },
    offsetUnit,
    merged,
    folderCodings,
    entry: 'entry' in src.text ? src.text.entry : undefined,
    speakers: speakerStats,
  };
}

/**
 * Reads a whole `.qdpx` into a {@link Study}: {@link readQdpxManifest}, then every document
 * through {@link iterateQdpxDocuments}. Returns the study with a report (offset unit, counts,
 * what was not carried, how codes mapped, warnings), or every error found — never half a study,
 * so the caller writes nothing.
 *
 * @example
 * const res = await readQdpx('nvivo-export.qdpx', { mapping: yaml.parse(mappingText) });
 * if (res.ok) log.info(`offsets counted in ${res.report.offsetUnit}`);
 */
export async function readQdpx(
  input: ZipInput,
  options: ReadQdpxOptions = {},
): Promise<QdpxReadResult> {
  const m = await readQdpxManifest(input, options);
  if (!m.ok) return m;
  const errors: QdpxIssue[] = [];
  const bundles: DocumentBundle[] = [];
  for await (const item of iterateQdpxDocuments(m.project)) {
    if (item.ok) bundles.push(item.bundle);
    // one by one: a spread of a very long list overflows the stack
    else for (const e of item.errors) errors.push(e);
  }
  if (errors.length > 0) return { ok: false, errors };
  const manifest = m.project.manifest;
  const candidate: Study = {
    ...manifest,
    memos: [...manifest.memos, ...bundles.flatMap((b) => b.memos)],
    documents: bundles.map((b) => b.document),
    excerpts: bundles.flatMap((b) => b.excerpts),
    codings: bundles.flatMap((b) => b.codings),
  };
  const checked = Study.safeParse(candidate);
  if (!checked.success) {
    return {
      ok: false,
      errors: checked.error.issues.map((i) => ({
        code: 'invalid_study' as const,
        message: `the study made from the project is invalid at ${i.path.join('.')}: ${i.message}`,
      })),
    };
  }
  return { ok: true, study: checked.data, report: m.project.report };
}
