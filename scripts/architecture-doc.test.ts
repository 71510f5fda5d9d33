import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BEGIN,
  END,
  expectedArchitecturePage,
  readWorkspace,
  renderPackageGraph,
  withPackageGraph,
} from './architecture-doc.mjs';

const root = new URL('..', import.meta.url).pathname;
const workspace = readWorkspace(root);

describe('docs/architecture.md', () => {
  it('shows the package graph the package.json files declare (run `pnpm docs:architecture`)', async () => {
    const committed = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    expect(committed).toBe(await expectedArchitecturePage(root));
  });

  it('draws every workspace package, each runtime dependency as an arrow and its description', () => {
    const graph = renderPackageGraph(workspace);
    expect(workspace.map((p) => p.name)).toEqual(
      expect.arrayContaining(['@iwa/taxonomy', '@iwa/graph', '@iwa/services', 'iwa']),
    );
    expect(graph).toContain('iwa_graph --> iwa_taxonomy');
    expect(graph).toContain('iwa_services --> iwa_graph');
    expect(graph).not.toContain('iwa_taxonomy -->'); // zod alone
    const taxonomy = workspace.find((p) => p.name === '@iwa/taxonomy');
    expect(graph).toContain(
      `| \`@iwa/taxonomy\` | [packages/taxonomy](../packages/taxonomy/README.md) | ${taxonomy?.description ?? '?'} | — | \`zod\` |`,
    );
  });

  it('goes stale when a dependency changes: a new edge changes the drawing', () => {
    const changed = workspace.map((p) =>
      p.name === '@iwa/phases' ? { ...p, dependencies: [...p.dependencies, '@iwa/graph'] } : p,
    );
    expect(renderPackageGraph(changed)).toContain('iwa_phases --> iwa_graph');
    expect(renderPackageGraph(workspace)).not.toContain('iwa_phases --> iwa_graph');
  });

  it('refuses a page without the markers, naming them', () => {
    expect(() => withPackageGraph('# Architecture\n', 'x')).toThrow(BEGIN);
    expect(withPackageGraph(`a\n${BEGIN}\nold\n${END}\nb`, 'new')).toBe(
      `a\n${BEGIN}\n\nnew\n\n${END}\nb`,
    );
  });
});

describe('package READMEs', () => {
  it.each(workspace.map((p) => [p.dir, p] as const))(
    '%s has a description and a README saying what it owns and what it must not do',
    (dir, p) => {
      expect(p.description.length, `${dir}/package.json: add a "description"`).toBeGreaterThan(20);
      const file = join(root, dir, 'README.md');
      expect(existsSync(file), `${dir}/README.md is missing`).toBe(true);
      const readme = readFileSync(file, 'utf8');
      expect(/^## Owns$/m.test(readme), `${dir}/README.md: add a "## Owns" section`).toBe(true);
      expect(/^## Must not$/m.test(readme), `${dir}/README.md: add a "## Must not" section`).toBe(
        true,
      );
    },
  );
});
