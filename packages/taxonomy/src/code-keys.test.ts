import { describe, expect, it } from 'vitest';
import {
  CODABLE_FRAMEWORK_CODE_KEYS,
  codeFamily,
  codeName,
  FlagKey,
  FormKey,
  isCodableFrameworkCodeKey,
  isStudyCodeKeyShape,
  LnsKey,
  PillarKey,
  PurposeKey,
  ThemeKey,
} from './code-keys.ts';
import { FRAMEWORK_CODES, isFrameworkCodeKey } from './framework-codes.ts';

describe('code keys', () => {
  it('splits a key into its family and its name at the first dot', () => {
    expect(codeFamily('lns.theorizing')).toBe('lns');
    expect(codeName('lns.theorizing')).toBe('theorizing');
    expect(codeFamily('theme.t1_redefining_treatment')).toBe('theme');
    expect(codeName('pillar.cultural_cognitive')).toBe('cultural_cognitive');
    // a folder key is its own family and name
    expect([codeFamily('form'), codeName('form')]).toEqual(['form', 'form']);
  });

  it('has one family for every framework code, the one the code records', () => {
    for (const c of FRAMEWORK_CODES) expect(codeFamily(c.key)).toBe(c.family);
  });

  it('lists the codable framework keys: 4 forms, 3 purposes, 18 L&S forms, 3 pillars', () => {
    expect(CODABLE_FRAMEWORK_CODE_KEYS).toEqual([
      ...FormKey.options,
      ...PurposeKey.options,
      ...LnsKey.options.filter((k) => CODABLE_FRAMEWORK_CODE_KEYS.includes(k)),
      ...PillarKey.options,
    ]);
    expect([FormKey, PurposeKey, LnsKey, PillarKey].map((k) => k.options.length)).toEqual([
      4, 3, 18, 3,
    ]);
  });

  it('tells codable keys from folders: a coding may use form.relational, never form or lns.creating', () => {
    expect(isCodableFrameworkCodeKey('form.relational')).toBe(true);
    expect(isCodableFrameworkCodeKey('lns.embedding_and_routinizing')).toBe(true);
    expect(isCodableFrameworkCodeKey('form')).toBe(false);
    expect(isCodableFrameworkCodeKey('lns.creating')).toBe(false);
    expect(isFrameworkCodeKey('lns.creating')).toBe(true);
    expect(isCodableFrameworkCodeKey('purpose.sustaining')).toBe(false);
  });

  it('knows the shape of a study folder code key', () => {
    expect(isStudyCodeKeyShape('theme.t1_redefining')).toBe(true);
    expect(isStudyCodeKeyShape('flag.steering_group')).toBe(true);
    expect(isStudyCodeKeyShape('topic.x')).toBe(false);
    expect(isStudyCodeKeyShape('flag.Steering')).toBe(false);
    expect(ThemeKey.safeParse('theme.t2_resource_approach').success).toBe(true);
    expect(FlagKey.safeParse('flag.Confidentiality').success).toBe(false);
  });
});
