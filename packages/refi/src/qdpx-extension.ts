import {
  CodebookExtension,
  DocumentKind,
  EntityId,
  ItemRef,
  MemoTargetKind,
  PartialDate,
  PerformerSource,
  SpeakerRef,
  SpeakerTurn,
  StudyManifest,
} from '@iwa/study';
import { IWA_NAMESPACE, uuidv5 } from '@iwa/taxonomy';
import { z } from 'zod';

/*
 * iwa's extension entry in a .qdpx (`iwa/extension.json`). REFI-QDA has no place for speaker
 * turns, who performs the work an excerpt describes versus who speaks it, the types and
 * evidence of actor relations, positions as entities, phase events, study vocabularies or the
 * iwa ids of things; this entry keeps them so an iwa → .qdpx → iwa round trip loses nothing.
 *
 * It is trusted only for the exact project.qde it was written with (`projectHash`). Another tool
 * that re-exports the project writes a new project.qde, so a stale extension is ignored and iwa
 * reads what REFI-QDA itself carries. Everything else lives in project.qde, for every tool.
 */

/** The zip entry of the extension. */
export const EXTENSION_ENTRY = 'iwa/extension.json';

const Guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

/** The extension's content. Records are keyed by the lowercase GUID of the REFI element. */
export const QdpxExtension = z.object({
  format: z.literal('iwa-qdpx-extension'),
  version: z.literal(1),
  /** `sha256:<hex>` of the project.qde bytes this extension belongs to. */
  projectHash: z.string(),
  study: z.object({
    id: EntityId,
    language: z.string().optional(),
    origin: z.string().optional(),
  }),
  manifest: StudyManifest.pick({
    informants: true,
    speakers: true,
    positions: true,
    organisations: true,
    actorGroups: true,
    relations: true,
    dimensions: true,
    variables: true,
    phaseEvents: true,
    phaseModel: true,
  }).extend({ codebook: CodebookExtension }),
  /** Users that are not coders (memo authors, document creators). */
  nonCoderUsers: z.array(EntityId),
  documents: z.record(
    Guid,
    z.object({
      id: EntityId,
      kind: DocumentKind,
      date: PartialDate.optional(),
      participants: z.array(EntityId),
      turns: z.array(SpeakerTurn),
      sourcePath: z.string().optional(),
      untitled: z.literal(true).optional(),
    }),
  ),
  excerpts: z.record(
    Guid,
    z.object({ id: EntityId, speaker: SpeakerRef.optional(), performerSource: PerformerSource }),
  ),
  codings: z.record(Guid, z.object({ id: EntityId })),
  memos: z.record(
    Guid,
    z.object({
      id: EntityId,
      about: z.array(z.object({ kind: MemoTargetKind, id: z.string().min(1) })),
    }),
  ),
  sets: z.record(Guid, z.object({ id: EntityId, members: z.array(ItemRef) })),
  links: z.record(Guid, z.object({ id: EntityId })),
});
/** The parsed extension. */
export type QdpxExtension = z.infer<typeof QdpxExtension>;

/**
 * The GUID iwa gives a thing of a study in a `.qdpx`: UUIDv5 of `<kind>:<studyId>/<id>` in
 * iwa's namespace. Deterministic, so two exports of a study name everything alike. (Code GUIDs
 * are `uuidv5(key, IWA_NAMESPACE)`, as in codebooks; keys hold no `:`, so the two never clash.)
 */
export function qdpxGuid(studyId: string, kind: string, id: string): string {
  return uuidv5(`${kind}:${studyId}/${id}`, IWA_NAMESPACE);
}
