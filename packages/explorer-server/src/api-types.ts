/**
 * The explorer's HTTP API: request parameters and response bodies, as zod schemas with their
 * inferred types. The server validates requests with the `*Query` schemas and its tests check
 * responses against the response schemas; the UI imports the types only (`import type`), so
 * zod never reaches the browser bundle.
 *
 * Conventions:
 * - Offsets (`start`, `end`) are Unicode code points into the document's normalised text, start
 *   inclusive, end exclusive (the unit `@iwa/study` stores).
 * - Percentages are numbers from 0 to 100.
 * - Position dimension keys and values are snake_case (`role`, `manager`); code keys carry their
 *   family (`form.operational`, `purpose.maintaining`).
 */
import { Confidence } from '@iwa/taxonomy';
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** A study, document, excerpt or actor id as it appears in a URL path. */
export const Id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:~-]*$/, 'letters, digits and _ . : ~ - only');
export type Id = z.infer<typeof Id>;

/** A position dimension or value key, or a code family key: snake_case. */
export const SnakeKey = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9_]*$/, 'a snake_case key');

/** A code key: `family.code` (`form.operational`, `lns.educating`), or a study code with dots. */
export const CodeKeyParam = z
  .string()
  .max(200)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, 'a code key like form.operational');

/** A key with a display label. */
export const Labelled = z.object({ key: z.string(), label: z.string() });
export type Labelled = z.infer<typeof Labelled>;

/** Whose position a row counts: the informant speaking, or the actor performing the work. */
export const By = z.enum(['speaker', 'performer']);
export type By = z.infer<typeof By>;

/**
 * What one count counts: coded excerpts, distinct actors (informants, or performers by
 * performer), or distinct documents; named as `iwa matrix --unit` names them. The singular
 * (`excerpt`) of older links is read as the plural.
 */
export const Unit = z.enum(['excerpts', 'informants', 'documents']);
export type Unit = z.infer<typeof Unit>;
const UnitParam = z
  .enum(['excerpts', 'informants', 'documents', 'excerpt', 'informant', 'document'])
  .transform((u): Unit => (u.endsWith('s') ? (u as Unit) : (`${u}s` as Unit)));

/** The kinds of actor that can perform work. */
export const ActorKind = z.enum(['informant', 'organisation', 'group']);
export type ActorKind = z.infer<typeof ActorKind>;

/** An actor's position: dimension key → value key (`{ role: 'manager', sector: 'welfare' }`). */
export const PositionRecord = z.record(z.string(), z.string());
export type PositionRecord = z.infer<typeof PositionRecord>;

/** The relation types of the actor-position graph (domain model §5.2). */
export const RelationType = z.enum([
  'employed_by',
  'dual_employment',
  'enlists',
  'advises',
  'collaborates_with',
  'reports_to',
  'attends',
  'co_located_with',
]);
export type RelationType = z.infer<typeof RelationType>;

/**
 * One condition on a matrix or excerpt query, in the syntax of the claims and of
 * `iwa matrix --where` (repeatable; all must hold): `role=manager`, `speaker.sector=nav`,
 * `form.operational`, `form=operational|relational`, `phase=establishing`, `role!=advisor`.
 * The server checks every name and value against the study (unknown → 400 with did-you-mean).
 */
export const WhereParam = z.string().min(1).max(300);

/** A dimension as `iwa matrix --rows` names it: `role`, `speaker.role`, `form`, `phase`. */
export const DimensionParam = z.string().min(1).max(200);

/** A non-negative integer from a query string. */
const QueryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

// ---------------------------------------------------------------------------------------------
// Requests (query strings; the server parses these)

/** A coder's id in a query (`coders=ane,jonas`); the same shape as a workbench {@link CoderId}. */
const CoderKey = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits and _ . : - only');

/** A comma-separated list of coders (`coders=ane,jonas`). */
const CoderList = z
  .string()
  .max(5000)
  .transform((s) => [...new Set(s.split(',').map((c) => c.trim()))].filter((c) => c !== ''))
  .pipe(z.array(CoderKey).min(1, 'name at least one coder').max(100));

/**
 * The coder choice every analysis route takes: `coders` (default: every coder of the study) and
 * `coderRule` (`pooled`, the default: a code counts once on an excerpt whichever selected coder
 * gave it; `agreed`: only codes every selected coder gave).
 */
