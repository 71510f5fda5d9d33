import { defineConfig } from 'vitest/config';

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
    // CI keeps a JSON summary too, so .ci/run can print a one-line count
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]]
      : ['default'],
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      // browser tests: Debian's Chromium driven by playwright-core, on the demo studies in Neo4j
      'apps/explorer/vitest.e2e.config.ts',
      {
        // checks of the repository's own tooling (lint rules, scripts)
        ...sourceConditions,
        test: { name: 'repo', include: ['eslint/**/*.test.ts', 'scripts/**/*.test.ts'] },
      },
      {
        // Every test that needs Neo4j: one local server is started for the whole run.
        ...sourceConditions,
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.int.test.ts', 'apps/*/test/**/*.int.test.ts'],
          globalSetup: ['./packages/testing/src/neo4j-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          env: { TZ: 'UTC' },
        },
      },
    ],
  },
});
