import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { GraphError } from '../graph-error.ts';
import { actorPositionCypher, Perspective, PositionDimension } from './position-fragment.ts';

/** A code family name: `form`, `purpose`, `lns`, `pillar`, `theme`, `flag`… */
export const CodeFamily = z
  .string()
  .regex(/^[a-z][a-z_]*$/, 'a code family such as form or purpose');

/** One axis of a matrix: a position dimension of the actor, or a code family. */
export const MatrixAxis = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('position'), dimension: PositionDimension }),
  z.object({ kind: z.literal('codes'), family: CodeFamily }),
]);
export type MatrixAxis = z.infer<typeof MatrixAxis>;

/** A filter: a position dimension equal to a value, or a code that every counted excerpt carries. */
export const MatrixFilter = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('position'), dimension: PositionDimension, value: z.string() }),
  z.object({ kind: z.literal('code'), code: z.string() }),
]);
export type MatrixFilter = z.infer<typeof MatrixFilter>;

export const MatrixQuery = z.object({
  studyId: z.string(),
  rows: MatrixAxis,
  cols: MatrixAxis,
  split: MatrixAxis.optional(),
  by: Perspective.default('speaker'),
  where: z.array(MatrixFilter).default([]),
  coderId: z.string().optional(),
});
export type MatrixQuery = z.input<typeof MatrixQuery>;

export const MatrixCountRow = z.object({
  row: z.string().nullable(),
  col: z.string().nullable(),
  split: z.string().nullable(),
  excerpts: z.number().int(),
  informants: z.number().int(),
  documents: z.number().int(),
});
export type MatrixCountRow = z.infer<typeof MatrixCountRow>;

const AXES = ['row', 'col', 'split'] as const;

/**
 * Builds the matrix Cypher for a combination of axis kinds. Only fixed fragments enter the text;
 * every value (dimensions, families, filters) is a parameter, so study data cannot change the
 * query. Each code axis adds one `MATCH` on `CODED`; each position axis reads the actor's `pos`.
 */
export function matrixCypher(query: {
  rows: MatrixAxis;
  cols: MatrixAxis;
  split?: MatrixAxis | undefined;
  by: Perspective;
}): string {
  const axes = [query.rows, query.cols, query.split];
  const lines = [
    `MATCH (e:${cypherLabel('Excerpt')} {studyId: $studyId})`,
    actorPositionCypher(query.by),
    `WHERE all(w IN $positionFilters WHERE pos[w.dimension] = w.value)
  AND all(k IN $codeFilters WHERE EXISTS {
    MATCH (e)-[f:${cypherRelType('CODED')}]->(:${cypherLabel('Code')} {studyId: $studyId, id: k})
    WHERE $coderId IS NULL OR f.coderId = $coderId })`,
  ];
  const values: string[] = [];
  axes.forEach((axis, i) => {
    const name = AXES[i] as string;
    if (!axis) {
      values.push(`null AS ${name}`);
      return;
    }
    if (axis.kind === 'position') {
      values.push(`pos[$${name}Dimension] AS ${name}`);
      return;
    }
    lines.push(`MATCH (e)-[${name}Cd:${cypherRelType('CODED')}]->(${name}Code:${cypherLabel('Code')})
WHERE ${name}Code.family = $${name}Family AND ($coderId IS NULL OR ${name}Cd.coderId = $coderId)`);
    values.push(`${name}Code.id AS ${name}`);
  });
  lines.push(`WITH e, a, ${values.join(', ')}
RETURN row, col, split, count(DISTINCT e) AS excerpts, count(DISTINCT a) AS informants,
       count(DISTINCT e.documentId) AS documents
ORDER BY row, col, split`);
  return lines.join('\n');
}

/** The parameters of {@link matrixCypher} for a query. */
export function matrixParams(query: z.output<typeof MatrixQuery>): Record<string, unknown> {
  const params: Record<string, unknown> = {
    studyId: query.studyId,
    coderId: query.coderId ?? null,
    positionFilters: query.where.flatMap((w) =>
      w.kind === 'position' ? [{ dimension: w.dimension, value: w.value }] : [],
    ),
    codeFilters: query.where.flatMap((w) => (w.kind === 'code' ? [w.code] : [])),
  };
  [query.rows, query.cols, query.split].forEach((axis, i) => {
    const name = AXES[i] as string;
    if (axis?.kind === 'position') params[`${name}Dimension`] = axis.dimension;
    if (axis?.kind === 'codes') params[`${name}Family`] = axis.family;
  });
  return params;
}

/**
 * Counts excerpts, distinct actors (informants, or performers) and documents per matrix cell,
 * aggregated in Neo4j. A multi-coded excerpt counts in every cell its codes fall in.
 */
export async function queryMatrix(graph: Graph, input: MatrixQuery): Promise<MatrixCountRow[]> {
  const parsed = MatrixQuery.safeParse(input);
  if (!parsed.success) {
    throw new GraphError('query_failed', `Invalid matrix query: ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }
  const query = parsed.data;
  return parseRows(
    await graph.read(matrixCypher(query), matrixParams(query)),
    MatrixCountRow,
    'matrix',
  );
}
