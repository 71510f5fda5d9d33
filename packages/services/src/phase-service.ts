import {
  applyPhaseEvent,
  compilePhaseModel,
  ipsPhaseModel,
  PhaseModelDefinition,
  persistPhaseSnapshot,
  phaseStateOf,
  restorePhaseSnapshot,
  type PhaseModel,
  type PhaseSnapshot,
} from '@iwa/phases';
import {
  appendPhaseEvent,
  readPhaseHistories,
  readPhaseSnapshots,
  readStudyRecord,
  type Graph,
  type StoredPhaseEvent,
} from '@iwa/graph';
import type { PhaseEventRecord, StudyManifest } from '@iwa/study';
import { confidenceOf } from '@iwa/taxonomy';
import { initialTransition } from 'xstate';
import { z } from 'zod';

/** A partial date (`2021`, `2021-03`) becomes its first day, as the phase model needs a day. */
export function fullDate(date: string | undefined | null): string | undefined {
  if (!date) return undefined;
  if (/^\d{4}$/.test(date)) return `${date}-01-01`;
  if (/^\d{4}-\d{2}$/.test(date)) return `${date}-01`;
  return date.slice(0, 10);
}

/** The phase model of a study: its own (study.yaml `phase_model`) or the default IPS model. */
export function phaseModelFor(definition: unknown): { model: PhaseModel; custom: boolean } {
  if (definition === undefined || definition === null)
    return { model: ipsPhaseModel, custom: false };
  const parsed = PhaseModelDefinition.safeParse(definition);
  if (!parsed.success)
    throw new Error(`the study's phase model is invalid: ${z.prettifyError(parsed.error)}`);
  return { model: compilePhaseModel(parsed.data), custom: true };
}

/** The stored study's phase model. */
export async function storedPhaseModel(graph: Graph, studyId: string): Promise<PhaseModel> {
  const record = await readStudyRecord(graph, { studyId });
  return phaseModelFor(record?.phaseModel).model;
}

/** The start of an organisation's history. */
export function initialSnapshot(model: PhaseModel, organisationId: string): PhaseSnapshot {
  const [snapshot] = initialTransition(model.machine, { organisationId });
  return snapshot;
}

/** The event as the phase model takes it, from a stored one. */
export function phaseEventOf(
  e: Pick<
    StoredPhaseEvent,
    'type' | 'at' | 'evidence' | 'recordedBy' | 'confidence' | 'fidelity' | 'note'
  >,
): Record<string, unknown> {
  return {
    type: e.type,
    at: fullDate(e.at),
    evidence: e.evidence,
    recordedBy: e.recordedBy,
    confidence: confidenceOf(e.confidence),
    ...(e.fidelity !== null && e.fidelity !== undefined ? { fidelity: e.fidelity } : {}),
    ...(e.note ? { note: e.note } : {}),
  };
}

/** Replays a history from the start; the first illegal event stops it with its reason. */
export function replay(
  model: PhaseModel,
  organisationId: string,
  events: readonly Pick<
    StoredPhaseEvent,
    'type' | 'at' | 'evidence' | 'recordedBy' | 'confidence' | 'fidelity' | 'note'
  >[],
): { ok: true; snapshot: PhaseSnapshot } | { ok: false; index: number; reason: string } {
  let snapshot = initialSnapshot(model, organisationId);
  for (const [index, e] of events.entries()) {
    const res = applyPhaseEvent(model, snapshot, phaseEventOf(e));
    if (!res.ok) return { ok: false, index, reason: res.reason };
    snapshot = res.snapshot;
  }
  return { ok: true, snapshot };
}

/** The current snapshot of an organisation, restored from the store (or the initial state). */
export async function currentPhase(
  graph: Graph,
  params: { studyId: string; organisationId: string; model: PhaseModel },
): Promise<{ seq: number; snapshot: PhaseSnapshot; state: string }> {
  const [stored] = await readPhaseSnapshots(graph, {
    studyId: params.studyId,
    organisationId: params.organisationId,
  });
  return phaseOfStored(params.model, params.organisationId, stored);
}

