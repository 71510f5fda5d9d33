import type { Perspective } from '@iwa/analysis';
import { aggregateUnits, type Graph } from '@iwa/graph';
import { ServiceError } from './service-error.ts';
import {
  loadStudyVocabulary,
  type CoderRequest,
  type CoderRuleName,
  type StudyVocabulary,
} from './study-vocabulary.ts';

/** One pair of codes from two families with how often each occurs and how often they meet. */
export interface CooccurrencePair {
  /** Code keys with their family (`form.operational`). */
  a: string;
  b: string;
  /** Excerpts coded a, coded b, and coded both. */
  n1: number;
  n2: number;
  n12: number;
  /** n12 / (n1 + n2 − n12), the coefficient ATLAS.ti reports; 0 when neither occurs. */
  c: number;
}

export interface CooccurrenceReport {
  studyId: string;
  a: string;
  b: string;
  where: string[];
  coders: { ids: string[]; rule: CoderRuleName; description: string };
  pairs: CooccurrencePair[];
}

/**
 * Within-excerpt co-occurrence of every code of one family with every code of another, counted
 * in Neo4j with the same selection as the matrix (the cells of family a × family b are the n12).
 */
export async function cooccurrenceReport(
  graph: Graph,
  request: {
    studyId: string;
    a: string;
    b: string;
    where?: readonly string[] | undefined;
    by?: Perspective | undefined;
    coders?: CoderRequest | undefined;
  },
  vocabulary?: StudyVocabulary,
): Promise<CooccurrenceReport> {
  const vocab = vocabulary ?? (await loadStudyVocabulary(graph, request.studyId));
  const by = request.by ?? 'speaker';
  const a = vocab.resolve(request.a, by, 'code family');
  const b = vocab.resolve(request.b, by, 'code family');
  for (const f of [a, b]) {
    if (f.info.kind !== 'codes') {
      throw new ServiceError(
        'invalid_query',
        `${f.info.key} is not a code family; co-occurrence compares codes of two families (${vocab.families.map((x) => x.key).join(', ')}); for other dimensions use iwa matrix`,
      );
    }
  }
  const where = (request.where ?? []).map((w) => vocab.condition(w, by));
  const coders = vocab.coderChoice(request.coders);
  const base = {
    studyId: vocab.studyId,
    coders: coders.graphRule,
    where: where.map((w) => w.condition),
  };
  // one aggregate: n12 are its cells; n1 and n2 the excerpts with each code whether or not they
  // have a code of the other family
  const both = await aggregateUnits(graph, { ...base, rows: a.source, cols: b.source });
  const overall = both.tables.find((t) => t.layer === null);
  const n1 = new Map((overall?.rowsAny ?? []).map((t) => [t.row, t.n]));
  const n2 = new Map((overall?.colsAny ?? []).map((t) => [t.col, t.n]));
  const met = new Map((overall?.cells ?? []).map((c) => [`${c.row}\u0000${c.col}`, c.n]));
  const pairs: CooccurrencePair[] = [];
  for (const x of a.info.values) {
    if (!n1.has(x.key)) continue;
    for (const y of b.info.values) {
      if (!n2.has(y.key)) continue;
      if (a.info.key === b.info.key && x.key === y.key) continue;
      const p = n1.get(x.key) ?? 0;
      const q = n2.get(y.key) ?? 0;
      const n12 = met.get(`${x.key}\u0000${y.key}`) ?? 0;
      const union = p + q - n12;
      pairs.push({
        a: `${a.info.key}.${x.key}`,
        b: `${b.info.key}.${y.key}`,
        n1: p,
        n2: q,
        n12,
        c: union > 0 ? n12 / union : 0,
      });
    }
  }
  return {
    studyId: vocab.studyId,
    a: a.info.key,
    b: b.info.key,
    where: where.map((w) => w.text),
    coders: { ids: coders.coders, rule: coders.rule, description: coders.description },
    pairs,
  };
}
