import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './scripts/test-sequencer.ts';

const sourceConditions = {
  resolve: { conditions: ['@iwa/source'] },
  ssr: { resolve: { conditions: ['@iwa/source'] } },
  // globalSetup runs in Vitest's own `__vitest__` environment, which does not inherit
  // `resolve.conditions` (vitest-dev/vitest#9429); give it the source condition explicitly.
  environments: { __vitest__: { resolve: { conditions: ['@iwa/source'] } } },
};

export default defineConfig({
  ...sourceConditions,
  test: {
    restoreMocks: true,
    // Vitest's default is one worker fewer than the cores: one test file at a time on this
    // 2-core machine. The integration tests spend most of their time waiting on Neo4j and on
    // the `iwa` child processes they start, so two files at a time use the cores that wait
    // leaves idle (the browser project stays one file at a time: fileParallelism false).
    maxWorkers: 2,
    // the files that take longest start first, beside the short ones (scripts/test-sequencer.ts)
    sequence: { sequencer: SlowFirstSequencer },
    // CI keeps a JSON summary too, so .ci/run can print a one-line count
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]]
      : ['default'],
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      // browser tests: Debian's Chromium driven by playwright-core, on the demo studies in the
      // run's one Neo4j (project `integration-browser`, so `pnpm test:unit` leaves it out)
      'apps/explorer/vitest.e2e.config.ts',
      {
        // checks of the repository's own tooling (lint rules, scripts)
        ...sourceConditions,
        test: {
          name: 'repo',
          include: ['eslint/**/*.test.ts', 'scripts/**/*.test.ts'],
          isolate: false,
        },
      },
      {
        // Every test that needs Neo4j: one local server is started for the whole run, shared
        // with the browser project (packages/testing/src/neo4j-global-setup.ts).
        ...sourceConditions,
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.int.test.ts', 'apps/*/test/**/*.int.test.ts'],
          // the run's Neo4j, and the `iwa` the CLI tests spawn (bundled once from its sources)
          globalSetup: [
            './packages/testing/src/neo4j-global-setup.ts',
            './apps/cli/test/iwa-bundle-setup.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          env: { TZ: 'UTC' },
        },
      },
    ],
  },
});
