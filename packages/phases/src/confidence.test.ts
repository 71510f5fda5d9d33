import { describe, expect, it } from 'vitest';
import { atLeastConfidence, Confidence, confidenceRank, raiseConfidence } from './confidence.ts';

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
