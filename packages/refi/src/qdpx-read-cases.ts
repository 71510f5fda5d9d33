import type { ActorRef } from '@iwa/study';
import { idSlug as slugify, normalizeGuid } from '@iwa/taxonomy';
import { ACTOR_TYPE_VALUES } from './qdpx-export.ts';
import { qdpxGuid } from './qdpx-extension.ts';
import { labelKey } from './qdpx-speakers.ts';
import { attr, kid, kids, own, uniqueId, type ReadContext } from './qdpx-read-context.ts';
import type { CodeIndex } from './qdpx-read-codes.ts';
import type { NamedValue, VariableIndex } from './qdpx-read-variables.ts';
import type { XmlElement } from './xml-tree.ts';

/** A `<Case>` as read: an informant, organisation or actor group, or a source's file variables. */
export interface RawCase {
  readonly guid: string;
  readonly el: XmlElement;
  readonly name: string | undefined;
  readonly kind: 'informant' | 'organisation' | 'actor_group' | 'file_variables';
  readonly values: NamedValue[];
  readonly sourceRefs: string[];
  readonly selectionRefs: string[];
  readonly id: string;
}

/** The cases and what their SelectionRefs and the performer folder say about selections. */
export interface CaseIndex {
  readonly cases: RawCase[];
  /** Actor cases (not file variables) by GUID. */
  readonly caseByGuid: Map<string, RawCase>;
  /** Every actor id taken (more are added for file-variable informants). */
  readonly actorIds: Set<string>;
  readonly actorRefOfCase: (c: RawCase) => ActorRef;
  /** Selection GUID → the case that performs there. */
  readonly performerOf: Map<string, ActorRef>;
  /** Selection GUID → the informant who speaks there. */
  readonly speakerOfSelection: Map<string, string>;
  /** Code GUID (under the performer folder) → the case it names. */
  readonly performerByCode: Map<string, ActorRef>;
  /** The cases are iwa's own (its "Actor type" variable). */
  readonly iwaCases: boolean;
  /** The project records every performer (then the speaker is not the default one). */
  readonly performersRecorded: boolean;
  /** Source GUID → the file-variable cases of that source. */
  readonly fileVariableCases: Map<string, RawCase[]>;
}

/** A case variable's value by name (case-insensitive). */
export const typeVar = (
  values: readonly NamedValue[],
  name: string,
): NamedValue['value'] | undefined =>
  values.find((v) => v.name.toLowerCase() === name.toLowerCase())?.value;

function caseKind(
  name: string | undefined,
  values: readonly NamedValue[],
  refs: { sources: number; selections: number },
): RawCase['kind'] {
  const actorType = String(typeVar(values, 'Actor type') ?? '').toLowerCase();
  if (actorType === ACTOR_TYPE_VALUES.organisation.toLowerCase()) return 'organisation';
  if (actorType === ACTOR_TYPE_VALUES.actor_group.toLowerCase()) return 'actor_group';
  return name === undefined && refs.sources === 1 && refs.selections === 0 && actorType === ''
    ? 'file_variables'
    : 'informant';
}

/** A case's SourceRef and SelectionRef GUIDs, taken from the stream as they were read. */
export type CaseRefs = WeakMap<XmlElement, { SourceRef: string[]; SelectionRef: string[] }>;

/**
 * Takes a `<SourceRef>` or `<SelectionRef>` of a `<Case>` as it closes: only its GUID is kept
 * (iwa's own cases name every excerpt their actor performs, hundreds of thousands in a large
 * study). Returns whether it was taken.
 */
export function takeCaseRef(refs: CaseRefs, el: XmlElement, parent: XmlElement): boolean {
  if (parent.name !== 'Case' || (el.name !== 'SourceRef' && el.name !== 'SelectionRef'))
    return false;
  const guid = own(normalizeGuid(attr(el, 'targetGUID') ?? ''));
  let entry = refs.get(parent);
  if (entry === undefined) {
    entry = { SourceRef: [], SelectionRef: [] };
    refs.set(parent, entry);
  }
  if (guid !== undefined) entry[el.name].push(guid);
  return true;
}

