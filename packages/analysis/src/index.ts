export { AnalysisError } from './analysis-error.ts';
export type { AnalysisErrorCode } from './analysis-error.ts';

export { POSITION_DIMENSIONS, codedUnit, resolveDimension, valuesOf } from './coded-unit.ts';
export type {
  AttributeValue,
  CodedUnit,
  CodedUnitInput,
  Perspective,
  PositionDimension,
  PositionInput,
} from './coded-unit.ts';
export { parseCondition, satisfies, satisfiesAll, splitCondition } from './condition.ts';
export type { Condition, ConditionSyntax } from './condition.ts';

export { crosstab } from './crosstab.ts';
export type { CountingUnit, Crosstab, CrosstabOptions, CrosstabTable } from './crosstab.ts';
export { crosstabStatistics, tableStatistics } from './crosstab-statistics.ts';
export type { CountedTable, TableStatistics } from './crosstab-statistics.ts';
export type { CountTable } from './contingency-table.ts';
export { chiSquareTest } from './chi-square.ts';
export type { ChiSquareTest, SmallExpectedWarning, UndefinedTest } from './chi-square.ts';
export { residuals } from './residuals.ts';
export type { Residuals } from './residuals.ts';
export { fisherExact } from './fisher-exact.ts';
export type { FisherExactTest } from './fisher-exact.ts';
export { chiSquareUpperTail } from './distributions.ts';

export { cooccurrence, spanCooccurrence } from './cooccurrence.ts';
export type {
  CodedSpan,
  CooccurrenceCell,
  CooccurrenceOptions,
  CooccurrenceTable,
  ExcerptCooccurrenceCell,
  SpanCooccurrenceCell,
  SpanCooccurrenceOptions,
} from './cooccurrence.ts';

export {
  Claim,
  ClaimSet,
  CompareShareClaim,
  CoverageClaim,
  PluralityClaim,
  ShareClaim,
  evaluateClaim,
  evaluateClaims,
  unitsCounter,
} from './claims.ts';
export type { ClaimContext, ClaimCounter, ClaimInput, ClaimResult } from './claims.ts';

export type { CoderCoding } from './coder-coding.ts';
export { unitize } from './unitize.ts';
export type { AlignedUnit, OverlapBase, UnitizeOptions } from './unitize.ts';
export type { UndefinedValue } from './agreement/undefined-value.ts';
export type { ReliabilityData } from './agreement/reliability-data.ts';
export { percentAgreement } from './agreement/percent-agreement.ts';
export type { PercentAgreement } from './agreement/percent-agreement.ts';
export { agreementTable, cohensKappa } from './agreement/cohens-kappa.ts';
export type { KappaEstimate, KappaWeights } from './agreement/cohens-kappa.ts';
export { fleissKappa } from './agreement/fleiss-kappa.ts';
export type { FleissKappaEstimate } from './agreement/fleiss-kappa.ts';
export { krippendorffAlpha } from './agreement/krippendorff-alpha.ts';
export type { AlphaEstimate, AlphaLevel, AlphaOptions } from './agreement/krippendorff-alpha.ts';
export type { AgreementSummary } from './agreement/binary-tally.ts';
export { unitAgreement } from './agreement/unit-agreement.ts';
export type { PresenceAlphaIntervals } from './agreement/presence-bootstrap.ts';
export type {
  AgreementReport,
  Disagreement,
  UnitAgreementOptions,
  UnitAgreementReport,
} from './agreement/unit-agreement.ts';
export { CHARACTER_AGREEMENT_CAVEAT, characterAgreement } from './agreement/character-agreement.ts';
export type {
  CharacterAgreementOptions,
  CharacterAgreementReport,
} from './agreement/character-agreement.ts';
export { chanceCorrected } from './agreement/chance-corrected.ts';
export type {
  ChanceCoefficient,
  ChanceCorrectedEstimate,
  ChanceCorrectedOptions,
  ChanceCorrectedSet,
} from './agreement/chance-corrected.ts';
export { weightMatrix } from './agreement/weights.ts';
export type { AgreementWeights, WeightScheme } from './agreement/weights.ts';
export { distanceAlpha } from './agreement/distance-alpha.ts';
export type { DistanceAlphaEstimate } from './agreement/distance-alpha.ts';
export { jaccardDistance, masiDistance, setAlpha } from './agreement/set-alpha.ts';
export type { SetAlphaEstimate, SetDistance } from './agreement/set-alpha.ts';
export { unitizingAlpha } from './agreement/unitizing-alpha.ts';
export type {
  UnitizingAlphaOptions,
  UnitizingAlphaReport,
  UnitizingEstimate,
} from './agreement/unitizing-alpha.ts';
export {
  bootstrapAlpha,
  bootstrapKappa,
  bootstrapUnits,
  mulberry32,
} from './agreement/bootstrap.ts';
export type { BootstrapInterval, BootstrapOptions } from './agreement/bootstrap.ts';
export { NO_CODE, familyAgreement } from './agreement/family-agreement.ts';
export type {
  FamilyAgreement,
  FamilyAgreementOptions,
  FamilyAgreementReport,
  FamilyUse,
  SpanSelection,
} from './agreement/family-agreement.ts';
