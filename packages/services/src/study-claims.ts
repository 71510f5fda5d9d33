import {
  AnalysisError,
  ClaimSet,
  evaluateClaims,
  type ClaimCounter,
  type ClaimResult,
  type Perspective,
} from '@iwa/analysis';
import { aggregateUnits, queryExcerpts, readStudyClaims, type Graph } from '@iwa/graph';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ServiceError } from './service-error.ts';
import {
  loadStudyVocabulary,
  type CoderChoice,
  type CoderRequest,
  type StudyVocabulary,
} from './study-vocabulary.ts';

/**
 * Claims counted in Neo4j: every count is an aggregate over the same selection the matrix and
 * the excerpt lists use, under the chosen coders. Condition texts are checked against the
 * study, so a misspelt dimension or value is an error naming the claim, not a confident zero.
 */
function graphCounter(graph: Graph, vocab: StudyVocabulary, coders: CoderChoice): ClaimCounter {
  const conditions = (texts: readonly string[], by: Perspective) =>
    texts.map((t) => vocab.condition(t, by).condition);
  const base = { studyId: vocab.studyId, coders: coders.graphRule };
  return {
    async count({ conditions: texts, by, unit }) {
      const r = await aggregateUnits(graph, { ...base, where: conditions(texts, by), unit, by });
      return r.matched;
    },
    async tally({ conditions: texts, dimension, by, unit }) {
      const dim = vocab.resolve(dimension, by);
      const r = await aggregateUnits(graph, {
        ...base,
        where: conditions(texts, by),
        rows: dim.source,
        unit,
        by,
      });
      const overall = r.tables.find((t) => t.layer === null);
      return {
        total: overall?.total ?? 0,
        perValue: new Map((overall?.rowTotals ?? []).map((t) => [t.row, t.n])),
      };
    },
    async perEntity({ conditions: texts, each, by }) {
      const r = await aggregateUnits(graph, {
        ...base,
        where: conditions(texts, by),
        rows: each === 'document' ? { kind: 'documentId' } : { kind: 'actorId', of: by },
        unit: 'excerpts',
        by,
      });
      const overall = r.tables.find((t) => t.layer === null);
      return new Map((overall?.rowTotals ?? []).map((t) => [t.row, t.n]));
    },
    entities(each) {
      return Promise.resolve(
        each === 'document' ? vocab.documents.map((d) => d.key) : vocab.informants,
      );
    },
    async excerptIds({ conditions: texts, by }) {
      const page = await queryExcerpts(graph, {
        ...base,
        where: conditions(texts, by),
        context: 0,
        limit: 100_000,
      });
      return page.items.map((x) => x.id);
    },
  };
}

/** The outcome of checking a study's claims. */
export type StudyClaimsOutcome =
  | { ok: true; results: ClaimResult[]; coders: { ids: string[]; description: string } }
  | { ok: false; error: string }
  | { ok: 'none' };

/**
 * Evaluates a claims file (YAML text; the study's stored claims when `text` is left out) on a
 * study's coded excerpts, counted in Neo4j under the chosen coders. `none` when the study has
 * no stored claims; `ok: false` with a message naming the file (and claim) when the file or a
 * condition in it is wrong.
 */
export async function evaluateStudyClaims(
  graph: Graph,
  params: {
    studyId: string;
    text?: string | undefined;
    source?: string | undefined;
    coders?: CoderRequest | undefined;
  },
  vocabulary?: StudyVocabulary,
): Promise<StudyClaimsOutcome> {
  const vocab = vocabulary ?? (await loadStudyVocabulary(graph, params.studyId));
  const source = params.source ?? 'the stored claims';
  const text = params.text ?? (await readStudyClaims(graph, { studyId: params.studyId }));
  if (text === undefined) return { ok: 'none' };
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    return {
      ok: false,
      error: `${source}: not valid YAML: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const parsed = ClaimSet.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `${source}: ${z.prettifyError(parsed.error)}` };
  const coders = vocab.coderChoice(params.coders);
  const counter = graphCounter(graph, vocab, coders);
  const results: ClaimResult[] = [];
  for (const claim of parsed.data.claims) {
    try {
      results.push(...(await evaluateClaims([claim], counter)));
    } catch (err) {
      if (err instanceof ServiceError || err instanceof AnalysisError)
        return { ok: false, error: `${source}: claim ${claim.id}: ${err.message}` };
      throw err;
    }
  }
  return { ok: true, results, coders: { ids: coders.coders, description: coders.description } };
}
