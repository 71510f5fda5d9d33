export { codeRowsFor } from './code-rows.ts';
export {
  describeSpeakerCoverage,
  openStudyFolder,
  type CodeMatch,
  type ImportSource,
  type OpenResult,
  type SpeakerCoverage,
} from './import-source.ts';
export { openQdpx } from './qdpx-source.ts';
export { mergeBundles, mergeManifests, mergeSources } from './merge-sources.ts';
export {
  matchStoredDocuments,
  matchStoredStudy,
  type DocumentMatch,
  type StoredStudyMatch,
} from './match-stored-documents.ts';
export {
  findCodingLosses,
  ImportRefusedError,
  runImport,
  validateSource,
  type CodingLoss,
  type ImportOutcome,
  type ImportProgress,
  type ImportTotals,
  type ValidationResult,
} from './run-import.ts';
export {
  checkManifestPhases,
  confidenceLabel,
  currentPhase,
  fullDate,
  initialSnapshot,
  phaseEventOf,
  phaseModelFor,
  replay,
  storedPhaseModel,
  syncPhaseEvents,
} from './phase-service.ts';
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
export { formatQdpxIssue } from './qdpx-source.ts';
export { evaluateStudyClaims, type StudyClaimsOutcome } from './study-claims.ts';
export { withPseudonyms } from './pseudonymised-source.ts';
export { agreementCsv, agreementTables } from './agreement-tables.ts';
export type { AgreementCell, AgreementTable } from './agreement-tables.ts';
export {
  checkAgreementRequest,
  computeStudyAgreement,
  studyAgreement,
  type AgreementDocument,
  type AgreementMeasure,
  type AgreementUnit,
  type StudyUnitizing,
  type StudyAgreement,
  type StudyAgreementInput,
  type StudyAgreementParams,
} from './study-agreement.ts';
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
  actorEdit,
  addRelation,
  codebookEdit,
  deleteDocument,
  editCodebook,
  keyFromLabel,
  relationEdit,
  removeRelation,
  renameDocument,
  replaceDocument,
  saveActor,
  type ActorChange,
  type CodebookChange,
  type PositionValues,
  type RelationChange,
} from './study-editing.ts';
