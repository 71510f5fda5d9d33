import { describe, expect, it } from 'vitest';
import { sortStrings } from './sort-strings.ts';

describe('sortStrings', () => {
  it('sorts as the built-in sort does, short lists and long', () => {
    const pool = ['b', 'a', 'B', 'ä', '😀', 'ﬀ', 'a.b', 'a-b', '', 'theme.t10', 'theme.t2', 'a'];
    for (let length = 0; length <= 40; length++) {
      const list = Array.from({ length }, (_, i) => pool[(i * 7 + length) % pool.length] ?? '');
      expect(sortStrings([...list])).toEqual([...list].sort());
    }
  });
});
