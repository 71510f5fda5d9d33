import { createHash } from 'node:crypto';
import {
  codingId,
  Study,
  type ActorRelation,
  type ItemRef,
  type Memo,
  type Variables,
  type VariableType,
} from '@iwa/study';
import {
  CodebookDefinition,
  FRAMEWORK_CODES,
  FrameworkFamily,
  frameworkCode,
  IWA_NAMESPACE,
  uuidv5,
  type Codebook,
} from '@iwa/taxonomy';
import { z } from 'zod';
import { writeCodebookQdc } from './codebook-export.ts';
import { RefiError } from './refi-error.ts';
import { EXTENSION_ENTRY, qdpxGuid, type QdpxExtension } from './qdpx-extension.ts';
import { serializeXml, xel, xtext, type XNode } from './qdpx-xml-writer.ts';
import { writeZip } from './qdpx-zip.ts';
import { parseXml, type XmlElement } from './xml-tree.ts';

/** The namespace of a REFI-QDA project (QDA-XML project 1.0). */
export const PROJECT_NAMESPACE = 'urn:QDA-XML:project:1.0';

/** Options for {@link writeQdpx}. */
export interface WriteQdpxOptions {
  /**
   * Write iwa's extension entry (`iwa/extension.json`) with what REFI-QDA cannot hold (speaker
   * turns, performers, relation evidence, phase events, iwa ids…). Default true; without it
   * the project is plain REFI-QDA and a re-import keeps only what REFI-QDA carries.
   */
  readonly extension?: boolean;
  /** The project's `origin` attribute. Default `iwa`. */
  readonly origin?: string;
}

/** The parts of a `.qdpx` before zipping: for tests and tools that want to look inside. */
export interface QdpxParts {
  /** project.qde, UTF-8 without BOM. */
  readonly projectXml: string;
  /** `sources/<GUID>.txt` → the document text (UTF-8, LF line ends, no BOM). */
  readonly sources: ReadonlyMap<string, string>;
  readonly extension: QdpxExtension | undefined;
}

/** The variables iwa writes for actors, by name. */
const IWA_VARIABLES = {
  actorType: 'Actor type',
  position: 'Position',
  role: 'Role',
  sector: 'Sector',
  tier: 'Tier',
  level: 'Level',
  authority: 'Authority',
  embeddedness: 'Embeddedness',
  dualEmployment: 'Dual employment',
  organisationKind: 'Organisation kind',
  partOf: 'Part of',
  groupKind: 'Group kind',
  organisation: 'Organisation',
} as const;
type IwaVariable = keyof typeof IWA_VARIABLES;

/** Values of the `Actor type` variable. */
export const ACTOR_TYPE_VALUES = {
  informant: 'Informant',
  organisation: 'Organisation',
  actor_group: 'Actor group',
} as const;

const UNDIRECTED: ReadonlySet<ActorRelation['type']> = new Set([
  'collaborates_with',
  'co_located_with',
]);

const LINK_DIRECTION = {
  associative: 'Associative',
  one_way: 'OneWay',
  bidirectional: 'Bidirectional',
} as const;

function invalid(message: string, path: (string | number)[]): RefiError {
  const error = new z.ZodError([{ code: 'custom', message, path, input: undefined }]);
  return new RefiError('invalid_study', `Cannot export the study: ${message}`, { cause: error });
}

/** A number as xsd:decimal (never in exponent notation). */
function decimal(n: number): string {
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

function variableTypeOf(value: Variables[string]): VariableType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  return 'text';
}

const XSD_VARIABLE_TYPE: Record<VariableType, string> = {
  text: 'Text',
  boolean: 'Boolean',
  integer: 'Integer',
  float: 'Float',
  date: 'Date',
  datetime: 'DateTime',
};

