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
export { InFlight } from './in-flight.ts';
export {
  checkManifestPhases,
  currentPhase,
  fullDate,
  initialSnapshot,
  phaseEventOf,
  phaseModelFor,
  replay,
  storedPhaseModel,
  syncPhaseEvents,
} from './phase-service.ts';
export * from './analysis.ts';
export { formatQdpxIssue } from './qdpx-source.ts';
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
  EXCERPT_CSV_HEADER,
  excerptsCsv,
  excerptsDocx,
  MAX_RETRIEVAL,
  retrieveExcerpts,
  type ExcerptsDocxOptions,
} from './excerpt-export.ts';
export {
  actorEdit,
  actorRemoval,
  addRelation,
  codebookEdit,
  deleteActor,
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
export * from './database.ts';
export {
  phaseHistory,
  phaseOverview,
  phaseSuggestions,
  recordPhaseEvent,
  studyPhaseModel,
  type PhaseEventInput,
  type PhaseOverviewRow,
  type PhaseRecordResult,
} from './phase-records.ts';
