import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@iwa/source'] },
  ssr: { resolve: { conditions: ['@iwa/source'] } },
  test: {
    exclude: ['**/node_modules/**', '**/dist/**', '**/*.int.test.ts'],
    env: { TZ: 'UTC' },
  },
});
