import {
  deleteDocument as deleteStoredDocument,
  editStudyManifest,
  queryStoredDocumentCoders,
  renameDocument as renameStoredDocument,
  replaceDocumentWithManifest,
  type ChangeContext,
  type Graph,
  type ManifestEdit,
} from '@iwa/graph';
import {
  ActorRelationType,
  checkStudy,
  relationId,
  resolveVocabularies,
  type ActorRef,
  type ActorRelation,
  type DimensionName,
  type DocumentBundle,
  type Informant,
  type Position,
  type StudyCode,
  type StudyManifest,
  type VariableValue,
} from '@iwa/study';
import { codeFamily, isFrameworkCodeKey, slug } from '@iwa/taxonomy';
import { codeRowsFor } from './code-rows.ts';
import { ServiceError } from './service-error.ts';

/*
 * The workbench's changes to a study, written once for the explorer and any other client (the
 * CLI could call them too): the study's own codes, its actors and their positions and
 * attributes, relations between actors, and its documents. Each is one transaction with its
 * audit entry (see `editStudyManifest` in @iwa/graph); what is stored afterwards is what an
 * import of the edited study.yaml stores, so `iwa study export` and `iwa codebook export --study`
 * show the change.
 */

const invalid = (message: string): ServiceError => new ServiceError('invalid_query', message);

/** A snake_case key part from a label: `Senior psychiatrists’ veto` → `senior_psychiatrists_veto`. */
export function keyFromLabel(label: string): string {
  const key = slug(label).slice(0, 50).replace(/_+$/g, '');
  return key.length > 0 ? key : 'code';
}

// ---------------------------------------------------------------------------------------------
// The codebook

/** A change to a study's own codes. Framework codes are fixed. */
export type CodebookChange =
  | {
      op: 'create';
      family: 'theme' | 'flag';
      label: string;
      /** Default: the family and a key made from the label (`theme.gatekeeping`). */
      key?: string | undefined;
      parent?: string | undefined;
      colour?: string | undefined;
      description?: string | undefined;
    }
  | {
      op: 'update';
      key: string;
      label?: string | undefined;
      /** null: to the top level. */
      parent?: string | null | undefined;
      colour?: string | null | undefined;
      description?: string | null | undefined;
    }
  | { op: 'merge'; key: string; into: string }
  | { op: 'retire'; key: string };

function studyCodeOf(manifest: StudyManifest, key: string, field = 'key'): StudyCode {
  const code = manifest.codebook.codes.find((c) => c.key === key);
  if (code !== undefined) return code;
  if (isFrameworkCodeKey(key) || /^(form|purpose|lns|pillar)\./.test(key)) {
    throw invalid(
      `${field}: ${key} is a framework code; framework codes are fixed (hide them in the panel instead)`,
    );
  }
  throw invalid(
    `${field}: the study has no code ${key} (its codes: ${manifest.codebook.codes.map((c) => c.key).join(', ') || 'none yet'})`,
  );
}

/** Whether `key` is `ancestor` or lies below it. */
function isWithin(codes: readonly StudyCode[], key: string, ancestor: string): boolean {
  const byKey = new Map(codes.map((c) => [c.key, c]));
  for (let k: string | undefined = key, n = 0; k !== undefined && n <= codes.length; n += 1) {
    if (k === ancestor) return true;
    k = byKey.get(k)?.parent;
  }
  return false;
}

const withoutUndefined = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

function checkColour(colour: string | null | undefined): void {
  if (colour !== undefined && colour !== null && !/^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/.test(colour))
    throw invalid(`colour: ${colour} is not a colour; write #RRGGBB, e.g. #2a9d8f`);
}

