import { utf16ToCodePoint } from '@iwa/study';
import { describe, expect, it } from 'vitest';
import { codePointIndex, utf16Index } from '../src/ui/code-points.ts';
import { coderIdOf, parseInformants } from '../src/ui/workbench/forms.ts';

const TEXT = 'a🙂b👩‍👩‍👧c𝒜e\u0301\n🧑🏽‍🏫!';

describe('browser offsets (UTF-16) to the API’s code points', () => {
  it('agrees with @iwa/study at every index that is not inside a surrogate pair', () => {
    for (let i = 0; i <= TEXT.length; i++) {
      const expected = utf16ToCodePoint(TEXT, i);
      if (expected === undefined) {
        // inside a pair: a start moves back to the pair, an end past it
        expect(codePointIndex(TEXT, i, 'up')).toBe(codePointIndex(TEXT, i, 'down') + 1);
        continue;
      }
      expect(codePointIndex(TEXT, i, 'down')).toBe(expected);
      expect(codePointIndex(TEXT, i, 'up')).toBe(expected);
      expect(utf16Index(TEXT, expected)).toBe(i);
    }
  });
});

describe('workbench form helpers', () => {
  it('turns a name into a coder id', () => {
    expect(coderIdOf('  Hilde Ås ')).toBe('Hilde-s');
    expect(coderIdOf('ole')).toBe('ole');
    expect(coderIdOf('---')).toBe('');
  });

  it('reads informants one per line', () => {
    expect(parseInformants('M01 manager health Unit leader\n\nA01 advisor\nX1 Manager')).toEqual({
      informants: [
        { id: 'M01', role: 'manager', sector: 'health', pseudonym: 'Unit leader' },
        { id: 'A01', role: 'advisor' },
      ],
      errors: ['line 4: give an id and a role in snake_case (A01 advisor)'],
    });
  });
});
