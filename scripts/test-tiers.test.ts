import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The test tiers of docs/contributing.md, checked on the real project list: `pnpm test:unit`
 * starts no database and no browser, and `pnpm test` still runs every tier.
 */

const root = new URL('..', import.meta.url).pathname;
const vitestBin = `${root}node_modules/vitest/vitest.mjs`;
const scripts = (
  JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

interface Listed {
  file: string;
  projectName: string;
}

/** The test files a `vitest run` with these arguments would run, from `vitest list`. */
function listed(script: string): Listed[] {
  const args = (script.match(/'[^']*'|\S+/g) ?? []).map((a) => a.replace(/^'|'$/g, ''));
  expect(args.slice(0, 2)).toEqual(['vitest', 'run']);
  const out = spawnSync(
    process.execPath,
    [vitestBin, 'list', ...args.slice(2), '--filesOnly', '--json'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '' } },
  );
  expect(out.status, out.stderr).toBe(0);
  return (JSON.parse(out.stdout) as Listed[]).map((f) => ({
    ...f,
    file: relative(root, f.file),
  }));
}

/** What a test needs a database or a browser for, by what its source imports or calls. */
// (a JVM counts: Neo4j's own offline importer, started by importOffline, is one)
const NEEDS_NEO4J =
  /@iwa\/neo4j-local|testGraphConfig|graphTest|inject\(['"]neo4j|\b(importOffline|startLocalNeo4j)\(/;
const NEEDS_BROWSER = /playwright|chromium/i;
/** A package manager run by a test (`npm install`, `pnpm pack`): network and minutes. */
const NEEDS_PACKAGE_MANAGER =
  /['"](npm|pnpm|npx|yarn)['"]\s*,\s*\[\s*['"](install|i|ci|pack|add|publish|exec|dlx)['"]/;

describe('test tiers', { timeout: 60_000 }, () => {
  const all = listed(scripts.test ?? '');
  const unit = listed(scripts['test:unit'] ?? '');

  it('pnpm test:unit runs no integration and no browser test file', () => {
    expect(unit.length).toBeGreaterThan(50);
    const offTier = unit.filter(
      (f) => /\.(int|e2e)\.test\.tsx?$/.test(f.file) || f.projectName.startsWith('integration'),
    );
    expect(offTier).toEqual([]);
  });

  it('no test in pnpm test:unit starts or reaches a Neo4j, a browser or a package manager', () => {
    const self = relative(root, new URL(import.meta.url).pathname); // it names the patterns
    const needing = unit
      .filter((f) => f.file !== self)
      .map((f) => ({ ...f, source: readFileSync(`${root}${f.file}`, 'utf8') }))
      .filter((f) =>
        [NEEDS_NEO4J, NEEDS_BROWSER, NEEDS_PACKAGE_MANAGER].some((p) => p.test(f.source)),
      )
      .map((f) => f.file);
    expect(needing).toEqual([]);
  });

  it('pnpm test runs every tier: the unit files, the integration files and the browser files', () => {
    const files = new Set(all.map((f) => f.file));
    expect(unit.filter((f) => !files.has(f.file))).toEqual([]);
    const projects = new Set(all.map((f) => f.projectName));
    expect(projects).toContain('integration');
    expect(projects).toContain('integration-browser');
    expect(all.filter((f) => f.file.endsWith('.e2e.test.ts')).length).toBeGreaterThan(5);
    expect(all.filter((f) => f.file.endsWith('.int.test.ts')).length).toBeGreaterThan(20);
  });

  it('pnpm test:int and pnpm test:browser each run one tier', () => {
    const int = listed(scripts['test:int'] ?? '');
    const browser = listed(scripts['test:browser'] ?? '');
    expect(new Set(int.map((f) => f.projectName))).toEqual(new Set(['integration']));
    expect(new Set(browser.map((f) => f.projectName))).toEqual(new Set(['integration-browser']));
  });
});
