import { defineConfig } from 'vitest/config';

/*
 * `pnpm fuzz`: only the property/fuzz tests (`*.fuzz.test.ts`), with 10 000 cases per property
 * unless FUZZ_RUNS says otherwise. `pnpm test` runs the same files with FUZZ_RUNS unset, i.e.
 * 100 cases each. Replay a failure with FUZZ_SEED=<seed printed by fast-check>.
 */
export default defineConfig({
  resolve: { conditions: ['@iwa/source'] },
  ssr: { resolve: { conditions: ['@iwa/source'] } },
  test: {
    name: 'fuzz',
    include: [
      'packages/*/src/**/*.fuzz.test.ts',
      'packages/*/test/**/*.fuzz.test.ts',
      'apps/*/src/**/*.fuzz.test.ts',
      'apps/*/test/**/*.fuzz.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    restoreMocks: true,
    env: { TZ: 'UTC', FUZZ_RUNS: process.env.FUZZ_RUNS ?? '10000' },
  },
});
