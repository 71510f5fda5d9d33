import { z } from 'zod';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { Perspective } from './position-fragment.ts';

/**
 * Where the values of one dimension of an excerpt come from. The caller (services' study
 * vocabulary) resolves a dimension name such as `role`, `form` or `phase` to one of these; the
 * graph package only knows how to read each kind.
 *
 * - `codes`: the keys (after the family's dot) of the excerpt's codes of one family, under the
 *   coder rule (`form` → `['operational', 'relational']`);
 * - `actor`: a value map keyed by actor id, read for the excerpt's speaker or performer (position
 *   dimensions and case variables, computed once per actor by the caller);
 * - `actorId`: the id of the excerpt's speaker or performer;
 * - `document`: a value map keyed by document id (document variables such as `phase`);
 * - `documentId`: the excerpt's document.
 */
const SimpleSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('codes'), family: z.string().min(1) }),
  z.object({
    kind: z.literal('actor'),
    of: Perspective,
    values: z.record(z.string(), z.array(z.string())),
  }),
  z.object({ kind: z.literal('actorId'), of: Perspective }),
  z.object({ kind: z.literal('document'), values: z.record(z.string(), z.array(z.string())) }),
  z.object({ kind: z.literal('documentId') }),
]);

/** A simple source, or the union of the values of several (`union`: any of them, once each). */
export const ValueSource = z.union([
  SimpleSource,
  z.object({ kind: z.literal('union'), sources: z.array(SimpleSource).min(1) }),
]);
export type ValueSource = z.infer<typeof ValueSource>;

/** A condition on one dimension: one of its values is in `values` (none of them when `negate`). */
export const ValueCondition = z.object({
  source: ValueSource,
  values: z.array(z.string()).min(1),
  negate: z.boolean().default(false),
});

/** A condition on one dimension, or a group of which any one must hold (`anyOf`). */
export const UnitCondition = z.union([
  ValueCondition,
  z.object({ anyOf: z.array(ValueCondition).min(1) }),
]);
export type UnitCondition = z.input<typeof UnitCondition>;

/**
 * Which codings count. `need: 'any'`: a code applies to an excerpt when any of `coders` gave it
 * (one coder, or several pooled: it counts once however many gave it). `need: 'all'`: only when
 * every one of `coders` gave it (agreement-only).
 */
export const CoderRule = z.object({
  coders: z.array(z.string()).min(1),
  need: z.enum(['any', 'all']),
  /**
   * `coders` are every coder of the study (as the caller read them from the catalogue): with
   * `need: 'any'` every coding counts, so the codings are not filtered by coder (no read of each
   * coding's coder). The answer is the same; the query reads less.
   */
  every: z.boolean().optional(),
});
export type CoderRule = z.infer<typeof CoderRule>;

/** The excerpts an analysis works on: the study's excerpts with a code under the rule, filtered. */
export const UnitSelection = z.object({
  studyId: z.string(),
  coders: CoderRule,
  where: z.array(UnitCondition).default([]),
});
export type UnitSelection = z.input<typeof UnitSelection>;

/** What one counted unit is: an excerpt, a distinct actor (of the perspective), a document. */
export const CountUnit = z.enum(['excerpts', 'informants', 'documents']);
export type CountUnit = z.infer<typeof CountUnit>;

/**
 * Builds the Cypher expression (a list of strings) for a value source, and puts its parameters
 * into `params` under names starting with `name`. Only fixed fragments enter the text.
 */
export function valuesExpression(
  source: z.output<typeof ValueSource>,
  name: string,
  params: Record<string, unknown>,
): string {
  switch (source.kind) {
    case 'codes':
      params[name] = `${source.family}.`;
      return `[x IN codes WHERE x STARTS WITH $${name} | substring(x, size($${name}))]`;
    case 'actor':
      params[name] = source.values;
      return `CASE WHEN ${source.of}Id IS NULL THEN [] ELSE coalesce($${name}[${source.of}Id], []) END`;
    case 'actorId':
      return `CASE WHEN ${source.of}Id IS NULL THEN [] ELSE [${source.of}Id] END`;
    case 'document':
      params[name] = source.values;
      return `coalesce($${name}[e.documentId], [])`;
    case 'documentId':
      return '[e.documentId]';
    case 'union': {
      const parts = source.sources.map((s, i) => valuesExpression(s, `${name}_${i}`, params));
      return `reduce(acc = [], x IN ${parts.join(' + ')} | CASE WHEN x IN acc THEN acc ELSE acc + x END)`;
    }
  }
}

/** The perspectives whose actor ids an expression over these sources reads. */
export function actorsNeeded(
  sources: readonly z.output<typeof ValueSource>[],
  extra: readonly Perspective[] = [],
): Set<Perspective> {
  const out = new Set<Perspective>(extra);
  for (const s of sources.flatMap((x) => (x.kind === 'union' ? x.sources : [x])))
    if (s.kind === 'actor' || s.kind === 'actorId') out.add(s.of);
  // the performer defaults to the speaker, so reading it needs the speaker too
  if (out.has('performer')) out.add('speaker');
  return out;
}

