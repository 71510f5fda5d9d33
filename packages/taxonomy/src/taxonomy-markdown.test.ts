import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTaxonomyMarkdown, TAXONOMY_DOC_COMMAND } from './taxonomy-markdown.ts';

describe('docs/taxonomy.md', () => {
  it('is generated from the data and up to date', () => {
    const committed = readFileSync(new URL('../../../docs/taxonomy.md', import.meta.url), 'utf8');
    const fresh = renderTaxonomyMarkdown();
    if (committed !== fresh) {
      expect.fail(`docs/taxonomy.md is stale: regenerate it with \`${TAXONOMY_DOC_COMMAND}\``);
    }
  });

  it('shows every framework code with its key and GUID', () => {
    const markdown = renderTaxonomyMarkdown();
    expect(markdown).toContain(
      '| `lns.valorizing_and_demonizing` | Valorizing and demonizing | Normative pillar |',
    );
    expect(markdown).toContain('### Creating institutions (9 forms)');
    expect(markdown).toContain('### Maintaining institutions (6 forms)');
    expect(markdown).toContain('### Disrupting institutions (3 forms)');
    expect(markdown).toContain('`cf638ed1-d1e0-5b01-afb3-b41901a025ac`');
  });
});
