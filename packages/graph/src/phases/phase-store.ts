import { Confidence } from '@iwa/taxonomy';
import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { GraphError } from '../graph-error.ts';

/** One recorded change-phase event of an organisation, in the order it was recorded. */
export const StoredPhaseEvent = z.object({
  seq: z.number().int().min(1),
  type: z.string(),
  /** The date the event happened (as the evidence tells), ISO; may be partial (`2021-03`). */
  at: z.string().nullable(),
  /** An IPS-25 fidelity review total, for events about fidelity reviews. */
  fidelity: z.number().nullable(),
  evidence: z.array(z.string()),
  recordedBy: z.string(),
  recordedAt: z.string(),
  /** How sure the recorder is: `low`, `medium` or `high` (the phase model's vocabulary). */
  confidence: Confidence,
  fromState: z.string(),
  toState: z.string(),
  note: z.string().nullable(),
});
export type StoredPhaseEvent = z.infer<typeof StoredPhaseEvent>;

/** The latest state of an organisation: the persisted machine snapshot after event `seq`. */
export const PhaseSnapshot = z.object({
  organisationId: z.string(),
  seq: z.number().int().min(0),
  state: z.string(),
  /** `JSON.stringify(actor.getPersistedSnapshot())`. */
  snapshot: z.string(),
  modelId: z.string(),
  updatedAt: z.string(),
});
export type PhaseSnapshot = z.infer<typeof PhaseSnapshot>;

export interface AppendPhaseEventParams {
  studyId: string;
  organisationId: string;
  /** The sequence number the caller saw last (0 for none): optimistic concurrency. */
  expectedSeq: number;
  event: Omit<StoredPhaseEvent, 'seq' | 'recordedAt'>;
  /** The machine snapshot after applying the event, and its state. */
  snapshot: string;
  state: string;
  modelId: string;
}

const P = cypherLabel('PhaseEvent');
const S = cypherLabel('PhaseSnapshot');
const O = cypherLabel('Organisation');

export const CURRENT_SEQ_CYPHER = `MATCH (o:${O} {studyId: $studyId, id: $organisationId})
OPTIONAL MATCH (s:${S} {studyId: $studyId, id: $organisationId})
RETURN coalesce(s.seq, 0) AS seq`;

export const APPEND_PHASE_EVENT_CYPHER = `MATCH (o:${O} {studyId: $studyId, id: $organisationId})
MERGE (s:${S} {studyId: $studyId, id: $organisationId})
ON CREATE SET s.seq = 0
WITH o, s
CALL (s) { SET s._lock = true }
WITH o, s WHERE s.seq = $expectedSeq
CREATE (e:${P} {studyId: $studyId, id: $organisationId + '#' + toString($expectedSeq + 1)})
SET e += $event, e.seq = $expectedSeq + 1, e.organisationId = $organisationId, e.recordedAt = $now
CREATE (o)-[:${cypherRelType('PHASE_EVENT')}]->(e)
SET s.seq = $expectedSeq + 1, s.state = $state, s.snapshot = $snapshot, s.modelId = $modelId,
    s.organisationId = $organisationId, s.updatedAt = $now
REMOVE s._lock
RETURN e.seq AS seq`;

export const PHASE_HISTORY_CYPHER = `MATCH (e:${P} {studyId: $studyId, organisationId: $organisationId})
RETURN e.seq AS seq, e.type AS type, e.at AS at, e.fidelity AS fidelity, e.evidence AS evidence, e.recordedBy AS recordedBy,
       e.recordedAt AS recordedAt, e.confidence AS confidence, e.fromState AS fromState,
       e.toState AS toState, e.note AS note
ORDER BY seq`;

/** Every organisation's phase events in one read (or one organisation's), oldest first. */
export const PHASE_HISTORIES_CYPHER = `MATCH (e:${P} {studyId: $studyId})
WHERE $organisationId IS NULL OR e.organisationId = $organisationId
RETURN e.organisationId AS organisationId, e.seq AS seq, e.type AS type, e.at AS at,
       e.fidelity AS fidelity, e.evidence AS evidence, e.recordedBy AS recordedBy,
       e.recordedAt AS recordedAt, e.confidence AS confidence, e.fromState AS fromState,
       e.toState AS toState, e.note AS note
ORDER BY organisationId, seq`;

