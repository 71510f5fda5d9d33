import type { FrameworkFamily, StudyCodeFamily } from '@iwa/taxonomy';
import { codeFamily, codeName } from '@iwa/taxonomy/code-key-parts';
import { CATEGORICAL, FORM_COLOURS, PURPOSE_COLOURS } from '../colours.ts';

const FAMILY_COLOURS: Readonly<Record<string, string>> = {
  lns: '#6b7280',
  pillar: '#0f766e',
  theme: '#7c3aed',
  flag: '#be123c',
} satisfies Record<Exclude<FrameworkFamily, 'form' | 'purpose'> | StudyCodeFamily, string>;

/** A code's stripe colour: forms and purposes as in the matrix, other families by family. */
export function codeColour(code: string): string {
  const family = codeFamily(code);
  const key = codeName(code);
  if (family === 'form') return FORM_COLOURS[key] ?? CATEGORICAL[0];
  if (family === 'purpose') return PURPOSE_COLOURS[key] ?? CATEGORICAL[1];
  return FAMILY_COLOURS[family] ?? CATEGORICAL[7];
}

/** Coder colours: distinct from the code families' and from each other for up to eight coders. */
const CODER_PALETTE = [
  '#2563eb',
  '#d97706',
  '#059669',
  '#db2777',
  '#7c3aed',
  '#0891b2',
  '#65a30d',
  '#dc2626',
] as const;

/** A coder's colour: by the coder's place among the study's coders (sorted), so it is stable. */
export function coderColour(coderId: string, coders: readonly string[]): string {
  const sorted = [...new Set(coders)].sort();
  const i = sorted.indexOf(coderId);
  return CODER_PALETTE[(i < 0 ? sorted.length : i) % CODER_PALETTE.length] ?? '#6b7280';
}
