import { describe, expect, it } from 'vitest';
import {
  atLeastConfidence,
  Confidence,
  confidenceOf,
  confidenceOfScore,
  confidenceRank,
  ConfidenceScore,
  raiseConfidence,
} from './confidence.ts';

describe('Confidence', () => {
  it('is ordinal: low < medium < high', () => {
    expect(Confidence.options.map(confidenceRank)).toEqual([0, 1, 2]);
    expect(atLeastConfidence('medium', 'medium')).toBe(true);
    expect(atLeastConfidence('low', 'medium')).toBe(false);
    expect(atLeastConfidence('high', 'low')).toBe(true);
  });

  it('raises one level and stops at high', () => {
    expect(Confidence.options.map(raiseConfidence)).toEqual(['medium', 'high', 'high']);
  });

  it('rejects numbers', () => {
    expect(Confidence.safeParse(0.7).success).toBe(false);
  });
});

describe('a study.yaml score on the scale', () => {
  it.each([
    [0, 'low'],
    [0.25, 'low'],
    [0.49, 'low'],
    [0.5, 'medium'],
    [0.6, 'medium'],
    [0.7, 'medium'],
    [0.75, 'high'],
    [0.8, 'high'],
    [0.9, 'high'],
    [1, 'high'],
  ] as const)('%s is %s', (score, level) => {
    expect(confidenceOfScore(score)).toBe(level);
    expect(confidenceOf(score)).toBe(level);
  });

  it('keeps a word as it is and refuses anything else', () => {
    expect(confidenceOf('medium')).toBe('medium');
    expect(() => confidenceOf('certain')).toThrow();
    expect(() => confidenceOfScore(1.2)).toThrow();
    expect(ConfidenceScore.safeParse(-0.1).success).toBe(false);
  });
});