/** The manifest edit a codebook change makes (pure: what `editCodebook` writes). */
export function codebookEdit(manifest: StudyManifest, change: CodebookChange): ManifestEdit | null {
  const codes = manifest.codebook.codes;
  const withCodes = (next: StudyCode[]): StudyManifest => ({
    ...manifest,
    codebook: { codes: next },
  });
  const edit = (
    next: StudyCode[],
    rest: Omit<ManifestEdit, 'manifest' | 'codes'>,
  ): ManifestEdit => {
    const m = withCodes(next);
    return { manifest: m, codes: codeRowsFor(m), ...rest };
  };
  switch (change.op) {
    case 'create': {
      const label = change.label.trim();
      if (label === '') throw invalid('label: give the code a name');
      const base = change.key ?? `${change.family}.${keyFromLabel(label)}`;
      if (codeFamily(base) !== change.family || !/^[a-z]+\.[a-z0-9][a-z0-9_]*$/.test(base))
        throw invalid(`key: ${base} is not a ${change.family} key (${change.family}.some_name)`);
      let key = base;
      if (change.key !== undefined && codes.some((c) => c.key === key))
        throw invalid(`key: the study has a code ${key} already`);
      for (let n = 2; codes.some((c) => c.key === key); n += 1) key = `${base}_${n}`;
      if (change.parent !== undefined) studyCodeOf(manifest, change.parent, 'parent');
      checkColour(change.colour);
      const code: StudyCode = withoutUndefined({
        key,
        label,
        parent: change.parent,
        colour: change.colour,
        description: change.description?.trim() === '' ? undefined : change.description,
      });
      return edit([...codes, code], { action: 'create_code', before: null, after: code });
    }
    case 'update': {
      const old = studyCodeOf(manifest, change.key);
      if (change.label !== undefined && change.label.trim() === '')
        throw invalid('label: a code needs a name');
      if (change.parent !== undefined && change.parent !== null) {
        studyCodeOf(manifest, change.parent, 'parent');
        if (isWithin(codes, change.parent, change.key))
          throw invalid(
            `parent: ${change.parent} lies within ${change.key}; a code cannot hold itself`,
          );
      }
      checkColour(change.colour);
      const pick = <K extends 'parent' | 'colour' | 'description'>(k: K) =>
        change[k] === undefined ? old[k] : (change[k] ?? undefined);
      const next: StudyCode = withoutUndefined({
        key: old.key,
        label: change.label?.trim() ?? old.label,
        parent: pick('parent'),
        colour: pick('colour'),
        description: pick('description') === '' ? undefined : pick('description'),
        isCodable: old.isCodable,
      });
      if (JSON.stringify(next) === JSON.stringify(withoutUndefined({ ...old }))) return null;
      return edit(
        codes.map((c) => (c.key === old.key ? next : c)),
        { action: 'update_code', before: old, after: next },
      );
    }
    case 'merge': {
      const from = studyCodeOf(manifest, change.key);
      const into = studyCodeOf(manifest, change.into, 'into');
      if (from.key === into.key) throw invalid('into: a code cannot be merged into itself');
      const next = codes
        .filter((c) => c.key !== from.key)
        .map((c) => {
          if (c.key === into.key && c.parent === from.key)
            return withoutUndefined({ ...c, parent: from.parent });
          return c.parent === from.key ? { ...c, parent: into.key } : c;
        });
      return edit(next, {
        action: 'merge_code',
        before: from,
        after: { merged: from.key, into: into.key },
        mergeCodes: { from: from.key, into: into.key },
      });
    }
    case 'retire': {
      const old = studyCodeOf(manifest, change.key);
      const next = codes
        .filter((c) => c.key !== old.key)
        .map((c) => (c.parent === old.key ? withoutUndefined({ ...c, parent: old.parent }) : c));
      return edit(next, {
        action: 'retire_code',
        before: old,
        after: null,
        removeCodes: [old.key],
      });
    }
  }
}

/** Changes the study's own codes: one transaction with its audit entry. */
export async function editCodebook(
  graph: Graph,
  params: { studyId: string; change: ChangeContext; edit: CodebookChange },
): Promise<{ outcome: 'changed' | 'unchanged' | 'replayed'; after: unknown }> {
  return editStudyManifest(graph, {
    studyId: params.studyId,
    change: params.change,
    edit: (m) => checked(codebookEdit(m, params.edit)),
  });
}

// ---------------------------------------------------------------------------------------------
// Actors, positions and attributes, relations

/** The dimension values of an informant's position. */
export interface PositionValues {
  role: string;
  sector?: string | undefined;
  tier?: string | undefined;
  level?: string | undefined;
  authority?: string | undefined;
}

