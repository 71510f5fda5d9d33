import { FRAMEWORK_CODEBOOK_VERSION } from './codebook.ts';
import { FRAMEWORK_CODES, type FrameworkCode } from './framework-codes.ts';
import { FORMS_OF_WORK } from './forms-of-work.ts';
import { LNS_FORMS, PURPOSES } from './institutional-work.ts';
import { PILLAR_DIMENSIONS, PILLARS } from './pillars.ts';
import { POSITION_DIMENSIONS } from './position-dimensions.ts';
import { formatSource, WORKS } from './sources.ts';

/** The command that rewrites docs/taxonomy.md from the data. */
export const TAXONOMY_DOC_COMMAND = 'pnpm exec tsx packages/taxonomy/scripts/write-taxonomy-doc.ts';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
}
const code = (text: string) => `\`${text}\``;
const pillarLabel = (key: string) => PILLARS.find((p) => p.key === key)?.label ?? key;

/**
 * The frameworks as a Markdown document: every entry with its key, label, definition and source,
 * the pillar links, Scott's table, the position dimensions and the codebook tree with GUIDs.
 * docs/taxonomy.md is this text; a test fails when the committed file is stale.
 */
export function renderTaxonomyMarkdown(): string {
  const out: string[] = [];
  out.push(
    '# The institutional-work frameworks',
    '',
    `<!-- Generated from @iwa/taxonomy; do not edit. Regenerate with: ${TAXONOMY_DOC_COMMAND} -->`,
    '',
    'The frameworks iwa codes with, as `@iwa/taxonomy` holds them: Cloutier et al.’s forms of work,',
    'Lawrence & Suddaby’s purposes and forms of institutional work, Scott’s pillars, and the',
    'dimensions of an actor’s position. Definitions are paraphrases in our own words; the sources',
    'say where each idea comes from (pages only where we are sure of them). Every key is stable and',
    'every code’s GUID is derived from its key, so exports can be matched across tools and versions.',
    '',
    `Framework codebook version: ${FRAMEWORK_CODEBOOK_VERSION}.`,
    '',
  );

  out.push('## Forms of work (Cloutier et al. 2015)', '');
  out.push(
    table(
      ['key', 'label', 'definition', 'source'],
      FORMS_OF_WORK.map((f) => [
        code(`form.${f.key}`),
        f.label,
        f.definition,
        formatSource(f.source),
      ]),
    ),
    '',
  );
  for (const f of FORMS_OF_WORK.filter((f) => f.underpins.length > 0)) {
    out.push(`${f.label} underpins ${f.underpins.map((u) => code(`form.${u}`)).join(', ')}.`, '');
  }

  out.push('## Purposes of institutional work (Lawrence & Suddaby 2006)', '');
  out.push(
    table(
      ['key', 'label', 'definition', 'source'],
      PURPOSES.map((p) => [
        code(`purpose.${p.key}`),
        p.label,
        p.definition,
        formatSource(p.source),
      ]),
    ),
    '',
  );

  out.push('## Forms of institutional work (Lawrence & Suddaby 2006)', '');
  out.push(
    'Eighteen forms: nine for creating, six for maintaining and three for disrupting institutions.',
    'Each is linked to the pillar(s) of Scott it works on, following the conventional reading of',
    'Lawrence & Suddaby’s clusters.',
    '',
  );
  for (const p of PURPOSES) {
    const forms = LNS_FORMS.filter((f) => f.purpose === p.key);
    out.push(`### ${p.label} (${forms.length} forms)`, '');
    out.push(
      table(
        ['key', 'label', 'pillar(s)', 'definition', 'source'],
        forms.map((f) => [
          code(`lns.${f.key}`),
          f.label,
          f.pillars.map(pillarLabel).join(', '),
          f.definition,
          formatSource(f.source),
        ]),
      ),
      '',
    );
  }

  out.push('### Pillar links', '');
  out.push(
    table(
      ['form', 'purpose', ...PILLARS.map((p) => p.label)],
      LNS_FORMS.map((f) => [
        f.label,
        f.purpose,
        ...PILLARS.map((p) => (f.pillars.includes(p.key) ? '✓' : '')),
      ]),
    ),
    '',
  );

  out.push('## Pillars of institutions (Scott 2014)', '');
  out.push(
    table(
      ['key', 'label', 'definition', 'source'],
      PILLARS.map((p) => [code(`pillar.${p.key}`), p.label, p.definition, formatSource(p.source)]),
    ),
    '',
  );
  out.push(
    table(
      ['dimension', ...PILLARS.map((p) => p.label)],
      PILLAR_DIMENSIONS.map((d) => [
        `${d.label} (${code(d.key)})`,
        ...PILLARS.map((p) => p.dimensions[d.key] ?? ''),
      ]),
    ),
    '',
  );

  out.push('## Actor-position dimensions', '');
  out.push(
    'A study can add values to every dimension (`extendDimensions()`); it cannot remove or relabel',
    'the defaults below.',
    '',
  );
  for (const d of POSITION_DIMENSIONS) {
    out.push(
      `### ${d.label} (${code(d.key)})`,
      '',
      `${d.definition} Source: ${formatSource(d.source)}.`,
      '',
    );
    out.push(
      table(
        ['value', 'label', 'definition'],
        d.values.map((v) => [code(v.key), v.label, v.definition ?? '']),
      ),
      '',
    );
  }

  out.push('## The framework codebook', '');
  out.push(
    'As exported to REFI-QDA (`iwa codebook export`): folders are not codable; every code’s GUID is',
    '`uuidv5(key, IWA_NAMESPACE)`.',
    '',
  );
  const depth = (c: FrameworkCode): number => {
    const parent = FRAMEWORK_CODES.find((p) => p.key === c.parentKey);
    return parent ? depth(parent) + 1 : 0;
  };
  out.push(
    table(
      ['code', 'key', 'codable', 'colour', 'GUID'],
      FRAMEWORK_CODES.map((c) => [
        `${'  '.repeat(depth(c)).replaceAll(' ', '\u00a0')}${c.isCodable ? c.label : `**${c.label}**`}`,
        code(c.key),
        c.isCodable ? 'yes' : 'folder',
        c.color ?? '',
        code(c.guid),
      ]),
    ),
    '',
  );

  out.push('## Sources', '');
  for (const w of Object.values(WORKS)) {
    out.push(`- ${code(w.key)}: ${w.reference}${w.doi ? ` https://doi.org/${w.doi}` : ''}`);
  }
  out.push('');
  return out.join('\n');
}
