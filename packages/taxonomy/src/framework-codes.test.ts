import { describe, expect, it } from 'vitest';
import { codeFamily } from './code-keys.ts';
import {
  CodebookCode,
  FRAMEWORK_CODES,
  frameworkCode,
  isFrameworkCodeKey,
} from './framework-codes.ts';
import { LNS_FORMS } from './institutional-work.ts';
import { IWA_NAMESPACE, uuidv5 } from './uuid.ts';

describe('FRAMEWORK_CODES', () => {
  it('has 28 codable codes under 7 non-codable folders, a parent always before its children', () => {
    expect(FRAMEWORK_CODES.filter((c) => c.isCodable)).toHaveLength(4 + 3 + 18 + 3);
    expect(FRAMEWORK_CODES.filter((c) => !c.isCodable).map((c) => c.key)).toEqual([
      'form',
      'purpose',
      'lns',
      'lns.creating',
      'lns.maintaining',
      'lns.disrupting',
      'pillar',
    ]);
    const seen = new Set<string>();
    for (const code of FRAMEWORK_CODES) {
      CodebookCode.parse(code);
      if (code.parentKey !== null) expect(seen.has(code.parentKey), code.key).toBe(true);
      seen.add(code.key);
      expect(frameworkCode(code.parentKey ?? code.key)?.isCodable ?? false).toBe(
        code.parentKey === null && code.isCodable,
      );
    }
    expect(seen.size).toBe(FRAMEWORK_CODES.length);
  });

  it('gives every code a GUID derived from its key: unique and the same in every run', () => {
    for (const code of FRAMEWORK_CODES) expect(code.guid).toBe(uuidv5(code.key, IWA_NAMESPACE));
    expect(new Set(FRAMEWORK_CODES.map((c) => c.guid)).size).toBe(FRAMEWORK_CODES.length);
    expect(frameworkCode('form.relational')?.guid).toBe('cf638ed1-d1e0-5b01-afb3-b41901a025ac');
    expect(frameworkCode('lns.theorizing')?.guid).toMatchInlineSnapshot(
      `"a24bf150-cd88-52b4-889e-565d59708ced"`,
    );
  });

  it('groups the L&S forms by purpose and gives every codable code a colour, label and source', () => {
    for (const form of LNS_FORMS) {
      expect(frameworkCode(`lns.${form.key}`)?.parentKey).toBe(`lns.${form.purpose}`);
    }
    for (const code of FRAMEWORK_CODES.filter((c) => c.isCodable)) {
      expect(code.color, code.key).toMatch(/^#[0-9A-F]{6}$/);
      expect(code.definition?.length, code.key).toBeGreaterThan(20);
      expect(code.source.year).toBeGreaterThan(2000);
    }
    expect(new Set(FRAMEWORK_CODES.map((c) => c.label.toLowerCase())).size).toBe(
      FRAMEWORK_CODES.length,
    );
  });
});

describe('codeFamily', () => {
  it('is the part of the key before the dot', () => {
    expect(codeFamily('lns.theorizing')).toBe('lns');
    expect(codeFamily('form')).toBe('form');
    expect(codeFamily('flag.ally_enlisted')).toBe('flag');
    expect(codeFamily('form.structural.extra')).toBe('form');
    expect(isFrameworkCodeKey('pillar.normative')).toBe(true);
    expect(isFrameworkCodeKey('pillar.economic')).toBe(false);
  });
});
