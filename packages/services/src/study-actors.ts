import { aggregateUnits, queryActorGraph, type ActorEdge, type Graph } from '@iwa/graph';
import {
  loadStudyVocabulary,
  type CoderRequest,
  type CoderRuleName,
  type StudyVocabulary,
} from './study-vocabulary.ts';

/** An actor with its position and how many coded excerpts it spoke and performed. */
export interface ActorReportNode {
  id: string;
  kind: 'informant' | 'organisation' | 'actor_group';
  label: string;
  position: Record<string, string>;
  /** Coded excerpts (under the coder rule) it speaks. */
  spoken: number;
  /** Coded excerpts whose work it performs (an excerpt without a named performer is its speaker's). */
  performed: number;
}

export interface ActorReport {
  studyId: string;
  relations: string[];
  coders: { ids: string[]; rule: CoderRuleName; description: string };
  nodes: ActorReportNode[];
  edges: ActorEdge[];
}

/**
 * The actor-position graph: every actor with its position and its spoken / performed counts
 * (counted in Neo4j with the matrix's selection and coder rule), and the relations between them.
 * Relation types are checked against the ones iwa knows.
 */
export async function actorReport(
  graph: Graph,
  request: { studyId: string; relations?: readonly string[] | undefined; coders?: CoderRequest },
  vocabulary?: StudyVocabulary,
): Promise<ActorReport> {
  const vocab = vocabulary ?? (await loadStudyVocabulary(graph, request.studyId));
  const relations = (request.relations ?? []).map((r) => vocab.relationType(r));
  // a study with no codings yet (one just created in the workbench) still has its actors
  if (vocab.coders.length === 0 && request.coders?.coders === undefined) {
    const g = await queryActorGraph(graph, { studyId: vocab.studyId, relations });
    return {
      studyId: vocab.studyId,
      relations,
      coders: { ids: [], rule: 'pooled', description: 'no codings yet' },
      nodes: g.nodes.map((n) => ({
        id: n.id,
        kind: n.kind,
        label: n.label,
        position: Object.fromEntries(
          Object.entries(n.position).filter((e): e is [string, string] => e[1] !== null),
        ),
        spoken: 0,
        performed: 0,
      })),
      edges: g.edges,
    };
  }
  const coders = vocab.coderChoice(request.coders);
  const base = { studyId: vocab.studyId, coders: coders.graphRule };
  const [g, spoken, performed] = await Promise.all([
    queryActorGraph(graph, { studyId: vocab.studyId, relations }),
    aggregateUnits(graph, { ...base, rows: { kind: 'actorId', of: 'speaker' } }),
    aggregateUnits(graph, { ...base, rows: { kind: 'actorId', of: 'performer' } }),
  ]);
  const per = (r: typeof spoken): Map<string, number> =>
    new Map((r.tables.find((t) => t.layer === null)?.rowTotals ?? []).map((t) => [t.row, t.n]));
  const s = per(spoken);
  const p = per(performed);
  return {
    studyId: vocab.studyId,
    relations,
    coders: { ids: coders.coders, rule: coders.rule, description: coders.description },
    nodes: g.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      label: n.label,
      position: Object.fromEntries(
        Object.entries(n.position).filter((e): e is [string, string] => e[1] !== null),
      ),
      spoken: s.get(n.id) ?? 0,
      performed: p.get(n.id) ?? 0,
    })),
    edges: g.edges,
  };
}
