import { defineProject } from 'vitest/config';

/**
 * Browser tests: build the UI once, start the explorer on port 0 and drive Debian's Chromium
 * with playwright-core. Run: `pnpm test:browser` (or `pnpm test`, which runs every tier). The
 * name starts with `integration` so `pnpm test:unit` (`--project '!integration*'`) leaves it out.
 */
export default defineProject({
  resolve: { conditions: ['@iwa/source'] },
  ssr: { resolve: { conditions: ['@iwa/source'] } },
  environments: { __vitest__: { resolve: { conditions: ['@iwa/source'] } } },
  test: {
    name: 'integration-browser',
    root: import.meta.dirname,
    include: ['e2e/**/*.e2e.test.ts'],
    // the run's one Neo4j (shared with the integration project, or NEO4J_URI), then the UI build
    globalSetup: ['../../packages/testing/src/neo4j-global-setup.ts', './e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The browser files are in the same group as the other projects (two workers, decision
    // 0022): the root's sequencer (scripts/test-sequencer.ts) starts them last, and both
    // workers share them. No browser test asserts a time. A worker keeps its imports from one
    // browser file to the next (the explorer server, the services, playwright-core); each file
    // still starts its own explorer, Chromium profile and studies (harness.ts).
    isolate: false,
    env: { TZ: 'UTC' },
  },
});
