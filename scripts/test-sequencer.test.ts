import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import config from '../vitest.config.ts';
import SlowFirstSequencer, { BROWSER_PROJECT, SLOW_FILES } from './test-sequencer.ts';

/*
 * The run order of decision 0022 on a clean clone (no results cache): the slow files longest
 * first, the rest in Vitest's own order, the browser files last.
 */

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');

function spec(project: string, file: string, groupOrder = 0): TestSpecification {
  return {
    project: { name: project, config: { sequence: { groupOrder }, isolate: true } },
    moduleId: `${root}/${file}`,
  } as unknown as TestSpecification;
}

/** A Vitest context as a clean clone has it: no results, no file stats. */
const cleanClone = {
  config: { root },
  cache: { getFileTestResults: () => undefined, getFileStats: () => undefined },
} as unknown as Vitest;

describe('the test run order', () => {
  it('is the order `pnpm test` uses', () => {
    expect(config.test?.sequence?.sequencer).toBe(SlowFirstSequencer);
  });

  it('names files that exist', () => {
    expect(SLOW_FILES.length).toBeGreaterThan(3);
    expect(SLOW_FILES.filter((f) => !existsSync(`${root}/${f}`))).toEqual([]);
  });

  it('starts the slow files longest first, then the rest, and the browser files last', async () => {
    const files = [
      spec('@iwa/study', 'packages/study/src/a.test.ts'),
      spec('integration', 'apps/cli/test/quick.int.test.ts'),
      spec('integration', SLOW_FILES[2]!),
      spec(BROWSER_PROJECT, 'apps/explorer/e2e/b.e2e.test.ts'),
      spec('integration', SLOW_FILES[0]!),
      spec('integration', SLOW_FILES[1]!),
      spec(BROWSER_PROJECT, 'apps/explorer/e2e/a.e2e.test.ts'),
      spec('later', 'packages/x/test/late.test.ts', 1),
    ];
    const sorted = await new SlowFirstSequencer(cleanClone).sort(files);
    expect(sorted.map((s) => s.moduleId.slice(root.length + 1))).toEqual([
      SLOW_FILES[0],
      SLOW_FILES[1],
      SLOW_FILES[2],
      'packages/study/src/a.test.ts',
      'apps/cli/test/quick.int.test.ts',
      'apps/explorer/e2e/b.e2e.test.ts',
      'apps/explorer/e2e/a.e2e.test.ts',
      // a later group still runs after the whole first one
      'packages/x/test/late.test.ts',
    ]);
  });
});
