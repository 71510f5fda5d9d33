import { z } from 'zod';

/**
 * One band of the IPS-25 fidelity scale: a total score range and its name.
 */
export interface FidelityBand {
  readonly id: 'exemplary' | 'good' | 'fair' | 'not_ips';
  readonly label: string;
  /** Lowest total in the band (inclusive). */
  readonly min: number;
  /** Highest total in the band (inclusive). */
  readonly max: number;
}

/**
 * The IPS-25 fidelity scale as data: 25 items, each scored 1–5, so a total of 25–125, and the
 * four bands a review total falls into (highest first).
 */
export const ipsFidelityScale = {
  id: 'ips_25',
  label: 'IPS-25 fidelity scale',
  items: 25,
  itemMin: 1,
  itemMax: 5,
  min: 25,
  max: 125,
  bands: [
    { id: 'exemplary', label: 'exemplary fidelity', min: 115, max: 125 },
    { id: 'good', label: 'good fidelity', min: 100, max: 114 },
    { id: 'fair', label: 'fair fidelity', min: 74, max: 99 },
    { id: 'not_ips', label: 'not IPS', min: 25, max: 73 },
  ],
} as const satisfies {
  id: string;
  label: string;
  items: number;
  itemMin: number;
  itemMax: number;
  min: number;
  max: number;
  bands: readonly FidelityBand[];
};

/** A total score on the IPS-25 fidelity scale: an integer from 25 to 125. */
export const FidelityTotal = z
  .int()
  .min(ipsFidelityScale.min, 'an IPS-25 fidelity total is at least 25 (25 items scored 1–5)')
  .max(ipsFidelityScale.max, 'an IPS-25 fidelity total is at most 125 (25 items scored 1–5)');
export type FidelityTotal = z.infer<typeof FidelityTotal>;

/**
 * The band a fidelity review total falls into.
 *
 * @throws RangeError when `total` is not an integer from 25 to 125 (validate with
 *   {@link FidelityTotal} first).
 * @example
 * fidelityBand(103).id // 'good'
 */
export function fidelityBand(total: number): FidelityBand {
  const band = ipsFidelityScale.bands.find((b) => total >= b.min && total <= b.max);
  if (!Number.isInteger(total) || band === undefined) {
    throw new RangeError(`${total} is not an IPS-25 fidelity total (an integer from 25 to 125)`);
  }
  return band;
}
