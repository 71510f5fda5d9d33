import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_IDS, EXAMPLES, examplePath } from './examples.ts';

describe('examplePath', () => {
  it('gives the absolute path of each study folder, with a study.yaml in it', () => {
    for (const id of EXAMPLE_IDS) {
      const dir = examplePath(id);
      expect(path.isAbsolute(dir)).toBe(true);
      expect(path.basename(dir)).toBe(id);
      expect(existsSync(path.join(dir, 'study.yaml'))).toBe(true);
    }
  });

  it('lists every example once, with its path', () => {
    expect(EXAMPLES.map((e) => e.id)).toEqual([...EXAMPLE_IDS]);
    for (const e of EXAMPLES) {
      expect(e.path).toBe(examplePath(e.id));
      expect(e.title.length).toBeGreaterThan(0);
      expect(e.description.length).toBeGreaterThan(0);
    }
  });
});
