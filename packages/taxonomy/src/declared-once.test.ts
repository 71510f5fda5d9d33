import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * Each domain concept is declared once, in the lowest package that owns it (issue 20). Every
 * test below looks for a re-declaration of one concept anywhere in packages/ and apps/ (tests
 * aside) and fails when it finds one outside the owner. The position dimensions have their own
 * test (one-position-list.test.ts).
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (['node_modules', 'dist', 'dist-ui', '.turbo', '.corpus', 'results'].includes(name))
      continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.(ts|tsx)$/.test(name)) out.push(path);
  }
  return out;
}

const FILES = [...sources(join(ROOT, 'packages')), ...sources(join(ROOT, 'apps'))]
  .map((f) => relative(ROOT, f))
  .filter((f) => !/\.(test|spec)\.tsx?$/.test(f) && !f.includes('/test/'));
const TEXT = new Map(FILES.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));

/** The files outside `owners` where any of `patterns` matches. */
function copies(patterns: readonly RegExp[], owners: readonly string[]): string[] {
  return FILES.filter(
    (f) => !owners.includes(f) && patterns.some((p) => p.test(TEXT.get(f) ?? '')),
  ).sort();
}

/**
 * Copies in files other sessions own right now (the explorer server, which the lead has just
 * moved into @iwa/explorer-server; the bench's corpus generator): they switch to the taxonomy's definitions
 * there. Listed exactly, so a new copy fails and a removed one asks for its line to go.
 */
const PENDING = {
  slug: ['packages/explorer-server/src/workbench-import.ts'],
  codeKeys: ['apps/bench/src/corpus/generate-corpus.ts'],
} as const;

/** The files that own code keys: their families and names, and the frameworks' keys. */
const CODE_KEY_OWNERS = [
  'packages/taxonomy/src/code-keys.ts',
  'packages/taxonomy/src/code-key-parts.ts',
  'packages/taxonomy/src/framework-codes.ts',
];

describe('each concept is declared once', () => {
  it('code keys and families: only in taxonomy code-keys.ts and framework-codes.ts', () => {
    expect(FILES.length).toBeGreaterThan(100);
    const patterns = [
      /function\s+(codeFamily|codeName|codeKey|isFrameworkCodeKey|isCodableFrameworkCodeKey|isStudyCodeKeyShape)\b/,
      /['"]form\.structural['"]\s*,\s*['"]form\.conceptual['"]\s*,\s*['"]form\.operational['"]/,
      /['"]lns\.advocacy['"]\s*,\s*['"]lns\.defining['"]\s*,\s*['"]lns\.vesting['"]/,
      /['"]theme['"]\s*,\s*['"]flag['"]\s*\]/,
      /=\s*['"]form\.['"]\s*\|\|/,
    ];
    expect(copies(patterns, CODE_KEY_OWNERS)).toEqual(PENDING.codeKeys);
  });

  it('code keys are split into family and name only by codeFamily / codeName', () => {
    // a key cut at its dot by hand (`key.split('.')`, `key.slice(key.indexOf('.') + 1)`,
    // `key.startsWith(`${family}.`)`): the explorer UI, refi, study and the CLI did this
    const patterns = [
      /\.split\(\s*['"]\.['"]\s*\)/,
      /\.slice\([^;\n]*\.indexOf\(\s*['"]\.['"]\s*\)/,
      /\.startsWith\(\s*`\$\{[^}]+\}\.`\s*\)/,
    ];
    expect(copies(patterns, CODE_KEY_OWNERS)).toEqual(PENDING.codeKeys);
  });

  it("a framework's code keys are listed only by the taxonomy, not spelt out one by one", () => {
    // e.g. the explorer's keyboard shortcuts once listed 'form.structural' … 'form.relational'
    // and the purposes and pillars as literals; they now come from FormKey and the frameworks
    const near = (keys: readonly string[]) =>
      new RegExp(keys.map((k) => `['"]${k.replace('.', '\\.')}['"]`).join('[\\s\\S]{0,120}'));
    const patterns = [
      near(['form.structural', 'form.conceptual', 'form.operational', 'form.relational']),
      near(['purpose.creating', 'purpose.maintaining', 'purpose.disrupting']),
      near(['pillar.regulative', 'pillar.normative', 'pillar.cultural_cognitive']),
    ];
    expect(copies(patterns, CODE_KEY_OWNERS)).toEqual(PENDING.codeKeys);
  });

  it('confidence: the scale and the score mapping only in taxonomy confidence.ts', () => {
    const patterns = [
      /['"]low['"]\s*,\s*['"]medium['"]\s*,\s*['"]high['"]/,
      /<\s*0?\.5\s*\?\s*['"]low['"]/,
      /\b0\.25\b[^\n]*\b0\.6\b[^\n]*\b0\.9\b/,
    ];
    expect(copies(patterns, ['packages/taxonomy/src/confidence.ts'])).toEqual([]);
    // a confidence in an API or a row schema is the taxonomy's Confidence, never a free string
    // or number (the explorer API once typed it z.string())
    expect(copies([/\bconfidence\??:\s*z\.(string|number)\(/], [])).toEqual([]);
  });

  it('slug: one function (taxonomy slug.ts) strips accents and spells out æ, œ, ø', () => {
    const patterns = [/\\u0300-\\u036f/, /\[æÆ\]/, /\[œŒ\]/];
    expect(copies(patterns, ['packages/taxonomy/src/slug.ts'])).toEqual(PENDING.slug);
  });

  it('Neo4j labels and relationship types: listed only in taxonomy graph-vocabulary.ts', () => {
    const patterns = [
      /['"]EMPLOYED_BY['"]\s*,\s*['"](ADVISES|ENLISTS)['"]/,
      /['"]employed_by['"]\s*,\s*['"](advises|enlists)['"]/,
      /['"]Code['"]\s*,\s*['"]Informant['"]\s*,\s*['"]Position['"]/,
      /employed_by:\s*['"]EMPLOYED_BY['"]/,
    ];
    expect(copies(patterns, ['packages/taxonomy/src/graph-vocabulary.ts'])).toEqual([]);
  });

  it('organisation ids: the phase model and its users say organisationId, never unitId', () => {
    const phaseFiles = FILES.filter(
      (f) =>
        f.startsWith('packages/phases/') ||
        f.startsWith('packages/services/') ||
        f.startsWith('packages/graph/src/phases/'),
    );
    expect(phaseFiles.length).toBeGreaterThan(20);
    // persistence.ts reads snapshots stored before the rename
    const unitIds = phaseFiles.filter(
      (f) => f !== 'packages/phases/src/persistence.ts' && /\bunitId\b/.test(TEXT.get(f) ?? ''),
    );
    expect(unitIds).toEqual([]);
  });
});
