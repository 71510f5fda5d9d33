export { DomainError } from './domain-error.ts';
export { NodeLabel, RelType, ActorRelType } from './graph-vocabulary.ts';
