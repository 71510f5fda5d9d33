import { z } from 'zod';
import {
  codeFamily,
  ConfidenceScore,
  isCodableFrameworkCodeKey,
  isStudyCodeKeyShape,
} from '@iwa/taxonomy';
import { resolveVocabularies, type DimensionName } from './dimensions.ts';
import { memoId, phaseEventId, relationId } from './ids.ts';
import { sortIssues, type StudyIssue } from './issues.ts';
import {
  ActorRelationType,
  CodeKey,
  Colour,
  DateTime,
  EntityId,
  SpeakerLabel,
  MemoTargetKind,
  Participation,
  PartialDate,
  VariableType,
  VariableValue,
  VocabularyValue,
  type ActorGroup,
  type ActorRef,
  type ActorRelation,
  type Coder,
  type Informant,
  type Memo,
  type Organisation,
  type PhaseEventRecord,
  type Position,
  type Speaker,
  type SpeakerRef,
  type StudyCode,
  type StudyDimensions,
  type StudyManifest,
  type VariableDefinition,
} from './model.ts';
import { closest, parseYamlSource, zodIssuesToStudyIssues } from './yaml-source.ts';
import type { SourceLocation, YamlPath, YamlSource } from './yaml-source.ts';

/*
 * study.yaml: the hand-written manifest of a study folder. Keys are snake_case; see
 * docs/study-format.md for the format with a complete example.
 */

/** An id as YAML may read it: `M07` is a string, `2019` a number; both become strings. */
const YId = z.union([z.string(), z.number()]).transform(String).pipe(EntityId);
const YIdList = z.union([YId.transform((id) => [id]), z.array(YId)]);
/** A label transcripts use for a speaker: `Ward manager 2`, `Åsa Lindqvist`, `M07`. */
const YLabel = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim().replace(/\s+/g, ' ').normalize('NFC'))
  .pipe(SpeakerLabel);
const YDate = z.union([z.string(), z.number()]).transform(String).pipe(PartialDate);
const YVocab = VocabularyValue;

const YPosition = z.strictObject({
  id: YId,
  label: z.string().optional(),
  role: YVocab,
  sector: YVocab.optional(),
  tier: YVocab.optional(),
  level: YVocab.optional(),
  authority: YVocab.optional(),
  embeddedness: YVocab.optional(),
  dual_employment: z.boolean().optional(),
  description: z.string().optional(),
});

const YOrganisation = z.strictObject({
  id: YId,
  name: z.string().min(1),
  kind: YVocab,
  sector: YVocab.optional(),
  level: YVocab.optional(),
  tier: YVocab.optional(),
  parent: YId.optional(),
  description: z.string().optional(),
});

const YActorGroup = z.strictObject({
  id: YId,
  label: z.string().min(1),
  kind: YVocab.optional(),
  role: YVocab.optional(),
  organisation: YId.optional(),
  description: z.string().optional(),
});

const YInformant = z.strictObject({
  id: YId,
  pseudonym: z.string().optional(),
  position: YId.optional(),
  employed_by: YIdList.optional(),
  aliases: z.array(YLabel).optional(),
  description: z.string().optional(),
  variables: z.record(z.string(), VariableValue).optional(),
});

const YSpeaker = z.strictObject({
  id: YId,
  label: z.string().optional(),
  role: z.enum(['interviewer', 'moderator', 'observer', 'other']).optional(),
  aliases: z.array(YLabel).optional(),
});

const YCoder = z.strictObject({ id: YId, name: z.string().optional() });

const YRelation = z.strictObject({
  id: YId.optional(),
  type: ActorRelationType,
  from: YId,
  to: YId,
  primary: z.boolean().optional(),
  participation: Participation.optional(),
  evidence: YIdList.optional(),
  note: z.string().optional(),
});

const YCode = z.strictObject({
  key: CodeKey,
  label: z.string().min(1),
  parent: CodeKey.optional(),
  colour: Colour.optional(),
  description: z.string().optional(),
  codable: z.boolean().optional(),
});

const YVariable = z.strictObject({
  key: z.string().min(1),
  label: z.string().optional(),
  type: VariableType,
  description: z.string().optional(),
});

const YMemo = z.strictObject({
  id: YId.optional(),
  title: z.string().optional(),
  text: z.string().min(1),
  about: z.array(z.string()).optional(),
  author: YId.optional(),
  created: DateTime.optional(),
});

const YPhaseEvent = z.strictObject({
  id: YId.optional(),
  organisation: YId,
  type: YVocab,
  date: YDate.optional(),
  evidence: YIdList.optional(),
  recorded_by: z.string().min(1),
  confidence: ConfidenceScore,
  note: z.string().optional(),
});

