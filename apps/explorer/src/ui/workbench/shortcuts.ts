import { FormKey, type Pillar, type Purpose } from '@iwa/taxonomy';

/** The letter of each purpose's and pillar's shortcut (`k`: `c` is creating's). */
const LETTERS = {
  purpose: { creating: 'c', maintaining: 'm', disrupting: 'd' } satisfies Record<Purpose, string>,
  pillar: { regulative: 'r', normative: 'n', cultural_cognitive: 'k' } satisfies Record<
    Pillar,
    string
  >,
};

/**
 * Keyboard shortcuts: the form codes by position (1–4, in the taxonomy's order), purposes and
 * pillars by letter. The code keys come from the taxonomy's frameworks.
 */
export const SHORTCUTS: Readonly<Record<string, string>> = Object.fromEntries([
  ...FormKey.options.map((code, i): [string, string] => [String(i + 1), code]),
  ...Object.entries(LETTERS.purpose).map(([name, letter]) => [letter, `purpose.${name}`] as const),
  ...Object.entries(LETTERS.pillar).map(([name, letter]) => [letter, `pillar.${name}`] as const),
]);