/** Turns an element tree read by `parseXml` back into writer nodes (for the codebook graft). */
function toXNode(el: XmlElement, patch: (el: XmlElement, node: XNode) => XNode): XNode {
  const children = el.children.map((c) => toXNode(c, patch));
  const node: XNode =
    children.length === 0 && el.text.trim() !== ''
      ? { name: el.name, attributes: Object.entries(el.attributes), children: [], text: el.text }
      : {
          name: el.name,
          attributes: Object.entries(el.attributes).filter(([k]) => !k.startsWith('xmlns')),
          children,
        };
  return patch(el, node);
}

/** What every step of an export reads: the checked study and its GUID maker. */
interface ExportContext {
  readonly study: Study;
  /** The deterministic GUID of one of the study's things (`kind` is `document`, `memo`, …). */
  readonly g: (kind: string, id: string) => string;
}

/** The `<NoteRef>`s of the memos about one thing of the study. */
type NoteRefs = (kind: string, id: string) => XNode[];

function exportContext(input: Study): ExportContext {
  const parsed = Study.safeParse(input);
  if (!parsed.success) {
    throw new RefiError(
      'invalid_study',
      `Cannot export an invalid study: ${parsed.error.message}`,
      {
        cause: parsed.error,
      },
    );
  }
  const study = parsed.data;
  return { study, g: (kind, id) => qdpxGuid(study.id, kind, id) };
}

/** `<Users>`: every coder (declared or one who only coded), then the other named users. */
function exportUsers({ study, g }: ExportContext) {
  const coderIds = new Set(study.coders.map((c) => c.id));
  const userIds: string[] = study.coders.map((c) => c.id);
  // everyone who coded is a coder, declared or not (a browser coder of the workbench)
  for (const c of study.codings) {
    if (coderIds.has(c.coderId)) continue;
    coderIds.add(c.coderId);
    userIds.push(c.coderId);
  }
  const nonCoderUsers: string[] = [];
  const noteUser = (id: string | undefined) => {
    if (id === undefined || coderIds.has(id) || nonCoderUsers.includes(id)) return;
    nonCoderUsers.push(id);
    userIds.push(id);
  };
  study.documents.forEach((d) => noteUser(d.creatingUser));
  study.excerpts.forEach((e) => noteUser(e.creatingUser));
  study.memos.forEach((m) => noteUser(m.author));
  const nodes = userIds.map((id) =>
    // a user without a name is named by its id, so a tool that drops the id keeps who it is
    xel('User', {
      guid: g('user', id),
      name: study.coders.find((c) => c.id === id)?.name ?? id,
      id,
    }),
  );
  const userGuid = (id: string | undefined) => (id === undefined ? undefined : g('user', id));
  return { nodes, nonCoderUsers, userGuid };
}

/** Where each memo is referenced: `<NoteRef>`s by thing, and `<Link>`s for memos on actors. */
function memoReferences({ study, g }: ExportContext) {
  const memoRefs = new Map<string, string[]>(); // "<kind>:<id>" → memo GUIDs
  const links: XNode[] = [];
  const actorKinds = new Set(['informant', 'organisation', 'actor_group']);
  for (const memo of study.memos) {
    for (const about of memo.about) {
      const k = `${about.kind}:${about.id}`;
      memoRefs.set(k, [...(memoRefs.get(k) ?? []), g('memo', memo.id)]);
      if (actorKinds.has(about.kind)) {
        links.push(
          xel('Link', {
            guid: g('memo-link', `${memo.id}/${about.kind}/${about.id}`),
            name: 'memo',
            direction: 'OneWay',
            originGUID: g('memo', memo.id),
            targetGUID: g(about.kind, about.id),
          }),
        );
      }
    }
  }
  const noteRefs: NoteRefs = (kind, id) =>
    (memoRefs.get(`${kind}:${id}`) ?? []).map((guid) => xel('NoteRef', { targetGUID: guid }));
  return { links, noteRefs };
}

/**
 * The framework codes the study uses (codings, parents, memos, sets, links), with their
 * folders; throws when a key is neither a framework code nor one of the study's codes.
 */
