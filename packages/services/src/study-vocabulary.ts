import { splitCondition, type ConditionSyntax, type Perspective } from '@iwa/analysis';
import {
  queryStudyCatalogue,
  type CatalogueOptionalPart,
  type CoderRule,
  type Graph,
  type StudyCatalogue,
  type UnitCondition,
  type ValueSource,
} from '@iwa/graph';
import { ActorRelationType, DEFAULT_DIMENSION_VOCABULARIES } from '@iwa/study';
import {
  ACTOR_POSITION_KEYS,
  codeFamily,
  codeName,
  FRAMEWORK_CODES,
  POSITION_DIMENSIONS,
} from '@iwa/taxonomy';
import { nearest, unknownName, unknownStudy } from './did-you-mean.ts';
import { ServiceError } from './service-error.ts';

/** A key with a display label. */
export interface Labelled {
  key: string;
  label: string;
}

/**
 * A dimension of a study's excerpts, as a user names it:
 *
 * - `codes`: a code family (`form`, `purpose`, `lns`, `pillar`, `theme`, `flag`, a study's own);
 * - `actor`: a dimension of the speaker's or performer's position (`role`, `sector`, …,
 *   `employerKind`), a case variable of the informants (`employer_type`), `actorKind`
 *   (informant, organisation, actor_group) or the actor itself (`speaker`, `performer`);
 * - `document`: a document variable (`phase`, `organisation`), the document's `documentKind`, or
 *   the `document` itself.
 */
export interface DimensionInfo {
  key: string;
  label: string;
  kind: 'codes' | 'actor' | 'document';
  /** The known values in display order (vocabulary first, then what the data holds). */
  values: Labelled[];
}

/** A dimension resolved for a query: what it is, whose (for actor dimensions), and its values. */
export interface ResolvedDimension {
  info: DimensionInfo;
  /** The name as the report shows it: `role`, `speaker.role`, `form`, `phase`. */
  name: string;
  /** Whose actor an actor dimension reads; null for codes and document dimensions. */
  of: Perspective | null;
  source: ValueSource;
}

/** How a multi-coder study's codings are combined. */
export type CoderRuleName = 'single' | 'pooled' | 'agreed';

/** The coders an analysis counts, and how. */
export interface CoderChoice {
  coders: string[];
  rule: CoderRuleName;
  /** Every coder of the study. */
  studyCoders: string[];
  /** One line for a table's header: which coders and which rule. */
  description: string;
  /** For the graph queries. */
  graphRule: CoderRule;
}

/** What a user may ask for coders: some of them (default all) and a rule (default pooled). */
export interface CoderRequest {
  coders?: readonly string[] | undefined;
  rule?: 'pooled' | 'agreed' | undefined;
}

const FAMILY_LABELS: Record<string, string> = {
  form: 'Form of work',
  purpose: 'Purpose',
  lns: 'Lawrence & Suddaby form',
  pillar: 'Pillar',
  theme: 'Theme',
  flag: 'Flag',
};

const ACTOR_KIND_VALUES: Labelled[] = [
  { key: 'informant', label: 'Informant' },
  { key: 'organisation', label: 'Organisation' },
  { key: 'actor_group', label: 'Actor group' },
];

