import { z } from 'zod';
import { ActorRelationName, ConfidenceScore, PositionDimension } from '@iwa/taxonomy';

/*
 * The study model: everything a study brings into iwa, whether it was read from a study folder
 * (study.yaml + transcripts + standoff codings) or from a REFI-QDA .qdpx project.
 *
 * Conventions
 * - Offsets (`start`, `end`) are Unicode code points into the document's stored `text`
 *   (BOM stripped, CRLF normalised to LF), `start` inclusive, `end` exclusive, as REFI-QDA does.
 * - Ids are unique within their kind inside one study; actors (informants, organisations, actor
 *   groups) share one id space, so a performer can be named by its id alone.
 * - Dimension values (role, sector, …) are snake_case strings; which values are allowed is
 *   checked against the default vocabularies plus the study's `dimensions` extensions.
 */

/** An id inside a study: letters, digits and `_ . : -`, starting with a letter or digit. */
export const EntityId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'ids use letters, digits and _ . : - only');
export type EntityId = z.infer<typeof EntityId>;

/**
 * A speaker label as transcripts write it: one to five words of letters (any script, with
 * diacritics), digits and `_ . ' ’ -`, single spaces between them, e.g. `Ward manager 2`,
 * `Åsa Lindqvist`, `M07`. Ids stay {@link EntityId}s; a label names a speaker through `aliases`.
 */
export const SpeakerLabel = z
  .string()
  .max(60)
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{M}\p{N}_.'’-]*(?: [\p{L}\p{M}\p{N}_.'’-]+){0,4}$/u,
    "labels are one to five words of letters, digits and _ . ' - with single spaces",
  );
export type SpeakerLabel = z.infer<typeof SpeakerLabel>;

/** A snake_case vocabulary value, e.g. `employment_specialist`. */
export const VocabularyValue = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'vocabulary values are snake_case (a-z, 0-9, _)');
export type VocabularyValue = z.infer<typeof VocabularyValue>;

/** A code key: `form.operational`, `lns.theorizing`, `theme.redefining_treatment`, `flag.steering_group`. */
export const CodeKey = z
  .string()
  .regex(
    /^[a-z][a-z_]*\.[a-z0-9][a-z0-9_]*$/,
    'code keys look like family.key, e.g. form.relational',
  );
export type CodeKey = z.infer<typeof CodeKey>;

/** A calendar date, possibly partial: `2021`, `2021-03` or `2021-03-14`. */
export const PartialDate = z
  .string()
  .regex(
    /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/,
    'dates are YYYY, YYYY-MM or YYYY-MM-DD',
  );
export type PartialDate = z.infer<typeof PartialDate>;

/** An ISO 8601 date-time with offset, e.g. `2024-03-14T09:30:00Z` (REFI-QDA `creationDateTime`). */
export const DateTime = z.iso.datetime({ offset: true, local: true });
export type DateTime = z.infer<typeof DateTime>;

/** A colour `#RRGGBB` or `#RGB`, as REFI-QDA writes it. */
export const Colour = z.string().regex(/^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/, 'colours are #RRGGBB');
export type Colour = z.infer<typeof Colour>;

/** A variable value (REFI-QDA case or source variable). `null` means "no value". */
export const VariableValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type VariableValue = z.infer<typeof VariableValue>;

/** Variable values by variable key. */
export const Variables = z.record(z.string(), VariableValue);
export type Variables = z.infer<typeof Variables>;

/** The type of a declared variable; the REFI-QDA `typeOfVariable` values in snake_case. */
export const VariableType = z.enum(['text', 'boolean', 'integer', 'float', 'date', 'datetime']);
export type VariableType = z.infer<typeof VariableType>;

/** A declared variable (REFI-QDA `Variable`). */
export const VariableDefinition = z.object({
  key: z.string().min(1),
  label: z.string().optional(),
  type: VariableType,
  description: z.string().optional(),
});
export type VariableDefinition = z.infer<typeof VariableDefinition>;

// ---------------------------------------------------------------------------------------------
// Actors and positions

/**
 * The taxonomy's position dimensions that a position holds as an optional vocabulary value:
 * all but `role` (required) and `dualEmployment` (a yes/no, kept as a boolean).
 */
const OptionalValueDimension = PositionDimension.exclude(['role', 'dualEmployment']);
type OptionalValueDimension = z.infer<typeof OptionalValueDimension>;

/**
 * A position in the field: the dimension values an informant speaks and acts from, one field
 * per dimension of the taxonomy's `PositionDimension` (derived from it, so a dimension added
 * there is a field here). Dimension values are checked against the vocabularies (see
 * `dimensions.ts`).
 */
