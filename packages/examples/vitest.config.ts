import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@iwa/source'] },
  ssr: { resolve: { conditions: ['@iwa/source'] } },
  test: {
    // unit files in one worker share their imports (decision 0020)
    isolate: false,
    exclude: ['**/node_modules/**', '**/dist/**', '**/*.int.test.ts'],
  },
});
