import { existsSync } from 'node:fs';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { FUNCTION_SIZE_ALLOWED, MAX_FUNCTION_LINES, functionSize } from './function-size.js';

const root = new URL('..', import.meta.url).pathname;

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
    },
    ...functionSize,
  ],
});

/** A function of `lines` code lines (signature and braces included), with a blank line and a comment after each statement. */
function functionOf(lines: number): string {
  const body = Array.from({ length: lines - 4 }, (_, i) => `  total += ${i};\n\n  // step ${i}`);
  return `export function steps(): number {\n  let total = 0;\n${body.join('\n')}\n  return total;\n}\n`;
}

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe(
  `no function over ${MAX_FUNCTION_LINES} lines (eslint/function-size.js)`,
  { timeout: 60_000 },
  () => {
    it('refuses a longer function in a package or an app, counting code lines only', async () => {
      const long = functionOf(MAX_FUNCTION_LINES + 1);
      expect(await ruleIds('packages/study/src/sample.ts', long)).toEqual([
        'max-lines-per-function',
      ]);
      expect(await ruleIds('apps/cli/src/sample.ts', long)).toEqual(['max-lines-per-function']);
      // blank lines and comments double its length on screen, but do not count
      expect(await ruleIds('packages/study/src/sample.ts', functionOf(MAX_FUNCTION_LINES))).toEqual(
        [],
      );
    });

    it('leaves tests alone: a describe() callback holds its tests', async () => {
      const long = functionOf(MAX_FUNCTION_LINES + 40);
      expect(await ruleIds('packages/study/src/sample.test.ts', long)).toEqual([]);
      expect(await ruleIds('packages/refi/test/sample-study.ts', long)).toEqual([]);
    });

    it('allows a listed file only with a reason, and every listed file exists', () => {
      for (const entry of FUNCTION_SIZE_ALLOWED) {
        expect(entry.reason.length, entry.files.join(', ')).toBeGreaterThan(20);
        // files by name, never a glob: a glob would let a new long function in unnoticed
        expect(entry.files.filter((f) => /[*?{[]/.test(f))).toEqual([]);
        for (const file of entry.files) {
          expect(existsSync(`${root}${file}`), `${file} is listed but does not exist`).toBe(true);
        }
      }
    });

    it('each listed file still holds a function over the limit (remove the entry once it is split)', async () => {
      const listed = FUNCTION_SIZE_ALLOWED.flatMap((e) => e.files);
      const strict = new ESLint({
        cwd: root,
        overrideConfigFile: true,
        overrideConfig: [
          {
            files: ['**/*.ts', '**/*.tsx'],
            languageOptions: {
              parser: tseslint.parser,
              parserOptions: { ecmaFeatures: { jsx: true } },
            },
          },
          functionSize[0] ?? {},
        ],
      });
      const results = await strict.lintFiles(listed);
      const clean = results
        .filter((r) => !r.messages.some((m) => m.ruleId === 'max-lines-per-function'))
        .map((r) => r.filePath.slice(root.length));
      expect(clean).toEqual([]);
    }, 120_000);
  },
);
