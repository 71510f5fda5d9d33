import { describe, expect, it } from 'vitest';
import { FORM_COLOURS, PURPOSE_COLOURS } from '../src/ui/colours.ts';
import { codeColour } from '../src/ui/workbench/code-colours.ts';
import { SHORTCUTS } from '../src/ui/workbench/shortcuts.ts';

describe('the code panel, from the taxonomy', () => {
  it('keeps its keyboard shortcuts: forms by position, purposes and pillars by letter', () => {
    expect(SHORTCUTS).toEqual({
      '1': 'form.structural',
      '2': 'form.conceptual',
      '3': 'form.operational',
      '4': 'form.relational',
      c: 'purpose.creating',
      m: 'purpose.maintaining',
      d: 'purpose.disrupting',
      r: 'pillar.regulative',
      n: 'pillar.normative',
      k: 'pillar.cultural_cognitive',
    });
  });

  it('colours a code by its family, and forms and purposes as the matrix does', () => {
    expect(codeColour('form.operational')).toBe(FORM_COLOURS.operational);
    expect(codeColour('purpose.maintaining')).toBe(PURPOSE_COLOURS.maintaining);
    expect(codeColour('pillar.normative')).toBe('#0f766e');
    expect(codeColour('lns.theorizing')).toBe('#6b7280');
    expect(codeColour('theme.t1_redefining_treatment')).toBe('#7c3aed');
    expect(codeColour('flag.resistance_encountered')).toBe('#be123c');
    // a family of another tool's codebook, and a form the taxonomy does not know
    expect(codeColour('code.imported')).not.toBe(codeColour('theme.x'));
    expect(codeColour('form.unknown')).not.toBe(FORM_COLOURS.operational);
  });
});
