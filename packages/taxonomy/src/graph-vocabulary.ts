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
  'ENLISTS',
  'ADVISES',
  'COLLABORATES_WITH',
  'REPORTS_TO',
  'ATTENDS',
  'CO_LOCATED_WITH',
]);
export type ActorRelType = z.infer<typeof ActorRelType>;
