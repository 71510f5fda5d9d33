import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/*
 * docs/decisions/ holds one file per decision, `NNNN-title.md`, each number used once (parallel
 * branches once added five 0007s). Every "decision NNNN" and every link to a decision file in
 * the tracked text names one that exists.
 */

const root = new URL('..', import.meta.url).pathname;
const dir = `${root}docs/decisions`;
const files = readdirSync(dir).filter((f) => f.endsWith('.md'));

/** The tracked text files, by git (build output and dependencies are not tracked). */
function trackedText(): string[] {
  const out = spawnSync('git', ['ls-files', '*.md', '*.ts', '*.tsx', '*.js', '*.mjs'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(out.status, out.stderr).toBe(0);
  return out.stdout.split('\n').filter((f) => f !== '' && existsSync(`${root}${f}`));
}

describe('decision records', () => {
  it('are named NNNN-title.md, each number once, with the number in the heading', () => {
    expect(files.length).toBeGreaterThan(10);
    const numbers = files.map((f) => /^(\d{4})-[a-z0-9-]+\.md$/.exec(f)?.[1]);
    expect(files.filter((_, i) => numbers[i] === undefined)).toEqual([]);
    const seen = new Map<string, string[]>();
    files.forEach((f, i) => seen.set(numbers[i]!, [...(seen.get(numbers[i]!) ?? []), f]));
    expect([...seen.values()].filter((names) => names.length > 1)).toEqual([]);
    for (const f of files) {
      const heading = readFileSync(`${dir}/${f}`, 'utf8').split('\n')[0] ?? '';
      expect(heading, f).toMatch(new RegExp(`^# ${f.slice(0, 4)} — `));
    }
  });

  it('are cited by a number and a file name that exist', () => {
    const numbers = new Set(files.map((f) => f.slice(0, 4)));
    const names = new Set(files);
    const wrong: string[] = [];
    for (const path of trackedText()) {
      const text = readFileSync(`${root}${path}`, 'utf8');
      for (const m of text.matchAll(/\bdecisions? (\d{4})\b/gi))
        if (!numbers.has(m[1]!)) wrong.push(`${path}: ${m[0]}`);
      for (const m of text.matchAll(/decisions\/(\d{4}-[a-z0-9-]+\.md)/g))
        if (!names.has(m[1]!)) wrong.push(`${path}: ${m[0]}`);
    }
    expect(wrong).toEqual([]);
  });
});
