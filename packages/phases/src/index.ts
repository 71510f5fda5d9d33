export { PhaseError } from './phase-error.ts';
export type { PhaseErrorCode } from './phase-error.ts';
export {
  FormKey,
  PurposeKey,
  LnsKey,
  PillarKey,
  FlagKey,
  ThemeKey,
  RuleCodeKey,
} from './code-keys.ts';
export {
  Confidence,
  confidenceOfScore,
  confidenceRank,
  atLeastConfidence,
  raiseConfidence,
} from './confidence.ts';
export { IsoDate } from './iso-date.ts';
export { ipsFidelityScale, FidelityTotal, fidelityBand } from './fidelity.ts';
export type { FidelityBand } from './fidelity.ts';
export { nationalPhases, nationalFieldEvents, nationalPhaseAt } from './national-phases.ts';
export type { NationalPhase, NationalFieldEvent } from './national-phases.ts';
export { PhaseId, PhaseEvent, PhaseTransitionRecord } from './phase-event.ts';
export { GuardSpec, describeGuard, unmetGuardConditions } from './guard-spec.ts';
export type { GuardFacts } from './guard-spec.ts';
export { ExpectedWorkProfile } from './expected-work-profile.ts';
export { EvidenceRule } from './evidence-rule.ts';
export {
  PhaseModelDefinition,
  PhaseStateDefinition,
  PhaseEventDefinition,
  PhaseTransitionDefinition,
  expandTransitions,
} from './phase-model-definition.ts';
export type { PhaseTransition } from './phase-model-definition.ts';
export { PhaseContext, PhasePersistence, phaseMachineSetup } from './phase-machine.ts';
export type { PhaseInput, PersistPhaseInput, PhaseMachine } from './phase-machine.ts';
export { compilePhaseModel } from './compile-phase-model.ts';
export type { PhaseModel } from './compile-phase-model.ts';
export { ipsPhaseModelDefinition, ipsPhaseModel, ipsPhaseMachine } from './ips-phase-model.ts';
export { applyPhaseEvent, phaseStateOf } from './apply-phase-event.ts';
export type {
  ApplyPhaseEventResult,
  PhaseRejectionCode,
  PhaseSnapshot,
} from './apply-phase-event.ts';
export {
  persistPhaseSnapshot,
  restorePhaseSnapshot,
  renameStatesMigration,
} from './persistence.ts';
export type { PersistedPhaseSnapshot, PhaseSnapshotMigration } from './persistence.ts';
export { suggestPhaseEvents, excerptMatchesRule, phaseLabel } from './suggest-phase-events.ts';
export type {
  PhaseExcerpt,
  PhaseEventSuggestion,
  SuggestionTarget,
} from './suggest-phase-events.ts';
export { compareWorkProfile } from './work-profile-fit.ts';
export type {
  ObservedWorkProfile,
  WorkProfileFit,
  DimensionFit,
  CategoryShare,
  FitVerdict,
  CompareWorkProfileOptions,
} from './work-profile-fit.ts';
export { phaseModelToMermaid } from './phase-model-to-mermaid.ts';
export { renderPhaseModelDoc, markdownTable } from './phase-model-doc.ts';
