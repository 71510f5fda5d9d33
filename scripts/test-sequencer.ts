import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that take longest in `pnpm test`, longest first, with their seconds in the
 * last clean-clone CI run before this order (load 2–4 on the 2-core machine). Most start their
 * own Neo4j or `iwa serve`, or hold one for a minute.
 *
 * A clean clone has no Vitest results cache, so Vitest orders files by project name and then
 * by size: these started 100–430 s into the run, and the browser files (one at a time) after
 * all of them, with one worker idle. See decision 0022.
 *
 * The seconds are from the clean-clone run of 2026-12-05 21:05 UTC (load ~4.5), after decision
 * 0024 merged `db`, `serve-restart` and faults' Neo4j-stopped test into `local-neo4j`.
 */
export const SLOW_FILES: readonly string[] = [
  'apps/cli/test/local-neo4j.int.test.ts', // 213 s: `iwa db start|stop`, three starts
  'apps/cli/test/examples.int.test.ts', // 192 s: the claims check, `iwa start` as the README runs it
  'apps/cli/test/faults.int.test.ts', // 172 s: kill trials of an import into the run's Neo4j
  'apps/cli/test/one-answer.int.test.ts', // 76 s
  'apps/cli/test/serve-load.int.test.ts', // 65 s with 60 s of load on `iwa serve`, now 20 s
  'apps/cli/test/study-import.int.test.ts', // 45 s
  'apps/cli/test/multi-coder-import.int.test.ts', // 41 s
  'packages/explorer-server/test/graph-explorer-cache.int.test.ts', // 41 s
  'apps/cli/test/misspellings.int.test.ts', // 40 s
  'packages/explorer-server/test/api-analysis.int.test.ts', // 38 s
];

/** The project of the browser files (apps/explorer/vitest.e2e.config.ts). */
export const BROWSER_PROJECT = 'integration-browser';

/**
 * Vitest's order (groupOrder first, then what its results cache knows), except that within a
 * group the {@link SLOW_FILES} start first, longest first, then everything else, and the
 * browser files last: on two workers the long files run beside the short ones, and at the end
 * both workers share the browser files (each 5–20 s) instead of one worker running them alone.
 * (Started beside faults instead, the browser files took 311 s, not ~125 s, and pushed the
 * other slow files to the end: clean-clone run at load 10–18.)
 */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const rank = (spec: TestSpecification): number => {
      if (spec.project.name === BROWSER_PROJECT) return SLOW_FILES.length + 1;
      const i = SLOW_FILES.indexOf(relative(root, spec.moduleId));
      return i === -1 ? SLOW_FILES.length : i;
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