const YDimensions = z.strictObject({
  role: z.array(YVocab).optional(),
  sector: z.array(YVocab).optional(),
  tier: z.array(YVocab).optional(),
  level: z.array(YVocab).optional(),
  authority: z.array(YVocab).optional(),
  embeddedness: z.array(YVocab).optional(),
  organisation_kind: z.array(YVocab).optional(),
  actor_group_kind: z.array(YVocab).optional(),
});

/** The shape of study.yaml, as researchers write it. */
const StudyYamlInput = z.strictObject({
  study: z.strictObject({
    id: YId,
    name: z.string().min(1),
    description: z.string().optional(),
    language: z.string().optional(),
  }),
  documents: z.array(z.string().min(1)).optional(),
  codings: z.array(z.string().min(1)).optional(),
  dimensions: YDimensions.optional(),
  positions: z.array(YPosition).optional(),
  organisations: z.array(YOrganisation).optional(),
  actor_groups: z.array(YActorGroup).optional(),
  informants: z.array(YInformant).optional(),
  speakers: z.array(YSpeaker).optional(),
  coders: z.array(YCoder).optional(),
  relations: z.array(YRelation).optional(),
  codebook: z.array(YCode).optional(),
  variables: z.array(YVariable).optional(),
  memos: z.array(YMemo).optional(),
  phase_events: z.array(YPhaseEvent).optional(),
  phase_model: z.record(z.string(), z.unknown()).optional(),
});
type StudyYamlInput = z.infer<typeof StudyYamlInput>;

const KNOWN_FIELDS = [
  ...new Set(
    [
      StudyYamlInput,
      YPosition,
      YOrganisation,
      YActorGroup,
      YInformant,
      YSpeaker,
      YCoder,
      YRelation,
      YCode,
      YVariable,
      YMemo,
      YPhaseEvent,
      YDimensions,
    ].flatMap((s) => Object.keys(s.shape)),
  ),
];

/** The interviewer every study knows unless study.yaml lists its own `speakers`. */
export const DEFAULT_SPEAKERS: readonly (Speaker & { readonly aliases: readonly string[] })[] = [
  { id: 'Interviewer', role: 'interviewer', aliases: ['I', 'Int'] },
];

/** A reference from study.yaml to an excerpt or document, checked once those are known. */
export interface PendingReference {
  readonly kind: 'excerpt' | 'document';
  readonly id: string;
  readonly at: SourceLocation;
  readonly path: YamlPath;
  /** How the reference is used, for the message: "evidence of relations[3]". */
  readonly usedAs: string;
}

/** What study.yaml resolves to: the manifest plus what the rest of the folder needs. */
export interface StudyYaml {
  readonly manifest: StudyManifest;
  /** Transcript label (id or alias) → speaker. */
  readonly speakerLabels: ReadonlyMap<string, SpeakerRef>;
  /** Actor id → typed actor reference (informants, organisations, actor groups). */
  readonly actors: ReadonlyMap<string, ActorRef>;
  /** Whether study.yaml declared `coders` (then codings may use only those). */
  readonly codersDeclared: boolean;
  /** `documents:` as written, or undefined for the default. */
  readonly documentPaths: readonly string[] | undefined;
  /** `codings:` as written, or undefined for the default. */
  readonly codingPaths: readonly string[] | undefined;
  /** Excerpt and document ids study.yaml refers to. */
  readonly pendingReferences: readonly PendingReference[];
}

/** The result of reading study.yaml. */
export type StudyYamlResult =
  | { readonly ok: true; readonly value: StudyYaml; readonly warnings: StudyIssue[] }
  | { readonly ok: false; readonly errors: StudyIssue[] };

const DIMENSION_KEYS: Readonly<Record<keyof z.infer<typeof YDimensions>, DimensionName>> = {
  role: 'role',
  sector: 'sector',
  tier: 'tier',
  level: 'level',
  authority: 'authority',
  embeddedness: 'embeddedness',
  organisation_kind: 'organisationKind',
  actor_group_kind: 'actorGroupKind',
};

/**
 * Reads study.yaml text (decoded and normalised) into a manifest, checking every
 * cross-reference it can: positions, organisations, actors, codes, vocabularies, employment.
 *
 * @param file the name shown in issues, normally `study.yaml`
 */
export function parseStudyYaml(text: string, file = 'study.yaml'): StudyYamlResult {
  const parsed = parseYamlSource(text, file);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const src = parsed.source;
  if (src.data === null || typeof src.data !== 'object' || Array.isArray(src.data)) {
    return {
      ok: false,
      errors: [
        src.issue([], {
          code: 'invalid_value',
          message: `${file} must be a mapping with at least a "study:" section`,
          hint: 'start with:\nstudy:\n  id: my-study\n  name: My study',
        }),
      ],
    };
  }
  const input = StudyYamlInput.safeParse(src.data);
  if (!input.success) {
    return { ok: false, errors: zodIssuesToStudyIssues(src, input.error.issues, KNOWN_FIELDS) };
  }
  return new StudyYamlBuilder(src, input.data).build();
}

