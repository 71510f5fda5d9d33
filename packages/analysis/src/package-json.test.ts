import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('@iwa/analysis package.json', () => {
  it('depends on taxonomy, zod and one distribution library only, pinned exactly', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const deps = pkg.dependencies ?? {};
    expect(Object.keys(deps).sort()).toEqual([
      '@iwa/taxonomy',
      '@stdlib/math-base-special-gammainc',
      'zod',
    ]);
    expect(deps['@stdlib/math-base-special-gammainc']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
