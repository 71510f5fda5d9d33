import type { ActorNode, PerformerActor } from '../../shared/api-types.ts';

// An actor in a <select> of the workbench (a performer, a relation's ends): the option's value
// names the actor as the study model does (`organisation:nav-a`, `actor_group:…`).

const KINDS: readonly PerformerActor['kind'][] = ['informant', 'organisation', 'actor_group'];

/** The option value of an actor of the actor graph (whose groups are `group`). */
export function actorOptionValue(actor: ActorNode): string {
  return `${actor.kind === 'group' ? 'actor_group' : actor.kind}:${actor.id}`;
}

/** The actor an option's value names; null for any other value (such as the empty option). */
export function actorRef(value: string): PerformerActor | null {
  const [name = '', ...id] = value.split(':');
  const kind = KINDS.find((k) => k === name);
  return kind === undefined ? null : { kind, id: id.join(':') };
}
