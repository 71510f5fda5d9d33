export { codeRowsFor } from './code-rows.ts';
export { openStudyFolder, type ImportSource, type OpenResult } from './import-source.ts';
export { openQdpx } from './qdpx-source.ts';
export { mergeBundles, mergeManifests, mergeSources } from './merge-sources.ts';
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
export { loadCodedUnits } from './coded-units.ts';
export {
  buildMatrixReport,
  matrixCsv,
  matrixTableRows,
  type MatrixOptions,
  type MatrixReport,
  type MatrixTable,
} from './matrix-report.ts';
export { formatQdpxIssue } from './qdpx-source.ts';
export { evaluateStudyClaims } from './study-claims.ts';
export { withPseudonyms } from './pseudonymised-source.ts';
export {
  computeStudyAgreement,
  studyAgreement,
  type AgreementDocument,
  type AgreementUnit,
  type StudyAgreement,
  type StudyAgreementInput,
  type StudyAgreementParams,
} from './study-agreement.ts';