/** A label from a key: `employerKind` → `Employer kind`, `t1_redefining` → `T1 redefining`. */
export function humanise(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/** A variable name as a dimension key: lower case, anything but letters and digits as `_`. */
export function dimensionKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

const FRAMEWORK_ORDER = new Map<string, number>(FRAMEWORK_CODES.map((c, i) => [c.key, i]));
const POSITION_KEYS: ReadonlySet<string> = new Set(ACTOR_POSITION_KEYS);

function valuesInOrder(known: readonly Labelled[], seen: Iterable<string>): Labelled[] {
  const out = [...known];
  const have = new Set(out.map((v) => v.key));
  for (const v of [...new Set(seen)].sort()) {
    if (!have.has(v)) {
      out.push({ key: v, label: v });
      have.add(v);
    }
  }
  return out;
}

const plain = (v: string | number | boolean | null | undefined): string | null =>
  v === null || v === undefined || v === '' ? null : String(v);

/**
 * A study's vocabulary: every dimension, value, code, coder, organisation and relation type it
 * knows, loaded once per request from small catalogue queries. Every name a user gives is
 * checked here: an unknown one is an error with "did you mean" and the known names, never a
 * silent zero.
 */
export class StudyVocabulary {
  readonly studyId: string;
  readonly studyName: string;
  readonly dimensions: DimensionInfo[];
  readonly coders: { id: string }[];
  readonly organisations: Labelled[];
  /** Relation types iwa knows (the data may hold only some of them). */
  readonly relationTypes: string[];
  /** The catalogue parts this vocabulary was built without (see {@link loadStudyVocabulary}). */
  readonly without: ReadonlySet<CatalogueOptionalPart>;
  readonly #documents: Labelled[];
  readonly #relationsPresent: { type: string; n: number }[];
  /** Informant ids (the universe of coverage claims by informant). */
  readonly informants: string[];
  /** Every actor of the study (informants, organisations, groups) with its display label. */
  readonly actors: Labelled[];
  readonly #byKey = new Map<string, DimensionInfo>();
  readonly #actorValues = new Map<string, Map<string, string[]>>();
  readonly #documentValues = new Map<string, Map<string, string[]>>();

  constructor(studyId: string, catalogue: StudyCatalogue) {
    const record = catalogue.study?.record;
    this.studyId = studyId;
    this.studyName = catalogue.study?.name ?? studyId;
    this.coders = catalogue.coders;
    this.informants = catalogue.actors.filter((a) => a.kind === 'informant').map((a) => a.id);
    this.actors = catalogue.actors.map((a) => ({ key: a.id, label: a.label }));
    this.organisations = catalogue.actors
      .filter((a) => a.kind === 'organisation')
      .map((a) => ({ key: a.id, label: a.label }));
    this.without = new Set(catalogue.without);
    this.#documents = catalogue.documents.map((d) => ({ key: d.id, label: d.title }));
    this.relationTypes = [...ActorRelationType.options];
    this.#relationsPresent = catalogue.relations;
    const dims: DimensionInfo[] = [];

    // code families, framework order first
    const families = new Map<string, Labelled[]>();
    const codes = [...catalogue.codes].sort(
      (a, b) =>
        (FRAMEWORK_ORDER.get(a.id) ?? Number.MAX_SAFE_INTEGER) -
          (FRAMEWORK_ORDER.get(b.id) ?? Number.MAX_SAFE_INTEGER) || a.id.localeCompare(b.id),
    );
    for (const c of codes) {
      if (!c.isCodable) continue;
      const list = families.get(c.family) ?? [];
      list.push({ key: c.id.slice(c.family.length + 1), label: c.label });
      families.set(c.family, list);
    }
    for (const [family, values] of families) {
      dims.push({
        key: family,
        label: FAMILY_LABELS[family] ?? humanise(family),
        kind: 'codes',
        values,
      });
    }

    // actor dimensions: position (with case variables of the same name filling gaps), then the
    // informants' other case variables
    const extensions = (record?.dimensions ?? {}) as Record<string, unknown>;
    const extended = (key: string): string[] => {
      const v = extensions[key];
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    };
    const perActor = new Map<string, Map<string, string[]>>();
    const put = (dim: string, actorId: string, value: string | null): void => {
      if (value === null) return;
      let m = perActor.get(dim);
      if (m === undefined) perActor.set(dim, (m = new Map<string, string[]>()));
      const list = m.get(actorId) ?? [];
      if (!list.includes(value)) list.push(value);
      m.set(actorId, list);
    };
    const caseKeys = new Map<string, string>();
    for (const a of catalogue.actors) {
      for (const key of ACTOR_POSITION_KEYS) put(key, a.id, plain(a.position[key]));
      put('actorKind', a.id, a.kind);
      for (const [name, value] of Object.entries(a.variables)) {
        const key = dimensionKey(name);
        if (key === '') continue;
        if (!caseKeys.has(key)) caseKeys.set(key, name);
        // a Position's own value wins; a case variable of the same name fills the gap
        if (POSITION_KEYS.has(key) || ACTOR_POSITION_KEYS.some((k) => k.toLowerCase() === key)) {
          const pk = ACTOR_POSITION_KEYS.find((k) => k.toLowerCase() === key) ?? key;
          if ((perActor.get(pk)?.get(a.id) ?? []).length === 0) put(pk, a.id, plain(value));
        } else put(key, a.id, plain(value));
      }
    }
    for (const key of ACTOR_POSITION_KEYS) {
      const entry = POSITION_DIMENSIONS.find((d) => d.key === key);
      const known: Labelled[] = [
        ...(entry?.values.map((v) => ({ key: v.key, label: v.label })) ?? []),
        ...(key === 'employerKind'
          ? [...DEFAULT_DIMENSION_VOCABULARIES.organisationKind, ...extended('organisationKind')]
          : extended(key)
        ).map((v) => ({ key: v, label: humanise(v) })),
      ];
      const seen = [...(perActor.get(key)?.values() ?? [])].flat();
      dims.push({
        key,
        label: entry?.label ?? humanise(key),
        kind: 'actor',
        values: valuesInOrder(dedupe(known), seen),
      });
    }
    for (const [key, name] of [...caseKeys].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (POSITION_KEYS.has(key) || ACTOR_POSITION_KEYS.some((k) => k.toLowerCase() === key))
        continue;
      if (families.has(key)) continue; // a family of the same name wins
      const seen = [...(perActor.get(key)?.values() ?? [])].flat();
      dims.push({ key, label: name, kind: 'actor', values: valuesInOrder([], seen) });
    }
    dims.push({
      key: 'actorKind',
      label: 'Kind of actor',
      kind: 'actor',
      values: ACTOR_KIND_VALUES,
    });
    const actorLabels = catalogue.actors.map((a) => ({ key: a.id, label: a.label }));
    dims.push({ key: 'speaker', label: 'Speaker', kind: 'actor', values: actorLabels });
    dims.push({ key: 'performer', label: 'Performer', kind: 'actor', values: actorLabels });
    for (const [dim, m] of perActor) this.#actorValues.set(dim, m);

    // document dimensions
    const docValues = new Map<string, Map<string, string[]>>();
    const docNames = new Map<string, string>();
    for (const d of catalogue.documents) {
      const put1 = (key: string, value: string | null): void => {
        if (value === null) return;
        let m = docValues.get(key);
        if (m === undefined) docValues.set(key, (m = new Map<string, string[]>()));
        m.set(d.id, [value]);
      };
      put1('documentKind', plain(d.kind));
      for (const [name, value] of Object.entries(d.variables)) {
        const key = dimensionKey(name);
        if (key === '') continue;
        if (!docNames.has(key)) docNames.set(key, name);
        put1(key, plain(value));
      }
    }
    const taken = new Set(dims.map((d) => d.key));
    for (const [key, name] of [...docNames].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (taken.has(key)) continue;
      const seen = [...(docValues.get(key)?.values() ?? [])].flat();
      const seenSet = new Set(seen);
      const known =
        key === 'organisation' ? this.organisations.filter((o) => seenSet.has(o.key)) : [];
      dims.push({
        key,
        label: humanise(name),
        kind: 'document',
        values: valuesInOrder(known, seen),
      });
    }
    dims.push({
      key: 'documentKind',
      label: 'Kind of document',
      kind: 'document',
      values: valuesInOrder([], [...(docValues.get('documentKind')?.values() ?? [])].flat()),
    });
    dims.push({ key: 'document', label: 'Document', kind: 'document', values: this.#documents });
    for (const [key, m] of docValues) this.#documentValues.set(key, m);

    this.dimensions = dims;
    for (const d of dims) this.#byKey.set(d.key, d);
  }

  /** The study's documents with their titles. */
  get documents(): Labelled[] {
    this.#loaded('documents');
    return this.#documents;
  }

  /** Relation types present between the study's actors, with their counts. */
  get relationsPresent(): { type: string; n: number }[] {
    this.#loaded('relations');
    return this.#relationsPresent;
  }

  #loaded(part: CatalogueOptionalPart): void {
    if (this.without.has(part))
      throw new Error(`the vocabulary of ${this.studyId} was loaded without its ${part}`);
  }

  /** The dimension named `name` (case-insensitive), or an error with did-you-mean. */
  dimension(name: string, role = 'dimension'): DimensionInfo {
    const exact = this.#byKey.get(name);
    if (exact) return exact;
    const folded = this.dimensions.filter(
      (d) => d.key.toLowerCase() === name.toLowerCase() || d.key === dimensionKey(name),
    );
    if (folded.length === 1 && folded[0]) return folded[0];
    throw unknownName({
      what: role,
      asked: name,
      known: this.dimensions.map((d) => d.key),
    });
  }

  /** The code families of the study. */
  get families(): DimensionInfo[] {
    return this.dimensions.filter((d) => d.kind === 'codes');
  }

  #codeLabels: Map<string, string> | undefined;

  /** A code's label (`form.operational` → `Operational work`), or the key when it is unknown. */
  codeLabel(code: string): string {
    this.#codeLabels ??= new Map(
      this.families.flatMap((f) =>
        f.values.map((v): [string, string] => [`${f.key}.${v.key}`, v.label]),
      ),
    );
    return this.#codeLabels.get(code) ?? code;
  }

  /**
   * Resolves a dimension name as written in `--rows`, `--cols`, `--split` or a condition: a bare
   * actor dimension reads `by`'s actor; `speaker.role` / `performer.role` choose explicitly.
   */
  resolve(name: string, by: Perspective, role = 'dimension'): ResolvedDimension {
    const dot = name.indexOf('.');
    const prefix = dot > 0 ? name.slice(0, dot) : '';
    if (prefix === 'speaker' || prefix === 'performer') {
      const info = this.dimension(name.slice(dot + 1), role);
      if (info.kind !== 'actor') {
        throw new ServiceError(
          'invalid_query',
          `${role} "${name}": ${info.key} is not a dimension of an actor, so it takes no ${prefix}. prefix; write ${info.key}`,
        );
      }
      return this.#resolved(info, prefix);
    }
    return this.#resolved(this.dimension(name, role), by);
  }

  #resolved(info: DimensionInfo, by: Perspective): ResolvedDimension {
    switch (info.kind) {
      case 'codes':
        return { info, name: info.key, of: null, source: { kind: 'codes', family: info.key } };
      case 'actor': {
        if (info.key === 'speaker' || info.key === 'performer') {
          const of = info.key;
          return { info, name: info.key, of, source: { kind: 'actorId', of } };
        }
        const values = Object.fromEntries(this.#actorValues.get(info.key) ?? []);
        return {
          info,
          name: `${by}.${info.key}`,
          of: by,
          source: { kind: 'actor', of: by, values },
        };
      }
      case 'document':
        if (info.key === 'document')
          return { info, name: 'document', of: null, source: { kind: 'documentId' } };
        return {
          info,
          name: info.key,
          of: null,
          source: {
            kind: 'document',
            values: Object.fromEntries(this.#documentValues.get(info.key) ?? []),
          },
        };
    }
  }

  /** A value of a dimension as the user wrote it: its key, or an error with did-you-mean. */
  value(dimension: ResolvedDimension, asked: string, where: string): string {
    const known = dimension.info.values.map((v) => v.key);
    if (known.includes(asked)) return asked;
    if (dimension.info.kind === 'codes' && codeFamily(asked) === dimension.info.key) {
      const short = codeName(asked);
      if (known.includes(short)) return short;
    }
    const folded = known.filter((k) => k.toLowerCase() === asked.toLowerCase());
    if (folded.length === 1 && folded[0]) return folded[0];
    throw unknownName({
      what: `value of ${dimension.info.key}`,
      asked,
      known,
      where,
    });
  }

  /**
   * Parses and checks one condition in the claims' syntax: `role=manager`, `form=operational|relational`,
   * `form.operational`, `speaker.sector!=nav`, `phase=establishing`, `organisation=…`.
   */
  condition(text: string, by: Perspective): { condition: UnitCondition; text: string } {
    let syntax: ConditionSyntax;
    try {
      syntax = splitCondition(text);
    } catch (err) {
      throw new ServiceError('invalid_query', err instanceof Error ? err.message : String(err), {
        cause: err,
      });
    }
    let dim: ResolvedDimension;
    if (syntax.codeKey) {
      // `form.operational`, or `speaker.role` written without a value
      if (syntax.dimension === 'speaker' || syntax.dimension === 'performer') {
        throw new ServiceError(
          'invalid_query',
          `condition "${text}" needs a value: write ${syntax.source}=<value>`,
        );
      }
      const family = this.#byKey.get(syntax.dimension);
      if (family === undefined || family.kind !== 'codes') {
        const codeKeys = this.families.flatMap((f) => f.values.map((v) => `${f.key}.${v.key}`));
        const asDim = this.#byKey.get(syntax.source);
        throw unknownName({
          what: 'code',
          asked: syntax.source,
          known: codeKeys,
          where: `condition "${text}"`,
          hint: asDim ? `to filter on ${asDim.key}, write ${asDim.key}=<value>` : undefined,
        });
      }
      dim = this.#resolved(family, by);
    } else {
      dim = this.resolve(syntax.dimension, by);
    }
    const values = syntax.values.map((v) => this.value(dim, v, `condition "${text}"`));
    const shown =
      dim.info.kind === 'codes' && syntax.codeKey && !syntax.negate && values.length === 1
        ? `${dim.name}.${values[0]}`
        : `${dim.name}${syntax.negate ? '!=' : '='}${values.join('|')}`;
    return {
      condition: { source: dim.source, values, negate: syntax.negate },
      text: shown,
    };
  }

  /** The condition that a dimension has a value: used for a cell's row, column or layer. */
  equals(dimension: ResolvedDimension, value: string): { condition: UnitCondition; text: string } {
    return {
      condition: { source: dimension.source, values: [value], negate: false },
      text: `${dimension.name}=${value}`,
    };
  }

  /** Checks the coders asked for and the rule; the default is every coder of the study, pooled. */
  coderChoice(request: CoderRequest = {}): CoderChoice {
    const studyCoders = this.coders.map((c) => c.id);
    const asked = request.coders === undefined ? studyCoders : [...new Set(request.coders)];
    for (const c of asked) {
      if (!studyCoders.includes(c))
        throw unknownName({ what: 'coder', asked: c, known: studyCoders });
    }
    if (asked.length === 0) {
      throw new ServiceError(
        'invalid_query',
        studyCoders.length === 0
          ? `study ${this.studyId} has no codings yet`
          : 'name at least one coder',
      );
    }
    const coders = [...asked].sort();
    const rule: CoderRuleName = coders.length === 1 ? 'single' : (request.rule ?? 'pooled');
    const description =
      rule === 'single'
        ? `coder: ${coders[0]}${studyCoders.length > 1 ? ` (one of ${studyCoders.length}: ${studyCoders.join(', ')})` : ''}`
        : rule === 'pooled'
          ? `coders: ${coders.join(', ')}, pooled (a code counts once on an excerpt whichever of them gave it)`
          : `coders: ${coders.join(', ')}, agreed codes only (a code counts only where every one of them gave it)`;
    return {
      coders,
      rule,
      studyCoders,
      description,
      graphRule: {
        coders,
        need: rule === 'agreed' ? 'all' : 'any',
        // every coder of the study chosen (checked above: each is one of them)
        every: coders.length === studyCoders.length,
      },
    };
  }

  /** An organisation of the study by id, or an error with did-you-mean. */
  organisation(id: string): Labelled {
    const found = this.organisations.find((o) => o.key === id);
    if (found) return found;
    throw unknownName({
      what: 'organisation',
      asked: id,
      known: this.organisations.map((o) => o.key),
    });
  }

  /** A relation type iwa knows, or an error with did-you-mean. */
  relationType(type: string): string {
    if (this.relationTypes.includes(type)) return type;
    throw unknownName({ what: 'relation type', asked: type, known: this.relationTypes });
  }

  /** The names nearest to `asked` among the dimension keys (for messages elsewhere). */
  nearestDimensions(asked: string): string[] {
    return nearest(
      asked,
      this.dimensions.map((d) => d.key),
    );
  }
}

function dedupe(values: Labelled[]): Labelled[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v.key) ? false : (seen.add(v.key), true)));
}

