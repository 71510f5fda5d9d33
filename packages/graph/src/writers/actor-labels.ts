import type { ActorKind, ActorRelationType } from '@iwa/study';
import {
  ActorRelationName,
  actorRelTypeOf,
  type ActorRelType,
  type NodeLabel,
} from '@iwa/taxonomy';

/** The node label of each kind of actor. */
export const ACTOR_LABEL = {
  informant: 'Informant',
  organisation: 'Organisation',
  actor_group: 'ActorGroup',
} as const satisfies Record<ActorKind, NodeLabel>;

/** The relationship type of each actor relation (`enlists` → `ENLISTS`), from the taxonomy's list. */
export const RELATION_TYPE = Object.fromEntries(
  ActorRelationName.options.map((r) => [r, actorRelTypeOf(r)]),
) as Readonly<Record<ActorRelationType, ActorRelType>>;

export const ACTOR_KINDS = Object.keys(ACTOR_LABEL) as ActorKind[];
export const RELATION_TYPES: readonly ActorRelationType[] = ActorRelationName.options;