export const CoderParams = {
  coders: CoderList.optional(),
  coderRule: z.enum(['pooled', 'agreed']).optional(),
};

/** `GET /api/studies/:id/matrix` query: the parameters of `iwa matrix`. */
export const MatrixQuery = z.strictObject({
  rows: DimensionParam,
  cols: DimensionParam,
  /** A third dimension: one table per value; omitted for no split. */
  split: DimensionParam.optional(),
  by: By.default('speaker'),
  unit: UnitParam.default('excerpts'),
  where: z.array(WhereParam).max(10).default([]),
  ...CoderParams,
});
export type MatrixQuery = z.output<typeof MatrixQuery>;

/**
 * `GET /api/studies/:id/excerpts` query: the excerpts that satisfy every `where` condition (a
 * matrix cell's `where` lists exactly the cell's excerpts), or a list of ids (`ids=e1,e2`, as
 * claims and phase events cite), one page.
 */
export const ExcerptQuery = z.strictObject({
  by: By.default('speaker'),
  where: z.array(WhereParam).max(20).default([]),
  /** Comma-separated excerpt ids; when given, only these excerpts (in this order). */
  ids: z
    .string()
    .max(20_000)
    .transform((s) => s.split(',').filter((x) => x.length > 0))
    .pipe(z.array(Id).min(1).max(500))
    .optional(),
  limit: QueryInt(1, 200).default(50),
  offset: QueryInt(0, 1_000_000).default(0),
  ...CoderParams,
});
export type ExcerptQuery = z.output<typeof ExcerptQuery>;

/** `GET /api/studies/:id/actors` query; the relation type is checked against the study's. */
export const ActorsQuery = z.strictObject({
  relation: z.string().min(1).max(100).optional(),
  ...CoderParams,
});
export type ActorsQuery = z.output<typeof ActorsQuery>;

/** The query of the routes whose only choice is the coders (profile, phases, claims). */
export const CodersQuery = z.strictObject(CoderParams);
export type CodersQuery = z.output<typeof CodersQuery>;

/** `GET /api/studies/:id/documents/:docId` query: `highlight=start,end` (code points). */
export const DocumentQuery = z.strictObject({
  highlight: z
    .string()
    .regex(/^\d{1,9},\d{1,9}$/, 'expected start,end (code points)')
    .transform((s) => {
      const [start, end] = s.split(',').map(Number) as [number, number];
      return { start, end };
    })
    .refine((h) => h.start <= h.end, 'start must not be after end')
    .optional(),
});
export type DocumentQuery = z.output<typeof DocumentQuery>;

/** How agreement is counted: aligned coding units (segments) or every character. */
export const AgreementUnit = z.enum(['segment', 'character']);
export type AgreementUnit = z.infer<typeof AgreementUnit>;

/**
 * `GET /api/studies/:id/agreement` query. `coders` is a comma-separated list (default: every
 * coder); `minOverlap` (a share in (0, 1], default 0.5) applies to `unit=segment` only; `limit`
 * caps the disagreements listed (the total is always given).
 */
export const AgreementQuery = z
  .strictObject({
    coders: z
      .string()
      .max(5000)
      .transform((s) => [...new Set(s.split(',').map((c) => c.trim()))].filter((c) => c !== ''))
      .pipe(z.array(CoderKey).min(1, 'name at least one coder').max(100))
      .optional(),
    family: SnakeKey.optional(),
    unit: AgreementUnit.default('segment'),
    minOverlap: z
      .string()
      .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?|\.\d{1,6})$/, 'a share between 0 and 1, such as 0.5')
      .transform(Number)
      .pipe(z.number().gt(0, 'must be more than 0').max(1))
      .optional(),
    limit: QueryInt(1, 5000).default(500),
  })
  .superRefine((q, ctx) => {
    if (q.unit === 'character' && q.minOverlap !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['minOverlap'],
        message: 'applies only to unit=segment (characters are not aligned into units)',
      });
    }
  });
export type AgreementQuery = z.output<typeof AgreementQuery>;

// ---------------------------------------------------------------------------------------------
// Responses