/**
 * Loads a study's vocabulary (a handful of small queries, nothing per excerpt). Throws
 * `ServiceError('not_found')` naming the known studies when the study does not exist.
 */
export async function loadStudyVocabulary(
  graph: Graph,
  studyId: string,
  options: { naming?: NamedDimensions } = {},
): Promise<StudyVocabulary> {
  const load = async (without: CatalogueOptionalPart[]) => {
    const catalogue = await queryStudyCatalogue(graph, { studyId, without });
    if (catalogue.study === null) throw unknownStudy(studyId, catalogue.studies);
    return new StudyVocabulary(studyId, catalogue);
  };
  if (options.naming === undefined) return load([]);
  const partial = await load(['documents', 'relations']);
  return needsDocuments(partial, options.naming) ? load([]) : partial;
}

/** The dimension names and conditions a request gives, as the user wrote them. */
export interface NamedDimensions {
  dimensions: readonly (string | undefined)[];
  conditions: readonly string[];
  by: Perspective;
}

/**
 * Whether the names need the documents: some name is a document dimension, or does not resolve
 * without them (a document variable, or a misspelling, whose did-you-mean must list every
 * dimension). Code families and actor dimensions resolve the same with or without the documents:
 * a document variable never shadows them.
 */
function needsDocuments(vocab: StudyVocabulary, naming: NamedDimensions): boolean {
  const kindOf = (name: string): DimensionInfo['kind'] => vocab.resolve(name, naming.by).info.kind;
  try {
    for (const name of naming.dimensions)
      if (name !== undefined && kindOf(name) === 'document') return true;
    for (const text of naming.conditions) {
      if (kindOf(splitCondition(text).dimension) === 'document') return true;
      vocab.condition(text, naming.by);
    }
    return false;
  } catch {
    return true;
  }
}
