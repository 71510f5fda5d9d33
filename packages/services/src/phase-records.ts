import {
  appendPhaseEvent,
  queryCodedUnits,
  readPhaseHistories,
  readPhaseHistory,
  readPhaseSnapshots,
  type CodedUnitRow,
  type Graph,
  type StoredPhaseEvent,
} from '@iwa/graph';
import {
  applyPhaseEvent,
  persistPhaseSnapshot,
  phaseStateOf,
  suggestPhaseEvents,
  type Confidence,
  type PhaseModel,
  type PhaseEventSuggestion,
} from '@iwa/phases';
import {
  currentPhase,
  fullDate,
  phaseOfStored,
  replay,
  storedPhaseModel,
} from './phase-service.ts';
import { loadStudyVocabulary } from './study-vocabulary.ts';

/*
 * The phase histories as `iwa phase show|history|record|suggest` use them: each step checks the
 * study and the organisation first (ServiceError with "did you mean" when unknown), reads or
 * appends through the graph's phase store and checks every event against the study's phase model.
 */

/** The study's phase model, after checking the study and (when named) the organisation. */
export async function studyPhaseModel(
  graph: Graph,
  params: { studyId: string; organisationId?: string | undefined },
): Promise<PhaseModel> {
  const vocab = await loadStudyVocabulary(graph, params.studyId);
  if (params.organisationId !== undefined) vocab.organisation(params.organisationId);
  return storedPhaseModel(graph, params.studyId);
}

/** One organisation's current phase, its events, and whether a replay of them agrees. */
export interface PhaseOverviewRow {
  organisationId: string;
  state: string;
  events: number;
  lastEvent: string | null;
  since: string | null;
  replayMatches: boolean;
}

/**
 * The current phase of every organisation with a history (or of the one named, its initial
 * state when it has none), each checked against a replay of its events.
 */
export async function phaseOverview(
  graph: Graph,
  params: { studyId: string; organisationId?: string | undefined; model: PhaseModel },
): Promise<PhaseOverviewRow[]> {
  const { studyId, model } = params;
  const snapshots = await readPhaseSnapshots(graph, {
    studyId,
    ...(params.organisationId ? { organisationId: params.organisationId } : {}),
  });
  const histories = await readPhaseHistories(graph, {
    studyId,
    ...(params.organisationId ? { organisationId: params.organisationId } : {}),
  });
  const rows: PhaseOverviewRow[] = [];
  for (const s of snapshots) {
    const history = histories.get(s.organisationId) ?? [];
    const replayed = replay(model, s.organisationId, history);
    // the snapshot just read, not a second read per organisation
    const current = phaseOfStored(model, s.organisationId, s);
    rows.push({
      organisationId: s.organisationId,
      state: current.state,
      events: s.seq,
      lastEvent: history.at(-1)?.type ?? null,
      since: history.at(-1)?.at ?? null,
      replayMatches: replayed.ok && phaseStateOf(replayed.snapshot) === current.state,
    });
  }
  if (params.organisationId && rows.length === 0)
    rows.push({
      organisationId: params.organisationId,
      state: model.definition.initial,
      events: 0,
      lastEvent: null,
      since: null,
      replayMatches: true,
    });
  return rows;
}

/** An organisation's phase events, oldest first. */
export async function phaseHistory(
  graph: Graph,
  params: { studyId: string; organisationId: string },
): Promise<StoredPhaseEvent[]> {
  return readPhaseHistory(graph, params);
}

/** A phase event as a researcher records it. */
export interface PhaseEventInput {
  type: string;
  /** A date, possibly partial (`2021-03`). */
  at: string;
  evidence: string[];
  recordedBy: string;
  confidence: Confidence;
  fidelity?: number | undefined;
  note?: string | undefined;
}

/** What recording an event did: appended as event `seq`, or refused by the phase model. */
export type PhaseRecordResult =
  | { ok: true; seq: number; from: string; to: string }
  | { ok: false; state: string; reason: string };

/**
 * Records one event for an organisation: checked against the phase model from its current
 * state, then appended with the new snapshot in one transaction that fails with a
 * `GraphError('conflict')` when someone else appended first (reload and retry).
 */
export async function recordPhaseEvent(
  graph: Graph,
  params: { studyId: string; organisationId: string; model: PhaseModel; event: PhaseEventInput },
): Promise<PhaseRecordResult> {
  const { studyId, organisationId, model, event } = params;
  const current = await currentPhase(graph, { studyId, organisationId, model });
  const at = fullDate(event.at);
  const res = applyPhaseEvent(model, current.snapshot, {
    type: event.type,
    at,
    evidence: event.evidence,
    recordedBy: event.recordedBy,
    confidence: event.confidence,
    ...(event.fidelity !== undefined ? { fidelity: event.fidelity } : {}),
    ...(event.note ? { note: event.note } : {}),
  });
  if (!res.ok) return { ok: false, state: current.state, reason: res.reason };
  const seq = await appendPhaseEvent(graph, {
    studyId,
    organisationId,
    expectedSeq: current.seq,
    event: {
      type: event.type,
      at: at ?? null,
      evidence: event.evidence,
      recordedBy: event.recordedBy,
      confidence: event.confidence,
      fidelity: event.fidelity ?? null,
      note: event.note ?? null,
      fromState: current.state,
      toState: res.state,
    },
    snapshot: JSON.stringify(persistPhaseSnapshot(model, res.snapshot)),
    state: res.state,
    modelId: model.definition.id,
  });
  return { ok: true, seq, from: current.state, to: res.state };
}

/** Excerpts about an organisation: documents whose `organisation` variable names it, or work it performed. */
function aboutOrganisation(units: readonly CodedUnitRow[], org: string): CodedUnitRow[] {
  return units.filter((u) => u.documentVariables.organisation === org || u.performerId === org);
}

/**
 * The events the coded excerpts about an organisation suggest from its current state, by the
 * phase model's evidence rules; nothing is applied.
 */
export async function phaseSuggestions(
  graph: Graph,
  params: { studyId: string; organisationId: string; model: PhaseModel },
): Promise<{ state: string; excerpts: number; suggestions: PhaseEventSuggestion[] }> {
  const { studyId, organisationId, model } = params;
  const current = await currentPhase(graph, { studyId, organisationId, model });
  const units = aboutOrganisation(await queryCodedUnits(graph, { studyId }), organisationId);
  const suggestions = suggestPhaseEvents(
    model,
    current.snapshot,
    units.map((u) => ({
      id: u.excerptId,
      codes: u.codes,
      performer: { sector: u.performer?.sector ?? undefined },
      date:
        typeof u.documentVariables.date === 'string'
          ? fullDate(u.documentVariables.date)
          : undefined,
    })),
  );
  return { state: current.state, excerpts: units.length, suggestions };
}