/** `GET /api/health`. The URI never carries credentials. */
export const HealthResponse = z.object({
  ok: z.literal(true),
  /** Whether this server accepts changes (it was started with a write token). */
  writable: z.boolean(),
  neo4j: z.object({ uri: z.string(), serverVersion: z.string() }),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** One entry of `GET /api/studies`. */
export const StudySummary = z.object({
  id: z.string(),
  name: z.string(),
  counts: z.object({
    documents: z.number().int().nonnegative(),
    excerpts: z.number().int().nonnegative(),
    codings: z.number().int().nonnegative(),
    informants: z.number().int().nonnegative(),
  }),
});
export type StudySummary = z.infer<typeof StudySummary>;
export const StudiesResponse = z.array(StudySummary);
export type StudiesResponse = z.infer<typeof StudiesResponse>;

/** A position dimension with its values, in display order. */
export const PositionDimensionInfo = z.object({
  key: z.string(),
  label: z.string(),
  values: z.array(Labelled),
});
export type PositionDimensionInfo = z.infer<typeof PositionDimensionInfo>;

/** A code family (`form`, `purpose`, `pillar`, `lns`, a study's own) with its codes. */
export const CodeFamilyInfo = z.object({
  key: z.string(),
  label: z.string(),
  codes: z.array(Labelled),
});
export type CodeFamilyInfo = z.infer<typeof CodeFamilyInfo>;

/**
 * A dimension of the study as `iwa matrix` names it: a code family (`codes`), a dimension of an
 * actor's position or a case variable (`actor`), or a document variable (`document`).
 */
export const DimensionInfo = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['codes', 'actor', 'document']),
  values: z.array(Labelled),
});
export type DimensionInfo = z.infer<typeof DimensionInfo>;

/**
 * `GET /api/studies/:id/dimensions`: the study's vocabulary. `dimensions` lists every dimension
 * the matrix can use (rows, columns, split, conditions); `position` the actor dimensions (not
 * the actors themselves); `families` the code families with their full code keys; `coders`
 * every coder with how many codings they made.
 */
export const DimensionsResponse = z.object({
  dimensions: z.array(DimensionInfo),
  position: z.array(PositionDimensionInfo),
  families: z.array(CodeFamilyInfo),
  coders: z.array(z.object({ id: z.string(), codings: z.number().int().nonnegative() })),
});
export type DimensionsResponse = z.infer<typeof DimensionsResponse>;

/**
 * Which coders an analysis counts and how: one coder (`single`), several `pooled` (a code counts
 * once on an excerpt whichever of them gave it) or `agreed` (only codes every one of them gave).
 * `description` is the line a table's header shows.
 */
export const CodersInfo = z.object({
  ids: z.array(z.string()),
  rule: z.enum(['single', 'pooled', 'agreed']),
  description: z.string(),
});
export type CodersInfo = z.infer<typeof CodersInfo>;

/** One axis of a matrix: the dimension as resolved (`speaker.role`), its key and its label. */
export const MatrixAxis = z.object({ name: z.string(), dimension: z.string(), label: z.string() });
export type MatrixAxis = z.infer<typeof MatrixAxis>;

/**
 * One cell: distinct counted units with the row value and the column value. `rowPct` divides by
 * the row's distinct units (`rowTotals[].count`), `colPct` by the column's; null for an empty
 * margin. `residual` is the adjusted standardised residual in its own table (null when
 * undefined). `where` lists exactly the cell's excerpts with the excerpts route.
 */
export const MatrixCell = z.object({
  row: z.string(),
  col: z.string(),
  count: z.number().int().nonnegative(),
  rowPct: z.number().min(0).max(100).nullable(),
  colPct: z.number().min(0).max(100).nullable(),
  residual: z.number().nullable(),
  where: z.array(z.string()),
});
export type MatrixCell = z.infer<typeof MatrixCell>;

/** The statistics of one table; null where the test is undefined (`warnings` say why). */
export const MatrixStats = z.object({
  /** The tests' n: the sum of the cells. */
  n: z.number().int().nonnegative(),
  chiSquare: z.number().nonnegative().nullable(),
  df: z.number().int().nonnegative().nullable(),
  p: z.number().min(0).max(1).nullable(),
  cramersV: z.number().min(0).max(1).nullable(),
  fisherP: z.number().min(0).max(1).nullable(),
  warnings: z.array(z.string()),
});
export type MatrixStats = z.infer<typeof MatrixStats>;

