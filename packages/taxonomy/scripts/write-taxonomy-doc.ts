// Writes docs/taxonomy.md from @iwa/taxonomy's data. Run from the repository root:
//   pnpm exec tsx packages/taxonomy/scripts/write-taxonomy-doc.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderTaxonomyMarkdown } from '../src/index.ts';

const target = fileURLToPath(new URL('../../../docs/taxonomy.md', import.meta.url));
writeFileSync(target, renderTaxonomyMarkdown());
process.stdout.write(`wrote ${target}\n`);
