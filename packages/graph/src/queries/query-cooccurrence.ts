import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { CodeFamily } from './query-matrix.ts';

export const CooccurrenceQuery = z.object({
  studyId: z.string(),
  familyA: CodeFamily,
  familyB: CodeFamily,
  coderId: z.string().optional(),
});
export type CooccurrenceQuery = z.input<typeof CooccurrenceQuery>;

export const COOCCURRENCE_CYPHER = `MATCH (e:${cypherLabel('Excerpt')} {studyId: $studyId})-[ca:${cypherRelType('CODED')}]->(a:${cypherLabel('Code')})
WHERE a.family = $familyA AND ($coderId IS NULL OR ca.coderId = $coderId)
MATCH (e)-[cb:${cypherRelType('CODED')}]->(b:${cypherLabel('Code')})
WHERE b.family = $familyB AND b <> a AND ($coderId IS NULL OR cb.coderId = $coderId)
RETURN a.id AS a, b.id AS b, count(DISTINCT e) AS n12
ORDER BY a, b`;

export const CODE_TOTALS_CYPHER = `MATCH (e:${cypherLabel('Excerpt')} {studyId: $studyId})-[cd:${cypherRelType('CODED')}]->(c:${cypherLabel('Code')})
WHERE c.family IN [$familyA, $familyB] AND ($coderId IS NULL OR cd.coderId = $coderId)
RETURN c.id AS code, count(DISTINCT e) AS n
ORDER BY code`;

const PairRow = z.object({ a: z.string(), b: z.string(), n12: z.number().int() });
const TotalRow = z.object({ code: z.string(), n: z.number().int() });

/** One pair of codes from two families with how often each occurs and how often they meet. */
export interface CooccurrencePair {
  a: string;
  b: string;
  n1: number;
  n2: number;
  n12: number;
  /** n12 / (n1 + n2 − n12), the coefficient ATLAS.ti reports. */
  c: number;
}

/** Within-excerpt co-occurrence of every code of one family with every code of another. */
export async function queryCooccurrence(
  graph: Graph,
  input: CooccurrenceQuery,
): Promise<CooccurrencePair[]> {
  const q = CooccurrenceQuery.parse(input);
  const params = {
    studyId: q.studyId,
    familyA: q.familyA,
    familyB: q.familyB,
    coderId: q.coderId ?? null,
  };
  const [pairs, totals] = await Promise.all([
    graph.read(COOCCURRENCE_CYPHER, params).then((r) => parseRows(r, PairRow, 'co-occurrence')),
    graph.read(CODE_TOTALS_CYPHER, params).then((r) => parseRows(r, TotalRow, 'code totals')),
  ]);
  const n = new Map(totals.map((t) => [t.code, t.n]));
  const codesA = totals.filter((t) => t.code.startsWith(`${q.familyA}.`)).map((t) => t.code);
  const codesB = totals.filter((t) => t.code.startsWith(`${q.familyB}.`)).map((t) => t.code);
  const met = new Map(pairs.map((p) => [`${p.a}\u0000${p.b}`, p.n12]));
  const out: CooccurrencePair[] = [];
  for (const a of codesA) {
    for (const b of codesB) {
      if (a === b) continue;
      const n1 = n.get(a) ?? 0;
      const n2 = n.get(b) ?? 0;
      const n12 = met.get(`${a}\u0000${b}`) ?? 0;
      const union = n1 + n2 - n12;
      out.push({ a, b, n1, n2, n12, c: union === 0 ? 0 : n12 / union });
    }
  }
  return out;
}