/** An actor to add, or to change when its id exists. */
export type ActorChange =
  | ({
      kind: 'informant';
      id: string;
      pseudonym?: string | undefined;
      description?: string | undefined;
      /** The organisation that employs them (primary employment). */
      organisationId?: string | null | undefined;
      /** Case attributes (REFI-QDA case variables). */
      variables?: Record<string, VariableValue> | undefined;
    } & PositionValues)
  | {
      kind: 'organisation';
      id: string;
      name: string;
      /** e.g. `nav_office`, `health_trust`, or a kind of the study's own. */
      organisationKind: string;
      sector?: string | undefined;
      level?: string | undefined;
      tier?: string | undefined;
      parentId?: string | undefined;
      description?: string | undefined;
    }
  | {
      kind: 'actor_group';
      id: string;
      label: string;
      /** `group`, `forum`, or a kind of the study's own. */
      groupKind: string;
      role?: string | undefined;
      organisationId?: string | undefined;
      description?: string | undefined;
    };

const snake = (dim: string, v: string): string => {
  const value = v.trim();
  if (!/^[a-z][a-z0-9_]*$/.test(value))
    throw invalid(`${dim}: "${v}" is not a value name; write it in snake_case, e.g. senior_doctor`);
  return value;
};

/** The study's dimension extensions with any new values added (a study's own vocabulary). */
function extendDimensions(
  manifest: StudyManifest,
  values: Partial<Record<DimensionName, string | undefined>>,
): StudyManifest['dimensions'] {
  const known = resolveVocabularies(manifest.dimensions);
  const dims = { ...manifest.dimensions };
  for (const [dim, v] of Object.entries(values) as [DimensionName, string | undefined][]) {
    if (v === undefined || known[dim].includes(v)) continue;
    dims[dim] = [...(dims[dim] ?? []), v];
  }
  return dims;
}

function positionFor(
  positions: readonly Position[],
  values: PositionValues,
): { position: Position; created: boolean } {
  const dims = ['role', 'sector', 'tier', 'level', 'authority'] as const;
  const same = positions.find((p) => dims.every((d) => (p[d] ?? undefined) === values[d]));
  if (same) return { position: same, created: false };
  const base = dims
    .map((d) => values[d])
    .filter((v) => v !== undefined)
    .join('_');
  let id = base;
  for (let n = 2; positions.some((p) => p.id === id); n += 1) id = `${base}_${n}`;
  return {
    position: withoutUndefined({
      id,
      role: values.role,
      sector: values.sector,
      tier: values.tier,
      level: values.level,
      authority: values.authority,
    }),
    created: true,
  };
}

function actorIdFree(manifest: StudyManifest, kind: ActorRef['kind'], id: string): void {
  const taken: [ActorRef['kind'], string[]][] = [
    ['informant', manifest.informants.map((i) => i.id)],
    ['organisation', manifest.organisations.map((o) => o.id)],
    ['actor_group', manifest.actorGroups.map((g) => g.id)],
  ];
  for (const [k, ids] of taken) {
    if (k !== kind && ids.includes(id))
      throw invalid(
        `id: ${id} is already the id of a${k === 'informant' ? 'n' : ''} ${k.replace('_', ' ')}; actors share one id space, pick another id`,
      );
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(id))
    throw invalid(`id: "${id}" uses letters, digits and _ . : - only (e.g. O01, psychiatrists)`);
}