/** The children of a `<Case>` read into its {@link RawCase}: values, references, counted codes. */
const READ_CHILDREN = new Set(['VariableValue', 'SourceRef', 'SelectionRef', 'CodeRef']);

function readCaseElements(
  ctx: ReadContext,
  root: XmlElement,
  deps: { variables: VariableIndex; refs: CaseRefs | undefined },
) {
  const { variables } = deps;
  const actorIds = new Set<string>();
  const cases: RawCase[] = [];
  for (const c of kids(kid(root, 'Cases'), 'Case')) {
    const guid = normalizeGuid(attr(c, 'guid') ?? '');
    if (guid === undefined) {
      ctx.warnings.push(ctx.at('liberal_read', '<Case> without a valid guid; ignored', c));
      continue;
    }
    // owned: the report keeps every case's name, which would otherwise pin its chunk of XML
    const name = own(attr(c, 'name')?.trim() || undefined);
    const values = variables.readValues(c);
    const taken = deps.refs?.get(c);
    const refsOf = (element: 'SourceRef' | 'SelectionRef') => [
      ...(taken?.[element] ?? []),
      ...kids(c, element).flatMap((r) => own(normalizeGuid(attr(r, 'targetGUID') ?? '')) ?? []),
    ];
    const sourceRefs = refsOf('SourceRef');
    const selectionRefs = refsOf('SelectionRef');
    ctx.skip(
      'CodeRef (in a Case)',
      'codes applied to whole cases are not carried',
      kids(c, 'CodeRef').length,
    );
    const kind = caseKind(name, values, {
      sources: sourceRefs.length,
      selections: selectionRefs.length,
    });
    const id =
      kind === 'file_variables'
        ? ''
        : uniqueId(slugify(name ?? '') || `case_${guid.slice(0, 8)}`, actorIds);
    cases.push({ guid, el: c, name, kind, values, sourceRefs, selectionRefs, id });
    // what was just read is dropped from the element, which stays alive (for its description and
    // to locate issues) while the sources stream: the variable values of 10,000 cases are
    // ~280,000 elements
    if (c.children.some((ch) => READ_CHILDREN.has(ch.name)))
      c.children = c.children.filter((ch) => !READ_CHILDREN.has(ch.name));
  }
  return { cases, actorIds };
}

/** The extension's actor ids by the GUID iwa gave them (computed once: a GUID is a hash). */
function extensionActorIds(ctx: ReadContext): Map<string, string> {
  const byGuid = new Map<string, string>();
  const ext = ctx.ext;
  if (ext === undefined) return byGuid;
  const lists = [
    ['organisation', ext.manifest.organisations],
    ['actor_group', ext.manifest.actorGroups],
    ['informant', ext.manifest.informants],
  ] as const;
  for (const [kind, list] of lists)
    for (const a of list) byGuid.set(`${kind}:${qdpxGuid(ext.study.id, kind, a.id)}`, a.id);
  return byGuid;
}

/**
 * A case's SelectionRef: in NVivo and MAXQDA projects the case speaks in the passage; iwa's own
 * cases (with its "Actor type" variable) and organisations or groups perform it; the map can say
 * the project used it for the performer, or for nothing iwa reads.
 */