function frameworkCodesNeeded({ study }: ExportContext): Set<string> {
  const studyCodeKeys = new Set(study.codebook.codes.map((c) => c.key));
  const used = new Set<string>();
  const useKey = (key: string, path: (string | number)[]) => {
    if (frameworkCode(key) === undefined && !studyCodeKeys.has(key)) {
      throw invalid(`code "${key}" is neither a framework code nor one of the study's codes`, path);
    }
    used.add(key);
  };
  study.codings.forEach((c, i) => useKey(c.code, ['codings', i, 'code']));
  study.codebook.codes.forEach((c, i) => {
    if (c.parent !== undefined) useKey(c.parent, ['codebook', 'codes', i, 'parent']);
  });
  study.memos.forEach((m, i) =>
    m.about.forEach((a, j) => {
      if (a.kind === 'code') useKey(a.id, ['memos', i, 'about', j, 'id']);
    }),
  );
  study.sets.forEach((s, i) =>
    s.members.forEach((m, j) => {
      if (m.kind === 'code') useKey(m.id, ['sets', i, 'members', j, 'id']);
    }),
  );
  study.links.forEach((l, i) => {
    if (l.origin.kind === 'code') useKey(l.origin.id, ['links', i, 'origin', 'id']);
    if (l.target.kind === 'code') useKey(l.target.id, ['links', i, 'target', 'id']);
  });
  const needed = new Set<string>();
  for (const key of used) {
    for (let code = frameworkCode(key); code;) {
      needed.add(code.key);
      code = code.parentKey === null ? undefined : frameworkCode(code.parentKey);
    }
  }
  return needed;
}

/** The codebook to export: the framework codes needed and every code of the study's own. */
function exportedCodebook({ study }: ExportContext, needed: ReadonlySet<string>): Codebook {
  const families = FrameworkFamily.options.filter((f) =>
    FRAMEWORK_CODES.some((c) => c.family === f && needed.has(c.key)),
  );
  const definition = CodebookDefinition.safeParse({
    name: study.name,
    frameworks: families,
    codes: study.codebook.codes.map((c) => ({
      key: c.key,
      label: c.label,
      ...(c.description?.trim() ? { definition: c.description.trim() } : {}),
      ...(c.parent === undefined ? {} : { parent: c.parent }),
      ...(c.colour === undefined ? {} : { color: c.colour }),
      isCodable: c.isCodable ?? true,
    })),
  });
  if (!definition.success) {
    throw new RefiError(
      'invalid_study',
      `Cannot export the study's codebook: ${definition.error.message}`,
      { cause: definition.error },
    );
  }
  return {
    ...definition.data,
    codes: definition.data.codes.filter((c) => c.origin === 'study' || needed.has(c.key)),
  };
}

/**
 * `<CodeBook>`: the codebook exporter's `<Codes>` grafted into the project, with the study's
 * own colours and the memos about each code; and the GUID of every exported code key.
 */
function exportCodebook(ctx: ExportContext, noteRefs: NoteRefs) {
  const { study } = ctx;
  const codebook = exportedCodebook(ctx, frameworkCodesNeeded(ctx));
  const codeGuid = new Map(codebook.codes.map((c) => [c.key, c.guid]));
  const originalColour = new Map(study.codebook.codes.map((c) => [c.key, c.colour]));
  if (codebook.codes.length === 0) return { node: undefined, codeGuid };
  const qdc = parseXml(writeCodebookQdc(codebook));
  if ('problem' in qdc)
    throw new Error(`the codebook exporter wrote bad XML: ${qdc.problem.message}`);
  const codes = qdc.root.children.find((c) => c.name === 'Codes');
  if (codes === undefined) throw new Error('the codebook exporter wrote no <Codes>');
  const keyOfGuid = new Map(codebook.codes.map((c) => [c.guid, c.key]));
  const node = xel('CodeBook', {}, [
    toXNode(codes, (el, codeNode) => {
      if (el.name !== 'Code') return codeNode;
      const key = keyOfGuid.get(el.attributes.guid ?? '') ?? '';
      const colour = originalColour.get(key);
      const attributes = codeNode.attributes.map(
        ([k, v]) => [k, k === 'color' && colour !== undefined ? colour : v] as const,
      );
      const description = codeNode.children.filter((c) => c.name === 'Description');
      const rest = codeNode.children.filter((c) => c.name !== 'Description');
      return {
        ...codeNode,
        attributes,
        children: [...description, ...noteRefs('code', key), ...rest],
      };
    }),
  ]);
  return { node, codeGuid };
}