/** An organisation's phase from its stored snapshot (the initial state when it has none). */
export function phaseOfStored(
  model: PhaseModel,
  organisationId: string,
  stored: { seq: number; snapshot: string } | undefined,
): { seq: number; snapshot: PhaseSnapshot; state: string } {
  if (!stored || stored.seq === 0) {
    const snapshot = initialSnapshot(model, organisationId);
    return { seq: 0, snapshot, state: phaseStateOf(snapshot) };
  }
  const snapshot = restorePhaseSnapshot(model, JSON.parse(stored.snapshot));
  return { seq: stored.seq, snapshot, state: phaseStateOf(snapshot) };
}

function recordToEvent(
  r: PhaseEventRecord,
): Omit<StoredPhaseEvent, 'seq' | 'recordedAt' | 'fromState' | 'toState'> {
  return {
    type: r.type,
    at: fullDate(r.date) ?? null,
    evidence: r.evidence,
    recordedBy: r.recordedBy,
    confidence: confidenceOf(r.confidence),
    fidelity: null,
    note: r.note ?? null,
  };
}

/** Checks a manifest's phase events against its phase model, before anything is written. */
export function checkManifestPhases(manifest: StudyManifest): string[] {
  let model: PhaseModel;
  try {
    model = phaseModelFor(manifest.phaseModel).model;
  } catch (err) {
    return [`study.yaml: ${err instanceof Error ? err.message : String(err)}`];
  }
  const errors: string[] = [];
  for (const [org, events] of groupByOrganisation(manifest.phaseEvents)) {
    const res = replay(model, org, events.map(recordToEvent));
    if (!res.ok) {
      const e = events[res.index];
      errors.push(
        `study.yaml: phase event ${e?.id ?? res.index + 1} (${e?.type}) of ${org} cannot be applied: ${res.reason}`,
      );
    }
  }
  return errors;
}

function groupByOrganisation(events: readonly PhaseEventRecord[]): Map<string, PhaseEventRecord[]> {
  const byOrg = new Map<string, PhaseEventRecord[]>();
  for (const e of events) byOrg.set(e.organisationId, [...(byOrg.get(e.organisationId) ?? []), e]);
  return byOrg;
}

const same = (
  a: Pick<StoredPhaseEvent, 'type' | 'at' | 'recordedBy'>,
  b: Pick<StoredPhaseEvent, 'type' | 'at' | 'recordedBy'>,
): boolean =>
  a.type === b.type && (a.at ?? null) === (b.at ?? null) && a.recordedBy === b.recordedBy;

/**
 * Brings the stored phase histories up to the study's phase events: appends the events the
 * store lacks. A stored history that departs from study.yaml is kept as it is and reported
 * (histories are append-only; change them with `iwa phase record`).
 */
export async function syncPhaseEvents(
  graph: Graph,
  manifest: StudyManifest,
): Promise<{ appended: number; warnings: string[] }> {
  const { model } = phaseModelFor(manifest.phaseModel);
  let appended = 0;
  const warnings: string[] = [];
  // every organisation's stored history in one read, not one read per organisation
  const histories = await readPhaseHistories(graph, { studyId: manifest.id });
  for (const [org, records] of groupByOrganisation(manifest.phaseEvents)) {
    const wanted = records.map(recordToEvent);
    const stored = histories.get(org) ?? [];
    const prefix = stored.every((s, i) => wanted[i] !== undefined && same(s, wanted[i]));
    if (!prefix) {
      warnings.push(
        `the stored phase history of ${org} differs from study.yaml; kept the stored one`,
      );
      continue;
    }
    let { seq, snapshot } = await currentPhase(graph, {
      studyId: manifest.id,
      organisationId: org,
      model,
    });
    for (const e of wanted.slice(stored.length)) {
      const from = phaseStateOf(snapshot);
      const res = applyPhaseEvent(model, snapshot, phaseEventOf(e));
      if (!res.ok) throw new Error(`phase event ${e.type} of ${org}: ${res.reason}`);
      seq = await appendPhaseEvent(graph, {
        studyId: manifest.id,
        organisationId: org,
        expectedSeq: seq,
        event: { ...e, fromState: from, toState: res.state },
        snapshot: JSON.stringify(persistPhaseSnapshot(model, res.snapshot)),
        state: res.state,
        modelId: model.definition.id,
      });
      snapshot = res.snapshot;
      appended += 1;
    }
  }
  return { appended, warnings };
}
