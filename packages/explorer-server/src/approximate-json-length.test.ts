import { describe, expect, it } from 'vitest';
import { FixtureExplorerData } from '../test/fixture-explorer-data.ts';
import { approximateJsonLength } from './graph-explorer-data.ts';

describe('approximateJsonLength (the explorer cache sizes its entries with it)', () => {
  it('is within 30% of the real JSON length for the responses the explorer caches', async () => {
    const data = new FixtureExplorerData();
    const [study] = await data.listStudies();
    const id = study!.id;
    const values = [
      await data.listStudies(),
      await data.dimensions(id),
      await data.document(id, 'doc-M01'),
      await data.agreement(id, { unit: 'segment', limit: 500 }),
    ];
    for (const v of values) {
      const real = JSON.stringify(v).length;
      expect(real).toBeGreaterThan(100);
      const ratio = approximateJsonLength(v) / real;
      expect(ratio).toBeGreaterThan(0.7);
      expect(ratio).toBeLessThan(1.3);
    }
  });

  it('counts a structure too large for one string without building it', () => {
    const text = 'x'.repeat(10_000); // one string shared by every item: little memory
    const big = Array.from({ length: 60_000 }, (_, i) => ({
      excerptId: `e-${i}`,
      codes: ['form.operational', 'purpose.maintaining'],
      position: { role: 'manager', sector: 'health' },
      text,
    }));
    // its JSON would be over 600 million characters, past V8's longest string (2^29 - 24),
    // so JSON.stringify would throw a RangeError here (not tried: it would take a gigabyte)
    expect(approximateJsonLength(big)).toBeGreaterThan(600_000_000);
  });
});
