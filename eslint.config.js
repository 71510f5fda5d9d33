import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { boundaries } from './eslint/boundaries.js';
import { cypherInGraph } from './eslint/cypher-in-graph.js';
import { functionSize } from './eslint/function-size.js';

export default defineConfig(
  globalIgnores([
    '**/dist',
    '**/.turbo',
    '**/node_modules',
    '**/target',
    '**/coverage',
    'apps/bench/results',
  ]),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // One TypeScript program for the whole workspace (the one `pnpm typecheck` checks, decision
      // 0019), not one per package: each package's program re-read its dependencies' sources.
      // The root's own files, the explorer's browser UI and its browser tests have their own.
      parserOptions: {
        project: [
          './tsconfig.typecheck.json',
          './tsconfig.json',
          './apps/explorer/src/ui/tsconfig.json',
          './apps/explorer/e2e/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'max-params': ['error', 3],
      'no-console': 'error',
    },
  },
  ...boundaries,
  ...functionSize,
  ...cypherInGraph,
  {
    name: 'iwa/plain-js',
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    name: 'iwa/tests',
    files: [
      '**/*.test.ts',
      '**/*.test.tsx',
      '**/test/**/*.ts',
      'vitest.config.ts',
      '**/vitest.*.ts',
    ],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'max-params': 'off',
    },
  },
  {
    name: 'iwa/cli-bin',
    files: ['apps/*/src/bin.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