/** An `employed_by` relation. */
type EmployedBy = ActorRelation & { type: 'employed_by' };
/** Each actor's employers, with where each was written. */
type Employment = Map<string, { rel: EmployedBy; path: YamlPath }[]>;

class StudyYamlBuilder {
  private readonly errors: StudyIssue[] = [];
  private readonly warnings: StudyIssue[] = [];
  private readonly actors = new Map<string, ActorRef>();
  private readonly speakerLabels = new Map<string, SpeakerRef>();
  private readonly pending: PendingReference[] = [];

  constructor(
    private readonly src: YamlSource,
    private readonly y: StudyYamlInput,
  ) {}

  build(): StudyYamlResult {
    const y = this.y;
    const dimensions = this.dimensions();
    const vocab = resolveVocabularies(dimensions);
    const positions = this.positions(vocab);
    const organisations = this.organisations(vocab);
    const actorGroups = this.actorGroups(vocab, organisations);
    const informants = this.informants(positions);
    const speakers = this.speakers(informants);
    const coders: Coder[] = (y.coders ?? []).map((c) => ({
      id: c.id,
      ...(c.name === undefined ? {} : { name: c.name }),
    }));
    this.duplicates(
      'coders',
      coders.map((c) => c.id),
      { what: 'coder' },
    );
    const codes = this.codebook();
    const relations = this.relations(positions, informants);
    const memos = this.memos(new Set(codes.map((c) => c.key)));
    const phaseEvents = this.phaseEvents(new Set(organisations.map((o) => o.id)), coders);
    const variables: VariableDefinition[] = (y.variables ?? []).map((v) => ({
      key: v.key,
      type: v.type,
      ...(v.label === undefined ? {} : { label: v.label }),
      ...(v.description === undefined ? {} : { description: v.description }),
    }));
    this.duplicates(
      'variables',
      variables.map((v) => v.key),
      { what: 'variable', field: 'key' },
    );

    if (this.errors.length > 0) return { ok: false, errors: sortIssues(this.errors) };
    const manifest: StudyManifest = {
      id: y.study.id,
      name: y.study.name,
      ...(y.study.description === undefined ? {} : { description: y.study.description }),
      ...(y.study.language === undefined ? {} : { language: y.study.language }),
      origin: 'iwa study folder',
      informants,
      speakers,
      positions,
      organisations,
      actorGroups,
      relations,
      coders,
      memos,
      codebook: { codes },
      dimensions,
      variables,
      phaseEvents,
      ...(y.phase_model === undefined ? {} : { phaseModel: y.phase_model }),
      sets: [],
      links: [],
    };
    return {
      ok: true,
      warnings: sortIssues(this.warnings),
      value: {
        manifest,
        speakerLabels: this.speakerLabels,
        actors: this.actors,
        codersDeclared: y.coders !== undefined,
        documentPaths: y.documents,
        codingPaths: y.codings,
        pendingReferences: this.pending,
      },
    };
  }

  private error(path: YamlPath, init: Parameters<YamlSource['issue']>[1]): void {
    this.errors.push(this.src.issue(path, init));
  }

  private warn(path: YamlPath, init: Parameters<YamlSource['issue']>[1]): void {
    this.warnings.push(this.src.issue(path, { ...init, severity: 'warning' }));
  }

