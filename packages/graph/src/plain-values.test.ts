import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { toPlain } from './plain-values.ts';

describe('toPlain: what the driver returns, as plain values', () => {
  it('keeps strings, numbers and booleans, and turns null and undefined into null', () => {
    for (const v of ['manager', '', 0, 3.5, -1, true, false]) expect(toPlain(v)).toBe(v);
    expect(toPlain(null)).toBeNull();
    expect(toPlain(undefined)).toBeNull();
  });

  it('turns driver integers into numbers, and those beyond 2^53 into their digits', () => {
    expect(toPlain(neo4j.int(42))).toBe(42);
    expect(toPlain(neo4j.int('9007199254740993'))).toBe('9007199254740993');
    expect(toPlain(BigInt(7))).toBe(7);
  });

  it('turns temporal values into their ISO text', () => {
    expect(toPlain(new neo4j.types.Date(2026, 12, 3))).toBe('2026-12-03');
    expect(toPlain(new neo4j.types.Duration(0, 1, 30, 0))).toBe('P1DT30S');
  });

  it('reads nodes as their properties and converts inside lists and maps', () => {
    const node = new neo4j.types.Node(neo4j.int(1), ['Excerpt'], {
      id: 'x1',
      start: neo4j.int(10),
      codes: ['form.operational', 'purpose.creating'],
    });
    expect(
      toPlain({
        e: node,
        counts: [neo4j.int(1), neo4j.int(2)],
        pos: { role: 'manager', n: neo4j.int(3) },
      }),
    ).toEqual({
      e: { id: 'x1', start: 10, codes: ['form.operational', 'purpose.creating'] },
      counts: [1, 2],
      pos: { role: 'manager', n: 3 },
    });
  });
});