export const Position = z.object({
  id: EntityId,
  label: z.string().optional(),
  role: VocabularyValue,
  ...(Object.fromEntries(
    OptionalValueDimension.options.map((d) => [d, VocabularyValue.optional()]),
  ) as Record<OptionalValueDimension, z.ZodOptional<typeof VocabularyValue>>),
  dualEmployment: z.boolean().optional(),
  description: z.string().optional(),
});
export type Position = z.infer<typeof Position>;

/** An interviewed person, by pseudonymous id (no real names needed). Holds one position. */
export const Informant = z.object({
  id: EntityId,
  /** Display name; a pseudonym, never a real name. Defaults to the id where shown. */
  pseudonym: z.string().optional(),
  positionId: EntityId.optional(),
  description: z.string().optional(),
  variables: Variables.optional(),
});
export type Informant = z.infer<typeof Informant>;

/** An organisation: a Nav office, a specialised health service, a directorate… */
export const Organisation = z.object({
  id: EntityId,
  name: z.string().min(1),
  kind: VocabularyValue,
  sector: VocabularyValue.optional(),
  level: VocabularyValue.optional(),
  tier: VocabularyValue.optional(),
  /** A larger organisation this one belongs to (a DPS within a health trust). */
  parentId: EntityId.optional(),
  description: z.string().optional(),
});
export type Organisation = z.infer<typeof Organisation>;

/**
 * A collective actor that is not an informant: a group that performs work ("health managers",
 * "top management") or a forum actors attend ("steering group", "treatment meeting").
 */
export const ActorGroup = z.object({
  id: EntityId,
  label: z.string().min(1),
  /** `group` or `forum` by default; studies may extend `actorGroupKind`. */
  kind: VocabularyValue,
  /** The role its members hold, when they share one (a vocabulary value of `role`). */
  role: VocabularyValue.optional(),
  organisationId: EntityId.optional(),
  description: z.string().optional(),
});
export type ActorGroup = z.infer<typeof ActorGroup>;

/** The kinds of actor: the node labels a performer or relation end can have. */
export const ActorKind = z.enum(['informant', 'organisation', 'actor_group']);
export type ActorKind = z.infer<typeof ActorKind>;

/** A typed reference to an actor. */
export const ActorRef = z.object({ kind: ActorKind, id: EntityId });
export type ActorRef = z.infer<typeof ActorRef>;

/** A person who speaks in documents but is not an informant: the interviewer, a moderator… */
export const Speaker = z.object({
  id: EntityId,
  label: z.string().optional(),
  role: z.enum(['interviewer', 'moderator', 'observer', 'other']).optional(),
});
export type Speaker = z.infer<typeof Speaker>;

/** Who speaks a turn: an informant, or a non-informant {@link Speaker}. */
export const SpeakerRef = z.object({ kind: z.enum(['informant', 'speaker']), id: EntityId });
export type SpeakerRef = z.infer<typeof SpeakerRef>;

/** A person who codes: REFI-QDA `User`. */
export const Coder = z.object({ id: EntityId, name: z.string().optional() });
export type Coder = z.infer<typeof Coder>;

// ---------------------------------------------------------------------------------------------
// Actor relations

/** How an actor attends a forum. */
export const Participation = z.enum(['full', 'partial', 'advisory']);
export type Participation = z.infer<typeof Participation>;

/**
 * The actor relation types, snake_case (the graph writes them as `EMPLOYED_BY` etc.): the
 * taxonomy's one list of actor relationship types.
 */
export const ActorRelationType = ActorRelationName;
export type ActorRelationType = ActorRelationName;

const relationBase = {
  /** Deterministic by default: see `relationId` in ids.ts. */
  id: EntityId,
  from: ActorRef,
  to: ActorRef,
  /** Excerpt ids that show the relation. */
  evidence: z.array(EntityId),
  note: z.string().optional(),
};

/**
 * A relation between actors. `employed_by` carries `primary` (dual employment is two
 * `employed_by` relations of one informant, exactly one primary); `attends` carries the
 * `participation`.
 */
export const ActorRelation = z.discriminatedUnion('type', [
  z.object({ ...relationBase, type: z.literal('employed_by'), primary: z.boolean() }),
  z.object({ ...relationBase, type: z.literal('attends'), participation: Participation }),
  z.object({ ...relationBase, type: z.literal('advises') }),
  z.object({ ...relationBase, type: z.literal('enlists') }),
  z.object({ ...relationBase, type: z.literal('collaborates_with') }),
  z.object({ ...relationBase, type: z.literal('reports_to') }),
  z.object({ ...relationBase, type: z.literal('co_located_with') }),
]);
export type ActorRelation = z.infer<typeof ActorRelation>;

