import {
  aggregateUnits,
  queryActorGraph,
  queryExcerpts,
  type ExcerptDetail,
  type Graph,
  type UnitCondition,
} from '@iwa/graph';
import { nearest } from './did-you-mean.ts';
import { ServiceError } from './service-error.ts';
import {
  loadStudyVocabulary,
  type CoderRequest,
  type CoderRuleName,
  type StudyVocabulary,
} from './study-vocabulary.ts';

/** One actor's work: form × purpose of the coded excerpts it speaks or performs. */
export interface ActorProfile {
  studyId: string;
  actor: {
    id: string;
    kind: 'informant' | 'organisation' | 'actor_group';
    label: string;
    position: Record<string, string>;
  };
  coders: { ids: string[]; rule: CoderRuleName; description: string };
  /** Coded excerpts (under the coder rule) the actor speaks or performs. */
  excerpts: number;
  /** Those excerpts per form × purpose pair (an excerpt with several pairs counts in each). */
  counts: { form: string; purpose: string; count: number }[];
  /** The first `limit` of the excerpts, in document order. */
  items: ExcerptDetail[];
}

/**
 * An actor's work profile, counted in Neo4j with the matrix's selection and coder rule: the
 * coded excerpts the actor speaks or performs (an excerpt without a named performer is its
 * speaker's), by form × purpose, and the first of them. The explorer's actor panel calls this.
 * An unknown actor is `ServiceError('not_found')` with did-you-mean.
 */
export async function actorProfile(
  graph: Graph,
  request: {
    studyId: string;
    actorId: string;
    coders?: CoderRequest | undefined;
    limit?: number | undefined;
  },
  vocabulary?: StudyVocabulary,
): Promise<ActorProfile> {
  const vocab = vocabulary ?? (await loadStudyVocabulary(graph, request.studyId));
  const coders = vocab.coderChoice(request.coders);
  const { nodes } = await queryActorGraph(graph, { studyId: vocab.studyId });
  const node = nodes.find((n) => n.id === request.actorId);
  if (node === undefined) {
    const near = nearest(
      request.actorId,
      nodes.map((n) => n.id),
    );
    throw new ServiceError(
      'not_found',
      `no actor "${request.actorId}" in study ${vocab.studyId}${near.length > 0 ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`,
    );
  }
  const about: UnitCondition = {
    source: {
      kind: 'union',
      sources: [
        { kind: 'actorId', of: 'speaker' },
        { kind: 'actorId', of: 'performer' },
      ],
    },
    values: [node.id],
    negate: false,
  };
  const base = { studyId: vocab.studyId, coders: coders.graphRule, where: [about] };
  const families = new Set(vocab.families.map((f) => f.key));
  const [all, pairs, page] = await Promise.all([
    aggregateUnits(graph, base),
    families.has('form') && families.has('purpose')
      ? aggregateUnits(graph, {
          ...base,
          rows: { kind: 'codes', family: 'form' },
          cols: { kind: 'codes', family: 'purpose' },
        })
      : Promise.resolve(null),
    queryExcerpts(graph, { ...base, limit: request.limit ?? 20 }),
  ]);
  const overall = pairs?.tables.find((t) => t.layer === null);
  const order = (family: string, key: string): number =>
    vocab.dimension(family).values.findIndex((v) => v.key === key);
  const counts = (overall?.cells ?? [])
    .filter((c) => c.n > 0)
    .sort(
      (a, b) =>
        order('form', a.row) - order('form', b.row) ||
        order('purpose', a.col) - order('purpose', b.col),
    )
    .map((c) => ({ form: `form.${c.row}`, purpose: `purpose.${c.col}`, count: c.n }));
  return {
    studyId: vocab.studyId,
    actor: {
      id: node.id,
      kind: node.kind,
      label: node.label,
      position: Object.fromEntries(
        Object.entries(node.position).filter((e): e is [string, string] => e[1] !== null),
      ),
    },
    coders: { ids: coders.coders, rule: coders.rule, description: coders.description },
    excerpts: all.matched,
    counts,
    items: page.items,
  };
}
