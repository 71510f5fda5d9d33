import { CATEGORICAL, FORM_COLOURS, PURPOSE_COLOURS } from '../colours.ts';

const FAMILY_COLOURS: Readonly<Record<string, string>> = {
  lns: '#6b7280',
  pillar: '#0f766e',
  theme: '#7c3aed',
  flag: '#be123c',
};

/** A code's stripe colour: forms and purposes as in the matrix, other families by family. */
export function codeColour(code: string): string {
  const [family = '', key = ''] = code.split('.');
  if (family === 'form') return FORM_COLOURS[key] ?? CATEGORICAL[0];
  if (family === 'purpose') return PURPOSE_COLOURS[key] ?? CATEGORICAL[1];
  return FAMILY_COLOURS[family] ?? CATEGORICAL[7];
}
