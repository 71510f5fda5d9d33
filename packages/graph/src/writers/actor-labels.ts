import type { ActorKind, ActorRelationType } from '@iwa/study';
import type { NodeLabel, RelType } from '@iwa/taxonomy';

/** The node label of each kind of actor. */
export const ACTOR_LABEL = {
  informant: 'Informant',
  organisation: 'Organisation',
  actor_group: 'ActorGroup',
} as const satisfies Record<ActorKind, NodeLabel>;

/** The relationship type of each actor relation. */
export const RELATION_TYPE = {
  employed_by: 'EMPLOYED_BY',
  advises: 'ADVISES',
  enlists: 'ENLISTS',
  collaborates_with: 'COLLABORATES_WITH',
  reports_to: 'REPORTS_TO',
  attends: 'ATTENDS',
  co_located_with: 'CO_LOCATED_WITH',
} as const satisfies Record<ActorRelationType, RelType>;

export const ACTOR_KINDS = Object.keys(ACTOR_LABEL) as ActorKind[];
export const RELATION_TYPES = Object.keys(RELATION_TYPE) as ActorRelationType[];
