export { GraphConfig, GraphEnv, graphConfigFromEnv, describeGraphConfig } from './graph-config.ts';
export {
  createGraph,
  parseRows,
  type Graph,
  type Runner,
  type CreateGraphOptions,
} from './create-graph.ts';
export { GraphError, toGraphError, type GraphErrorCode } from './graph-error.ts';
export { cypherLabel, cypherRelType } from './cypher-names.ts';
export {
  applyMigrations,
  awaitIndexes,
  listSchema,
  MIGRATIONS,
  DOCUMENT_TEXT_INDEX,
  STUDY_OWNED_LABELS,
  type Migration,
  type MigrationResult,
  type SchemaItem,
} from './migrations.ts';
export { checkHealth, type Health } from './queries/check-health.ts';
export {
  deleteStudy,
  type DeleteStudyParams,
  type DeleteProgress,
} from './writers/delete-study.ts';
export type { Row } from './plain-values.ts';
export {
  writeStudyManifest,
  type CodeRow,
  type ManifestWriteResult,
} from './writers/write-study-manifest.ts';
export {
  writeDocuments,
  WRITE_CODINGS_CYPHER,
  bundleHash,
  isStoredBundle,
  type DocumentWriteResult,
} from './writers/write-documents.ts';
export { recordImportRun, listImportRuns, type ImportRunRecord } from './writers/import-run.ts';
export type { UpsertCounts } from './writers/node-upsert.ts';
export { listStudies, getStudy, type StudySummary } from './queries/list-studies.ts';
export { studyStamp } from './queries/study-stamp.ts';
export { PositionDimension, Perspective, PositionMap } from './queries/position-fragment.ts';
export {
  queryCodedUnits,
  type CodedUnitRow,
  type QueryCodedUnitsParams,
} from './queries/query-coded-units.ts';
export {
  queryExcerpts,
  excerptsCypher,
  ExcerptQuery,
  type ExcerptDetail,
} from './queries/query-excerpts.ts';
export {
  CoderRule,
  CountUnit,
  UnitCondition,
  UnitSelection,
  ValueSource,
  selectionCypher,
} from './queries/unit-selection.ts';
export {
  aggregateUnits,
  emptyAggregateTable,
  aggregateCypher,
  AggregateQuery,
  type AggregateCounts,
  type AggregateTable,
} from './queries/aggregate-units.ts';
export {
  queryStudyCatalogue,
  queryCoderCodings,
  type CatalogueOptionalPart,
  type StudyCatalogue,
  type StoredVariables,
} from './queries/study-catalogue.ts';
export {
  queryActorGraph,
  ActorGraphQuery,
  type ActorNode,
  type ActorEdge,
} from './queries/query-actor-graph.ts';
export {
  appendPhaseEvent,
  readPhaseHistory,
  readPhaseHistories,
  readPhaseSnapshots,
  StoredPhaseEvent,
  PhaseSnapshot,
  type AppendPhaseEventParams,
} from './phases/phase-store.ts';
export { writeStudyClaims, readStudyClaims, readStudyRecord } from './queries/study-claims.ts';
export {
  queryCodings,
  queryDocumentCoders,
  queryDocumentTexts,
  queryDocument,
  type CodingSpanRow,
} from './queries/query-codings.ts';
export {
  queryStoredDocumentHashes,
  queryStoredStudyName,
  type StoredDocumentHash,
  type StoredStudyName,
} from './queries/stored-document-hashes.ts';
export {
  codersMissingFrom,
  queryStoredDocumentCoders,
  type StoredDocumentCoders,
} from './queries/stored-document-coders.ts';
// Reference implementations used by the benchmarks (apps/bench): not part of iwa's write or
// query paths. The naive writer and the UNWIND floor are what the importer is measured against;
// the reference queries are the plainest Cypher for the answers of iwa's queries.
export { writeNaiveDocument } from './baselines/naive-writer.ts';
export { writeFloorManifest, writeFloorDocuments } from './baselines/unwind-floor.ts';
export {
  referenceMatrix,
  referenceExcerpts,
  referenceCooccurrence,
  referenceActorGraph,
  clearQueryCaches,
  serverComponents,
  type ReferenceMatrixRow,
  type ReferenceExcerptRow,
} from './baselines/reference-queries.ts';
export { readStudy, readStudyManifestTx } from './queries/read-study.ts';
// The coding workbench (the explorer's write routes): codings, performers and memos on excerpts,
// each change in one transaction with its audit entry.
export {
  AuditAction,
  appendAuditEntry,
  hasAuditEntry,
  listAuditEntries,
  type AuditEntry,
  type ChangeContext,
} from './workbench/audit.ts';
// Workbench edits of a study's manifest (codebook, actors, relations) and of its documents.
export {
  editStudyManifest,
  replaceDocumentWithManifest,
  type ManifestEdit,
} from './workbench/study-edits.ts';
export {
  deleteDocument,
  queryDocumentExcerptIds,
  queryDocumentSummary,
  renameDocument,
  type DocumentSummary,
} from './workbench/document-edits.ts';
export {
  spanExcerpt,
  type SpanExcerpt,
  type WorkbenchCoding,
} from './workbench/workbench-excerpt.ts';
export { upsertCoding, updateCoding, type WriteOutcome } from './workbench/upsert-coding.ts';
export { deleteCoding } from './workbench/delete-coding.ts';
export {
  setPerformer,
  setExcerptMemo,
  excerptMemoId,
  type PerformerState,
} from './workbench/excerpt-notes.ts';
export { queryDocumentCodings, type DocumentExcerpt } from './workbench/document-codings.ts';
export { listStudyDocuments, queryStudySpeakers } from './workbench/study-documents.ts';
export {
  searchDocuments,
  luceneQuery,
  DocumentSearch,
  SEARCH_DOCUMENTS_CYPHER,
  type FoundDocument,
} from './queries/search-documents.ts';
