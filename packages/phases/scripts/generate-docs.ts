// Writes docs/phases.md from the phase model definitions. Run from the repository root:
//   node --conditions=@iwa/source --import tsx packages/phases/scripts/generate-docs.ts
import { writeFile } from 'node:fs/promises';
import { formattedPhasesPage, phasesDocPath } from './phases-doc-page.ts';

await writeFile(phasesDocPath, await formattedPhasesPage());
process.stdout.write(`wrote ${phasesDocPath}\n`);