function readSelectionRefs(
  ctx: ReadContext,
  index: Omit<CaseIndex, 'performerByCode' | 'fileVariableCases'>,
) {
  let ignored = 0;
  for (const c of index.cases) {
    if (c.kind === 'file_variables') continue;
    const iwaCase = typeVar(c.values, 'Actor type') !== undefined;
    const meaning = c.kind !== 'informant' || iwaCase ? 'performer' : ctx.mapping.selectionRefs;
    if (meaning === 'ignore') {
      ignored += c.selectionRefs.length;
      continue;
    }
    const target = meaning === 'performer' ? index.performerOf : index.speakerOfSelection;
    for (const sel of c.selectionRefs) {
      if (target.has(sel)) {
        ctx.warnings.push(
          ctx.at(
            'duplicate',
            `a selection is referenced by more than one Case; the first one ${meaning === 'performer' ? 'performs' : 'speaks'} there`,
            c.el,
          ),
        );
      } else if (meaning === 'performer') index.performerOf.set(sel, index.actorRefOfCase(c));
      else index.speakerOfSelection.set(sel, c.id);
    }
  }
  ctx.skip(
    'SelectionRef (in a Case)',
    'the map says case SelectionRefs mean nothing iwa reads (selectionRefs: ignore)',
    ignored,
  );
}

/** The performer folder's codes name cases. */
function readPerformerCodes(
  ctx: ReadContext,
  codes: CodeIndex,
  index: Pick<CaseIndex, 'cases' | 'actorRefOfCase'>,
): Map<string, ActorRef> {
  const performerByCode = new Map<string, ActorRef>();
  const caseByLabel = new Map<string, RawCase>();
  for (const c of index.cases) {
    if (c.kind === 'file_variables') continue;
    for (const n of [c.name, c.id]) if (n) caseByLabel.set(labelKey(n), c);
  }
  for (const [guid, code] of codes.performerCodes) {
    const c = caseByLabel.get(labelKey(code.name));
    if (c === undefined) {
      ctx.errors.push(
        ctx.at(
          'invalid_mapping',
          `the code "${code.name}" in the performer folder "${ctx.mapping.performers?.codeFolder ?? ''}" names no case`,
          code.el,
        ),
      );
    } else performerByCode.set(guid, index.actorRefOfCase(c));
  }
  return performerByCode;
}

/** Reads `<Cases>`: actors, file variables, and who speaks or performs at which selection. */
export function readCases(
  ctx: ReadContext,
  root: XmlElement,
  deps: { variables: VariableIndex; codes: CodeIndex; refs?: CaseRefs | undefined },
): CaseIndex {
  const { cases, actorIds } = readCaseElements(ctx, root, {
    variables: deps.variables,
    refs: deps.refs,
  });
  const extActorIdByGuid = extensionActorIds(ctx);
  // one ActorRef per case, shared by every selection it performs
  const refOfCase = new Map<RawCase, ActorRef>();
  const actorRefOfCase = (c: RawCase): ActorRef => {
    let ref = refOfCase.get(c);
    if (ref === undefined) {
      ref = {
        kind: c.kind === 'file_variables' ? 'informant' : c.kind,
        id: ctx.ext ? (extActorIdByGuid.get(`${c.kind}:${c.guid}`) ?? c.id) : c.id,
      };
      refOfCase.set(c, ref);
    }
    return ref;
  };
  // iwa's own export (and a project whose map says so) records every performer itself: the
  // speaker is then not the default performer
  const iwaCases = cases.some((c) => typeVar(c.values, 'Actor type') !== undefined);
  const partial = {
    cases,
    caseByGuid: new Map(cases.filter((c) => c.kind !== 'file_variables').map((c) => [c.guid, c])),
    actorIds,
    actorRefOfCase,
    performerOf: new Map<string, ActorRef>(),
    speakerOfSelection: new Map<string, string>(),
    iwaCases,
    performersRecorded: ctx.mapping.selectionRefs === 'performer' || iwaCases,
  };
  readSelectionRefs(ctx, partial);
  const fileVariableCases = new Map<string, RawCase[]>();
  for (const c of cases) {
    const ref = c.sourceRefs[0];
    if (c.kind !== 'file_variables' || ref === undefined) continue;
    fileVariableCases.set(ref, [...(fileVariableCases.get(ref) ?? []), c]);
  }
  return {
    ...partial,
    performerByCode: readPerformerCodes(ctx, deps.codes, partial),
    fileVariableCases,
  };
}
