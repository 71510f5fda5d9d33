import { describe, expect, it } from 'vitest';
import { fidelityBand, FidelityTotal, ipsFidelityScale } from './fidelity.ts';

describe('the IPS-25 fidelity scale', () => {
  it('has 25 items scored 1–5, so totals from 25 to 125', () => {
    expect(ipsFidelityScale.items * ipsFidelityScale.itemMin).toBe(ipsFidelityScale.min);
    expect(ipsFidelityScale.items * ipsFidelityScale.itemMax).toBe(ipsFidelityScale.max);
  });

  it('bands cover every total exactly once', () => {
    for (let total = ipsFidelityScale.min; total <= ipsFidelityScale.max; total++) {
      expect(ipsFidelityScale.bands.filter((b) => total >= b.min && total <= b.max)).toHaveLength(
        1,
      );
    }
  });

  it.each([
    [125, 'exemplary'],
    [115, 'exemplary'],
    [114, 'good'],
    [103, 'good'],
    [100, 'good'],
    [99, 'fair'],
    [74, 'fair'],
    [73, 'not_ips'],
    [25, 'not_ips'],
  ])('%i is %s', (total, band) => {
    expect(fidelityBand(total).id).toBe(band);
  });

  it('rejects totals off the scale', () => {
    for (const total of [24, 126, 100.5, Number.NaN]) {
      expect(() => fidelityBand(total)).toThrow(RangeError);
      expect(FidelityTotal.safeParse(total).success).toBe(false);
    }
  });
});
