import { describeGuard } from './guard-spec.ts';
import { expandTransitions } from './phase-model-definition.ts';
import type { PhaseModelDefinition } from './phase-model-definition.ts';
import { phaseModelToMermaid } from './phase-model-to-mermaid.ts';

/** A Markdown table from a header row and body rows; `|` and line breaks in cells are escaped. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function code(keys: readonly string[] | undefined): string {
  return (keys ?? []).map((k) => `\`${k}\``).join(', ');
}

/**
 * A Markdown description of a phase model: its Mermaid diagram (from
 * {@link phaseModelToMermaid}) and tables of states, events, transitions with guards, expected
 * work profiles and evidence rules. Headings start at `level` (default 2).
 */
export function renderPhaseModelDoc(def: PhaseModelDefinition, level = 2): string {
  const h = (n: number, text: string): string => `${'#'.repeat(level + n)} ${text}`;
  const sections: string[] = [
    h(0, `${def.label} (\`${def.id}\`, version ${def.version})`),
    [def.description, `One machine tracks ${def.unit}. It starts in \`${def.initial}\`.`]
      .filter((p) => p !== undefined)
      .join(' '),
    `\`\`\`mermaid\n${phaseModelToMermaid(def)}\`\`\``,
    h(1, 'States'),
    markdownTable(
      ['state', 'label', 'description', 'grounding'],
      def.states.map((s) => [
        `\`${s.id}\`${s.terminal === true ? ' (terminal)' : ''}`,
        s.label,
        s.description,
        s.grounding ?? '',
      ]),
    ),
    h(1, 'Events'),
    markdownTable(
      ['event', 'label', 'description'],
      def.events.map((e) => [`\`${e.id}\``, e.label, e.description]),
    ),
    h(1, 'Transitions and guards'),
    markdownTable(
      ['from', 'event', 'to', 'guard', 'note'],
      expandTransitions(def).map((t) => {
        const source = def.transitions[t.definitionIndex];
        const note = [source?.description, source?.inferred === true ? 'inferred' : undefined]
          .filter((n) => n !== undefined)
          .join('; ');
        return [
          `\`${t.from}\``,
          `\`${t.event}\``,
          `\`${t.to}\``,
          describeGuard(t.guard).join(', ') || '—',
          note,
        ];
      }),
    ),
    h(1, 'Expected work profiles'),
    markdownTable(
      [
        'state',
        'dominant forms',
        'supporting forms',
        'dominant purposes',
        'supporting purposes',
        'likely L&S forms',
        'who',
      ],
      def.states
        .filter((s) => s.expectedProfile !== undefined)
        .map((s) => {
          const p = s.expectedProfile;
          return [
            `\`${s.id}\``,
            code(p?.forms.dominant),
            code(p?.forms.supporting),
            code(p?.purposes.dominant),
            code(p?.purposes.supporting),
            code(p?.lns),
            (p?.who ?? []).join('; '),
          ];
        }),
    ),
  ];
  const rules = def.evidenceRules ?? [];
  if (rules.length > 0) {
    sections.push(
      h(1, 'Evidence rules'),
      'Each rule suggests its event (only when the event is legal from the current state) once at least `min` excerpts match; a researcher accepts or rejects the suggestion.',
      markdownTable(
        [
          'rule',
          'event',
          'all of',
          'any of',
          'flags',
          'none of',
          'performer',
          'from',
          'min',
          'confidence',
        ],
        rules.map((r) => [
          `\`${r.id}\``,
          `\`${r.event}\``,
          code(r.all),
          code(r.any),
          code(r.flags),
          code(r.none),
          (r.performerSector ?? []).join(', '),
          r.onOrAfter ?? '',
          String(r.minCount ?? 1),
          r.confidence ?? 'low',
        ]),
      ),
    );
  }
  return `${sections.join('\n\n')}\n`;
}
