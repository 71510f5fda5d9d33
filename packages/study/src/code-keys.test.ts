import { describe, expect, it } from 'vitest';
import {
  FRAMEWORK_CODE_KEYS,
  isFrameworkCodeKey,
  isKnownCodeKey,
  isStudyCodeKeyShape,
  suggestCodeKeys,
} from './code-keys.ts';

describe('code keys', () => {
  it('knows the 4 forms, 3 purposes, 18 Lawrence & Suddaby forms and 3 pillars', () => {
    expect(FRAMEWORK_CODE_KEYS).toHaveLength(4 + 3 + 18 + 3);
    expect(isFrameworkCodeKey('form.relational')).toBe(true);
    expect(isFrameworkCodeKey('lns.embedding_and_routinizing')).toBe(true);
    expect(isFrameworkCodeKey('pillar.cultural_cognitive')).toBe(true);
    expect(isFrameworkCodeKey('form')).toBe(false);
    expect(isFrameworkCodeKey('purpose.sustaining')).toBe(false);
  });

  it('accepts study codes only when declared', () => {
    const declared = new Set(['theme.redefining_treatment', 'flag.steering_group']);
    expect(isKnownCodeKey('flag.steering_group', declared)).toBe(true);
    expect(isKnownCodeKey('flag.resistance_encountered', declared)).toBe(false);
    expect(isStudyCodeKeyShape('theme.t1_redefining')).toBe(true);
    expect(isStudyCodeKeyShape('topic.x')).toBe(false);
  });

  it('suggests near spellings', () => {
    expect(suggestCodeKeys('form.relation')).toEqual(['form.relational']);
    expect(suggestCodeKeys('lns.theorising')).toContain('lns.theorizing');
    expect(suggestCodeKeys('flag.steering_grp', ['flag.steering_group'])).toEqual([
      'flag.steering_group',
    ]);
  });
});
