import { ACTOR_POSITION_KEYS } from '@iwa/taxonomy';
import { z } from 'zod';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';

/** The position dimensions a matrix axis or filter may use; `employerKind` is the primary employer's kind. */
export const PositionDimension = z.enum(ACTOR_POSITION_KEYS);
export type PositionDimension = z.infer<typeof PositionDimension>;

/** Whose position counts: the speaker of an excerpt, or the performer of the work it describes. */
export const Perspective = z.enum(['speaker', 'performer']);
export type Perspective = z.infer<typeof Perspective>;

/** A position as plain strings (booleans as 'true'/'false'); missing values are absent. */
export const PositionMap = z.record(z.string(), z.string().nullable());
export type PositionMap = z.infer<typeof PositionMap>;

/**
 * Cypher that, with the actor bound to `a`, binds `pos`: a map of its position dimensions. An
 * informant's come from its Position and its primary employer; an organisation or actor group
 * contributes its own properties (sector, level, tier, role); an actor group without an employer
 * takes its organisation's (`organisationId`). `carry` names the variables to keep.
 */
export function positionOfActorCypher(carry: string): string {
  return `OPTIONAL MATCH (a)-[:${cypherRelType('HOLDS')}]->(p:${cypherLabel('Position')})
OPTIONAL MATCH (a)-[emp:${cypherRelType('EMPLOYED_BY')} {primary: true}]->(employer:${cypherLabel('Organisation')})
${positionMapCypher(carry)}`;
}

/**
 * The second half of {@link positionOfActorCypher}, for a query that finds the actor's Position
 * `p` and primary `employer` (each null when absent) its own way: binds `pos` from `a`, `p`,
 * `employer` and the actor's home organisation.
 */
export function positionMapCypher(carry: string): string {
  return `OPTIONAL MATCH (home:${cypherLabel('Organisation')} {studyId: a.studyId, id: a.organisationId})
WITH ${carry ? `${carry}, ` : ''}a, p, coalesce(employer, home) AS org
WITH ${carry ? `${carry}, ` : ''}a, {
  role: coalesce(p.role, a.role, CASE WHEN a:${cypherLabel('Organisation')} THEN 'organisation' END),
  sector: coalesce(p.sector, a.sector, org.sector),
  tier: coalesce(p.tier, a.tier, org.tier),
  level: coalesce(p.level, a.level, org.level),
  authority: p.authority,
  embeddedness: p.embeddedness,
  dualEmployment: CASE p.dualEmployment WHEN true THEN 'yes' WHEN false THEN 'no' ELSE NULL END,
  employerKind: coalesce(org.kind, a.kind)
} AS pos`;
}

/** Binds `a`, the speaker or performer of the excerpt, and `pos`, its position (see above). */
export function actorPositionCypher(by: Perspective, excerptVar = 'e'): string {
  const rel = by === 'speaker' ? cypherRelType('SPOKEN_BY') : cypherRelType('PERFORMED_BY');
  return `MATCH (${excerptVar})-[:${rel}]->(a)
${positionOfActorCypher(excerptVar)}`;
}