/** A `<VariableValue>` of the variable `guid`, typed by its value (and the declared type). */
function valueNode(guid: string, value: Variables[string], type: VariableType | undefined): XNode {
  let content: XNode | undefined;
  if (typeof value === 'boolean') content = xtext('BooleanValue', String(value));
  else if (typeof value === 'number') {
    content = Number.isInteger(value)
      ? xtext('IntegerValue', decimal(value))
      : xtext('FloatValue', decimal(value));
  } else if (typeof value === 'string') {
    if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) content = xtext('DateValue', value);
    else if (type === 'datetime' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
      content = xtext('DateTimeValue', value);
    } else content = xtext('TextValue', value);
  }
  return xel('VariableValue', {}, [xel('VariableRef', { targetGUID: guid }), content]);
}

/**
 * `<Variables>`, filled as values are written: the study's declared variables first, then
 * iwa's actor variables and undeclared study variables in the order cases and sources use them.
 */
function variableWriter({ study, g }: ExportContext) {
  const nodes: XNode[] = [];
  const iwaVariableGuid = (v: IwaVariable, type: VariableType) => {
    const guid = g('variable', `iwa/${v}`);
    if (!nodes.some((n) => n.attributes.some(([k, val]) => k === 'guid' && val === guid))) {
      nodes.push(
        xel('Variable', { guid, name: IWA_VARIABLES[v], typeOfVariable: XSD_VARIABLE_TYPE[type] }),
      );
    }
    return guid;
  };
  const studyVariableTypes = new Map(study.variables.map((v) => [v.key, v.type]));
  for (const v of study.variables) {
    nodes.push(
      xel(
        'Variable',
        { guid: g('variable', v.key), name: v.key, typeOfVariable: XSD_VARIABLE_TYPE[v.type] },
        [v.description === undefined ? undefined : xtext('Description', v.description)],
      ),
    );
  }
  const studyVariableGuid = (key: string, value: Variables[string]) => {
    if (!studyVariableTypes.has(key)) {
      const type = variableTypeOf(value);
      studyVariableTypes.set(key, type);
      nodes.push(
        xel('Variable', {
          guid: g('variable', key),
          name: key,
          typeOfVariable: XSD_VARIABLE_TYPE[type],
        }),
      );
    }
    return g('variable', key);
  };
  /** The value of one of iwa's actor variables, or nothing when it has none. */
  const iwaValue = (v: IwaVariable, value: string | boolean | undefined) =>
    value === undefined
      ? undefined
      : valueNode(
          iwaVariableGuid(v, typeof value === 'boolean' ? 'boolean' : 'text'),
          value,
          undefined,
        );
  /** The values of a case's or a document's own variables. */
  const studyValues = (variables: Variables | undefined) =>
    Object.entries(variables ?? {}).map(([key, value]) =>
      valueNode(studyVariableGuid(key, value), value, studyVariableTypes.get(key)),
    );
  return { nodes, iwaValue, studyValues };
}
type VariableWriter = ReturnType<typeof variableWriter>;

