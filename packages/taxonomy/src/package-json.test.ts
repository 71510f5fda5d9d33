import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('@iwa/taxonomy package.json', () => {
  it('depends on zod alone at run time, so other studies can reuse it anywhere', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(['zod']);
    expect(Object.keys(pkg.peerDependencies ?? {})).toEqual([]);
  });
});
