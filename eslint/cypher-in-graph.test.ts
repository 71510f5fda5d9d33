import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { cypherInGraph, looksLikeCypher } from './cypher-in-graph.js';

const root = new URL('..', import.meta.url).pathname;

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } },
    ...cypherInGraph,
  ],
});

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const RULE = 'iwa/no-cypher-outside-graph';

describe('Cypher only in @iwa/graph (eslint/cypher-in-graph.js)', () => {
  it('reports Cypher in a string or template literal outside packages/graph', async () => {
    const string = "export const q = 'MATCH (s:Study {id: $studyId}) RETURN s.name AS name';\n";
    const template =
      "const label = 'Excerpt';\nexport const q = `MATCH (e:${label} {studyId: $studyId})\\nRETURN count(e) AS n`;\n";
    const writer =
      'export const w = `UNWIND $codings AS c\\nMATCH (e:\\`Excerpt\\` {id: c.excerptId})`;\n';
    expect(await ruleIds('apps/cli/src/commands/sample.ts', string)).toEqual([RULE]);
    expect(await ruleIds('packages/services/src/sample.ts', template)).toEqual([RULE]);
    expect(await ruleIds('apps/bench/src/sample.ts', writer)).toEqual([RULE]);
    expect(await ruleIds('apps/explorer/src/server/sample.tsx', string)).toEqual([RULE]);
  });

  it('allows it in packages/graph and in tests that check what was stored', async () => {
    const code = "export const q = 'MATCH (s:Study {id: $studyId}) DETACH DELETE s';\n";
    expect(await ruleIds('packages/graph/src/queries/sample.ts', code)).toEqual([]);
    expect(await ruleIds('apps/cli/test/sample.int.test.ts', code)).toEqual([]);
  });

  it('leaves prose, a running EXPLAIN of an exported writer and other languages alone', async () => {
    const code = [
      "export const a = 'Create a study folder (see docs/study-format.md), then import it.';",
      "export const b = 'no MATCH for this code: create (or map) it first';",
      'export const c = (w: string) => `EXPLAIN ${w}`;',
      "export const d = 'SELECT role, count(*) FROM excerpt GROUP BY role';",
      '',
    ].join('\n');
    expect(await ruleIds('apps/cli/src/sample.ts', code)).toEqual([]);
  });

  it.each([
    ['MERGE (d)-[:WITH]->(i)', true],
    ['OPTIONAL MATCH (x)', true],
    ['CREATE CONSTRAINT study_id IF NOT EXISTS FOR (s:Study) REQUIRE s.id IS UNIQUE', true],
    ['SHOW INDEXES YIELD name', true],
    ['(e)-[r:CODED]->(c)', true],
    ['Created (by iwa) for the study', false],
    ['MATCH THE FORM', false],
    ['CREATE INDEX code_text_cid ON code_text(cid);', false],
  ])('%s reads as Cypher: %s', (text, expected) => {
    expect(looksLikeCypher(text)).toBe(expected);
  });
});
