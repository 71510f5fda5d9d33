export { DomainError } from './domain-error.ts';
export {
  NodeLabel,
  StudyOwnedLabel,
  RelType,
  ActorRelType,
  ActorRelationName,
  actorRelTypeOf,
} from './graph-vocabulary.ts';
export { TaxonomyError, type TaxonomyErrorCode } from './taxonomy-error.ts';
export { sha1, sha1Hex } from './sha1.ts';
export {
  Confidence,
  ConfidenceScore,
  CONFIDENCE_FLOORS,
  confidenceOf,
  confidenceOfScore,
  confidenceRank,
  atLeastConfidence,
  raiseConfidence,
} from './confidence.ts';
export { slug, idSlug, foldDiacritics, type SlugOptions } from './slug.ts';
export {
  uuidv5,
  normalizeGuid,
  Guid,
  IWA_NAMESPACE,
  NAMESPACE_DNS,
  NAMESPACE_URL,
} from './uuid.ts';
export { WorkKey, Work, Source, WORKS, cite, formatSource } from './sources.ts';
export { FormOfWork, FormOfWorkEntry, FORMS_OF_WORK } from './forms-of-work.ts';
export {
  Purpose,
  PurposeEntry,
  PURPOSES,
  LnsForm,
  LnsFormEntry,
  LNS_FORMS,
} from './institutional-work.ts';
export {
  Pillar,
  PillarEntry,
  PILLARS,
  PillarDimension,
  PillarDimensionEntry,
  PILLAR_DIMENSIONS,
} from './pillars.ts';
export {
  PositionDimension,
  DerivedPositionDimension,
  ACTOR_POSITION_KEYS,
  type ActorPositionKey,
  DimensionValueKey,
  DimensionValue,
  DimensionEntry,
  POSITION_DIMENSIONS,
  DEFAULT_POSITION_VOCABULARY,
  DimensionExtensions,
  extendDimensions,
  positionSchema,
  type PositionVocabulary,
  type Position,
} from './position-dimensions.ts';
export {
  FrameworkFamily,
  CodeKey,
  Color,
  CodebookCode,
  FAMILY_WORK,
  FRAMEWORK_CODES,
  frameworkCode,
  isFrameworkCodeKey,
  type FrameworkCode,
  type FrameworkCodeKey,
} from './framework-codes.ts';
export {
  codeFamily,
  codeName,
  FormKey,
  PurposeKey,
  LnsKey,
  PillarKey,
  ThemeKey,
  FlagKey,
  CODABLE_FRAMEWORK_CODE_KEYS,
  isCodableFrameworkCodeKey,
  STUDY_CODE_FAMILIES,
  isStudyCodeKeyShape,
  type StudyCodeFamily,
} from './code-keys.ts';
export {
  FRAMEWORK_CODEBOOK_VERSION,
  StudyCodeKey,
  StudyCode,
  CodebookDefinition,
  defineCodebook,
  frameworkCodebook,
  findCode,
  childCodes,
  type Codebook,
  type CodebookIssueReason,
} from './codebook.ts';
export { renderTaxonomyMarkdown, TAXONOMY_DOC_COMMAND } from './taxonomy-markdown.ts';
