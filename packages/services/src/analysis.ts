// The analysis use cases (the study's vocabulary, matrix, excerpts, co-occurrence, actors, phases,
// claims): `@iwa/services/analysis`, so a command that only reads loads none of the import, REFI
// and agreement machinery. `@iwa/services` re-exports all of it.
export {
  matrixReport,
  matrixCsv,
  matrixTableRows,
  type MatrixAxis,
  type MatrixCell,
  type MatrixMargin,
  type MatrixReport,
  type MatrixRequest,
  type MatrixTable,
} from './matrix-report.ts';
export { listExcerpts, type ExcerptsPage, type ExcerptsRequest } from './study-excerpts.ts';
export {
  dimensionKey,
  humanise,
  loadStudyVocabulary,
  StudyVocabulary,
  type CoderChoice,
  type CoderRequest,
  type CoderRuleName,
  type DimensionInfo,
  type Labelled,
  type ResolvedDimension,
} from './study-vocabulary.ts';
export { ServiceError } from './service-error.ts';
export { nearest, unknownName } from './did-you-mean.ts';
export { guardFormula, toCsv } from './csv.ts';
export { evaluateStudyClaims, type StudyClaimsOutcome } from './study-claims.ts';
export {
  cooccurrenceReport,
  type CooccurrencePair,
  type CooccurrenceReport,
} from './study-cooccurrence.ts';
export { actorReport, type ActorReport, type ActorReportNode } from './study-actors.ts';
export { phaseProfiles, type PhaseProfile, type PhaseProfilesReport } from './phase-profiles.ts';
export { actorProfile, type ActorProfile } from './actor-profile.ts';
export {
  phaseTimelines,
  type OrganisationTimeline,
  type PhaseTimelinesReport,
} from './phase-timelines.ts';
export {
  keywordsInContext,
  parseSearchQuery,
  searchStudy,
  type SearchHit,
  type SearchReport,
  type SearchRequest,
  type SearchTerm,
} from './study-search.ts';
