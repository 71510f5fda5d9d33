import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OWNER = 'packages/taxonomy/src/position-dimensions.ts';

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (['node_modules', 'dist', 'dist-ui', '.turbo', '.corpus', 'results'].includes(name))
      continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.(ts|tsx)$/.test(name)) out.push(path);
  }
  return out;
}

describe('the position dimensions are declared once', () => {
  it('no source file but the taxonomy lists them as a literal', () => {
    // a literal list: 'authority' and 'embeddedness' as neighbouring quoted items
    const list = /['"]authority['"]\s*,\s*['"]embeddedness['"]/;
    const files = [...sources(join(ROOT, 'packages')), ...sources(join(ROOT, 'apps'))];
    expect(files.length).toBeGreaterThan(100);
    const copies = files
      .map((f) => relative(ROOT, f))
      .filter((f) => f !== OWNER && !/\.(test|spec)\.tsx?$/.test(f) && !f.includes('/test/'))
      .filter((f) => list.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(copies).toEqual([]);
  });
});
