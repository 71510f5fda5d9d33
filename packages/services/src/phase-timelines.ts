import {
  readPhaseHistories,
  readPhaseSnapshots,
  type Graph,
  type StoredPhaseEvent,
} from '@iwa/graph';
import { phaseProfiles, type PhaseProfile } from './phase-profiles.ts';
import {
  loadStudyVocabulary,
  type CoderRequest,
  type CoderRuleName,
  type StudyVocabulary,
} from './study-vocabulary.ts';

/** One organisation's recorded phase events, its current state and its work per phase. */
export interface OrganisationTimeline {
  organisationId: string;
  organisationName: string;
  /** The current state. */
  state: string;
  events: StoredPhaseEvent[];
  /** The observed against the expected work, per phase with coded excerpts (current first). */
  profiles: PhaseProfile[];
}

export interface PhaseTimelinesReport {
  studyId: string;
  model: string;
  coders: { ids: string[]; rule: CoderRuleName; description: string };
  organisations: OrganisationTimeline[];
}

/**
 * Every organisation's phase history with its work profiles (from {@link phaseProfiles}, so the
 * counts are the CLI's `iwa phase profile` under the same coders): what the explorer's phase
 * view shows.
 */
export async function phaseTimelines(
  graph: Graph,
  request: { studyId: string; coders?: CoderRequest | undefined },
  vocabulary?: StudyVocabulary,
): Promise<PhaseTimelinesReport> {
  const vocab = vocabulary ?? (await loadStudyVocabulary(graph, request.studyId));
  const studyId = vocab.studyId;
  const [report, snapshots, histories] = await Promise.all([
    phaseProfiles(graph, { studyId, ...(request.coders ? { coders: request.coders } : {}) }, vocab),
    readPhaseSnapshots(graph, { studyId }),
    readPhaseHistories(graph, { studyId }),
  ]);
  const names = new Map(vocab.organisations.map((o) => [o.key, o.label]));
  const organisations: OrganisationTimeline[] = [];
  for (const s of snapshots) {
    const org = s.organisationId;
    const events = histories.get(org) ?? [];
    const profiles = report.profiles
      .filter((p) => p.organisationId === org)
      .sort((a, b) => Number(b.current) - Number(a.current));
    organisations.push({
      organisationId: org,
      organisationName: names.get(org) ?? org,
      state: profiles.find((p) => p.current)?.state ?? s.state,
      events,
      profiles,
    });
  }
  return { studyId, model: report.model, coders: report.coders, organisations };
}