/** The manifest edit that adds or changes an actor (pure: what `saveActor` writes). */
export function actorEdit(manifest: StudyManifest, change: ActorChange): ManifestEdit | null {
  actorIdFree(manifest, change.kind, change.id);
  let next: StudyManifest;
  let before: unknown;
  let after: unknown;
  switch (change.kind) {
    case 'informant': {
      const values: PositionValues = withoutUndefined({
        role: snake('role', change.role),
        sector:
          change.sector === undefined || change.sector === ''
            ? undefined
            : snake('sector', change.sector),
        tier:
          change.tier === undefined || change.tier === '' ? undefined : snake('tier', change.tier),
        level:
          change.level === undefined || change.level === ''
            ? undefined
            : snake('level', change.level),
        authority:
          change.authority === undefined || change.authority === ''
            ? undefined
            : snake('authority', change.authority),
      });
      const { position, created } = positionFor(manifest.positions, values);
      const old = manifest.informants.find((i) => i.id === change.id);
      const informant: Informant = withoutUndefined({
        id: change.id,
        pseudonym: change.pseudonym?.trim() === '' ? undefined : change.pseudonym?.trim(),
        positionId: position.id,
        description: change.description?.trim() === '' ? undefined : change.description,
        variables:
          change.variables === undefined
            ? old?.variables
            : Object.keys(change.variables).length === 0
              ? undefined
              : change.variables,
      });
      let relations = manifest.relations;
      const employer = manifest.relations.find(
        (r) => r.type === 'employed_by' && r.from.id === change.id && r.primary,
      );
      if (change.organisationId !== undefined && change.organisationId !== employer?.to.id) {
        relations = relations.filter((r) => r !== employer);
        if (change.organisationId !== null && change.organisationId !== '') {
          if (!manifest.organisations.some((o) => o.id === change.organisationId))
            throw invalid(`organisationId: the study has no organisation ${change.organisationId}`);
          const from: ActorRef = { kind: 'informant', id: change.id };
          const to: ActorRef = { kind: 'organisation', id: change.organisationId };
          relations = [
            ...relations,
            {
              id: relationId('employed_by', from, to),
              type: 'employed_by',
              from,
              to,
              primary: true,
              evidence: employer?.evidence ?? [],
            },
          ];
        }
      }
      next = {
        ...manifest,
        dimensions: extendDimensions(manifest, values),
        positions: created ? [...manifest.positions, position] : manifest.positions,
        informants: old
          ? manifest.informants.map((i) => (i.id === change.id ? informant : i))
          : [...manifest.informants, informant],
        relations,
      };
      before = old ? { ...old, employer: employer?.to.id ?? null } : null;
      after = {
        ...informant,
        position,
        employer: change.organisationId ?? employer?.to.id ?? null,
      };
      break;
    }
    case 'organisation': {
      const name = change.name.trim();
      if (name === '') throw invalid('name: an organisation needs a name');
      if (
        change.parentId !== undefined &&
        !manifest.organisations.some((o) => o.id === change.parentId)
      )
        throw invalid(`parentId: the study has no organisation ${change.parentId}`);
      const org = withoutUndefined({
        id: change.id,
        name,
        kind: snake('kind', change.organisationKind),
        sector: change.sector ? snake('sector', change.sector) : undefined,
        level: change.level ? snake('level', change.level) : undefined,
        tier: change.tier ? snake('tier', change.tier) : undefined,
        parentId: change.parentId,
        description: change.description?.trim() === '' ? undefined : change.description,
      });
      const old = manifest.organisations.find((o) => o.id === change.id);
      next = {
        ...manifest,
        dimensions: extendDimensions(manifest, {
          organisationKind: org.kind,
          sector: org.sector,
          level: org.level,
          tier: org.tier,
        }),
        organisations: old
          ? manifest.organisations.map((o) => (o.id === change.id ? org : o))
          : [...manifest.organisations, org],
      };
      before = old ?? null;
      after = org;
      break;
    }
    case 'actor_group': {
      const label = change.label.trim();
      if (label === '') throw invalid('label: a group needs a name');
      if (
        change.organisationId !== undefined &&
        !manifest.organisations.some((o) => o.id === change.organisationId)
      )
        throw invalid(`organisationId: the study has no organisation ${change.organisationId}`);
      const group = withoutUndefined({
        id: change.id,
        label,
        kind: snake('kind', change.groupKind),
        role: change.role ? snake('role', change.role) : undefined,
        organisationId: change.organisationId,
        description: change.description?.trim() === '' ? undefined : change.description,
      });
      const old = manifest.actorGroups.find((g) => g.id === change.id);
      next = {
        ...manifest,
        dimensions: extendDimensions(manifest, { actorGroupKind: group.kind, role: group.role }),
        actorGroups: old
          ? manifest.actorGroups.map((g) => (g.id === change.id ? group : g))
          : [...manifest.actorGroups, group],
      };
      before = old ?? null;
      after = group;
      break;
    }
  }
  if (JSON.stringify(next) === JSON.stringify(manifest)) return null;
  return { manifest: next, codes: codeRowsFor(next), action: 'save_actor', before, after };
}

