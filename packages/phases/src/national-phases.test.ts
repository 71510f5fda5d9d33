import { describe, expect, it } from 'vitest';
import { nationalFieldEvents, nationalPhaseAt, nationalPhases } from './national-phases.ts';

describe('national phases (Moe et al.)', () => {
  it('are three consecutive periods from 2005 to 2021', () => {
    expect(nationalPhases.map((p) => [p.from, p.to])).toEqual([
      ['2005-01-01', '2010-12-31'],
      ['2011-01-01', '2015-12-31'],
      ['2016-01-01', '2021-12-31'],
    ]);
  });

  it.each([
    ['2005-01-01', 'p1_seeking_a_way'],
    ['2010-12-31', 'p1_seeking_a_way'],
    ['2011-01-01', 'p2_gathering_knowledge'],
    ['2012-06-15', 'p2_gathering_knowledge'],
    ['2016-01-01', 'p3_embedding_in_routine_practice'],
    ['2021-12-31', 'p3_embedding_in_routine_practice'],
  ])('%s falls in %s', (date, id) => {
    expect(nationalPhaseAt(date)?.id).toBe(id);
  });

  it('accepts a Date, read in UTC', () => {
    expect(nationalPhaseAt(new Date(Date.UTC(2017, 5, 1)))?.label).toBe(
      'Embedding IPS into routine practice',
    );
  });

  it('is undefined outside the periods, and rejects what is not a date', () => {
    expect(nationalPhaseAt('2004-12-31')).toBeUndefined();
    expect(nationalPhaseAt('2022-01-01')).toBeUndefined();
    expect(() => nationalPhaseAt('2016')).toThrow(RangeError);
    expect(() => nationalPhaseAt(new Date('nonsense'))).toThrow(RangeError);
  });

  it('dates the 2022 legal clarification after the last phase', () => {
    expect(nationalFieldEvents.map((e) => e.year)).toEqual([2022]);
  });
});