/** Items grouped by a key, in their order. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list === undefined) out.set(key, [item]);
    else list.push(item);
  }
  return out;
}

/** `<Case>`s: informants (with their position as variables), organisations, actor groups. */
function exportCases({ study, g }: ExportContext, variables: VariableWriter): XNode[] {
  const { iwaValue, studyValues } = variables;
  const positions = new Map(study.positions.map((p) => [p.id, p]));
  const organisations = new Map(study.organisations.map((o) => [o.id, o]));
  // each actor's excerpts, indexed once (filtering every excerpt per actor was quadratic)
  const performed = new Map<string, string[]>();
  for (const e of study.excerpts) {
    if (e.performer === undefined) continue;
    const key = `${e.performer.kind}\u001f${e.performer.id}`;
    const list = performed.get(key);
    if (list === undefined) performed.set(key, [e.id]);
    else list.push(e.id);
  }
  const performedBy = (kind: string, id: string) =>
    (performed.get(`${kind}\u001f${id}`) ?? []).map((excerpt) =>
      xel('SelectionRef', { targetGUID: g('excerpt', excerpt) }),
    );
  const jobsOf = groupBy(
    study.relations.filter((r) => r.type === 'employed_by' && r.from.kind === 'informant'),
    (r) => r.from.id,
  );
  const documentsOf = groupBy(
    study.documents.flatMap((d) => [...new Set(d.participants)].map((p) => ({ p, d }))),
    (x) => x.p,
  );
  const employer = (informantId: string) => {
    const jobs = jobsOf.get(informantId) ?? [];
    const primary = jobs.find((r) => r.type === 'employed_by' && r.primary) ?? jobs[0];
    return primary?.to.kind === 'organisation' ? organisations.get(primary.to.id)?.name : undefined;
  };
  return [
    ...study.informants.map((inf) => {
      const pos = inf.positionId === undefined ? undefined : positions.get(inf.positionId);
      return xel('Case', { guid: g('informant', inf.id), name: inf.pseudonym ?? inf.id }, [
        inf.description === undefined ? undefined : xtext('Description', inf.description),
        iwaValue('actorType', ACTOR_TYPE_VALUES.informant),
        iwaValue('position', pos?.label),
        iwaValue('role', pos?.role),
        iwaValue('sector', pos?.sector),
        iwaValue('tier', pos?.tier),
        iwaValue('level', pos?.level),
        iwaValue('authority', pos?.authority),
        iwaValue('embeddedness', pos?.embeddedness),
        iwaValue('dualEmployment', pos?.dualEmployment),
        iwaValue('organisation', employer(inf.id)),
        ...studyValues(inf.variables),
        ...(documentsOf.get(inf.id) ?? []).map(({ d }) =>
          xel('SourceRef', { targetGUID: g('document', d.id) }),
        ),
        ...performedBy('informant', inf.id),
      ]);
    }),
    ...study.organisations.map((org) =>
      xel('Case', { guid: g('organisation', org.id), name: org.name }, [
        org.description === undefined ? undefined : xtext('Description', org.description),
        iwaValue('actorType', ACTOR_TYPE_VALUES.organisation),
        iwaValue('organisationKind', org.kind),
        iwaValue('sector', org.sector),
        iwaValue('level', org.level),
        iwaValue('tier', org.tier),
        iwaValue(
          'partOf',
          org.parentId === undefined ? undefined : organisations.get(org.parentId)?.name,
        ),
        ...performedBy('organisation', org.id),
      ]),
    ),
    ...study.actorGroups.map((group) =>
      xel('Case', { guid: g('actor_group', group.id), name: group.label }, [
        group.description === undefined ? undefined : xtext('Description', group.description),
        iwaValue('actorType', ACTOR_TYPE_VALUES.actor_group),
        iwaValue('groupKind', group.kind),
        iwaValue('role', group.role),
        iwaValue(
          'organisation',
          group.organisationId === undefined
            ? undefined
            : organisations.get(group.organisationId)?.name,
        ),
        ...performedBy('actor_group', group.id),
      ]),
    ),
  ];
}

