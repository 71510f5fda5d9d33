export {
  EntityId,
  SpeakerLabel,
  VocabularyValue,
  CodeKey,
  PartialDate,
  DateTime,
  Colour,
  VariableValue,
  Variables,
  VariableType,
  VariableDefinition,
  Position,
  Informant,
  Organisation,
  ActorGroup,
  ActorKind,
  ActorRef,
  Speaker,
  SpeakerRef,
  Coder,
  Participation,
  ActorRelationType,
  ActorRelation,
  StudyCode,
  CodebookExtension,
  StudyDimensions,
  DocumentKind,
  SpeakerTurn,
  StudyDocument,
  PerformerSource,
  Excerpt,
  Coding,
  MemoTargetKind,
  Memo,
  PhaseEventRecord,
  CustomPhaseModel,
  ItemRef,
  StudySet,
  StudyLink,
  StudyManifest,
  Study,
  DocumentBundle,
} from './model.ts';
export { StudyIssueCode, StudyIssue, formatIssue, sortIssues } from './issues.ts';
export { StudyError } from './study-error.ts';
export {
  DIMENSION_NAMES,
  DEFAULT_DIMENSION_VOCABULARIES,
  resolveVocabularies,
  isDimensionName,
} from './dimensions.ts';
export type { DimensionName, DimensionVocabularies, DimensionExtensions } from './dimensions.ts';
export { isKnownCodeKey, suggestCodeKeys } from './code-keys.ts';
export {
  CANONICAL_OFFSET_SPACE,
  NVIVO_WINDOWS_OFFSET_SPACE,
  codePointLength,
  codePointToUtf16,
  utf16ToCodePoint,
  codePointToUtf8,
  utf8ToCodePoint,
  sliceByCodePoints,
  lineColumnAtUtf16,
  createOffsetConverter,
} from './offsets.ts';
export type {
  OffsetUnit,
  LineEndCounting,
  OffsetSpace,
  OffsetConverter,
  LineColumn,
} from './offsets.ts';
export { decodeUtf8, normaliseText } from './text-source.ts';
export type { Utf8DecodeResult, NormalisedText } from './text-source.ts';
export { excerptId, codingId, relationId, memoId, phaseEventId, contentHash } from './ids.ts';
export { checkStudy } from './check-study.ts';
export { parseTranscript, turnAt } from './transcript.ts';
export type { TranscriptContext, ParsedTranscript, TranscriptResult } from './transcript.ts';
export { readStudyFolder, readStudyManifest, iterateStudyDocuments } from './study-folder.ts';
export type {
  StudyFolder,
  StudyManifestResult,
  StudyDocumentResult,
  StudyReadResult,
} from './study-folder.ts';
export {
  PseudonymEntry,
  PseudonymList,
  readPseudonymList,
  pseudonymise,
  pseudonymiseManifest,
  pseudonymiseText,
} from './pseudonymise.ts';
export type {
  PseudonymListInput,
  PseudonymListResult,
  PseudonymCounts,
  PseudonymisedText,
  Pseudonymised,
} from './pseudonymise.ts';
export { collectGarbage, heapCheckpoint, HEAP_BUDGET_BYTES } from './heap-budget.ts';
