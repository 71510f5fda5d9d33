import { describe, expect, it } from 'vitest';
import { smallStudy } from '../test/fixtures/small-study.ts';
import type { CodedSpan } from './cooccurrence.ts';
import { cooccurrence, spanCooccurrence } from './cooccurrence.ts';

describe('cooccurrence within excerpts', () => {
  it('counts n1, n2, n12 and the c-coefficient for theme × form', () => {
    const table = cooccurrence(smallStudy, { rows: 'theme', cols: 'form' });
    expect(table.rowValues).toEqual(['t1', 't2']);
    const t2 = table.cells[1];
    const relational = t2?.find((c) => c.col === 'relational');
    // 8 T2 excerpts, 8 relational excerpts, 7 with both: c = 7 / (8 + 8 − 7)
    expect(relational).toMatchObject({ n1: 8, n2: 8, n12: 7 });
    expect(relational?.c).toBeCloseTo(7 / 9, 12);
    expect(relational?.unitIds).toEqual(['e02', 'e03', 'e06', 'e10', 'e14', 'e20', 'e24']);
  });

  it('gives c = null when neither value occurs', () => {
    const table = cooccurrence(smallStudy, {
      rows: 'purpose',
      cols: 'form',
      rowValues: ['disrupting'],
      colValues: ['conceptual'],
      where: ['role=advisor'],
    });
    expect(table.cells[0]?.[0]).toMatchObject({ n1: 0, n2: 6, n12: 0, c: 0 });
    const none = cooccurrence([], {
      rows: 'purpose',
      cols: 'form',
      rowValues: ['x'],
      colValues: ['y'],
    });
    expect(none.cells[0]?.[0]?.c).toBeNull();
  });
});

describe('cooccurrence across overlapping spans', () => {
  const span = (code: string, start: number, end: number, documentId = 'd1'): CodedSpan => ({
    documentId,
    code,
    start,
    end,
  });

  it('counts one quotation with both codes and overlapping quotations as co-occurrences', () => {
    const spans = [
      span('form.relational', 0, 100),
      span('pillar.normative', 0, 100), // same quotation
      span('form.relational', 200, 300),
      span('pillar.normative', 250, 400), // overlaps [200, 300)
      span('form.conceptual', 300, 350), // touches [250, 400) only from 300: overlaps it
      span('pillar.normative', 400, 450), // adjacent to [250, 400): no overlap, end is exclusive
      span('form.relational', 0, 100, 'd2'),
      span('pillar.regulative', 50, 60, 'd2'),
      span('pillar.normative', 100, 120, 'd3'),
    ];
    const table = spanCooccurrence(spans, { rows: 'form', cols: 'pillar' });
    expect(table.rowValues).toEqual(['conceptual', 'relational']);
    expect(table.colValues).toEqual(['normative', 'regulative']);
    const relationalNormative = table.cells[1]?.[0];
    // relational: 3 segments; normative: 4; co-occurrences: [0,100) itself and the overlap at 250
    expect(relationalNormative).toMatchObject({ n1: 3, n2: 4, n12: 2, inflated: false });
    expect(relationalNormative?.c).toBeCloseTo(2 / 5, 12);
    expect(table.cells[0]?.[0]).toMatchObject({ n1: 1, n2: 4, n12: 1 });
    expect(table.cells[1]?.[1]).toMatchObject({ n1: 3, n2: 1, n12: 1, c: 1 / 3 });
  });

  it('flags c when one segment co-occurs with several of the other code', () => {
    const spans = [
      span('form.structural', 0, 300),
      span('pillar.regulative', 0, 50),
      span('pillar.regulative', 100, 150),
      span('pillar.regulative', 200, 250),
    ];
    const [cell] = spanCooccurrence(spans, { rows: 'form', cols: 'pillar' }).cells[0] ?? [];
    expect(cell).toMatchObject({ n1: 1, n2: 3, n12: 3, inflated: true });
    expect(cell?.c).toBe(3);
  });
});
