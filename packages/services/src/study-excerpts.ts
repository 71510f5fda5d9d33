import type { Perspective } from '@iwa/analysis';
import { queryExcerpts, type ExcerptDetail, type Graph } from '@iwa/graph';
import {
  loadStudyVocabulary,
  type CoderRequest,
  type CoderRuleName,
  type StudyVocabulary,
} from './study-vocabulary.ts';

/** Which excerpts to list. Every name is checked against the study. */
export interface ExcerptsRequest {
  studyId: string;
  /** Conditions in the claims' syntax (`role=manager`, `form.operational`, `phase=…`). */
  where?: readonly string[] | undefined;
  by?: Perspective | undefined;
  coders?: CoderRequest | undefined;
  /** Only these excerpts (as claims and phase events cite them). */
  ids?: readonly string[] | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  /** Code points of context on each side. */
  context?: number | undefined;
}

/** A page of excerpts with the filters and coders that selected them. */
export interface ExcerptsPage {
  studyId: string;
  where: string[];
  by: Perspective;
  coders: { ids: string[]; rule: CoderRuleName; description: string };
  total: number;
  items: ExcerptDetail[];
}

/**
 * The excerpts behind any filter, paged in document order: a matrix cell's `where` lists exactly
 * the excerpts its count is made of, because both run the same selection in Neo4j.
 */
export async function listExcerpts(
  graph: Graph,
  request: ExcerptsRequest,
  vocabulary?: StudyVocabulary,
): Promise<ExcerptsPage> {
  const vocab = vocabulary ?? (await loadStudyVocabulary(graph, request.studyId));
  const by = request.by ?? 'speaker';
  const where = (request.where ?? []).map((w) => vocab.condition(w, by));
  const coders = vocab.coderChoice(request.coders);
  const page = await queryExcerpts(graph, {
    studyId: vocab.studyId,
    coders: coders.graphRule,
    where: where.map((w) => w.condition),
    ids: [...(request.ids ?? [])],
    ...(request.limit === undefined ? {} : { limit: request.limit }),
    ...(request.offset === undefined ? {} : { offset: request.offset }),
    ...(request.context === undefined ? {} : { context: request.context }),
  });
  return {
    studyId: vocab.studyId,
    where: where.map((w) => w.text),
    by,
    coders: { ids: coders.coders, rule: coders.rule, description: coders.description },
    total: page.total,
    items: page.items,
  };
}
