import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that take longest in `pnpm test`, longest first, with their seconds in the
 * last clean-clone CI run before this order (load 2–4 on the 2-core machine). Most start their
 * own Neo4j or `iwa serve`, or hold one for a minute.
 *
 * A clean clone has no Vitest results cache, so Vitest orders files by project name and then
 * by size: these started 100–430 s into the run, and the browser files (one at a time) after
 * all of them, with one worker idle. See decision 0021.
 */
export const SLOW_FILES: readonly string[] = [
  'apps/cli/test/faults.int.test.ts', // 156 s: kill trials, a separate Neo4j stopped mid-import
  'apps/cli/test/serve-restart.int.test.ts', // 121 s: `iwa db start|stop` of a separate Neo4j
  'apps/cli/test/serve-load.int.test.ts', // 61 s: one minute of load on `iwa serve`
  'apps/cli/test/db.int.test.ts', // 53 s: three starts of a separate Neo4j
  'apps/cli/test/examples.int.test.ts', // 47 s
  'packages/explorer-server/test/api-analysis.int.test.ts', // 40 s
  'apps/cli/test/one-answer.int.test.ts', // 30 s
  'apps/cli/test/study-import.int.test.ts', // 24 s
  'apps/cli/test/multi-coder-import.int.test.ts', // 22 s
  'apps/cli/test/misspellings.int.test.ts', // 21 s
  'packages/services/test/study-editing.int.test.ts', // 19 s
];

/** The project of the browser files (apps/explorer/vitest.e2e.config.ts). */
export const BROWSER_PROJECT = 'integration-browser';

/**
 * Vitest's order (groupOrder first, then what its results cache knows), except that within a
 * group the first of {@link SLOW_FILES} starts first, then the browser files, then the rest of
 * the slow files, then everything else. On two workers: one runs the longest file while the
 * other runs the browser files one after another (together ~125 s against its ~155 s, so two
 * Chromiums rarely overlap), then both take the slow files longest first, then the short ones
 * fill in, so neither worker idles at the end.
 */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const rank = (spec: TestSpecification): number => {
      const i = SLOW_FILES.indexOf(relative(root, spec.moduleId));
      if (i === 0) return 0;
      if (spec.project.name === BROWSER_PROJECT) return 1;
      return i === -1 ? SLOW_FILES.length + 1 : i + 1;
    };
    const order = new Map(sorted.map((spec, i) => [spec, i]));
    return [...sorted].sort(
      (a, b) =>
        a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder ||
        rank(a) - rank(b) ||
        (order.get(a) ?? 0) - (order.get(b) ?? 0),
    );
  }
}
