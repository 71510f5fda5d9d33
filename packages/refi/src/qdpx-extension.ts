import {
  CodebookExtension,
  DocumentKind,
  heapCheckpoint,
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

/** A document's parts that REFI-QDA has no place for. */
const ExtensionDocument = z.object({
  id: EntityId,
  kind: DocumentKind,
  date: PartialDate.optional(),
  participants: z.array(EntityId),
  turns: z.array(SpeakerTurn),
  sourcePath: z.string().optional(),
  untitled: z.literal(true).optional(),
});

/** An excerpt's iwa id, speaker and where its performer came from. */
const ExtensionExcerpt = z.object({
  id: EntityId,
  speaker: SpeakerRef.optional(),
  performerSource: PerformerSource,
});

/** A coding's iwa id, where it is not the one a reader derives. */
const ExtensionCoding = z.object({ id: EntityId });

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
  documents: z.record(Guid, ExtensionDocument),
  excerpts: z.record(Guid, ExtensionExcerpt),
  codings: z.record(Guid, ExtensionCoding),
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

const ExtensionRest = QdpxExtension.omit({ documents: true, excerpts: true, codings: true });

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Checks a record's keys and entries, replacing each entry by its checked value. */
function checkRecord<T>(record: unknown, schema: z.ZodType<T>, share: (entry: T) => void): boolean {
  if (!isPlainObject(record)) return false;
  let n = 0;
  for (const [guid, value] of Object.entries(record)) {
    if (!Guid.safeParse(guid).success) return false;
    const entry = schema.safeParse(value);
    if (!entry.success) return false;
    share(entry.data);
    record[guid] = entry.data;
    // the entries replaced are garbage: collected as they pile up, not left beside the rest
    if (++n % 1024 === 0) heapCheckpoint();
  }
  return true;
}

/**
 * Checks a parsed extension (`JSON.parse` of the entry) against {@link QdpxExtension} entry by
 * entry, replacing each entry of the per-item records by its checked value as it goes, so at
 * most one copy of the largest part is alive (checking the whole at once held the parsed JSON
 * and zod's copy of it together: ~250 MB at 10,000 interviews). Speakers are shared: every turn
 * and excerpt of one speaker refers to one object. Returns undefined when anything does not
 * fit; then check the whole with `QdpxExtension.safeParse` for the issues (the parsed value has
 * been changed: parse the JSON again).
 */
export function checkQdpxExtension(parsed: unknown): QdpxExtension | undefined {
  if (!isPlainObject(parsed)) return undefined;
  const speakers = new Map<string, SpeakerRef>();
  const shared = (ref: SpeakerRef): SpeakerRef => {
    const key = `${ref.kind}\u0000${ref.id}`;
    const known = speakers.get(key);
    if (known !== undefined) return known;
    speakers.set(key, ref);
    return ref;
  };
  const fit =
    checkRecord(parsed['documents'], ExtensionDocument, (d) => {
      for (const t of d.turns) t.speaker = shared(t.speaker);
    }) &&
    checkRecord(parsed['excerpts'], ExtensionExcerpt, (e) => {
      if (e.speaker !== undefined) e.speaker = shared(e.speaker);
    }) &&
    checkRecord(parsed['codings'], ExtensionCoding, () => undefined);
  if (!fit) return undefined;
  const rest = ExtensionRest.safeParse(parsed);
  if (!rest.success) return undefined;
  return {
    ...rest.data,
    documents: parsed['documents'] as QdpxExtension['documents'],
    excerpts: parsed['excerpts'] as QdpxExtension['excerpts'],
    codings: parsed['codings'] as QdpxExtension['codings'],
  };
}

/**
 * A document's speaker turns as kept between reading the extension and reading the document:
 * `[start, contentStart, end]` per turn in one `Int32Array` and the (shared) speakers beside it,
 * 16 bytes a turn instead of an object of ~56 (440,235 turns at 10,000 interviews).
 */
export interface PackedTurns {
  readonly bounds: Int32Array;
  readonly speakers: readonly SpeakerRef[];
}

/** A document of the extension as kept: its turns packed. */
export type KeptExtensionDocument = Omit<z.infer<typeof ExtensionDocument>, 'turns'> & {
  readonly turns: PackedTurns;
};

/** iwa's extension as the reader keeps it until the documents are read (turns packed). */
export type KeptExtension = Omit<QdpxExtension, 'documents'> & {
  readonly documents: Record<string, KeptExtensionDocument>;
};

/** Packs a checked extension's turns in place of the turn objects (see {@link PackedTurns}). */
export function keepQdpxExtension(ext: QdpxExtension): KeptExtension {
  const documents: Record<string, KeptExtensionDocument> = ext.documents as never;
  let n = 0;
  for (const d of Object.values(ext.documents)) {
    if (++n % 1024 === 0) heapCheckpoint();
    const turns = d.turns;
    const bounds = new Int32Array(turns.length * 3);
    turns.forEach((t, i) => bounds.set([t.start, t.contentStart, t.end], i * 3));
    (d as unknown as { turns: PackedTurns }).turns = {
      bounds,
      speakers: turns.map((t) => t.speaker),
    };
  }
  return { ...ext, documents };
}

/** The turn objects of a kept document, made again when the document is read. */
export function unpackTurns(packed: PackedTurns): SpeakerTurn[] {
  const { bounds, speakers } = packed;
  return speakers.map((speaker, i) => ({
    speaker,
    start: bounds[i * 3] ?? 0,
    contentStart: bounds[i * 3 + 1] ?? 0,
    end: bounds[i * 3 + 2] ?? 0,
  }));
}
