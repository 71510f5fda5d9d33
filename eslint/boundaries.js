// The package-boundary rules of ../shared/ARCHITECTURE.md, as ESLint flat-config blocks.
// Kept apart from eslint.config.js so a test can lint sample code against exactly these rules.

const deepImports = {
  group: ['@iwa/*/src', '@iwa/*/src/*', '@iwa/*/dist/*'],
  message: 'Import a package through its exports (`@iwa/name`), never its files.',
};
const noNeo4jDriver = {
  name: 'neo4j-driver',
  message: 'Only @iwa/graph talks to Neo4j: add a query to packages/graph and call it.',
};
const appImports = {
  group: ['iwa', 'iwa/*', '@iwa/explorer', '@iwa/explorer/*', '@iwa/bench', '@iwa/bench/*'],
  message: 'Packages never import apps: dependencies point from apps to packages.',
};
const pkg = (name, message) => ({ group: [name, `${name}/*`], message });

/** Builds one `no-restricted-imports` rule from paths and patterns. */
const restrict = ({ paths = [], patterns = [] }) => [
  'error',
  { paths, patterns: [deepImports, ...patterns] },
];

export const boundaries = [
  {
    name: 'iwa/boundaries/everywhere',
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      'no-restricted-imports': restrict({ paths: [noNeo4jDriver], patterns: [] }),
    },
  },
  {
    name: 'iwa/boundaries/packages',
    files: ['packages/**/*.ts', 'packages/**/*.tsx'],
    rules: {
      'no-restricted-imports': restrict({ paths: [noNeo4jDriver], patterns: [appImports] }),
    },
  },
  {
    name: 'iwa/boundaries/taxonomy',
    files: ['packages/taxonomy/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict({
        paths: [noNeo4jDriver],
        patterns: [
          appImports,
          {
            regex: '^(?!zod$|node:|\\.{1,2}/|vitest)',
            message: '@iwa/taxonomy depends on zod alone (node built-ins only in tests).',
          },
        ],
      }),
    },
  },
  {
    name: 'iwa/boundaries/phases',
    files: ['packages/phases/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict({
        paths: [noNeo4jDriver],
        patterns: [
          appImports,
          pkg(
            '@iwa/graph',
            '@iwa/phases never imports @iwa/graph: declare an actor slot and let the app provide it.',
          ),
        ],
      }),
    },
  },
  {
    name: 'iwa/boundaries/analysis',
    files: ['packages/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict({
        paths: [noNeo4jDriver],
        patterns: [
          appImports,
          pkg('@iwa/graph', '@iwa/analysis is pure: it takes rows, it never queries.'),
        ],
      }),
    },
  },
  {
    name: 'iwa/boundaries/study-refi',
    files: ['packages/study/**/*.ts', 'packages/refi/**/*.ts', 'packages/examples/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict({
        paths: [noNeo4jDriver],
        patterns: [
          appImports,
          pkg('@iwa/graph', 'The study model and its readers do not know about Neo4j.'),
        ],
      }),
    },
  },
  {
    name: 'iwa/boundaries/graph',
    files: ['packages/graph/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict({
        patterns: [
          appImports,
          pkg('@iwa/phases', '@iwa/graph may use phase types only: import type from @iwa/phases.'),
        ],
      }),
    },
  },
  {
    // the apps reach the database through the application layer (@iwa/services, its
    // `/database` entry for the connection and the studies' lifecycle); the bench is the one
    // app that calls @iwa/graph itself, as it measures the graph's Cypher against its floors
    name: 'iwa/boundaries/apps-through-services',
    files: ['apps/cli/src/**/*.ts', 'apps/explorer/src/**/*.ts', 'apps/explorer/src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@iwa/graph', '@iwa/graph/*'],
              allowTypeImports: true,
              message:
                'Apps import @iwa/graph for types only: call the use case in @iwa/services (or @iwa/services/database for the connection and the studies).',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'iwa/boundaries/env',
    files: ['packages/**/src/**/*.ts', 'apps/**/src/**/*.ts', 'apps/**/src/**/*.tsx'],
    ignores: ['apps/*/src/env.ts', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: "Read the environment only in the app's env.ts (validated with zod).",
        },
      ],
    },
  },
];