export const PHASE_SNAPSHOTS_CYPHER = `MATCH (s:${S} {studyId: $studyId})
WHERE $organisationId IS NULL OR s.id = $organisationId
RETURN s.id AS organisationId, s.seq AS seq, s.state AS state, s.snapshot AS snapshot,
       s.modelId AS modelId, s.updatedAt AS updatedAt
ORDER BY organisationId`;

const SeqRow = z.object({ seq: z.number().int() });

/**
 * Appends one event to an organisation's append-only phase history and stores the snapshot
 * after it, in one transaction. When another recorder appended first (`expectedSeq` is stale),
 * nothing is written and `GraphError('conflict')` is thrown: the history never forks.
 */
export async function appendPhaseEvent(
  graph: Graph,
  params: AppendPhaseEventParams,
): Promise<number> {
  const { event } = params;
  try {
    return await graph.writeTransaction(async (tx) => {
      const current = parseRows(await tx.run(CURRENT_SEQ_CYPHER, params), SeqRow, 'phase seq');
      if (current.length === 0) {
        throw new GraphError(
          'not_found',
          `No organisation ${params.organisationId} in study ${params.studyId}`,
        );
      }
      const rows = parseRows(
        await tx.run(APPEND_PHASE_EVENT_CYPHER, {
          studyId: params.studyId,
          organisationId: params.organisationId,
          expectedSeq: params.expectedSeq,
          state: params.state,
          snapshot: params.snapshot,
          modelId: params.modelId,
          now: new Date().toISOString(),
          event: {
            type: event.type,
            at: event.at,
            evidence: event.evidence,
            recordedBy: event.recordedBy,
            confidence: event.confidence,
            fidelity: event.fidelity,
            fromState: event.fromState,
            toState: event.toState,
            note: event.note,
          },
        }),
        SeqRow,
        'append phase event',
      );
      const seq = rows[0]?.seq;
      if (seq === undefined) {
        throw new GraphError(
          'conflict',
          `The phase history of ${params.organisationId} moved on (now at event ${current[0]?.seq ?? 0}, you expected ${params.expectedSeq}): reload it and record again`,
        );
      }
      return seq;
    });
  } catch (err) {
    if (err instanceof GraphError && err.code === 'constraint_violation') {
      throw new GraphError(
        'conflict',
        `Another recorder appended to the phase history of ${params.organisationId} at the same time: reload it and record again`,
        { cause: err },
      );
    }
    throw err;
  }
}

/** An organisation's phase events in the order they were recorded. */
export async function readPhaseHistory(
  graph: Graph,
  params: { studyId: string; organisationId: string },
): Promise<StoredPhaseEvent[]> {
  return parseRows(
    await graph.read(PHASE_HISTORY_CYPHER, params),
    StoredPhaseEvent,
    'phase history',
  );
}

const HistoryRow = StoredPhaseEvent.extend({ organisationId: z.string() });

/**
 * The phase events of every organisation of a study (or of one), oldest first, keyed by
 * organisation: one read where a loop over {@link readPhaseHistory} would make one per
 * organisation.
 */
export async function readPhaseHistories(
  graph: Graph,
  params: { studyId: string; organisationId?: string },
): Promise<Map<string, StoredPhaseEvent[]>> {
  const rows = parseRows(
    await graph.read(PHASE_HISTORIES_CYPHER, {
      studyId: params.studyId,
      organisationId: params.organisationId ?? null,
    }),
    HistoryRow,
    'phase histories',
  );
  const out = new Map<string, StoredPhaseEvent[]>();
  for (const { organisationId, ...event } of rows) {
    const list = out.get(organisationId);
    if (list === undefined) out.set(organisationId, [event]);
    else list.push(event);
  }
  return out;
}

/** The latest snapshot of every organisation of a study (or of one). */
export async function readPhaseSnapshots(
  graph: Graph,
  params: { studyId: string; organisationId?: string },
): Promise<PhaseSnapshot[]> {
  return parseRows(
    await graph.read(PHASE_SNAPSHOTS_CYPHER, {
      studyId: params.studyId,
      organisationId: params.organisationId ?? null,
    }),
    PhaseSnapshot,
    'phase snapshots',
  );
}