/** Throws when an excerpt is in an unknown document or a coding is of an unknown excerpt. */
function checkSourceReferences({ study }: ExportContext): void {
  const documentIds = new Set(study.documents.map((d) => d.id));
  const excerptIds = new Set<string>();
  study.excerpts.forEach((e, i) => {
    if (!documentIds.has(e.documentId)) {
      throw invalid(`excerpt "${e.id}" is in unknown document "${e.documentId}"`, ['excerpts', i]);
    }
    excerptIds.add(e.id);
  });
  study.codings.forEach((c, i) => {
    if (!excerptIds.has(c.excerptId)) {
      throw invalid(`coding "${c.id}" is of unknown excerpt "${c.excerptId}"`, ['codings', i]);
    }
  });
}

/** What {@link exportSources} writes into each source's elements. */
interface SourceWriters {
  readonly userGuid: (id: string | undefined) => string | undefined;
  readonly noteRefs: NoteRefs;
  readonly codeGuid: ReadonlyMap<string, string>;
  readonly variables: VariableWriter;
}

/**
 * `<TextSource>`s with their `<PlainTextSelection>`s and `<Coding>`s, and each document's text
 * under `sources/<GUID>.txt`.
 */
function exportSources(ctx: ExportContext, writers: SourceWriters) {
  const { study, g } = ctx;
  const { userGuid, noteRefs, codeGuid, variables } = writers;
  checkSourceReferences(ctx);
  const texts = new Map<string, string>();
  // each excerpt's codings and each document's excerpts, indexed once (filtering every coding
  // per excerpt was quadratic: a 10,000-interview study never finished)
  const codingsOf = groupBy(study.codings, (c) => c.excerptId);
  const excerptsOf = groupBy(study.excerpts, (e) => e.documentId);
  const coding = (c: Study['codings'][number]) =>
    xel(
      'Coding',
      {
        guid: g('coding', c.id),
        creatingUser: userGuid(c.coderId),
        creationDateTime: c.at,
      },
      [xel('CodeRef', { targetGUID: codeGuid.get(c.code) }), ...noteRefs('coding', c.id)],
    );
  const selection = (ex: Study['excerpts'][number]) =>
    xel(
      'PlainTextSelection',
      {
        guid: g('excerpt', ex.id),
        name: ex.name,
        startPosition: ex.start,
        endPosition: ex.end,
        creatingUser: userGuid(ex.creatingUser),
        creationDateTime: ex.createdAt,
      },
      [
        ex.description === undefined ? undefined : xtext('Description', ex.description),
        ...(codingsOf.get(ex.id) ?? []).map(coding),
        ...noteRefs('excerpt', ex.id),
      ],
    );
  const nodes = study.documents.map((doc) => {
    const guid = g('document', doc.id);
    texts.set(`sources/${guid}.txt`, doc.text);
    return xel(
      'TextSource',
      {
        guid,
        name: doc.title ?? doc.id,
        plainTextPath: `internal://${guid}.txt`,
        creatingUser: userGuid(doc.creatingUser),
        creationDateTime: doc.createdAt,
      },
      [
        doc.description === undefined ? undefined : xtext('Description', doc.description),
        ...(excerptsOf.get(doc.id) ?? []).map(selection),
        ...noteRefs('document', doc.id),
        ...variables.studyValues(doc.variables),
      ],
    );
  });
  return { nodes, texts };
}

/** `<Note>`s: the memos. */
function exportNotes(
  { study, g }: ExportContext,
  userGuid: (id: string | undefined) => string | undefined,
): XNode[] {
  return study.memos.map((memo: Memo) =>
    xel(
      'Note',
      {
        guid: g('memo', memo.id),
        name: memo.title,
        creatingUser: userGuid(memo.author),
        creationDateTime: memo.createdAt,
      },
      [xtext('PlainTextContent', memo.text)],
    ),
  );
}

