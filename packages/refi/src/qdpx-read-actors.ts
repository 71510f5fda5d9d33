import type { ActorGroup, Informant, Organisation, Position, Variables } from '@iwa/study';
import { vocabularySlug, type PositionDimensionName } from './qdpx-mapping.ts';
import { kid, uniqueId, type ReadContext } from './qdpx-read-context.ts';
import { typeVar, type CaseIndex, type RawCase } from './qdpx-read-cases.ts';
import type { RawSource } from './qdpx-read-sources.ts';
import type { NamedValue, VariableIndex } from './qdpx-read-variables.ts';
import type { XmlElement } from './xml-tree.ts';

/** The actors REFI-QDA's own data describes (read when iwa's extension is absent). */
export interface Actors {
  readonly informants: Informant[];
  readonly organisations: Organisation[];
  readonly actorGroups: ActorGroup[];
  readonly positions: Position[];
}

const IWA_CASE_VARIABLES = new Set(
  ['Actor type', 'Position', 'Organisation', 'Organisation kind', 'Part of', 'Group kind'].map(
    (n) => n.toLowerCase(),
  ),
);

type Dimensions = Partial<Record<PositionDimensionName, string | boolean>>;

/** Positions made from dimension values, one per distinct combination. */
function positionMaker(ctx: ReadContext, positions: Position[]) {
  const positionKeys = new Map<string, string>();
  const positionIds = new Set<string>();
  return (
    dims: Dimensions,
    label: string | undefined,
    where: XmlElement | { line: number; path: string },
  ) => {
    const role = dims.role;
    if (typeof role !== 'string') {
      if (Object.keys(dims).length > 0) {
        ctx.warnings.push({
          ...ctx.at(
            'defaulted',
            'position variables without a role; no position made (a position needs a role)',
          ),
          line: where.line,
          element: where.path,
        });
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
}

/** Splits a case's values into position dimensions and study variables. */
function valueSplitter(variables: VariableIndex) {
  return (values: readonly NamedValue[], iwaCase: boolean) => {
    const dims: Dimensions = {};
    const kept: Variables = {};
    for (const { name, value } of values) {
      if (iwaCase && IWA_CASE_VARIABLES.has(name.toLowerCase())) continue;
      const m = variables.dimensionOf(name);
      const v = m === undefined ? undefined : variables.dimensionValue(m, value);
      if (m !== undefined && v !== undefined) dims[m.dimension] = v;
      else if (m === undefined) {
        kept[name] = value;
        variables.usedVariableNames.add(name);
      }
    }
    return { dims, variables: kept };
  };
}

const nameOfVar = (values: readonly NamedValue[], name: string) => {
  const v = typeVar(values, name);
  return v === undefined || v === null ? undefined : String(v);
};

const descriptionOf = (c: RawCase) => {
  const description = kid(c.el, 'Description')?.text;
  return description ? { description } : {};
};

function readOrganisations(cases: readonly RawCase[]) {
  const organisations: Organisation[] = [];
  const orgIdByName = new Map<string, string>();
  for (const c of cases) {
    if (c.kind !== 'organisation') continue;
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
      ...descriptionOf(c),
    });
    orgIdByName.set(c.name ?? c.id, c.id);
  }
  for (const c of cases) {
    if (c.kind !== 'organisation') continue;
    const parent = nameOfVar(c.values, 'Part of');
    const parentId = parent === undefined ? undefined : orgIdByName.get(parent);
    const org = organisations.find((o) => o.id === c.id);
    if (parentId !== undefined && org) Object.assign(org, { parentId });
  }
  return { organisations, orgIdByName };
}

function readActorGroup(c: RawCase, orgIdByName: ReadonlyMap<string, string>): ActorGroup {
  const role = nameOfVar(c.values, 'Role');
  const org = nameOfVar(c.values, 'Organisation');
  const organisationId = org === undefined ? undefined : orgIdByName.get(org);
  return {
    id: c.id,
    label: c.name ?? c.id,
    kind: vocabularySlug(nameOfVar(c.values, 'Group kind') ?? 'group'),
    ...(role ? { role: vocabularySlug(role) } : {}),
    ...(organisationId ? { organisationId } : {}),
    ...descriptionOf(c),
  };
}

/**
 * Reads the actors from the cases (informants with positions from their variables,
 * organisations, actor groups) and links each source to its participants. File variables
 * (MAXQDA, Quirkos): a document without a case whose variables hold a position is an interview
 * with one informant, named after the document.
 */
export function readActors(
  ctx: ReadContext,
  deps: { cases: CaseIndex; variables: VariableIndex; sources: RawSource[] },
): Actors {
  const { cases, variables, sources } = deps;
  const positions: Position[] = [];
  const makePosition = positionMaker(ctx, positions);
  const splitValues = valueSplitter(variables);
  const { organisations, orgIdByName } = readOrganisations(cases.cases);
  const actorGroups: ActorGroup[] = [];
  const informants: Informant[] = [];
  const sourceByGuid = new Map(sources.map((s) => [s.guid, s]));
  for (const c of cases.cases) {
    if (c.kind === 'actor_group') actorGroups.push(readActorGroup(c, orgIdByName));
    if (c.kind !== 'informant') continue;
    const iwaCase = typeVar(c.values, 'Actor type') !== undefined;
    const { dims, variables: kept } = splitValues(c.values, iwaCase);
    const positionId = makePosition(dims, nameOfVar(c.values, 'Position'), c.el);
    informants.push({
      id: c.id,
      ...(c.name ? { pseudonym: c.name } : {}),
      ...(positionId ? { positionId } : {}),
      ...descriptionOf(c),
      ...(Object.keys(kept).length > 0 ? { variables: kept } : {}),
    });
    for (const ref of c.sourceRefs) {
      const src = sourceByGuid.get(ref);
      if (src) src.participants.push(c.id);
      else
        ctx.warnings.push(
          ctx.at('unknown_reference', '<SourceRef> names no text source; ignored', c.el),
        );
    }
  }
  for (const src of sources) {
    if (src.participants.length > 0 || src.variables === undefined) continue;
    const values = Object.entries(src.variables).map(([name, value]) => ({ name, value }));
    const { dims, variables: kept } = splitValues(values, false);
    if (Object.keys(dims).length === 0) continue;
    const id = uniqueId(src.docId, cases.actorIds);
    const positionId = makePosition(dims, undefined, src);
    informants.push({
      id,
      ...(src.name ? { pseudonym: src.name } : {}),
      ...(positionId ? { positionId } : {}),
      ...(Object.keys(kept).length > 0 ? { variables: kept } : {}),
    });
    src.participants = [id];
    src.variables = Object.keys(kept).length > 0 ? kept : undefined;
  }
  return { informants, organisations, actorGroups, positions };
}
