import { z } from 'zod';

/**
 * How sure a researcher (or a rule) is about a phase event: the one confidence model in iwa.
 *
 * - The scale is ordinal, `low` < `medium` < `high`. Phase events are interpretations of
 *   interview excerpts, and a number would suggest a precision the evidence does not have;
 *   guards compare confidences by rank (`minConfidence: medium`), and the CLI, the explorer and
 *   the graph's phase store show and keep the word.
 * - A study folder (study.yaml `phase_events[].confidence`) writes a number from 0 to 1: the
 *   researcher's own judgement of how likely the event is as recorded. It is read onto the scale
 *   by {@link confidenceOfScore}: below 0.5 `low`, below 0.75 `medium`, from 0.75 `high`. So a
 *   researcher's 0.8 is `high`, and is never shown as another number.
 */
export const Confidence = z.enum(['low', 'medium', 'high']);
export type Confidence = z.infer<typeof Confidence>;

/** A confidence as study.yaml writes it: a number from 0 to 1. */
export const ConfidenceScore = z.number().min(0).max(1);
export type ConfidenceScore = z.infer<typeof ConfidenceScore>;

/** The lowest score of each level above `low`. */
export const CONFIDENCE_FLOORS: Readonly<{ medium: number; high: number }> = {
  medium: 0.5,
  high: 0.75,
};

const ranks: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };

/** The level of a study.yaml score: below 0.5 `low`, below 0.75 `medium`, else `high`. */
export function confidenceOfScore(score: ConfidenceScore): Confidence {
  const s = ConfidenceScore.parse(score);
  return s < CONFIDENCE_FLOORS.medium ? 'low' : s < CONFIDENCE_FLOORS.high ? 'medium' : 'high';
}

/** A confidence from a score (study.yaml) or a word (the store, the CLI): always a level. */
export function confidenceOf(value: ConfidenceScore | string): Confidence {
  return typeof value === 'number' ? confidenceOfScore(value) : Confidence.parse(value);
}

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