/** A margin: distinct units (what the percentages divide by) and the sum of its cells. */
const Margin = { count: z.number().int().nonnegative(), cellSum: z.number().int().nonnegative() };

/** One table of a matrix: over all units (`split` null), or one split value's. */
export const MatrixTable = z.object({
  split: z.string().nullable(),
  cells: z.array(MatrixCell),
  rowTotals: z.array(z.object({ row: z.string(), ...Margin })),
  colTotals: z.array(z.object({ col: z.string(), ...Margin })),
  /** Distinct counted units with a row and a column value. */
  total: z.number().int().nonnegative(),
  /** The sum of the cells: larger than `total` when units fall in more than one cell. */
  cellSum: z.number().int().nonnegative(),
  /** Counted units that fall in more than one cell. */
  multiCell: z.number().int().nonnegative(),
  stats: MatrixStats,
});
export type MatrixTable = z.infer<typeof MatrixTable>;

/**
 * `GET /api/studies/:id/matrix`: the report `iwa matrix --format json` prints, number for number
 * (both come from `matrixReport` in `@iwa/services`). `tables[0]` is the table over all units;
 * with a split, one table per split value follows, each with its own statistics.
 */
export const MatrixResponse = z.object({
  studyId: z.string(),
  rows: MatrixAxis,
  cols: MatrixAxis,
  split: MatrixAxis.nullable(),
  by: By,
  unit: Unit,
  where: z.array(z.string()),
  coders: CodersInfo,
  rowValues: z.array(Labelled),
  colValues: z.array(Labelled),
  splitValues: z.array(Labelled),
  matched: z.number().int().nonnegative(),
  withoutValue: z.number().int().nonnegative(),
  tables: z.array(MatrixTable).min(1),
  notes: z.array(z.string()),
});
export type MatrixResponse = z.infer<typeof MatrixResponse>;

/** The informant who speaks an excerpt. */
export const SpeakerRef = z.object({ id: z.string(), label: z.string(), position: PositionRecord });
export type SpeakerRef = z.infer<typeof SpeakerRef>;

/** The actor who performs the work an excerpt describes (the speaker unless coded otherwise). */
export const PerformerRef = z.object({
  id: z.string(),
  label: z.string(),
  kind: ActorKind,
  position: PositionRecord,
});
export type PerformerRef = z.infer<typeof PerformerRef>;

/**
 * One excerpt with its provenance. `text` is user content: render it as text, never as HTML.
 * `before`/`after` hold up to about 300 characters of the surrounding document text.
 */
export const ExcerptItem = z.object({
  id: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
  before: z.string(),
  after: z.string(),
  speaker: SpeakerRef,
  performer: PerformerRef,
  codes: z.array(z.string()),
  coders: z.array(z.string()),
});
export type ExcerptItem = z.infer<typeof ExcerptItem>;

/**
 * `GET /api/studies/:id/excerpts`: one page of matches, `total` over all pages, with the
 * conditions as checked and the coders that selected them.
 */
export const ExcerptsResponse = z.object({
  total: z.number().int().nonnegative(),
  items: z.array(ExcerptItem),
  where: z.array(z.string()),
  coders: CodersInfo,
});
export type ExcerptsResponse = z.infer<typeof ExcerptsResponse>;

/** A node of the actor-position graph. */
export const ActorNode = z.object({
  id: z.string(),
  kind: ActorKind,
  label: z.string(),
  position: PositionRecord.optional(),
  sector: z.string().optional(),
  /** Coded excerpts (under the coder choice) the actor speaks. */
  spoken: z.number().int().nonnegative().optional(),
  /** Coded excerpts whose work the actor performs. */
  performed: z.number().int().nonnegative().optional(),
});
export type ActorNode = z.infer<typeof ActorNode>;

/** A relation between two actors, with how many excerpts evidence it. */
export const ActorEdge = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  type: RelationType,
  participation: z.enum(['full', 'partial', 'advisory']).optional(),
  evidenceCount: z.number().int().nonnegative(),
});
export type ActorEdge = z.infer<typeof ActorEdge>;