/** Adds or changes an informant, organisation or group: one transaction with its audit entry. */
export async function saveActor(
  graph: Graph,
  params: { studyId: string; change: ChangeContext; actor: ActorChange },
): Promise<{ outcome: 'changed' | 'unchanged' | 'replayed'; after: unknown }> {
  return editStudyManifest(graph, {
    studyId: params.studyId,
    change: params.change,
    edit: (m) => checked(actorEdit(m, params.actor)),
  });
}

/** How an actor is named in messages: `Senior psychiatrists (senior-psychiatrists)`. */
function actorName(manifest: StudyManifest, ref: ActorRef): string {
  const name =
    ref.kind === 'informant'
      ? manifest.informants.find((i) => i.id === ref.id)?.pseudonym
      : ref.kind === 'organisation'
        ? manifest.organisations.find((o) => o.id === ref.id)?.name
        : manifest.actorGroups.find((g) => g.id === ref.id)?.label;
  return name === undefined || name === ref.id ? ref.id : `${name} (${ref.id})`;
}

/**
 * The manifest edit that deletes an actor (pure: what `deleteActor` writes). Refused, naming
 * what is in the way, while a relation, a phase event, a group or another organisation names
 * it: a researcher decides what becomes of those, nothing goes unseen. An informant's own
 * employer link goes with the informant. What the coded material names (performer, speaker,
 * participant) is checked in the same transaction by the graph.
 */
export function actorRemoval(manifest: StudyManifest, ref: ActorRef): ManifestEdit {
  const same = (a: ActorRef) => a.kind === ref.kind && a.id === ref.id;
  const actor =
    ref.kind === 'informant'
      ? manifest.informants.find((i) => i.id === ref.id)
      : ref.kind === 'organisation'
        ? manifest.organisations.find((o) => o.id === ref.id)
        : manifest.actorGroups.find((g) => g.id === ref.id);
  if (actor === undefined)
    throw new ServiceError('not_found', `the study has no ${ref.kind.replace('_', ' ')} ${ref.id}`);
  const own = (r: ActorRelation) => r.type === 'employed_by' && same(r.from);
  const named = manifest.relations.filter((r) => !own(r) && (same(r.from) || same(r.to)));
  const blockers = [
    ...named.map(
      (r) =>
        `the relation ${actorName(manifest, r.from)} ${r.type.replace(/_/g, ' ')} ${actorName(manifest, r.to)}`,
    ),
    ...(ref.kind === 'organisation'
      ? [
          ...manifest.phaseEvents
            .filter((e) => e.organisationId === ref.id)
            .map((e) => `its phase event ${e.type}`),
          ...manifest.organisations
            .filter((o) => o.parentId === ref.id)
            .map(
              (o) =>
                `the organisation ${actorName(manifest, { kind: 'organisation', id: o.id })} inside it`,
            ),
          ...manifest.actorGroups
            .filter((g) => g.organisationId === ref.id)
            .map(
              (g) => `the group ${actorName(manifest, { kind: 'actor_group', id: g.id })} in it`,
            ),
        ]
      : []),
  ];
  if (blockers.length > 0)
    throw new ServiceError(
      'conflict',
      `${actorName(manifest, ref)} cannot be deleted while ${blockers.join('; ')} name${blockers.length === 1 ? 's' : ''} it: remove ${blockers.length === 1 ? 'that' : 'those'} first. Nothing was deleted.`,
    );
  const next: StudyManifest = {
    ...manifest,
    informants: manifest.informants.filter((i) => !(ref.kind === 'informant' && i.id === ref.id)),
    organisations: manifest.organisations.filter(
      (o) => !(ref.kind === 'organisation' && o.id === ref.id),
    ),
    actorGroups: manifest.actorGroups.filter(
      (g) => !(ref.kind === 'actor_group' && g.id === ref.id),
    ),
    relations: manifest.relations.filter((r) => !own(r)),
  };
  return {
    manifest: next,
    codes: codeRowsFor(next),
    action: 'delete_actor',
    before: { actorKind: ref.kind, ...actor },
    after: null,
    removeActor: { ...ref, name: actorName(manifest, ref) },
  };
}

