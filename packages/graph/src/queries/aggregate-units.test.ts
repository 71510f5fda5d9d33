import { describe, expect, it } from 'vitest';
import { countSignatures, type AggregateTable, type Signature } from './aggregate-units.ts';

/** A table's numbers keyed by value, so the tests read as the hand counts below. */
function numbers(t: AggregateTable | undefined) {
  const by = <T extends { n: number }>(xs: T[], key: (x: T) => string) =>
    Object.fromEntries(xs.map((x) => [key(x), x.n]));
  return {
    cells: by(t?.cells ?? [], (c) => `${c.row} × ${c.col}`),
    rowTotals: by(t?.rowTotals ?? [], (r) => r.row),
    colTotals: by(t?.colTotals ?? [], (c) => c.col),
    rowsAny: by(t?.rowsAny ?? [], (r) => r.row),
    colsAny: by(t?.colsAny ?? [], (c) => c.col),
    total: t?.total,
    multiCell: t?.multiCell,
  };
}

const sig = (
  entity: string | null,
  rs: string[],
  cs: string[],
  ls: string[],
  n: number,
): Signature => ({ entity, rs, cs, ls, n });

describe('countSignatures', () => {
  // role × form split by purpose, counting excerpts: 10 excerpts in four signatures
  const excerpts = [
    sig(null, ['manager'], ['structural', 'relational'], ['creating'], 3),
    sig(null, ['manager'], ['structural'], ['maintaining'], 2),
    sig(null, ['advisor'], [], ['creating'], 1),
    sig(null, [], [], [], 4),
  ];

  it('counts excerpts in every cell they fall in, and once in each margin and total', () => {
    const counts = countSignatures(excerpts, false);
    expect(counts.matched).toBe(10);
    expect(counts.tables.map((t) => t.layer)).toEqual([null, 'creating', 'maintaining']);
    expect(numbers(counts.tables[0])).toEqual({
      cells: { 'manager × structural': 5, 'manager × relational': 3 },
      rowTotals: { manager: 5 },
      colTotals: { structural: 5, relational: 3 },
      rowsAny: { manager: 5, advisor: 1 },
      colsAny: { structural: 5, relational: 3 },
      total: 5,
      multiCell: 3,
    });
  });

  it('gives each layer value its own table from the signatures with that value', () => {
    const [, creating, maintaining] = countSignatures(excerpts, false).tables;
    expect(numbers(creating)).toEqual({
      cells: { 'manager × structural': 3, 'manager × relational': 3 },
      rowTotals: { manager: 3 },
      colTotals: { structural: 3, relational: 3 },
      rowsAny: { manager: 3, advisor: 1 },
      colsAny: { structural: 3, relational: 3 },
      total: 3,
      multiCell: 3,
    });
    expect(numbers(maintaining)).toEqual({
      cells: { 'manager × structural': 2 },
      rowTotals: { manager: 2 },
      colTotals: { structural: 2 },
      rowsAny: { manager: 2 },
      colsAny: { structural: 2 },
      total: 2,
      multiCell: 0,
    });
  });

  it('counts distinct informants, and an excerpt without one adds none', () => {
    const counts = countSignatures(
      [
        sig('inf-1', ['manager'], ['structural'], [], 2),
        sig('inf-1', ['manager'], ['relational'], [], 1),
        sig('inf-2', ['manager'], ['structural'], [], 4),
        sig(null, ['advisor'], ['structural'], [], 5),
      ],
      true,
    );
    expect(counts.matched).toBe(2);
    expect(numbers(counts.tables[0])).toEqual({
      cells: { 'manager × structural': 2, 'manager × relational': 1, 'advisor × structural': 0 },
      rowTotals: { manager: 2, advisor: 0 },
      colTotals: { structural: 2, relational: 1 },
      rowsAny: { manager: 2, advisor: 0 },
      colsAny: { structural: 2, relational: 1 },
      total: 2,
      // inf-1 is in two cells, inf-2 in one
      multiCell: 1,
    });
  });

  it('gives the overall table, empty, when nothing is selected', () => {
    expect(countSignatures([], false)).toEqual({
      matched: 0,
      tables: [
        {
          layer: null,
          cells: [],
          rowTotals: [],
          colTotals: [],
          rowsAny: [],
          colsAny: [],
          total: 0,
          multiCell: 0,
        },
      ],
    });
  });
});
