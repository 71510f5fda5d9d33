import { z } from 'zod';

/**
 * How sure a researcher (or a rule) is about a phase event: an ordinal scale `low` < `medium` <
 * `high`. iwa uses these three words rather than a number between 0 and 1 because phase events are
 * interpretations of interview excerpts, and a number would suggest a precision the evidence
 * does not have. Guards compare confidences by rank (`minConfidence: medium`).
 */
export const Confidence = z.enum(['low', 'medium', 'high']);
export type Confidence = z.infer<typeof Confidence>;

const ranks: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };

/** The rank of a confidence: `low` 0, `medium` 1, `high` 2. */
export function confidenceRank(confidence: Confidence): number {
  return ranks[confidence];
}

/** Whether `confidence` is at least `minimum` (`atLeastConfidence('high', 'medium')` is true). */
export function atLeastConfidence(confidence: Confidence, minimum: Confidence): boolean {
  return ranks[confidence] >= ranks[minimum];
}

/** The next confidence up, or `high` when it is already `high`. */
export function raiseConfidence(confidence: Confidence): Confidence {
  return Confidence.options[Math.min(ranks[confidence] + 1, 2)] ?? 'high';
}