// ---------------------------------------------------------------------------------------------
// Codebook extension

/** A study's own code: `theme.<key>` or `flag.<key>`, beside the framework codes. */
export const StudyCode = z.object({
  key: CodeKey,
  label: z.string().min(1),
  /** The key of a parent study code (hierarchy), e.g. `theme.redefining_treatment`. */
  parent: CodeKey.optional(),
  colour: Colour.optional(),
  description: z.string().optional(),
  /** False for folder codes that only group others; default true. */
  isCodable: z.boolean().optional(),
});
export type StudyCode = z.infer<typeof StudyCode>;

/** The study's additions to the framework codebook. */
export const CodebookExtension = z.object({ codes: z.array(StudyCode) });
export type CodebookExtension = z.infer<typeof CodebookExtension>;

/** A study's additions to the dimension vocabularies, e.g. `{ role: ['peer_worker'] }`. */
export const StudyDimensions = z.object({
  role: z.array(VocabularyValue).optional(),
  sector: z.array(VocabularyValue).optional(),
  tier: z.array(VocabularyValue).optional(),
  level: z.array(VocabularyValue).optional(),
  authority: z.array(VocabularyValue).optional(),
  embeddedness: z.array(VocabularyValue).optional(),
  organisationKind: z.array(VocabularyValue).optional(),
  actorGroupKind: z.array(VocabularyValue).optional(),
});
export type StudyDimensions = z.infer<typeof StudyDimensions>;

// ---------------------------------------------------------------------------------------------
// Documents, excerpts, codings

/** What a document records. */
export const DocumentKind = z.enum([
  'interview',
  'meeting',
  'focus_group',
  'field_notes',
  'document',
  'other',
]);
export type DocumentKind = z.infer<typeof DocumentKind>;

/**
 * A speaker turn: `[start, end)` spans the whole turn including its label; the spoken text
 * begins at `contentStart`. Code points into the document text.
 */
export const SpeakerTurn = z.object({
  speaker: SpeakerRef,
  start: z.int().nonnegative(),
  contentStart: z.int().nonnegative(),
  end: z.int().nonnegative(),
});
export type SpeakerTurn = z.infer<typeof SpeakerTurn>;

/** A text document: an interview or meeting transcript, with its speaker turns. */
export const StudyDocument = z.object({
  id: EntityId,
  title: z.string().optional(),
  kind: DocumentKind,
  date: PartialDate.optional(),
  /** The informants the document is WITH (interviewees, meeting participants). */
  participants: z.array(EntityId),
  /** The normalised text: no BOM, LF line ends, front matter removed. */
  text: z.string(),
  /** `sha256:<hex>` of the UTF-8 bytes of `text`; see `contentHash` in ids.ts. */
  contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  turns: z.array(SpeakerTurn),
  description: z.string().optional(),
  variables: Variables.optional(),
  /** Where the text came from: a path relative to the study folder, or a REFI source name. */
  sourcePath: z.string().optional(),
  creatingUser: EntityId.optional(),
  createdAt: DateTime.optional(),
});
export type StudyDocument = z.infer<typeof StudyDocument>;

/** Where an excerpt's performer came from. */
export const PerformerSource = z.enum(['explicit', 'speaker', 'none']);
export type PerformerSource = z.infer<typeof PerformerSource>;

/**
 * A span of a document: `[start, end)` in code points; `text` is exactly that slice.
 * `speaker` is who speaks at `start`; `performer` is who does the work described (the speaker
 * unless the coder said otherwise; `performerSource` tells which).
 */
export const Excerpt = z.object({
  id: EntityId,
  documentId: EntityId,
  start: z.int().nonnegative(),
  end: z.int().nonnegative(),
  text: z.string(),
  speaker: SpeakerRef.optional(),
  performer: ActorRef.optional(),
  performerSource: PerformerSource,
  name: z.string().optional(),
  description: z.string().optional(),
  creatingUser: EntityId.optional(),
  createdAt: DateTime.optional(),
});
export type Excerpt = z.infer<typeof Excerpt>;

/** One code applied to one excerpt by one coder (REFI-QDA `Coding`). */
export const Coding = z.object({
  /** Deterministic by default: see `codingId` in ids.ts (excerpt id + code + coder). */
  id: EntityId,
  excerptId: EntityId,
  code: CodeKey,
  coderId: EntityId,
  /** When the code was applied (REFI-QDA `creationDateTime`). */
  at: DateTime.optional(),
});
export type Coding = z.infer<typeof Coding>;

