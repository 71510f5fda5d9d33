import { describe, expect, it } from 'vitest';
import { isKnownCodeKey, suggestCodeKeys } from './code-keys.ts';

describe('code keys', () => {
  it('accepts codable framework keys, never their folders', () => {
    expect(isKnownCodeKey('form.relational', new Set())).toBe(true);
    expect(isKnownCodeKey('lns.embedding_and_routinizing', new Set())).toBe(true);
    expect(isKnownCodeKey('form', new Set())).toBe(false);
    expect(isKnownCodeKey('lns.creating', new Set())).toBe(false);
    expect(isKnownCodeKey('purpose.sustaining', new Set())).toBe(false);
  });

  it('accepts study codes only when declared', () => {
    const declared = new Set(['theme.redefining_treatment', 'flag.steering_group']);
    expect(isKnownCodeKey('flag.steering_group', declared)).toBe(true);
    expect(isKnownCodeKey('flag.resistance_encountered', declared)).toBe(false);
  });

  it('suggests near spellings', () => {
    expect(suggestCodeKeys('form.relation')).toEqual(['form.relational']);
    expect(suggestCodeKeys('lns.theorising')).toContain('lns.theorizing');
    expect(suggestCodeKeys('flag.steering_grp', ['flag.steering_group'])).toEqual([
      'flag.steering_group',
    ]);
  });
});
