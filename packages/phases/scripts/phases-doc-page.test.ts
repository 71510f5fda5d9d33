import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { phaseModelToMermaid } from '../src/index.ts';
import { ipsPhaseModelDefinition } from '../src/index.ts';
import { formattedPhasesPage, phasesDocPath, regenerateCommand } from './phases-doc-page.ts';

describe('docs/phases.md', () => {
  it('is up to date with the phase model definitions', async () => {
    const committed = await readFile(phasesDocPath, 'utf8').catch(() => '');
    const expected = await formattedPhasesPage();
    expect(
      committed === expected,
      `docs/phases.md is stale: regenerate it from the repository root with\n  ${regenerateCommand}`,
    ).toBe(true);
  });

  it('shows the default machine as the Mermaid diagram generated from its definition', async () => {
    const page = await formattedPhasesPage();
    expect(page).toContain(`\`\`\`mermaid\n${phaseModelToMermaid(ipsPhaseModelDefinition)}\`\`\``);
  });
});
