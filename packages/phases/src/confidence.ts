/**
 * The phase model's confidence is the taxonomy's one confidence model (ordinal `low` < `medium`
 * < `high`, and how a study.yaml score maps onto it); re-exported for the phase model's users.
 */
export {
  atLeastConfidence,
  Confidence,
  confidenceOfScore,
  confidenceRank,
  raiseConfidence,
} from '@iwa/taxonomy';
