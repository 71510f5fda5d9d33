import { STUDY_CODE_FAMILIES } from '@iwa/taxonomy';
import { z } from 'zod';
import { Change, CodeKeyParam, Id, PerformerActor, SnakeKey, WriteOutcome } from './api-types.ts';

/*
 * The study built in the browser: its codebook, actors and relations, and its documents
 * (rename, replace, delete). The writes are `@iwa/services` use cases; these are their HTTP
 * shapes.
 */

const Colour = z.string().regex(/^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/, 'a colour like #2a9d8f');
const Label = z.string().trim().min(1).max(200);
const Description = z.string().max(5000);

/** One change to the study's own codes (framework codes are fixed). */
export const CodebookEdit = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('create'),
    family: z.enum(STUDY_CODE_FAMILIES),
    label: Label,
    key: CodeKeyParam.optional(),
    parent: CodeKeyParam.optional(),
    colour: Colour.optional(),
    description: Description.optional(),
  }),
  z.strictObject({
    op: z.literal('update'),
    key: CodeKeyParam,
    label: Label.optional(),
    parent: CodeKeyParam.nullable().optional(),
    colour: Colour.nullable().optional(),
    description: Description.nullable().optional(),
  }),
  z.strictObject({ op: z.literal('merge'), key: CodeKeyParam, into: CodeKeyParam }),
  z.strictObject({ op: z.literal('retire'), key: CodeKeyParam }),
]);
export type CodebookEdit = z.infer<typeof CodebookEdit>;

/** `POST /api/studies/:id/codebook`. */
export const CodebookEditRequest = z.strictObject({ ...Change, edit: CodebookEdit });
export type CodebookEditRequest = z.infer<typeof CodebookEditRequest>;

/** What a study edit did, and the thing as it is afterwards (the code, actor, relation…). */
export const StudyEditResult = z.object({ outcome: WriteOutcome, after: z.unknown() });
export type StudyEditResult = z.infer<typeof StudyEditResult>;

const Value = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
const OptionalSnake = z.union([SnakeKey, z.literal('')]).optional();

/** An informant, organisation or group to add (or change, when its id exists). */
export const ActorRecord = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('informant'),
    id: Id,
    pseudonym: z.string().max(200).optional(),
    description: Description.optional(),
    role: SnakeKey,
    sector: OptionalSnake,
    tier: OptionalSnake,
    level: OptionalSnake,
    authority: OptionalSnake,
    organisationId: Id.nullable().optional(),
    variables: z.record(z.string().min(1).max(100), Value).optional(),
  }),
  z.strictObject({
    kind: z.literal('organisation'),
    id: Id,
    name: Label,
    organisationKind: SnakeKey,
    sector: SnakeKey.optional(),
    level: SnakeKey.optional(),
    tier: SnakeKey.optional(),
    parentId: Id.optional(),
    description: Description.optional(),
  }),
  z.strictObject({
    kind: z.literal('actor_group'),
    id: Id,
    label: Label,
    groupKind: SnakeKey,
    role: SnakeKey.optional(),
    organisationId: Id.optional(),
    description: Description.optional(),
  }),
]);
export type ActorRecord = z.infer<typeof ActorRecord>;

/** `POST /api/studies/:id/actors`: add or change an actor. */
export const ActorRequest = z.strictObject({ ...Change, actor: ActorRecord });
export type ActorRequest = z.infer<typeof ActorRequest>;

/** `POST /api/studies/:id/relations`: a relation between actors, shown by passages (excerpt ids). */
export const RelationRequest = z.strictObject({
  ...Change,
  type: z.enum([
    'advises',
    'enlists',
    'collaborates_with',
    'reports_to',
    'attends',
    'co_located_with',
  ]),
  from: PerformerActor,
  to: PerformerActor,
  evidence: z.array(Id).min(1).max(100),
  participation: z.enum(['full', 'partial', 'advisory']).optional(),
  note: z.string().max(5000).optional(),
});
export type RelationRequest = z.infer<typeof RelationRequest>;

/** `DELETE /api/studies/:id/relations/:relationId` and `DELETE …/documents/:docId` (JSON body). */
export const PlainChangeRequest = z.strictObject(Change);
export type PlainChangeRequest = z.infer<typeof PlainChangeRequest>;

/** `PUT /api/studies/:id/documents/:docId`: another title (the id stays). */
export const RenameDocumentRequest = z.strictObject({ ...Change, title: Label.max(500) });
export type RenameDocumentRequest = z.infer<typeof RenameDocumentRequest>;

/**
 * `PUT /api/studies/:id/documents/:docId/file`: a new version of the file. When coders have
 * codings or memos on the document, replacing removes them (their offsets no longer fit):
 * without `discardCodings: true` that is refused with 409, naming who would lose what.
 */
export const ReplaceDocumentRequest = z.strictObject({
  ...Change,
  fileName: z
    .string()
    .max(255)
    .regex(/^[^/\\]+\.(txt|md|docx)$/i, 'a .txt, .md or .docx file name'),
  contentBase64: z.base64().max(30_000_000),
  discardCodings: z.boolean().default(false),
});
export type ReplaceDocumentRequest = z.input<typeof ReplaceDocumentRequest>;

export const ReplaceDocumentResult = z.object({
  outcome: WriteOutcome,
  documentId: z.string(),
  removed: z.array(
    z.object({ coderId: z.string(), codings: z.number().int(), memos: z.number().int() }),
  ),
  warnings: z.array(z.string()),
});
export type ReplaceDocumentResult = z.infer<typeof ReplaceDocumentResult>;

export const DeleteDocumentResult = z.object({ outcome: WriteOutcome, documentId: z.string() });
export type DeleteDocumentResult = z.infer<typeof DeleteDocumentResult>;

/** `GET /api/studies/:id/documents/:docId/summary`: what a delete or replace would remove. */
export const DocumentSummaryResponse = z.object({
  id: z.string(),
  title: z.string(),
  excerpts: z.number().int().nonnegative(),
  memos: z.number().int().nonnegative(),
  codings: z.array(z.object({ coderId: z.string(), codings: z.number().int().nonnegative() })),
});
export type DocumentSummaryResponse = z.infer<typeof DocumentSummaryResponse>;

/** `GET /api/studies/:id/setup`: the study's own codes, its actors and their relations. */
export const StudySetupResponse = z.object({
  codes: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      parent: z.string().optional(),
      colour: z.string().optional(),
      description: z.string().optional(),
      isCodable: z.boolean().optional(),
    }),
  ),
  positions: z.array(
    z.object({
      id: z.string(),
      role: z.string(),
      sector: z.string().optional(),
      tier: z.string().optional(),
      level: z.string().optional(),
      authority: z.string().optional(),
    }),
  ),
  informants: z.array(
    z.object({
      id: z.string(),
      pseudonym: z.string().optional(),
      positionId: z.string().optional(),
      description: z.string().optional(),
      variables: z.record(z.string(), Value).optional(),
      organisationId: z.string().nullable(),
    }),
  ),
  organisations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      sector: z.string().optional(),
      level: z.string().optional(),
      tier: z.string().optional(),
      description: z.string().optional(),
    }),
  ),
  actorGroups: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      kind: z.string(),
      role: z.string().optional(),
      organisationId: z.string().optional(),
      description: z.string().optional(),
    }),
  ),
  relations: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      from: PerformerActor,
      to: PerformerActor,
      evidence: z.array(z.string()),
    }),
  ),
});
export type StudySetupResponse = z.infer<typeof StudySetupResponse>;