/**
 * Deletes an informant, organisation or group that nothing names any more: one transaction
 * with its audit entry. While excerpts, documents, relations or phase events still name it, it
 * is refused (`conflict`) with what is in the way, and nothing is deleted.
 */
export async function deleteActor(
  graph: Graph,
  params: { studyId: string; change: ChangeContext; actor: ActorRef },
): Promise<{ outcome: 'changed' | 'unchanged' | 'replayed'; after: unknown }> {
  return editStudyManifest(graph, {
    studyId: params.studyId,
    change: params.change,
    edit: (m) => checked(actorRemoval(m, params.actor)),
  });
}

/** A relation between two actors drawn from a passage (its evidence). */
export interface RelationChange {
  type: Exclude<ActorRelationType, 'employed_by'>;
  from: ActorRef;
  to: ActorRef;
  /** Excerpt ids that show the relation. */
  evidence: string[];
  participation?: 'full' | 'partial' | 'advisory' | undefined;
  note?: string | undefined;
}

/** The manifest edit that adds a relation, or adds evidence to the same relation (pure). */
export function relationEdit(manifest: StudyManifest, change: RelationChange): ManifestEdit | null {
  const type = ActorRelationType.safeParse(change.type);
  if (!type.success || type.data === 'employed_by')
    throw invalid(
      `type: ${change.type} is not a relation between actors (enlists, advises, collaborates_with, reports_to, attends, co_located_with)`,
    );
  const exists = (a: ActorRef) =>
    (a.kind === 'informant'
      ? manifest.informants
      : a.kind === 'organisation'
        ? manifest.organisations
        : manifest.actorGroups
    ).some((x) => x.id === a.id);
  for (const [field, a] of [
    ['from', change.from],
    ['to', change.to],
  ] as const) {
    if (!exists(a)) throw invalid(`${field}: the study has no ${a.kind.replace('_', ' ')} ${a.id}`);
  }
  if (change.from.kind === change.to.kind && change.from.id === change.to.id)
    throw invalid('to: a relation joins two different actors');
  const id = relationId(change.type, change.from, change.to);
  const old = manifest.relations.find((r) => r.id === id);
  const evidence = [...new Set([...(old?.evidence ?? []), ...change.evidence])];
  const relation = {
    ...(old ?? {}),
    id,
    type: change.type,
    from: change.from,
    to: change.to,
    evidence,
    ...(change.note !== undefined && change.note.trim() !== '' ? { note: change.note } : {}),
    ...(change.type === 'attends'
      ? {
          participation:
            change.participation ??
            (old?.type === 'attends' ? old.participation : undefined) ??
            'full',
        }
      : {}),
  } as ActorRelation;
  if (old && JSON.stringify(old) === JSON.stringify(relation)) return null;
  const next = {
    ...manifest,
    relations: old
      ? manifest.relations.map((r) => (r.id === id ? relation : r))
      : [...manifest.relations, relation],
  };
  return {
    manifest: next,
    codes: codeRowsFor(next),
    action: 'add_relation',
    before: old ?? null,
    after: relation,
    evidence: change.evidence,
    excerptId: change.evidence[0] ?? null,
  };
}

/** Adds a relation between actors with its evidence: one transaction with its audit entry. */
export async function addRelation(
  graph: Graph,
  params: { studyId: string; change: ChangeContext; relation: RelationChange },
): Promise<{ outcome: 'changed' | 'unchanged' | 'replayed'; after: unknown }> {
  return editStudyManifest(graph, {
    studyId: params.studyId,
    change: params.change,
    edit: (m) => checked(relationEdit(m, params.relation)),
  });
}

