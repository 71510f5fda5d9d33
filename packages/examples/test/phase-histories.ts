import {
  applyPhaseEvent,
  confidenceOfScore,
  phaseStateOf,
  type PhaseModel,
  type PhaseSnapshot,
} from '@iwa/phases';
import type { PhaseEventRecord, Study } from '@iwa/study';

/** One organisation's phase events applied in order: the states passed through, or the first rejection. */
export interface PhaseHistory {
  readonly organisationId: string;
  /** `[date, state after the event]` for every accepted event, in order. */
  readonly states: readonly (readonly [string, string])[];
  readonly rejected?: { readonly event: PhaseEventRecord; readonly reason: string };
}

/** Applies each organisation's phase events (study order) to a fresh machine of `model`. */
export function phaseHistories(study: Study, model: PhaseModel): PhaseHistory[] {
  const byOrg = new Map<string, PhaseEventRecord[]>();
  for (const e of study.phaseEvents) {
    const list = byOrg.get(e.organisationId) ?? [];
    list.push(e);
    byOrg.set(e.organisationId, list);
  }
  return [...byOrg].map(([organisationId, events]) => {
    // the first event starts from the model's initial state; later ones from the snapshot
    // before them, so their history (and `cameFrom` guards) is kept
    let snapshot: PhaseSnapshot | string = model.definition.initial;
    const states: [string, string][] = [];
    for (const event of events) {
      const res = applyPhaseEvent(model, snapshot, {
        type: event.type,
        at: event.date,
        evidence: event.evidence,
        recordedBy: event.recordedBy,
        confidence: confidenceOfScore(event.confidence),
        ...(event.note === undefined ? {} : { note: event.note }),
      });
      if (!res.ok) return { organisationId, states, rejected: { event, reason: res.reason } };
      snapshot = res.snapshot;
      states.push([event.date ?? '', phaseStateOf(res.snapshot)]);
    }
    return { organisationId, states };
  });
}

/** The state of a history on a day: the state after the last event dated on or before it. */
export function stateOn(history: PhaseHistory, initial: string, day: string): string {
  let state = initial;
  for (const [date, next] of history.states) if (date <= day) state = next;
  return state;
}
