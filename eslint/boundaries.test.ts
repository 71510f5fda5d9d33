import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { boundaries } from './boundaries.js';

const root = new URL('..', import.meta.url).pathname;

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { '@typescript-eslint': tseslint.plugin },
    },
    ...boundaries,
  ],
});

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('package boundaries (eslint/boundaries.js)', () => {
  it('forbids neo4j-driver outside @iwa/graph', async () => {
    const code = "import neo4j from 'neo4j-driver';\nexport const d = neo4j;\n";
    expect(await ruleIds('packages/study/src/sample.ts', code)).toEqual(['no-restricted-imports']);
    expect(await ruleIds('packages/analysis/src/sample.ts', code)).toEqual([
      'no-restricted-imports',
    ]);
    expect(await ruleIds('apps/cli/src/sample.ts', code)).toEqual(['no-restricted-imports']);
    expect(await ruleIds('packages/graph/src/sample.ts', code)).toEqual([]);
  });

  it('keeps @iwa/taxonomy on zod alone', async () => {
    expect(
      await ruleIds(
        'packages/taxonomy/src/a.ts',
        "import { z } from 'zod';\nexport const a = z;\n",
      ),
    ).toEqual([]);
    expect(
      await ruleIds(
        'packages/taxonomy/src/a.ts',
        "import { parse } from 'yaml';\nexport const a = parse;\n",
      ),
    ).toEqual(['no-restricted-imports']);
    expect(
      await ruleIds(
        'packages/taxonomy/src/a.ts',
        "import { Graph } from '@iwa/graph';\nexport type A = Graph;\n",
      ),
    ).toEqual(['no-restricted-imports']);
  });

  it('keeps phases and graph apart, and packages away from apps and deep imports', async () => {
    expect(
      await ruleIds(
        'packages/phases/src/a.ts',
        "import { createGraph } from '@iwa/graph';\nexport const a = createGraph;\n",
      ),
    ).toEqual(['no-restricted-imports']);
    expect(
      await ruleIds(
        'packages/graph/src/a.ts',
        "import { orgPhaseMachine } from '@iwa/phases';\nexport const a = orgPhaseMachine;\n",
      ),
    ).toEqual(['no-restricted-imports']);
    expect(
      await ruleIds(
        'packages/study/src/a.ts',
        "import { runCli } from 'iwa';\nexport const a = runCli;\n",
      ),
    ).toEqual(['no-restricted-imports']);
    expect(
      await ruleIds(
        'apps/cli/src/a.ts',
        "import { x } from '@iwa/study/src/study-manifest.ts';\nexport const a = x;\n",
      ),
    ).toEqual(['no-restricted-imports']);
  });

  it('lets the apps import @iwa/graph for types only', async () => {
    expect(
      await ruleIds(
        'apps/cli/src/a.ts',
        "import { getStudy } from '@iwa/graph';\nexport const a = getStudy;\n",
      ),
    ).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(
      await ruleIds(
        'apps/cli/src/a.ts',
        "import type { Graph } from '@iwa/graph';\nexport type A = Graph;\n",
      ),
    ).toEqual([]);
    expect(
      await ruleIds(
        'apps/bench/src/a.ts',
        "import { getStudy } from '@iwa/graph';\nexport const a = getStudy;\n",
      ),
    ).toEqual([]);
  });

  it('reads the environment only in env.ts', async () => {
    const code = 'export const uri = process.env.NEO4J_URI;\n';
    expect(await ruleIds('apps/cli/src/connect.ts', code)).toEqual(['no-restricted-properties']);
    expect(await ruleIds('apps/cli/src/env.ts', code)).toEqual([]);
  });
});