/** What a memo is about. */
export const MemoTargetKind = z.enum([
  'study',
  'document',
  'excerpt',
  'coding',
  'informant',
  'organisation',
  'actor_group',
  'code',
  'relation',
]);
export type MemoTargetKind = z.infer<typeof MemoTargetKind>;

/** A memo (REFI-QDA `Note`): free text by a researcher, attached to things. */
export const Memo = z.object({
  id: EntityId,
  title: z.string().optional(),
  text: z.string(),
  /** What it is about; a `code` target's id is the code key. Empty = about the study. */
  about: z.array(z.object({ kind: MemoTargetKind, id: z.string().min(1) })),
  author: EntityId.optional(),
  createdAt: DateTime.optional(),
});
export type Memo = z.infer<typeof Memo>;

// ---------------------------------------------------------------------------------------------
// Phases

/**
 * An organisation change-phase event, as a plain record. `@iwa/phases` validates `type`
 * against the phase model; here it is only a snake_case string.
 */
export const PhaseEventRecord = z.object({
  id: EntityId,
  organisationId: EntityId,
  type: VocabularyValue,
  date: PartialDate.optional(),
  evidence: z.array(EntityId),
  /** A coder id, or `rule:<name>` for events derived by a rule. */
  recordedBy: z.string().min(1),
  /** How sure the recorder is, from 0 to 1 (the taxonomy's `ConfidenceScore`). */
  confidence: ConfidenceScore,
  note: z.string().optional(),
});
export type PhaseEventRecord = z.infer<typeof PhaseEventRecord>;

/** A study's own phase model: opaque here, validated by `@iwa/phases`. */
export const CustomPhaseModel = z.record(z.string(), z.unknown());
export type CustomPhaseModel = z.infer<typeof CustomPhaseModel>;

// ---------------------------------------------------------------------------------------------
// REFI-QDA extras: sets and links

/** A typed reference to anything in a study (set members, link ends). */
export const ItemRef = z.object({
  kind: z.enum(['code', 'document', 'excerpt', 'memo', 'informant', 'organisation', 'actor_group']),
  id: z.string().min(1),
});
export type ItemRef = z.infer<typeof ItemRef>;

/** A named set of codes, documents or memos (REFI-QDA `Set`). */
export const StudySet = z.object({
  id: EntityId,
  name: z.string().min(1),
  description: z.string().optional(),
  members: z.array(ItemRef),
});
export type StudySet = z.infer<typeof StudySet>;

/** A link between two items (REFI-QDA `Link`). */
export const StudyLink = z.object({
  id: EntityId,
  name: z.string().optional(),
  direction: z.enum(['associative', 'one_way', 'bidirectional']),
  origin: ItemRef,
  target: ItemRef,
  colour: Colour.optional(),
});
export type StudyLink = z.infer<typeof StudyLink>;

// ---------------------------------------------------------------------------------------------
// The study

const manifestShape = {
  id: EntityId,
  name: z.string().min(1),
  description: z.string().optional(),
  language: z.string().optional(),
  /** The tool that produced the data (REFI-QDA `origin`), e.g. `iwa study folder`. */
  origin: z.string().optional(),
  informants: z.array(Informant),
  speakers: z.array(Speaker),
  positions: z.array(Position),
  organisations: z.array(Organisation),
  actorGroups: z.array(ActorGroup),
  relations: z.array(ActorRelation),
  coders: z.array(Coder),
  memos: z.array(Memo),
  codebook: CodebookExtension,
  dimensions: StudyDimensions,
  variables: z.array(VariableDefinition),
  phaseEvents: z.array(PhaseEventRecord),
  phaseModel: CustomPhaseModel.optional(),
  sets: z.array(StudySet),
  links: z.array(StudyLink),
};

/**
 * Everything about a study except its documents, excerpts and codings: what `study.yaml`
 * holds. Streaming readers yield documents one at a time after this.
 */
export const StudyManifest = z.object(manifestShape);
export type StudyManifest = z.infer<typeof StudyManifest>;

/** A whole study: the manifest plus every document, excerpt and coding. */
export const Study = z.object({
  ...manifestShape,
  documents: z.array(StudyDocument),
  excerpts: z.array(Excerpt),
  codings: z.array(Coding),
});
export type Study = z.infer<typeof Study>;

/** One document with its excerpts and codings: the unit the streaming reader yields. */
export const DocumentBundle = z.object({
  document: StudyDocument,
  excerpts: z.array(Excerpt),
  codings: z.array(Coding),
  /** Memos that came with this document's codings. */
  memos: z.array(Memo),
});
export type DocumentBundle = z.infer<typeof DocumentBundle>;
