import type { FormOfWork, Purpose } from '@iwa/taxonomy';

/**
 * Colour scales, all safe for the common forms of colour blindness: ColorBrewer's Blues
 * (sequential shares), PuOr (diverging residuals: orange below, purple above expectation)
 * and the Okabe–Ito palette for categories.
 */

type Rgb = readonly [number, number, number];

const hex = (h: string): Rgb => [
  parseInt(h.slice(1, 3), 16),
  parseInt(h.slice(3, 5), 16),
  parseInt(h.slice(5, 7), 16),
];
const toHex = (c: Rgb) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

function ramp(stops: readonly string[], t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const a = hex(stops[i] ?? '#ffffff');
  const b = hex(stops[i + 1] ?? '#ffffff');
  const f = x - i;
  return toHex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}

const BLUES = [
  '#f7fbff',
  '#deebf7',
  '#c6dbef',
  '#9ecae1',
  '#6baed6',
  '#4292c6',
  '#2171b5',
  '#084594',
];
const PU_OR_BELOW = ['#f7f7f7', '#fee0b6', '#fdb863', '#e08214', '#b35806'];
const PU_OR_ABOVE = ['#f7f7f7', '#d8daeb', '#b2abd2', '#8073ac', '#542788'];

/** Background for a share from 0 to 100. */
export function shareColour(pct: number): string {
  return ramp(BLUES, pct / 100);
}

/** Background for an adjusted residual; saturates at ±4. */
export function residualColour(r: number): string {
  return ramp(r < 0 ? PU_OR_BELOW : PU_OR_ABOVE, Math.abs(r) / 4);
}

/** Black or white, whichever reads better on `background`. */
export function textOn(background: string): string {
  const [r, g, b] = hex(background).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.22 ? '#111827' : '#ffffff';
}

/** Okabe–Ito: eight colours that stay distinct for colour-blind readers. */
export const CATEGORICAL = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
] as const;

/** A stable colour per key: known keys first, then the palette in order. */
export function categoryColour(key: string, keys: readonly string[]): string {
  const i = keys.indexOf(key);
  return CATEGORICAL[(i < 0 ? keys.length : i) % CATEGORICAL.length] ?? '#999999';
}

/** The purposes of institutional work, always in the same colours. */
export const PURPOSE_COLOURS: Readonly<Record<string, string>> = {
  creating: '#0072B2',
  maintaining: '#E69F00',
  disrupting: '#CC79A7',
} satisfies Record<Purpose, string>;

/** The forms of work (Cloutier et al.), in colours that differ from the purposes'. */
export const FORM_COLOURS: Readonly<Record<string, string>> = {
  structural: '#009E73',
  conceptual: '#56B4E9',
  operational: '#D55E00',
  relational: '#F0E442',
} satisfies Record<FormOfWork, string>;