/** `GET /api/studies/:id/actors`. */
export const ActorsResponse = z.object({
  nodes: z.array(ActorNode),
  edges: z.array(ActorEdge),
  coders: CodersInfo,
});
export type ActorsResponse = z.infer<typeof ActorsResponse>;

/** `GET /api/studies/:id/actors/:actorId/profile`: the actor's work by form × purpose. */
export const ActorProfileResponse = z.object({
  actor: ActorNode,
  coders: CodersInfo,
  /** Coded excerpts the actor speaks or performs. */
  total: z.number().int().nonnegative(),
  counts: z.array(z.object({ form: z.string(), purpose: z.string(), count: z.number().int() })),
  /** The first 20 excerpts the actor speaks or performs. */
  excerpts: z.array(ExcerptItem).max(20),
});
export type ActorProfileResponse = z.infer<typeof ActorProfileResponse>;

/** A recorded phase event of an organisation (domain model §4.5). */
export const PhaseEventInfo = z.object({
  seq: z.number().int(),
  type: z.string(),
  /** ISO date (or date-time) of the event, as recorded. */
  at: z.string(),
  /** Excerpt ids. */
  evidence: z.array(z.string()),
  recordedBy: z.string(),
  /** How sure the recorder is, on the taxonomy's scale: `low`, `medium`, `high`. */
  confidence: Confidence,
  fromState: z.string(),
  toState: z.string(),
});
export type PhaseEventInfo = z.infer<typeof PhaseEventInfo>;

/** Expected versus observed work profile of an organisation in its current state. */
export const PhaseProfile = z.object({
  /** Coded excerpts about the organisation in this phase. */
  excerpts: z.number().int().nonnegative(),
  expected: z.object({ forms: z.array(z.string()), purposes: z.array(z.string()) }),
  observed: z.array(
    z.object({
      form: z.string(),
      purpose: z.string(),
      count: z.number().int().nonnegative(),
      share: z.number().min(0).max(1),
    }),
  ),
  fit: z.object({
    score: z.number().min(0).max(1),
    verdict: z.enum(['fits', 'partial', 'does_not_fit']),
    explanation: z.string(),
  }),
});
export type PhaseProfile = z.infer<typeof PhaseProfile>;

/** One organisation's phase history (`state` is the current state). */
export const OrganisationPhases = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  state: z.string(),
  events: z.array(PhaseEventInfo),
  profile: PhaseProfile.nullable(),
});
export type OrganisationPhases = z.infer<typeof OrganisationPhases>;
/** `GET /api/studies/:id/phases`: every organisation, counted under the coder choice. */
export const PhasesResponse = z.object({
  coders: CodersInfo,
  organisations: z.array(OrganisationPhases),
});
export type PhasesResponse = z.infer<typeof PhasesResponse>;

/** One of the study's claim checks (domain model §2.2); `holds` is null when undecidable. */
export const ClaimCheck = z.object({
  id: z.string(),
  statement: z.string(),
  holds: z.boolean().nullable(),
  numbers: z.record(z.string(), z.number()),
  excerptIds: z.array(z.string()),
  explanation: z.string(),
});
export type ClaimCheck = z.infer<typeof ClaimCheck>;
/** `GET /api/studies/:id/claims`: the claims, counted under the coder choice. */
export const ClaimsResponse = z.object({
  coders: z.object({ ids: z.array(z.string()), description: z.string() }),
  claims: z.array(ClaimCheck),
});
export type ClaimsResponse = z.infer<typeof ClaimsResponse>;

/** `GET /api/studies/:id/documents/:docId`: the full text with its speaker turns. */
export const DocumentResponse = z.object({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  turns: z.array(
    z.object({
      speakerId: z.string(),
      start: z.number().int().nonnegative(),
      /** Where the spoken text starts, after the speaker's label (`**M01:** `). */
      contentStart: z.number().int().nonnegative(),
      end: z.number().int().nonnegative(),
    }),
  ),
});
export type DocumentResponse = z.infer<typeof DocumentResponse>;

/**
 * One agreement coefficient: a number, or null with the reason it is undefined for these data
 * (no variation, fewer than two coders, …). Never read a null as 0.
 */
export const AgreementValue = z.union([
  z.object({ value: z.number(), reason: z.null() }),
  z.object({ value: z.null(), reason: z.string() }),
]);
export type AgreementValue = z.infer<typeof AgreementValue>;

