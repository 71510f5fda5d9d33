import {
  aggregateUnits,
  readPhaseSnapshots,
  type AggregateCounts,
  type Graph,
  type UnitCondition,
  type ValueSource,
} from '@iwa/graph';
import { compareWorkProfile, type WorkProfileFit } from '@iwa/phases';
import { currentPhase, storedPhaseModel } from './phase-service.ts';
import {
  loadStudyVocabulary,
  type CoderRequest,
  type CoderRuleName,
  type StudyVocabulary,
} from './study-vocabulary.ts';

/** The work observed about one organisation in one phase, against what the phase model expects. */
export interface PhaseProfile {
  organisationId: string;
  organisationName: string;
  state: string;
  /** Whether `state` is the organisation's current phase. */
  current: boolean;
  /** Coded excerpts about the organisation in this phase. */
  excerpts: number;
  /** Excerpts per code (`form.operational`, `purpose.creating`, `lns.educating`). */
  counts: Record<string, number>;
  /** Excerpts per form × purpose pair. */
  pairs: { form: string; purpose: string; count: number }[];
  fit: WorkProfileFit;
}

export interface PhaseProfilesReport {
  studyId: string;
  model: string;
  coders: { ids: string[]; rule: CoderRuleName; description: string };
  profiles: PhaseProfile[];
}

/**
 * Observed versus expected work per organisation and phase. An excerpt is about an organisation
 * when its document's `organisation` variable names it or the organisation performs the work; it
 * belongs to the phase its document's `phase` variable gives (the phase at the interview), else
 * to the organisation's current phase. Counted in Neo4j with the matrix's selection and coder
 * rule; the CLI (`iwa phase profile`) and the explorer's phase view both call this.
 */
export async function phaseProfiles(
  graph: Graph,
  request: { studyId: string; organisationId?: string | undefined; coders?: CoderRequest },
  vocabulary?: StudyVocabulary,
): Promise<PhaseProfilesReport> {
  const vocab = vocabulary ?? (await loadStudyVocabulary(graph, request.studyId));
  const studyId = vocab.studyId;
  if (request.organisationId !== undefined) vocab.organisation(request.organisationId);
  const coders = vocab.coderChoice(request.coders);
  const model = await storedPhaseModel(graph, studyId);
  const snapshots = await readPhaseSnapshots(graph, {
    studyId,
    ...(request.organisationId ? { organisationId: request.organisationId } : {}),
  });
  const orgs = request.organisationId
    ? [request.organisationId]
    : snapshots.map((s) => s.organisationId);
  const names = new Map(vocab.organisations.map((o) => [o.key, o.label]));
  const has = (key: string): boolean => vocab.dimensions.some((d) => d.key === key);
  const aboutSources: ValueSource[] = [
    ...(has('organisation') ? [vocab.resolve('organisation', 'speaker').source] : []),
    { kind: 'actorId', of: 'performer' },
  ];
  const about: ValueSource =
    aboutSources.length === 1 && aboutSources[0]
      ? aboutSources[0]
      : { kind: 'union', sources: aboutSources.filter((s) => s.kind !== 'union') };
  const phase = has('phase') ? vocab.resolve('phase', 'speaker').source : undefined;
  const base = {
    studyId,
    coders: coders.graphRule,
    where: [{ source: about, values: orgs, negate: false }] as UnitCondition[],
    rows: about,
    ...(phase ? { layer: phase } : {}),
  };
  if (orgs.length === 0) {
    return { studyId, model: model.definition.id, coders: describe(coders), profiles: [] };
  }
  const family = (key: string): ValueSource | undefined =>
    has(key) && vocab.dimension(key).kind === 'codes' ? { kind: 'codes', family: key } : undefined;
  const tally = (cols: ValueSource | undefined): Promise<AggregateCounts | null> =>
    cols === undefined ? Promise.resolve(null) : aggregateUnits(graph, { ...base, cols });
  const [totals, forms, purposes, lns] = await Promise.all([
    aggregateUnits(graph, base),
    tally(family('form')),
    tally(family('purpose')),
    tally(family('lns')),
  ]);

  const profiles: PhaseProfile[] = [];
  for (const org of orgs) {
    const current = (await currentPhase(graph, { studyId, organisationId: org, model })).state;
    const pairsOf =
      family('form') && family('purpose')
        ? await aggregateUnits(graph, {
            ...base,
            where: [{ source: about, values: [org], negate: false }],
            rows: { kind: 'codes', family: 'form' },
            cols: { kind: 'codes', family: 'purpose' },
          })
        : null;
    // per phase: the layer of that phase, plus (for the current phase) the excerpts without one
    const states = new Set<string>([current]);
    for (const t of totals.tables) {
      if (t.layer !== null && (t.rowTotals.find((r) => r.row === org)?.n ?? 0) > 0)
        states.add(t.layer);
    }
    for (const state of states) {
      const n = (
        r: AggregateCounts | null,
        pick: (t: AggregateCounts['tables'][number]) => number,
      ): number => {
        if (r === null) return 0;
        const layered = r.tables.find((t) => t.layer === state);
        const inLayer = layered ? pick(layered) : 0;
        if (state !== current || phase === undefined)
          return phase === undefined ? pickAll(r, pick) : inLayer;
        // excerpts with no phase value count in the current phase: all − those with any phase
        const withPhase = r.tables.filter((t) => t.layer !== null).reduce((s, t) => s + pick(t), 0);
        return inLayer + pickAll(r, pick) - withPhase;
      };
      const excerpts = n(totals, (t) => t.rowTotals.find((r) => r.row === org)?.n ?? 0);
      if (excerpts === 0 && state !== current) continue;
      const counts: Record<string, number> = {};
      for (const [key, r] of [
        ['form', forms],
        ['purpose', purposes],
        ['lns', lns],
      ] as const) {
        const dim = has(key) ? vocab.dimension(key) : undefined;
        for (const v of dim?.values ?? []) {
          const k = n(r, (t) => t.cells.find((c) => c.row === org && c.col === v.key)?.n ?? 0);
          if (k > 0) counts[`${key}.${v.key}`] = k;
        }
      }
      const pairs: PhaseProfile['pairs'] = [];
      if (pairsOf) {
        const keys = new Set(
          pairsOf.tables.flatMap((t) => t.cells.map((c) => `${c.row}|${c.col}`)),
        );
        for (const key of [...keys].sort()) {
          const [form = '', purpose = ''] = key.split('|');
          const count = n(
            pairsOf,
            (t) => t.cells.find((c) => c.row === form && c.col === purpose)?.n ?? 0,
          );
          if (count > 0) pairs.push({ form: `form.${form}`, purpose: `purpose.${purpose}`, count });
        }
      }
      profiles.push({
        organisationId: org,
        organisationName: names.get(org) ?? org,
        state,
        current: state === current,
        excerpts,
        counts,
        pairs,
        fit: compareWorkProfile(model, { organisationId: org, state, counts }),
      });
    }
  }
  return { studyId, model: model.definition.id, coders: describe(coders), profiles };
}

function pickAll(
  r: AggregateCounts,
  pick: (t: AggregateCounts['tables'][number]) => number,
): number {
  const all = r.tables.find((t) => t.layer === null);
  return all ? pick(all) : 0;
}

function describe(c: { coders: string[]; rule: CoderRuleName; description: string }): {
  ids: string[];
  rule: CoderRuleName;
  description: string;
} {
  return { ids: c.coders, rule: c.rule, description: c.description };
}