/**
 * Binds `e` to every excerpt the selection may keep. When a condition requires a code (a plain,
 * not negated condition on a code family, such as `form=operational`), only the excerpts coded
 * with one of its codes by anyone are visited, starting from those codes; the condition itself
 * is still tested afterwards under the coder rule, so the result is the same as visiting every
 * excerpt of the study (`iwa excerpts` of one cell at 10,000 interviews visited ~218,000
 * excerpts for a cell of a few thousand).
 */
function excerptsToVisit(
  selection: z.output<typeof UnitSelection>,
  params: Record<string, unknown>,
): string[] {
  const required = selection.where.find(
    (w): w is z.output<typeof ValueCondition> =>
      !('anyOf' in w) && !w.negate && w.source.kind === 'codes',
  );
  if (required === undefined || required.source.kind !== 'codes') {
    return [`MATCH (e:${cypherLabel('Excerpt')} {studyId: $studyId})`];
  }
  const prefix = `${required.source.family}.`;
  params.seedCodes = required.values.map((v) => `${prefix}${v}`);
  return [
    `MATCH (seed:${cypherLabel('Code')} {studyId: $studyId})`,
    'WHERE seed.id IN $seedCodes',
    `MATCH (e:${cypherLabel('Excerpt')} {studyId: $studyId})-[:${cypherRelType('CODED')}]->(seed)`,
    'WITH DISTINCT e',
  ];
}

/**
 * The selection part of every analysis query: binds `e` (an excerpt of the study with at least
 * one code under the coder rule), `codes` (its code ids under the rule), and `speakerId` /
 * `performerId` when asked for (the performer is the excerpt's PERFORMED_BY actor, or its speaker
 * when it has none), then keeps the excerpts that satisfy every condition.
 */
export function selectionCypher(
  selection: z.output<typeof UnitSelection>,
  params: Record<string, unknown>,
  extraActors: readonly Perspective[] = [],
): string {
  params.studyId = selection.studyId;
  params.coders = selection.coders.coders;
  params.need = selection.coders.need === 'all' ? selection.coders.coders.length : 1;
  const flat = selection.where.flatMap((w) => ('anyOf' in w ? w.anyOf : [w]));
  const actors = actorsNeeded(
    flat.map((w) => w.source),
    extraActors,
  );
  const carried = ['e', 'codes', ...[...actors].map((a) => `${a}Id`)];
  // per excerpt, its codes under the rule in a subquery: Neo4j streams the excerpts and holds
  // nothing per excerpt. One pass over the study's codings grouped per excerpt (an eager
  // aggregation of every excerpt) was 1.2x slower at 1,000 interviews and 2.2x at 10,000, where
  // holding ~218,000 groups dominated the query (apps/bench/NOTES.md). Pooled or single coders
  // count a code once per excerpt; agreed codes need a coding from every coder. A CODED
  // relationship always ends at a Code (write-documents, upsert-coding and study-edits, its only
  // writers, match the Code first), so the end node's label is not tested: ~80,000 label reads
  // fewer at 1,000 interviews.
  const codesOfExcerpt =
    selection.coders.need === 'all' && selection.coders.coders.length > 1
      ? [
          `COLLECT { MATCH (e)-[cd:${cypherRelType('CODED')}]->(c)`,
          '  WHERE cd.coderId IN $coders',
          '  WITH c.id AS code, count(DISTINCT cd.coderId) AS coders',
          '  WHERE coders >= $need',
          '  RETURN code }',
        ]
      : [
          `COLLECT { MATCH (e)-[cd:${cypherRelType('CODED')}]->(c)`,
          ...(selection.coders.every === true ? [] : ['  WHERE cd.coderId IN $coders']),
          '  RETURN DISTINCT c.id }',
        ];
  const lines = [
    ...excerptsToVisit(selection, params),
    `WITH e, ${codesOfExcerpt.join('\n')} AS codes`,
    'WHERE size(codes) > 0',
  ];
  if (actors.has('speaker')) {
    lines.push(
      // the excerpt's own copy of its SPOKEN_BY and PERFORMED_BY ends (every writer sets both;
      // SPOKEN_BY exists only for an informant): two property reads instead of walking the
      // excerpt's relationships, about a third of the query's reads
      `WITH e, codes, CASE e.speakerKind WHEN 'informant' THEN e.speakerId END AS speakerId`,
    );
  }
  if (actors.has('performer')) {
    lines.push(`WITH e, codes, speakerId, coalesce(e.performerId, speakerId) AS performerId`);
  }
  if (selection.where.length > 0) {
    const test = (w: z.output<typeof ValueCondition>, name: string): string => {
      params[`${name}Values`] = w.values;
      const any = `any(v IN ${valuesExpression(w.source, `${name}Source`, params)} WHERE v IN $${name}Values)`;
      return w.negate ? `NOT ${any}` : any;
    };
    const tests = selection.where.map((w, i) =>
      'anyOf' in w
        ? `(${w.anyOf.map((x, j) => test(x, `w${i}_${j}`)).join(' OR ')})`
        : test(w, `w${i}`),
    );
    lines.push(`WITH ${carried.join(', ')}`, `WHERE ${tests.join('\n  AND ')}`);
  }
  return lines.join('\n');
}