/**
 * Agreement on a code, a family, a document or the whole study. Items are units × codes
 * (segment) or characters × codes (character); `itemsCoded` those some coder applied the code
 * to. `pairwisePct` and `allAgreePct` are percent agreement (0–100) without chance correction:
 * the share of agreeing coder pairs, and of items on which every coder agrees.
 */
export const AgreementRow = z.object({
  key: z.string(),
  label: z.string(),
  items: z.number().nonnegative(),
  itemsCoded: z.number().nonnegative(),
  pairwisePct: AgreementValue,
  allAgreePct: AgreementValue,
  /** Krippendorff's alpha, nominal, on present/absent. */
  alpha: AgreementValue,
  /** Cohen's kappa: defined for exactly two coders. */
  kappa: AgreementValue,
  /** Fleiss' kappa: defined when every item has the same number of coders. */
  fleiss: AgreementValue,
});
export type AgreementRow = z.infer<typeof AgreementRow>;

/** A unit the coders did not all code alike. `text` is user content: render it as text. */
export const AgreementDisagreement = z.object({
  documentId: z.string(),
  documentTitle: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** Each of the document's coders with the codes they applied in the unit (maybe none). */
  codes: z.array(z.object({ coder: z.string(), codes: z.array(z.string()) })),
  /** Codes some but not all coders applied. */
  disputed: z.array(z.string()),
  text: z.string(),
});
export type AgreementDisagreement = z.infer<typeof AgreementDisagreement>;

/**
 * `GET /api/studies/:id/agreement`: agreement between the study's coders. `studyCoders` is
 * every coder of the study, `coders` those assessed. Documents with fewer than two of those
 * coders are in `skippedDocuments`. With `unit=character` there is no disagreement list and
 * `caveat` says how to read the numbers.
 */
export const AgreementResponse = z.object({
  unit: AgreementUnit,
  /** The unitizing threshold (segment), null for characters. */
  minOverlap: z.number().nullable(),
  family: z.string().nullable(),
  studyCoders: z.array(z.string()),
  coders: z.array(z.string()),
  /** Units (segment) or characters (character) per code, summed over documents. */
  units: z.number().int().nonnegative(),
  caveat: z.string().nullable(),
  overall: AgreementRow,
  byFamily: z.array(AgreementRow),
  byCode: z.array(AgreementRow),
  byDocument: z.array(AgreementRow),
  skippedDocuments: z.array(
    z.object({ documentId: z.string(), documentTitle: z.string(), reason: z.string() }),
  ),
  disagreements: z.object({
    total: z.number().int().nonnegative(),
    items: z.array(AgreementDisagreement),
  }),
});
export type AgreementResponse = z.infer<typeof AgreementResponse>;