  private duplicates(
    section: string,
    ids: readonly string[],
    options: { what: string; field?: string },
  ): void {
    const { what, field = 'id' } = options;
    const seen = new Map<string, number>();
    ids.forEach((id, i) => {
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, i);
        return;
      }
      const firstAt = this.src.locate([section, first, field]);
      this.error([section, i, field], {
        code: 'duplicate_id',
        message: `duplicate ${what} ${field} "${id}" (first at line ${firstAt.line})`,
        hint: `give each ${what} its own ${field}`,
      });
    });
  }

  private dimensions(): StudyDimensions {
    const out: Record<string, string[]> = {};
    for (const [k, name] of Object.entries(DIMENSION_KEYS)) {
      const values = this.y.dimensions?.[k as keyof typeof DIMENSION_KEYS];
      if (values !== undefined) out[name] = values;
    }
    return out;
  }

  private checkVocab(
    path: YamlPath,
    value: string | undefined,
    options: { dimension: DimensionName; vocab: ReturnType<typeof resolveVocabularies> },
  ): void {
    if (value === undefined) return;
    const allowed = options.vocab[options.dimension];
    if (allowed.includes(value)) return;
    const yamlName = Object.entries(DIMENSION_KEYS).find(([, v]) => v === options.dimension)?.[0];
    const suggestion = closest(value, allowed);
    this.error(path, {
      code: 'unknown_dimension_value',
      message: `unknown ${options.dimension} "${value}"`,
      hint: `${suggestion === undefined ? '' : `did you mean "${suggestion}"? `}use one of ${allowed.join(', ')}, or declare it under dimensions: { ${yamlName ?? options.dimension}: [${value}] }`,
    });
  }

  private positions(vocab: ReturnType<typeof resolveVocabularies>): Position[] {
    const list = this.y.positions ?? [];
    this.duplicates(
      'positions',
      list.map((p) => p.id),
      { what: 'position' },
    );
    return list.map((p, i) => {
      const at = (k: string): YamlPath => ['positions', i, k];
      this.checkVocab(at('role'), p.role, { dimension: 'role', vocab });
      this.checkVocab(at('sector'), p.sector, { dimension: 'sector', vocab });
      this.checkVocab(at('tier'), p.tier, { dimension: 'tier', vocab });
      this.checkVocab(at('level'), p.level, { dimension: 'level', vocab });
      this.checkVocab(at('authority'), p.authority, { dimension: 'authority', vocab });
      this.checkVocab(at('embeddedness'), p.embeddedness, { dimension: 'embeddedness', vocab });
      return compact({
        id: p.id,
        label: p.label,
        role: p.role,
        sector: p.sector,
        tier: p.tier,
        level: p.level,
        authority: p.authority,
        embeddedness: p.embeddedness,
        dualEmployment: p.dual_employment,
        description: p.description,
      });
    });
  }

  private registerActor(section: string, i: number, ref: ActorRef): void {
    const existing = this.actors.get(ref.id);
    if (existing !== undefined) {
      this.error([section, i, 'id'], {
        code: 'duplicate_id',
        message: `id "${ref.id}" is already used by ${existing.kind.replace('_', ' ')} "${ref.id}"`,
        hint: 'informants, organisations and actor groups share one id space; rename one of them',
      });
      return;
    }
    this.actors.set(ref.id, ref);
  }

  private organisations(vocab: ReturnType<typeof resolveVocabularies>): Organisation[] {
    const list = this.y.organisations ?? [];
    list.forEach((o, i) =>
      this.registerActor('organisations', i, { kind: 'organisation', id: o.id }),
    );
    const ids = new Set(list.map((o) => o.id));
    return list.map((o, i) => {
      const at = (k: string): YamlPath => ['organisations', i, k];
      this.checkVocab(at('kind'), o.kind, { dimension: 'organisationKind', vocab });
      this.checkVocab(at('sector'), o.sector, { dimension: 'sector', vocab });
      this.checkVocab(at('level'), o.level, { dimension: 'level', vocab });
      this.checkVocab(at('tier'), o.tier, { dimension: 'tier', vocab });
      if (o.parent !== undefined && !ids.has(o.parent)) {
        this.unknown(at('parent'), {
          code: 'unknown_organisation',
          what: 'organisation',
          id: o.parent,
          among: ids,
        });
      }
      return compact({
        id: o.id,
        name: o.name,
        kind: o.kind,
        sector: o.sector,
        level: o.level,
        tier: o.tier,
        parentId: o.parent,
        description: o.description,
      });
    });
  }

  private unknown(
    path: YamlPath,
    o: {
      code: StudyIssue['code'];
      what: string;
      id: string;
      among: Iterable<string>;
      section?: string;
    },
  ): void {
    const suggestion = closest(o.id, o.among);
    const section = o.section ?? `${o.what}s`;
    this.error(path, {
      code: o.code,
      message: `unknown ${o.what} "${o.id}"`,
      hint:
        suggestion === undefined
          ? `declare it under ${section}: in study.yaml, or fix the id`
          : `did you mean "${suggestion}"? or declare "${o.id}" under ${section}:`,
    });
  }

  private actorGroups(
    vocab: ReturnType<typeof resolveVocabularies>,
    organisations: readonly Organisation[],
  ): ActorGroup[] {
    const list = this.y.actor_groups ?? [];
    list.forEach((g, i) =>
      this.registerActor('actor_groups', i, { kind: 'actor_group', id: g.id }),
    );
    const orgIds = new Set(organisations.map((o) => o.id));
    return list.map((g, i) => {
      const kind = g.kind ?? 'group';
      this.checkVocab(['actor_groups', i, 'kind'], kind, { dimension: 'actorGroupKind', vocab });
      this.checkVocab(['actor_groups', i, 'role'], g.role, { dimension: 'role', vocab });
      if (g.organisation !== undefined && !orgIds.has(g.organisation)) {
        this.unknown(['actor_groups', i, 'organisation'], {
          code: 'unknown_organisation',
          what: 'organisation',
          id: g.organisation,
          among: orgIds,
        });
      }
      return compact({
        id: g.id,
        label: g.label,
        kind,
        role: g.role,
        organisationId: g.organisation,
        description: g.description,
      });
    });
  }

  private informants(positions: readonly Position[]): Informant[] {
    const list = this.y.informants ?? [];
    list.forEach((inf, i) =>
      this.registerActor('informants', i, { kind: 'informant', id: inf.id }),
    );
    const positionIds = new Set(positions.map((p) => p.id));
    return list.map((inf, i) => {
      if (inf.position === undefined) {
        this.warn(['informants', i, 'id'], {
          code: 'no_position',
          message: `informant "${inf.id}" holds no position`,
          hint: 'add position: <position id>, so the matrix can place their excerpts',
        });
      } else if (!positionIds.has(inf.position)) {
        this.unknown(['informants', i, 'position'], {
          code: 'unknown_position',
          what: 'position',
          id: inf.position,
          among: positionIds,
        });
      }
      return compact({
        id: inf.id,
        pseudonym: inf.pseudonym,
        positionId: inf.position,
        description: inf.description,
        variables: inf.variables,
      });
    });
  }

  private speakers(informants: readonly Informant[]): Speaker[] {
    const declared = this.y.speakers;
    const list = declared ?? DEFAULT_SPEAKERS;
    const labelAt = new Map<string, YamlPath>();
    const add = (label: string, ref: SpeakerRef, path: YamlPath): void => {
      const prev = this.speakerLabels.get(label);
      if (prev !== undefined) {
        const prevPath = labelAt.get(label);
        this.error(path, {
          code: 'duplicate_id',
          message: `speaker label "${label}" is already used${prevPath === undefined || prevPath.length === 0 ? '' : ` at line ${this.src.locate(prevPath).line}`} by ${prev.kind} "${prev.id}"`,
          hint:
            prevPath !== undefined && prevPath.length === 0
              ? 'Interviewer, I and Int are the default interviewer labels; list your own speakers: in study.yaml to change them'
              : 'every id and alias must name one speaker',
        });
        return;
      }
      this.speakerLabels.set(label, ref);
      labelAt.set(label, path);
    };
    list.forEach((s, i) => {
      const path: YamlPath = declared === undefined ? [] : ['speakers', i, 'id'];
      add(s.id, { kind: 'speaker', id: s.id }, path);
      (s.aliases ?? []).forEach((a, j) =>
        add(
          a,
          { kind: 'speaker', id: s.id },
          declared === undefined ? [] : ['speakers', i, 'aliases', j],
        ),
      );
    });
    informants.forEach((inf, i) => {
      add(inf.id, { kind: 'informant', id: inf.id }, ['informants', i, 'id']);
      (this.y.informants?.[i]?.aliases ?? []).forEach((a, j) =>
        add(a, { kind: 'informant', id: inf.id }, ['informants', i, 'aliases', j]),
      );
    });
    return list.map((s) => compact({ id: s.id, label: s.label, role: s.role }) as Speaker);
  }

  private codebook(): StudyCode[] {
    const list = this.y.codebook ?? [];
    this.duplicates(
      'codebook',
      list.map((c) => c.key),
      { what: 'code', field: 'key' },
    );
    const keys = new Set(list.map((c) => c.key));
    list.forEach((c, i) => {
      if (!isStudyCodeKeyShape(c.key)) {
        this.error(['codebook', i, 'key'], {
          code: 'invalid_value',
          message: `study code key "${c.key}" must start with theme. or flag.`,
          hint: 'framework codes (form.*, purpose.*, lns.*, pillar.*) need no declaration; name your own codes theme.<key> or flag.<key>',
        });
      }
      if (c.parent !== undefined) {
        if (!keys.has(c.parent)) {
          this.unknown(['codebook', i, 'parent'], {
            code: 'unknown_code',
            what: 'parent code',
            id: c.parent,
            among: keys,
            section: 'codebook',
          });
        } else if (codeFamily(c.parent) !== codeFamily(c.key)) {
          this.error(['codebook', i, 'parent'], {
            code: 'invalid_value',
            message: `"${c.key}" and its parent "${c.parent}" are in different families`,
            hint: 'a theme nests under a theme, a flag under a flag',
          });
        }
      }
    });
    // cycles
    const parentOf = new Map(list.map((c) => [c.key, c.parent]));
    list.forEach((c, i) => {
      const seen = new Set<string>([c.key]);
      let p = c.parent;
      while (p !== undefined) {
        if (seen.has(p)) {
          if (p === c.key) {
            this.error(['codebook', i, 'parent'], {
              code: 'invalid_value',
              message: `code "${c.key}" is its own ancestor`,
              hint: 'remove the parent that closes the cycle',
            });
          }
          break;
        }
        seen.add(p);
        p = parentOf.get(p);
      }
    });
    return list.map(
      (c) =>
        compact({
          key: c.key,
          label: c.label,
          parent: c.parent,
          colour: c.colour,
          description: c.description,
          isCodable: c.codable,
        }) as StudyCode,
    );
  }

  private actorRef(path: YamlPath, id: string): ActorRef | undefined {
    const ref = this.actors.get(id);
    if (ref === undefined) {
      this.unknown(path, {
        code: 'unknown_actor',
        what: 'actor',
        id,
        among: this.actors.keys(),
        section: 'informants:, organisations: or actor_groups',
      });
    }
    return ref;
  }

  private relations(
    positions: readonly Position[],
    informants: readonly Informant[],
  ): ActorRelation[] {
    const out: ActorRelation[] = [];
    const employment: Employment = new Map();
    const addEmployment = (rel: EmployedBy, path: YamlPath): void => {
      const list = employment.get(rel.from.id) ?? [];
      if (list.some((e) => e.rel.to.id === rel.to.id)) {
        this.error(path, {
          code: 'duplicate_id',
          message: `"${rel.from.id}" is employed by "${rel.to.id}" twice`,
          hint: 'list each employer once',
        });
        return;
      }
      list.push({ rel, path });
      employment.set(rel.from.id, list);
      out.push(rel);
    };
    this.informantEmployers(addEmployment);
    const relIds = new Map<string, number>();
    (this.y.relations ?? []).forEach((r, i) => {
      const rel = this.declaredRelation(r, i, relIds);
      if (rel === undefined) return;
      if (rel.type === 'employed_by') addEmployment(rel, ['relations', i]);
      else out.push(rel);
    });
    this.checkEmployment(employment, positions, informants);
    return out;
  }

  /** `employed_by:` written on informants: the first listed employer is the primary one. */
  private informantEmployers(addEmployment: (rel: EmployedBy, path: YamlPath) => void): void {
    (this.y.informants ?? []).forEach((inf, i) => {
      (inf.employed_by ?? []).forEach((orgId, j) => {
        const path: YamlPath = Array.isArray(
          valueAtInput(this.src, ['informants', i, 'employed_by']),
        )
          ? ['informants', i, 'employed_by', j]
          : ['informants', i, 'employed_by'];
        const to = this.actors.get(orgId);
        if (to?.kind !== 'organisation') {
          this.unknown(path, {
            code: 'unknown_organisation',
            what: 'organisation',
            id: orgId,
            among: [...this.actors.values()]
              .filter((a) => a.kind === 'organisation')
              .map((a) => a.id),
          });
          return;
        }
        const from: ActorRef = { kind: 'informant', id: inf.id };
        addEmployment(
          {
            id: relationId('employed_by', from, to),
            type: 'employed_by',
            from,
            to,
            primary: j === 0,
            evidence: [],
          },
          path,
        );
      });
    });
  }

  /**
   * One entry of `relations:`, checked: its ends, its evidence (resolved later), the fields its
   * type allows, and that it is not listed twice. Undefined when it is wrong (the error is
   * recorded).
   */
  private declaredRelation(
    r: NonNullable<StudyYamlInput['relations']>[number],
    i: number,
    relIds: Map<string, number>,
  ): ActorRelation | undefined {
    const at = (k: string): YamlPath => ['relations', i, k];
    const from = this.actorRef(at('from'), r.from);
    const to = this.actorRef(at('to'), r.to);
    (r.evidence ?? []).forEach((id, j) =>
      this.pending.push({
        kind: 'excerpt',
        id,
        ...this.locPath(
          Array.isArray(valueAtInput(this.src, at('evidence')))
            ? ['relations', i, 'evidence', j]
            : at('evidence'),
        ),
        usedAs: `evidence of relations[${i}]`,
      }),
    );
    if (r.primary !== undefined && r.type !== 'employed_by') {
      this.error(at('primary'), {
        code: 'invalid_relation',
        message: `"primary" belongs to employed_by relations, not ${r.type}`,
        hint: 'remove it',
      });
    }
    if (r.participation !== undefined && r.type !== 'attends') {
      this.error(at('participation'), {
        code: 'invalid_relation',
        message: `"participation" belongs to attends relations, not ${r.type}`,
        hint: 'remove it',
      });
    }
    if (from === undefined || to === undefined) return undefined;
    if (from.id === to.id) {
      this.error(at('to'), {
        code: 'invalid_relation',
        message: `a ${r.type} relation from "${from.id}" to itself`,
        hint: 'check from: and to:',
      });
      return undefined;
    }
    const id = r.id ?? relationId(r.type, from, to);
    const dup = relIds.get(id);
    if (dup !== undefined) {
      this.error(r.id === undefined ? ['relations', i] : at('id'), {
        code: 'duplicate_id',
        message:
          r.id === undefined
            ? `the same ${r.type} relation from "${from.id}" to "${to.id}" is listed twice (first at line ${this.src.locate(['relations', dup]).line})`
            : `duplicate relation id "${id}"`,
        hint: 'list each relation once; merge their evidence',
      });
      return undefined;
    }
    relIds.set(id, i);
    const base = {
      id,
      from,
      to,
      evidence: r.evidence ?? [],
      ...(r.note === undefined ? {} : { note: r.note }),
    };
    switch (r.type) {
      case 'employed_by':
        if (to.kind !== 'organisation' || from.kind === 'organisation') {
          this.error(at(to.kind !== 'organisation' ? 'to' : 'from'), {
            code: 'invalid_relation',
            message: `employed_by goes from an informant or actor group to an organisation; got ${from.kind} "${from.id}" → ${to.kind} "${to.id}"`,
            hint: 'put the employer organisation in to:',
          });
          return undefined;
        }
        return { ...base, type: 'employed_by', primary: r.primary ?? false };
      case 'attends':
        if (to.kind !== 'actor_group') {
          this.error(at('to'), {
            code: 'invalid_relation',
            message: `attends goes to a forum (an actor group), but "${to.id}" is ${to.kind === 'informant' ? 'an informant' : 'an organisation'}`,
            hint: 'declare the meeting under actor_groups: with kind: forum',
          });
          return undefined;
        }
        if (r.participation === undefined) {
          this.error(['relations', i, 'type'], {
            code: 'invalid_relation',
            message: `attends needs a participation`,
            hint: 'add participation: full, partial or advisory',
          });
          return undefined;
        }
        return { ...base, type: 'attends', participation: r.participation };
      case 'advises':
      case 'enlists':
      case 'collaborates_with':
      case 'reports_to':
      case 'co_located_with':
        return { ...base, type: r.type };
    }
  }

  /** Employment: at most two employers, exactly one primary; matches dual_employment. */
  private checkEmployment(
    employment: Employment,
    positions: readonly Position[],
    informants: readonly Informant[],
  ): void {
    const positionById = new Map(positions.map((p) => [p.id, p]));
    for (const [actorId, list] of employment) {
      const last = list[list.length - 1];
      if (last === undefined) continue;
      if (list.length > 2) {
        this.error(last.path, {
          code: 'invalid_employment',
          message: `"${actorId}" has ${list.length} employers; iwa models at most two (dual employment)`,
          hint: 'keep the two formal employers; record other ties as co_located_with or collaborates_with',
        });
        continue;
      }
      const primaries = list.filter((e) => e.rel.primary).length;
      if (primaries !== 1) {
        this.error(last.path, {
          code: 'invalid_employment',
          message: `"${actorId}" has ${primaries === 0 ? 'no' : 'two'} primary employer${primaries === 0 ? '' : 's'}`,
          hint: 'mark exactly one employed_by relation primary: true (in employed_by: [a, b] the first is primary)',
        });
      }
    }
    informants.forEach((inf, i) => {
      const pos = inf.positionId === undefined ? undefined : positionById.get(inf.positionId);
      const n = employment.get(inf.id)?.length ?? 0;
      if (pos?.dualEmployment === true && n === 1) {
        this.warn(['informants', i, 'employed_by'], {
          code: 'invalid_employment',
          message: `"${inf.id}" holds the dual-employment position "${pos.id}" but has one employer`,
          hint: 'list both employers: employed_by: [primary, secondary]',
        });
      } else if (n === 2 && pos !== undefined && pos.dualEmployment !== true) {
        this.warn(['informants', i, 'employed_by'], {
          code: 'invalid_employment',
          message: `"${inf.id}" has two employers but position "${pos.id}" does not say dual_employment: true`,
          hint: 'set dual_employment: true on the position, or list one employer',
        });
      }
    });
  }

  private locPath(path: YamlPath): { at: SourceLocation; path: YamlPath } {
    return { at: this.src.locate(path), path };
  }

  private memos(codeKeys: ReadonlySet<string>): Memo[] {
    const kinds = MemoTargetKind.options as readonly string[];
    const memoIds = new Set<string>();
    return (this.y.memos ?? []).flatMap((m, i) => {
      const about: Memo['about'] = [];
      (m.about ?? []).forEach((raw, j) => {
        const path: YamlPath = ['memos', i, 'about', j];
        const sep = raw.indexOf(':');
        const kind = sep < 0 ? '' : raw.slice(0, sep).trim();
        const id = sep < 0 ? '' : raw.slice(sep + 1).trim();
        if (!kinds.includes(kind) || id === '') {
          this.error(path, {
            code: 'invalid_value',
            message: `memo target "${raw}" is not <kind>:<id>`,
            hint: `write e.g. informant:M07 or code:flag.steering_group; kinds: ${kinds.join(', ')}`,
          });
          return;
        }
        const target = { kind: kind as Memo['about'][number]['kind'], id };
        switch (target.kind) {
          case 'informant':
          case 'organisation':
          case 'actor_group':
            if (this.actors.get(id)?.kind !== target.kind) {
              this.unknown(path, {
                code:
                  target.kind === 'organisation'
                    ? 'unknown_organisation'
                    : target.kind === 'informant'
                      ? 'unknown_informant'
                      : 'unknown_actor',
                what: target.kind.replace('_', ' '),
                id,
                among: [...this.actors.values()]
                  .filter((a) => a.kind === target.kind)
                  .map((a) => a.id),
              });
            }
            break;
          case 'code':
            if (!codeKeys.has(id) && !isCodableFrameworkCodeKey(id)) {
              this.unknown(path, {
                code: 'unknown_code',
                what: 'code',
                id,
                among: codeKeys,
                section: 'codebook',
              });
            }
            break;
          case 'excerpt':
          case 'document':
            this.pending.push({
              kind: target.kind,
              id,
              ...this.locPath(path),
              usedAs: `memos[${i}].about`,
            });
            break;
          case 'study':
          case 'coding':
          case 'relation':
            break;
        }
        about.push(target);
      });
      const id = m.id ?? memoId(about, m.text);
      if (memoIds.has(id)) {
        this.error(['memos', i, m.id === undefined ? 'text' : 'id'], {
          code: 'duplicate_id',
          message: `duplicate memo "${id}"`,
          hint: 'give each memo its own id, or merge the two',
        });
        return [];
      }
      memoIds.add(id);
      return [
        compact({
          id,
          title: m.title,
          text: m.text,
          about,
          author: m.author,
          createdAt: m.created,
        }),
      ];
    });
  }

  private phaseEvents(orgIds: ReadonlySet<string>, coders: readonly Coder[]): PhaseEventRecord[] {
    const ordinals = new Map<string, number>();
    const coderIds = new Set(coders.map((c) => c.id));
    const ids = new Set<string>();
    return (this.y.phase_events ?? []).flatMap((e, i) => {
      const at = (k: string): YamlPath => ['phase_events', i, k];
      if (!orgIds.has(e.organisation)) {
        this.unknown(at('organisation'), {
          code: 'unknown_organisation',
          what: 'organisation',
          id: e.organisation,
          among: orgIds,
        });
      }
      if (
        this.y.coders !== undefined &&
        !e.recorded_by.startsWith('rule:') &&
        !coderIds.has(e.recorded_by)
      ) {
        this.unknown(at('recorded_by'), {
          code: 'unknown_coder',
          what: 'coder',
          id: e.recorded_by,
          among: coderIds,
        });
      }
      (e.evidence ?? []).forEach((id, j) =>
        this.pending.push({
          kind: 'excerpt',
          id,
          ...this.locPath(
            Array.isArray(valueAtInput(this.src, at('evidence')))
              ? ['phase_events', i, 'evidence', j]
              : at('evidence'),
          ),
          usedAs: `evidence of phase_events[${i}]`,
        }),
      );
      const key = `${e.organisation}\u001f${e.type}\u001f${e.date ?? ''}`;
      const ordinal = ordinals.get(key) ?? 0;
      ordinals.set(key, ordinal + 1);
      const id = e.id ?? phaseEventId(e.organisation, e.type, { date: e.date, ordinal });
      if (ids.has(id)) {
        this.error(at('id'), {
          code: 'duplicate_id',
          message: `duplicate phase event id "${id}"`,
          hint: 'ids must be unique',
        });
        return [];
      }
      ids.add(id);
      return [
        compact({
          id,
          organisationId: e.organisation,
          type: e.type,
          date: e.date,
          evidence: e.evidence ?? [],
          recordedBy: e.recorded_by,
          confidence: e.confidence,
          note: e.note,
        }),
      ];
    });
  }
}

function valueAtInput(src: YamlSource, path: YamlPath): unknown {
  let cur: unknown = src.data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/** Drops keys whose value is undefined (exactOptionalPropertyTypes). */
export function compact<T extends Record<string, unknown>>(
  o: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]: Exclude<T[K], undefined> };
}
