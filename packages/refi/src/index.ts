export { RefiError, type RefiErrorCode } from './refi-error.ts';
export { writeCodebookQdc } from './codebook-export.ts';
export {
  readCodebookQdc,
  safeReadCodebookQdc,
  qdcCodebookSchema,
  normalizeCodeName,
  frameworkKeyForName,
  type ImportedCodebook,
  type QdcCodeMapping,
  type QdcSetImport,
  type MatchedBy,
  type ReadQdcOptions,
} from './codebook-import.ts';
export {
  CODEBOOK_NAMESPACE,
  qdcOrigin,
  parseQdcOrigin,
  qdcDescription,
  pillarSets,
  PILLAR_SETS,
  type QdcSet,
} from './codebook-format.ts';
export type { XmlProblem } from './xml-tree.ts';
export {
  readQdpx,
  readQdpxManifest,
  iterateQdpxDocuments,
  type ReadQdpxOptions,
  type QdpxProject,
  type QdpxManifestResult,
  type QdpxDocumentResult,
  type QdpxReadResult,
} from './qdpx-import.ts';
export {
  writeQdpx,
  buildQdpx,
  PROJECT_NAMESPACE,
  type WriteQdpxOptions,
  type QdpxParts,
} from './qdpx-export.ts';
export {
  RefiMapping,
  PositionDimensionName,
  type RefiMappingInput,
  type VariableMapping,
} from './qdpx-mapping.ts';
export {
  QDPX_OFFSET_UNITS,
  type QdpxOffsetUnit,
  type QdpxIssue,
  type QdpxIssueCode,
  type QdpxImportReport,
  type QdpxNotCarried,
  type QdpxCodeMapping,
  type DocumentOffsetUnit,
} from './qdpx-types.ts';
export { QdpxExtension, EXTENSION_ENTRY, qdpxGuid } from './qdpx-extension.ts';
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './qdpx-zip.ts';
export { qdpxMapTemplate } from './qdpx-map-template.ts';
export { findLabels, labelKey, type FoundLabel } from './qdpx-speakers.ts';