/** Removes a relation (an undo of adding it, or a mistake). */
export async function removeRelation(
  graph: Graph,
  params: { studyId: string; change: ChangeContext; relationId: string },
): Promise<{ outcome: 'changed' | 'unchanged' | 'replayed'; after: unknown }> {
  return editStudyManifest(graph, {
    studyId: params.studyId,
    change: params.change,
    edit: (m) => {
      const old = m.relations.find((r) => r.id === params.relationId);
      if (old === undefined) throw invalid(`the study has no relation ${params.relationId}`);
      const next = { ...m, relations: m.relations.filter((r) => r !== old) };
      return {
        manifest: next,
        codes: codeRowsFor(next),
        action: 'remove_relation',
        before: old,
        after: null,
      };
    },
  });
}

/** The edit, checked as an import checks a study.yaml (documents and evidence aside). */
function checked(edit: ManifestEdit | null): ManifestEdit | null {
  if (edit === null) return null;
  const issues = checkStudy({ ...edit.manifest, documents: [], excerpts: [], codings: [] }).filter(
    (i) =>
      i.severity === 'error' &&
      !(i.path ?? []).includes('evidence') &&
      i.path?.[0] !== 'phaseEvents',
  );
  if (issues.length > 0) throw invalid(issues.map((i) => i.message).join('; '));
  return edit;
}

// ---------------------------------------------------------------------------------------------
// Documents

/** Gives a document another title; its id, text and codings stay. */
export async function renameDocument(
  graph: Graph,
  params: { studyId: string; documentId: string; title: string; change: ChangeContext },
): Promise<{ outcome: 'changed' | 'unchanged' | 'replayed'; title: string }> {
  const title = params.title.trim();
  if (title === '') throw invalid('title: give the document a title');
  return renameStoredDocument(graph, { ...params, title });
}

/** Deletes a document with its excerpts, codings and memos (a confirmed, audited change). */
export async function deleteDocument(
  graph: Graph,
  params: { studyId: string; documentId: string; change: ChangeContext },
) {
  return deleteStoredDocument(graph, { ...params, codes: codeRowsFor });
}

/**
 * Replaces a document's text with a new version of the file, keeping its id and title. The
 * rule of `iwa import`: replacing a document removes its excerpts, codings and memos, so when
 * coders have work on it the replacement must be confirmed (`discardCodings`), or it is refused
 * with who would lose what. Audited after the write (the import's writer owns its transaction).
 */
export async function replaceDocument(
  graph: Graph,
  params: {
    studyId: string;
    bundle: DocumentBundle;
    discardCodings: boolean;
    change: ChangeContext;
    fileName: string;
  },
): Promise<{
  outcome: 'changed' | 'unchanged' | 'replayed';
  removed: { coderId: string; codings: number; memos: number }[];
}> {
  const { studyId, bundle, change } = params;
  const documentId = bundle.document.id;
  const [stored] = await queryStoredDocumentCoders(graph, { studyId, ids: [documentId] });
  const removed = stored?.coders ?? [];
  if (removed.length > 0 && !params.discardCodings) {
    const what = removed
      .map(
        (c) =>
          `${c.codings} coding${c.codings === 1 ? '' : 's'}${c.memos > 0 ? ` and ${c.memos} memo${c.memos === 1 ? '' : 's'}` : ''} by ${c.coderId}`,
      )
      .join(', ');
    throw new ServiceError(
      'conflict',
      `replacing ${documentId} removes its ${what}: the new text's offsets do not match them. Confirm to replace it anyway, or add the new file as another document.`,
    );
  }
  // the new text, the old passages taken out of relations' evidence (the relations stay) and
  // the audit entry: one transaction, so a failure leaves the old document as it was
  const recorded = await replaceDocumentWithManifest(graph, {
    studyId,
    bundle,
    change,
    edit: (m, oldExcerpts) => {
      const next = {
        ...m,
        relations: m.relations.map((r) => ({
          ...r,
          evidence: r.evidence.filter((x) => !oldExcerpts.has(x)),
        })),
      };
      return {
        manifest: next,
        codes: codeRowsFor(next),
        action: 'replace_document',
        documentId,
        before: { removed },
        after: {
          fileName: params.fileName,
          contentHash: bundle.document.contentHash,
          turns: bundle.document.turns.length,
        },
      };
    },
  });
  if (recorded.outcome === 'unchanged') return { outcome: 'unchanged', removed: [] };
  return { outcome: recorded.outcome, removed };
}