/** `<Link>`s: actor relations, the study's links, memo annotations of actors. */
function exportLinks(
  { study, g }: ExportContext,
  refs: { noteRefs: NoteRefs; memoLinks: XNode[]; codeGuid: ReadonlyMap<string, string> },
): XNode[] {
  const { noteRefs, memoLinks, codeGuid } = refs;
  const itemGuid = (ref: ItemRef) =>
    ref.kind === 'code' ? codeGuid.get(ref.id) : g(ref.kind === 'memo' ? 'memo' : ref.kind, ref.id);
  return [
    ...study.relations.map((rel) =>
      xel(
        'Link',
        {
          guid: g('relation', rel.id),
          name: rel.type,
          direction: UNDIRECTED.has(rel.type) ? 'Bidirectional' : 'OneWay',
          originGUID: g(rel.from.kind, rel.from.id),
          targetGUID: g(rel.to.kind, rel.to.id),
        },
        noteRefs('relation', rel.id),
      ),
    ),
    ...study.links.map((link) =>
      xel('Link', {
        guid: g('link', link.id),
        name: link.name,
        direction: LINK_DIRECTION[link.direction],
        color: link.colour,
        originGUID: itemGuid(link.origin),
        targetGUID: itemGuid(link.target),
      }),
    ),
    ...memoLinks,
  ];
}

/** `<Set>`s with their member codes, sources and notes. */
function exportSets({ study, g }: ExportContext, codeGuid: ReadonlyMap<string, string>): XNode[] {
  return study.sets.map((set) =>
    xel('Set', { guid: g('set', set.id), name: set.name }, [
      set.description === undefined ? undefined : xtext('Description', set.description),
      ...set.members
        .filter((m) => m.kind === 'code')
        .map((m) => xel('MemberCode', { targetGUID: codeGuid.get(m.id) })),
      ...set.members
        .filter((m) => m.kind === 'document')
        .map((m) => xel('MemberSource', { targetGUID: g('document', m.id) })),
      ...set.members
        .filter((m) => m.kind === 'memo')
        .map((m) => xel('MemberNote', { targetGUID: g('memo', m.id) })),
    ]),
  );
}

/** iwa's extension entry: what REFI-QDA cannot hold, keyed by the GUIDs of project.qde. */
function buildExtension(
  { study, g }: ExportContext,
  projectXml: string,
  nonCoderUsers: string[],
): QdpxExtension {
  return {
    format: 'iwa-qdpx-extension',
    version: 1,
    projectHash: `sha256:${createHash('sha256').update(projectXml, 'utf8').digest('hex')}`,
    study: {
      id: study.id,
      ...(study.language === undefined ? {} : { language: study.language }),
      ...(study.origin === undefined ? {} : { origin: study.origin }),
    },
    manifest: {
      informants: study.informants,
      speakers: study.speakers,
      positions: study.positions,
      organisations: study.organisations,
      actorGroups: study.actorGroups,
      relations: study.relations,
      codebook: study.codebook,
      dimensions: study.dimensions,
      variables: study.variables,
      phaseEvents: study.phaseEvents,
      ...(study.phaseModel === undefined ? {} : { phaseModel: study.phaseModel }),
    },
    nonCoderUsers,
    documents: Object.fromEntries(
      study.documents.map((d) => [
        g('document', d.id),
        {
          id: d.id,
          kind: d.kind,
          ...(d.date === undefined ? {} : { date: d.date }),
          participants: d.participants,
          turns: d.turns,
          ...(d.sourcePath === undefined ? {} : { sourcePath: d.sourcePath }),
          ...(d.title === undefined ? { untitled: true as const } : {}),
        },
      ]),
    ),
    excerpts: Object.fromEntries(
      study.excerpts.map((e) => [
        g('excerpt', e.id),
        {
          id: e.id,
          ...(e.speaker === undefined ? {} : { speaker: e.speaker }),
          performerSource: e.performerSource,
        },
      ]),
    ),
    // only the codings whose id is not the one a reader derives (excerpt, code, coder): at
    // 800,000 codings the full list made the extension larger than the project file
    codings: Object.fromEntries(
      study.codings
        .filter((c) => c.id !== codingId(c.excerptId, c.code, c.coderId))
        .map((c) => [g('coding', c.id), { id: c.id }]),
    ),
    memos: Object.fromEntries(
      study.memos.map((m) => [g('memo', m.id), { id: m.id, about: m.about }]),
    ),
    sets: Object.fromEntries(
      study.sets.map((s) => [g('set', s.id), { id: s.id, members: s.members }]),
    ),
    links: Object.fromEntries(study.links.map((l) => [g('link', l.id), { id: l.id }])),
  };
}