/** Every error the API returns. */
export const ApiErrorCode = z.enum([
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unavailable',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;
export const ApiErrorBody = z.object({
  error: z.object({ code: ApiErrorCode, message: z.string() }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

// ---------------------------------------------------------------------------------------------
// The coding workbench: writes (token-guarded) and the reads behind them

/**
 * A client-chosen operation id: the audit entry's id. Sending the same write again with the
 * same `opId` (a retry) is recognised and not applied twice.
 */
export const OpId = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits and _ . : - only');

/** A coder's id: the name chosen at the start of a session, as an id (`hilde`, `coder-2`). */
export const CoderId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits and _ . : - only');

/**
 * What every write carries: the operation id, the coder, and for an undo the `opId` of the
 * change it takes back (recorded on the undo's audit entry).
 */
export const Change = { opId: OpId, coderId: CoderId, undoOf: OpId.optional() };
const Offset = z.int().nonnegative().max(100_000_000);

/** `POST /api/studies/:id/codings`: apply a code to a span (code points) of a document. */
export const CreateCodingRequest = z
  .strictObject({ ...Change, documentId: Id, start: Offset, end: Offset, code: CodeKeyParam })
  .refine((r) => r.end > r.start, { message: 'end must be after start', path: ['end'] });
export type CreateCodingRequest = z.infer<typeof CreateCodingRequest>;

/** `PUT /api/studies/:id/codings/:codingId`: change a coding's code or span. */
export const UpdateCodingRequest = z
  .strictObject({
    ...Change,
    code: CodeKeyParam.optional(),
    start: Offset.optional(),
    end: Offset.optional(),
  })
  .refine((r) => r.start === undefined || r.end === undefined || r.end > r.start, {
    message: 'end must be after start',
    path: ['end'],
  });
export type UpdateCodingRequest = z.infer<typeof UpdateCodingRequest>;

/** `DELETE /api/studies/:id/codings/:codingId` (JSON body). */
export const DeleteCodingRequest = z.strictObject(Change);
export type DeleteCodingRequest = z.infer<typeof DeleteCodingRequest>;

/** An actor as a performer; `organisation` and `actor_group` as the study model names them. */
export const PerformerActor = z.strictObject({
  kind: z.enum(['informant', 'organisation', 'actor_group']),
  id: Id,
});
export type PerformerActor = z.infer<typeof PerformerActor>;

/** `PUT /api/studies/:id/excerpts/:excerptId/performer`: null goes back to the speaker. */
export const PerformerRequest = z.strictObject({ ...Change, performer: PerformerActor.nullable() });
export type PerformerRequest = z.infer<typeof PerformerRequest>;

/** `PUT /api/studies/:id/excerpts/:excerptId/memo`: empty text deletes the memo. */
export const MemoRequest = z.strictObject({ ...Change, text: z.string().max(20_000) });
export type MemoRequest = z.infer<typeof MemoRequest>;

/** An informant declared when a study is created: the position is made from role (and sector). */
export const NewInformant = z.strictObject({
  id: Id,
  role: SnakeKey,
  sector: SnakeKey.optional(),
  pseudonym: z.string().max(200).optional(),
});
export type NewInformant = z.infer<typeof NewInformant>;

/** `POST /api/studies`: a new study with the framework codebook and its informants. */
export const CreateStudyRequest = z.strictObject({
  ...Change,
  id: Id.optional(),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).optional(),
  informants: z.array(NewInformant).max(1000).default([]),
});
export type CreateStudyRequest = z.input<typeof CreateStudyRequest>;

/** `POST /api/studies/:id/documents`: a `.txt`, `.md` or `.docx` file, its bytes in base64. */
export const AddDocumentRequest = z.strictObject({
  ...Change,
  fileName: z
    .string()
    .max(255)
    .regex(/^[^/\\]+\.(txt|md|docx)$/i, 'a .txt, .md or .docx file name'),
  contentBase64: z.base64().max(30_000_000),
  id: Id.optional(),
  title: z.string().max(500).optional(),
});
export type AddDocumentRequest = z.infer<typeof AddDocumentRequest>;

/** What a write did: `replayed` means the operation id had been applied before. */
export const WriteOutcome = z.enum(['created', 'changed', 'deleted', 'unchanged', 'replayed']);
export type WriteOutcome = z.infer<typeof WriteOutcome>;

export const WorkbenchCoding = z.object({
  id: z.string(),
  excerptId: z.string(),
  documentId: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
  code: z.string(),
  coderId: z.string(),
  at: z.string().nullable(),
});
export type WorkbenchCoding = z.infer<typeof WorkbenchCoding>;

export const CodingResult = z.object({
  outcome: WriteOutcome,
  coding: WorkbenchCoding.nullable(),
});
export type CodingResult = z.infer<typeof CodingResult>;

export const PerformerResult = z.object({
  outcome: WriteOutcome,
  performer: PerformerActor.nullable(),
  performerSource: z.string(),
});
export type PerformerResult = z.infer<typeof PerformerResult>;

export const MemoResult = z.object({ outcome: WriteOutcome, memoId: z.string() });
export type MemoResult = z.infer<typeof MemoResult>;

export const CreateStudyResult = z.object({ outcome: WriteOutcome, studyId: z.string() });
export type CreateStudyResult = z.infer<typeof CreateStudyResult>;

export const AddDocumentResult = z.object({
  outcome: WriteOutcome,
  documentId: z.string(),
  warnings: z.array(z.string()),
});
export type AddDocumentResult = z.infer<typeof AddDocumentResult>;

/** `POST /api/token`: the write token presented is this explorer's (else 401/403). */
export const TokenResponse = z.object({ ok: z.literal(true) });
export type TokenResponse = z.infer<typeof TokenResponse>;

/** `GET /api/studies/:id/documents`: the study's documents. */
export const DocumentsResponse = z.array(
  z.object({ id: z.string(), title: z.string(), excerpts: z.number().int().nonnegative() }),
);
export type DocumentsResponse = z.infer<typeof DocumentsResponse>;

/** `GET /api/studies/:id/documents/:docId/codings`: `coder` = blind mode (only theirs). */
export const DocumentCodingsQuery = z.strictObject({ coder: CoderId.optional() });
export type DocumentCodingsQuery = z.infer<typeof DocumentCodingsQuery>;

export const CodedExcerpt = z.object({
  id: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
  speaker: z.object({ kind: z.enum(['informant', 'speaker']), id: z.string() }).nullable(),
  performer: PerformerActor.nullable(),
  performerSource: z.string(),
  codings: z.array(
    z.object({ id: z.string(), code: z.string(), coderId: z.string(), at: z.string().nullable() }),
  ),
  memos: z.array(z.object({ id: z.string(), text: z.string(), author: z.string().nullable() })),
});
export type CodedExcerpt = z.infer<typeof CodedExcerpt>;

export const DocumentCodingsResponse = z.object({
  documentId: z.string(),
  excerpts: z.array(CodedExcerpt),
});
export type DocumentCodingsResponse = z.infer<typeof DocumentCodingsResponse>;

/** `GET /api/studies/:id/audit`: `format=csv` gives the same entries as a CSV file. */
export const AuditQuery = z.strictObject({
  documentId: Id.optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntryItem = z.object({
  id: z.string(),
  at: z.string(),
  coderId: z.string(),
  action: z.string(),
  documentId: z.string().nullable(),
  excerptId: z.string().nullable(),
  codingId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  /** The entry this one takes back, when it is an undo. */
  undoOf: z.string().optional(),
});
export type AuditEntryItem = z.infer<typeof AuditEntryItem>;

export const AuditResponse = z.object({
  total: z.number().int().nonnegative(),
  entries: z.array(AuditEntryItem),
});
export type AuditResponse = z.infer<typeof AuditResponse>;
// ---------------------------------------------------------------------------------------------
// Retrieval and search (issue 18, item 5)

/**
 * `GET /api/studies/:id/excerpts/export`: every excerpt the filters select (a code, or any
 * conditions), as a file: `format=csv` (one row an excerpt, with context) or `docx`.
 */
export const ExcerptExportQuery = z.strictObject({
  format: z.enum(['csv', 'docx']),
  by: By.default('speaker'),
  where: z.array(WhereParam).max(20).default([]),
  ...CoderParams,
});
export type ExcerptExportQuery = z.output<typeof ExcerptExportQuery>;

/** `GET /api/studies/:id/search`: full-text search with keyword in context. */
export const SearchQuery = z.strictObject({
  /** Words (all required), `"a phrase"`, `prefix*`; case does not matter. */
  q: z.string().trim().min(1, 'type something to search for').max(500),
  context: QueryInt(0, 400).default(60),
  limit: QueryInt(1, 500).default(100),
  offset: QueryInt(0, 1_000_000).default(0),
});
export type SearchQuery = z.output<typeof SearchQuery>;

/** One place a search term occurs, with its context inside the speaker's turn (code points). */
export const SearchHitItem = z.object({
  documentId: z.string(),
  documentTitle: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  before: z.string(),
  match: z.string(),
  after: z.string(),
  beforeCut: z.boolean(),
  afterCut: z.boolean(),
  speaker: z.object({ id: z.string(), label: z.string() }).nullable(),
});
export type SearchHitItem = z.infer<typeof SearchHitItem>;

/** `searchStudy`'s report: the terms as understood, the documents found, a page of hits. */
export const SearchResponse = z.object({
  studyId: z.string(),
  query: z.string(),
  terms: z.array(z.string()),
  documents: z.array(z.object({ id: z.string(), title: z.string(), hits: z.number().int() })),
  total: z.number().int().nonnegative(),
  hits: z.array(SearchHitItem),
});
export type SearchResponse = z.infer<typeof SearchResponse>;

export * from './agreement-types.ts';
// type-only: study-edit-types.ts imports this file's schemas (no runtime cycle)
export type * from './study-edit-types.ts';
