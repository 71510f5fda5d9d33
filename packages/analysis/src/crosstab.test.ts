import { describe, expect, it } from 'vitest';
import { smallStudy } from '../test/fixtures/small-study.ts';
import { codedUnit } from './coded-unit.ts';
import { crosstab } from './crosstab.ts';
import { crosstabStatistics } from './crosstab-statistics.ts';

describe('crosstab', () => {
  it('counts excerpts of role × form by speaker, multi-coded excerpts in every cell', () => {
    const table = crosstab(smallStudy, { rows: 'role', cols: 'form' });
    expect(table.rows).toBe('speaker.role');
    expect(table.rowValues).toEqual(['advisor', 'manager']);
    expect(table.colValues).toEqual(['conceptual', 'operational', 'relational', 'structural']);
    const [t] = table.tables;
    expect(t?.counts).toEqual([
      [6, 2, 4, 1],
      [2, 11, 4, 1],
    ]);
    // distinct excerpts: 11 advisor and 16 manager excerpts, fewer than the cell sums (13, 18)
    expect(t?.rowTotals).toEqual([11, 16]);
    expect(t?.colTotals).toEqual([8, 13, 8, 2]);
    expect(t?.total).toBe(27);
    // e02, e06, e14 and e24 carry two forms each
    expect(t?.multiCell).toBe(4);
    expect(t?.notAPartition).toBe(true);
    expect(t?.rowPercent[0]?.[0]).toBeCloseTo((100 * 6) / 11, 12);
    expect(t?.colPercent[1]?.[1]).toBeCloseTo((100 * 11) / 13, 12);
    expect(t?.unitIds[0]?.[0]).toEqual(['e01', 'e02', 'e04', 'e05', 'e08', 'e09']);
  });

  it('reads positions by performer and counts distinct informants', () => {
    const table = crosstab(smallStudy, {
      rows: 'role',
      cols: 'sector',
      by: 'performer',
      count: 'informants',
      where: ['purpose=maintaining', 'form.operational'],
    });
    // maintaining operational work is performed by health managers, told by 6 informants
    expect(table.rowValues).toEqual(['manager']);
    expect(table.colValues).toEqual(['health']);
    expect(table.tables[0]?.counts).toEqual([[6]]);
    expect(table.tables[0]?.unitIds[0]?.[0]).toHaveLength(7);
    expect(table.unitsUsed).toBe(7);
  });

  it('splits by a layer dimension and keeps listed categories with zero counts', () => {
    const table = crosstab(smallStudy, {
      rows: 'role',
      cols: 'form',
      layer: 'purpose',
      colValues: ['structural', 'conceptual', 'operational', 'relational'],
      layerValues: ['creating', 'maintaining', 'disrupting'],
    });
    expect(table.tables.map((t) => t.layer)).toEqual(['creating', 'maintaining', 'disrupting']);
    const maintaining = table.tables[1];
    expect(maintaining?.counts).toEqual([
      [0, 0, 2, 0],
      [0, 0, 5, 0],
    ]);
    expect(maintaining?.notAPartition).toBe(false);
    expect(table.tables[2]?.total).toBe(0);
    expect(table.tables[2]?.rowPercent[0]).toEqual([null, null, null, null]);
  });

  it('counts documents and reports units without a value', () => {
    const units = [
      ...smallStudy,
      codedUnit({ unitId: 'x1', documentId: 'd-x', informantId: 'ix', codes: ['theme.t1'] }),
    ];
    const table = crosstab(units, { rows: 'sector', cols: 'theme', count: 'documents' });
    expect(table.unitsWithoutValue).toBe(units.length - table.unitsUsed);
    expect(table.rowValues).toEqual(['dual', 'health', 'nav']);
    // t1 and t2 in every interview
    expect(table.tables[0]?.counts).toEqual([
      [1, 1],
      [2, 2],
      [4, 4],
    ]);
  });
});

describe('crosstabStatistics', () => {
  it('tests each table and flags multi-coding and small expected counts', () => {
    const table = crosstab(smallStudy, { rows: 'role', cols: 'form' });
    const [stats] = crosstabStatistics(table);
    expect(stats?.chiSquare.defined).toBe(true);
    expect(stats?.notAPartition).toBe(true);
    expect(stats?.caveats).toHaveLength(2);
    expect(stats?.caveats[0]).toMatch(/more than one cell/);
    expect(stats?.fisher).toBeNull();
    const twoByTwo = crosstab(smallStudy, {
      rows: 'role',
      cols: 'purpose',
      colValues: ['creating', 'maintaining'],
    });
    const [s2] = crosstabStatistics(twoByTwo);
    // advisors 9 creating / 2 maintaining, managers 11 / 5
    expect(twoByTwo.tables[0]?.counts).toEqual([
      [9, 2],
      [11, 5],
    ]);
    expect(s2?.notAPartition).toBe(false);
    expect(s2?.fisher?.pValue).toBeGreaterThan(0.05);
    expect(s2?.residuals.adjusted[0]?.[0]).toBeCloseTo(-(s2?.residuals.adjusted[1]?.[0] ?? 0), 12);
  });
});
