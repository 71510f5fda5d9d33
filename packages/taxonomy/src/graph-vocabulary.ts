import { z } from 'zod';

/**
 * Every node label iwa writes to a graph store. Labels reach Cypher only through this list,
 * so a study value can never become a label.
 */
export const NodeLabel = z.enum([
  'Study',
  'Code',
  'Informant',
  'Position',
  'Organisation',
  'ActorGroup',
  'Document',
  'Excerpt',
  'Memo',
  'PhaseEvent',
  'PhaseSnapshot',
  'ImportRun',
  'AuditEntry',
  'IwaMigration',
]);
export type NodeLabel = z.infer<typeof NodeLabel>;

/**
 * The labels whose nodes belong to one study: each carries `studyId` and is unique on
 * `(studyId, id)`. Every label but the study itself and the schema's migration records.
 */
export const StudyOwnedLabel = NodeLabel.exclude(['Study', 'IwaMigration']);
export type StudyOwnedLabel = z.infer<typeof StudyOwnedLabel>;

/** Every relationship type iwa writes; UPPER_SNAKE_CASE as Neo4j convention has it. */
export const RelType = z.enum([
  'CHILD_OF',
  'HOLDS',
  'EMPLOYED_BY',
  'WITH',
  'IN',
  'SPOKEN_BY',
  'PERFORMED_BY',
  'CODED',
  'ENLISTS',
  'ADVISES',
  'COLLABORATES_WITH',
  'REPORTS_TO',
  'ATTENDS',
  'CO_LOCATED_WITH',
  'PHASE_EVENT',
  'ABOUT',
]);
export type RelType = z.infer<typeof RelType>;

/** The relationship types that connect actors (informants, organisations, groups). */
export const ActorRelType = RelType.extract([
  'EMPLOYED_BY',
  'ADVISES',
  'ENLISTS',
  'COLLABORATES_WITH',
  'REPORTS_TO',
  'ATTENDS',
  'CO_LOCATED_WITH',
]);
export type ActorRelType = z.infer<typeof ActorRelType>;

/** An actor relation as a study file writes it: the relationship type in snake_case. */
export type ActorRelationName = Lowercase<ActorRelType>;

/** The relationship type an actor relation is written as (`enlists` → `ENLISTS`). */
export function actorRelTypeOf(relation: ActorRelationName): ActorRelType {
  return ActorRelType.parse(relation.toUpperCase());
}

/**
 * The actor relations as a study file names them (`employed_by`, `enlists`…): the same list as
 * {@link ActorRelType}, in snake_case.
 */
export const ActorRelationName = z.enum(
  ActorRelType.options.map((t) => t.toLowerCase()) as [ActorRelationName, ...ActorRelationName[]],
);