/**
 * Builds the parts of a `.qdpx` for a study: project.qde, the source texts and the extension.
 * See {@link writeQdpx}. The steps run in the order of project.qde, so a study that names an
 * unknown code fails before one that names an unknown document, as it always has.
 */
export function buildQdpx(input: Study, options: WriteQdpxOptions = {}): QdpxParts {
  const ctx = exportContext(input);
  const { study } = ctx;
  const users = exportUsers(ctx);
  const memos = memoReferences(ctx);
  const { noteRefs } = memos;
  const codebook = exportCodebook(ctx, noteRefs);
  const { codeGuid } = codebook;
  const variables = variableWriter(ctx);
  const cases = exportCases(ctx, variables);
  const sources = exportSources(ctx, { userGuid: users.userGuid, noteRefs, codeGuid, variables });
  const notes = exportNotes(ctx, users.userGuid);
  const links = exportLinks(ctx, { noteRefs, memoLinks: memos.links, codeGuid });
  const sets = exportSets(ctx, codeGuid);

  const nonEmpty = (name: string, children: XNode[]) =>
    children.length === 0 ? undefined : xel(name, {}, children);
  const project = xel(
    'Project',
    { xmlns: PROJECT_NAMESPACE, name: study.name, origin: options.origin ?? 'iwa' },
    [
      nonEmpty('Users', users.nodes),
      codebook.node,
      nonEmpty('Variables', variables.nodes),
      nonEmpty('Cases', cases),
      nonEmpty('Sources', sources.nodes),
      nonEmpty('Notes', notes),
      nonEmpty('Links', links),
      nonEmpty('Sets', sets),
      study.description === undefined ? undefined : xtext('Description', study.description),
      ...noteRefs('study', study.id),
    ],
  );
  const projectXml = serializeXml(project);
  const extension =
    (options.extension ?? true) ? buildExtension(ctx, projectXml, users.nonCoderUsers) : undefined;
  return { projectXml, sources: sources.texts, extension };
}

/**
 * Writes a study as a REFI-QDA project (`.qdpx`): `project.qde` valid against the REFI-QDA
 * Project XSD with elements in schema order — Users (the coders), CodeBook (the framework codes
 * the study uses, with their folders, and the study's own codes), Variables, Cases (informants
 * with their position as variables, organisations, actor groups), Sources (TextSources with
 * their PlainTextSelections and Codings), Notes (memos), Links (actor relations and the study's
 * links), Sets — plus `sources/<GUID>.txt` (UTF-8, no BOM, offsets in code points) and iwa's
 * extension entry. GUIDs are deterministic and timestamps fixed, so two exports of one study
 * are byte-identical.
 *
 * Throws a {@link RefiError} (`invalid_study`) when the study fails the Study schema or names
 * codes, documents or excerpts it does not have.
 *
 * @example
 * await writeFile('ips.qdpx', await writeQdpx(study));
 */
export async function writeQdpx(study: Study, options: WriteQdpxOptions = {}): Promise<Buffer> {
  const parts = buildQdpx(study, options);
  const encoder = new TextEncoder();
  const files = [
    { name: 'project.qde', bytes: encoder.encode(parts.projectXml) },
    ...[...parts.sources].map(([name, text]) => ({ name, bytes: encoder.encode(text) })),
  ];
  if (parts.extension !== undefined) {
    files.push({
      name: EXTENSION_ENTRY,
      bytes: encoder.encode(`${JSON.stringify(parts.extension)}\n`),
    });
  }
  return writeZip(files);
}

/** The code GUID iwa writes for a code key (framework or study code). */
export function codeGuidOf(key: string): string {
  return frameworkCode(key)?.guid ?? uuidv5(key, IWA_NAMESPACE);
}
