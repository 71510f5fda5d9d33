import { describe, expect, it } from 'vitest';
import { RuleCodeKey, FormKey, LnsKey, PillarKey, PurposeKey } from './code-keys.ts';

describe('code keys', () => {
  it('cover the frameworks: 4 forms, 3 purposes, 18 L&S forms, 3 pillars', () => {
    expect([FormKey, PurposeKey, LnsKey, PillarKey].map((k) => k.options.length)).toEqual([
      4, 3, 18, 3,
    ]);
  });

  it.each([
    'form.relational',
    'purpose.disrupting',
    'lns.embedding_and_routinizing',
    'pillar.cultural_cognitive',
    'flag.resistance_encountered',
    'theme.t2_resource_approach',
  ])('accepts %s', (key) => {
    expect(RuleCodeKey.safeParse(key).success).toBe(true);
  });

  it.each([
    'form.legal',
    'lns.routinizing',
    'pillar.cultural-cognitive',
    'flag.Confidentiality',
    'confidentiality',
  ])('rejects %s', (key) => {
    expect(RuleCodeKey.safeParse(key).success).toBe(false);
  });
});
