import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The explorer's numbers come from `@iwa/services`, the functions the CLI prints (decision 0005).
 * This fails when the server starts counting on its own again: loading coded excerpts, running
 * the graph's aggregate queries or the analysis package's statistics itself.
 */

const here = import.meta.dirname;
// the API contract (api-types.ts, agreement-types.ts) names the statistics it carries; it computes none
const CONTRACT = new Set(['api-types.ts', 'agreement-types.ts']);
const sources = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !CONTRACT.has(f))
  .map((f) => ({ file: f, text: readFileSync(join(here, f), 'utf8') }));

const FORBIDDEN = [
  /\bqueryCodedUnits\b/,
  /\bloadCodedUnits\b/,
  /\bqueryMatrix\b/,
  /\baggregateUnits\b/,
  /\bcrosstab\b/,
  /\bchiSquare(Test)?\b/,
  /\bresiduals\b/,
  /\btableStatistics\b/,
];

describe('the explorer server computes no analysis of its own', () => {
  it('reads the server sources', () => {
    expect(sources.map((s) => s.file)).toContain('graph-explorer-data.ts');
  });

  it.each(sources)('$file imports @iwa/analysis for types only and counts nothing', (s) => {
    for (const line of s.text.split('\n')) {
      if (/from '@iwa\/analysis'/.test(line)) expect(line, s.file).toMatch(/^import type /);
    }
    for (const pattern of FORBIDDEN) expect(s.text, `${s.file}: ${pattern}`).not.toMatch(pattern);
  });
});
