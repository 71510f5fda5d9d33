import { describe, expect, it } from 'vitest';
import type { CoderCoding } from '../coder-coding.ts';
import { unitize } from '../unitize.ts';
import { mulberry32 } from './bootstrap.ts';
import type { BootstrapInterval } from './bootstrap.ts';
import { unitAgreement } from './unit-agreement.ts';
import { unitizingAlpha } from './unitizing-alpha.ts';

/**
 * Two coders over a few interviews: the second coder copies most of the first coder's codings,
 * drops some, shifts some spans, swaps some codes and adds a few of their own (seeded).
 */
function twoCoders(seed: number, documents = 6): CoderCoding[] {
  const random = mulberry32(seed);
  const codes = ['form.conceptual', 'form.operational', 'purpose.creating', 'flag.consent'];
  const pick = () => codes[Math.floor(random() * codes.length)] ?? 'form.conceptual';
  const out: CoderCoding[] = [];
  for (let d = 0; d < documents; d++) {
    const documentId = `int-${d}`;
    for (let at = 0; at < 2000; at += 100 + Math.floor(random() * 100)) {
      const end = at + 40 + Math.floor(random() * 50);
      const code = pick();
      out.push({ documentId, coderId: 'ann', code, start: at, end });
      const r = random();
      if (r < 0.15) continue;
      const shift = r < 0.35 ? Math.floor(random() * 15) : 0;
      out.push({
        documentId,
        coderId: 'ben',
        code: r > 0.85 ? pick() : code,
        start: at + shift,
        end: end + shift,
      });
      if (random() < 0.1)
        out.push({ documentId, coderId: 'ben', code: pick(), start: end + 2, end: end + 30 });
    }
  }
  return out;
}

const interval = (x: unknown): BootstrapInterval => {
  if (x === null || typeof x !== 'object' || !('lower' in x)) throw new Error('no interval');
  return x as BootstrapInterval;
};

describe('bootstrap intervals of the presence alpha (unit agreement)', () => {
  const codings = twoCoders(11);
  const bootstrap = { resamples: 400, seed: 5, minimums: [0.5, 0.667, 0.8] };
  const report = unitAgreement(codings, { bootstrap });

  it('is centred on the report alpha at every level, with ordered bounds and probabilities', () => {
    const intervals = report.alphaIntervals;
    if (intervals === null) throw new Error('no intervals');
    const levels: [unknown, number | null][] = [
      [intervals.overall, report.overall.alpha.value],
      ...Object.entries(intervals.byFamily).map(
        ([f, i]) => [i, report.byFamily[f]?.alpha.value ?? null] as [unknown, number | null],
      ),
      ...Object.entries(intervals.byCode).map(
        ([c, i]) => [i, report.byCode[c]?.alpha.value ?? null] as [unknown, number | null],
      ),
    ];
    expect(levels).toHaveLength(1 + 3 + 4);
    for (const [x, alpha] of levels) {
      const i = interval(x);
      expect(i.value).toBeCloseTo(alpha ?? NaN, 12);
      expect(i.lower).toBeLessThanOrEqual(i.upper);
      expect(i.lower).toBeLessThan(i.value + 1e-9);
      expect(i.upper).toBeGreaterThan(i.value - 1e-9);
      const p = i.belowMinimum.map((b) => b.probability);
      expect(p).toEqual([...p].sort((a, b) => a - b));
    }
    // this coder pair agrees moderately: the interval is wide and inside (−1, 1]
    const overall = interval(intervals.overall);
    expect(overall.upper - overall.lower).toBeGreaterThan(0.02);
    expect(overall.upper).toBeLessThanOrEqual(1);
  });

  it('each resample is the alpha of the units drawn, as a study of those units would give it', () => {
    // One resample: draw the units as the bootstrap does, copy each drawn unit (each coder's
    // codes over the unit's span) into a document of its own, and compute the report afresh.
    const seed = 9;
    const one = unitAgreement(codings, { bootstrap: { resamples: 1, seed } });
    const units = unitize(codings);
    const codes = Object.keys(report.byCode);
    const random = mulberry32(seed);
    const copies: CoderCoding[] = [];
    const codersByDocument: Record<string, string[]> = {};
    for (let j = 0; j < units.length; j++) {
      const unit = units[Math.floor(random() * units.length)];
      if (unit === undefined) throw new Error('no unit');
      const documentId = `draw-${j}`;
      codersByDocument[documentId] = ['ann', 'ben'];
      for (const [coderId, list] of Object.entries(unit.codes))
        for (const code of list)
          copies.push({ documentId, coderId, code, start: unit.start, end: unit.end });
    }
    const resampled = unitAgreement(copies, { codes, codersByDocument });
    const drawn = interval(one.alphaIntervals?.overall);
    expect(drawn.lower).toBe(drawn.upper);
    expect(drawn.lower).toBeCloseTo(resampled.overall.alpha.value ?? NaN, 12);
    const form = interval(one.alphaIntervals?.byFamily.form);
    expect(form.lower).toBeCloseTo(resampled.byFamily.form?.alpha.value ?? NaN, 12);
  });

  it('is reproducible from its seed and absent without a bootstrap', () => {
    const again = unitAgreement(codings, { bootstrap });
    expect(again.alphaIntervals).toEqual(report.alphaIntervals);
    const other = unitAgreement(codings, { bootstrap: { ...bootstrap, seed: 6 } });
    expect(interval(other.alphaIntervals?.overall).lower).not.toBe(
      interval(report.alphaIntervals?.overall).lower,
    );
    expect(unitAgreement(codings).alphaIntervals).toBeNull();
  });

  it('identical coders: every resample agrees perfectly', () => {
    const same = codings
      .filter((c) => c.coderId === 'ann')
      .flatMap((c) => [c, { ...c, coderId: 'ben' }]);
    const i = interval(unitAgreement(same, { bootstrap }).alphaIntervals?.overall);
    expect([i.lower, i.upper]).toEqual([1, 1]);
    expect(i.belowMinimum.map((b) => b.probability)).toEqual([0, 0, 0]);
  });
});

describe('bootstrap interval of unitizing alpha (documents resampled)', () => {
  const codings = twoCoders(23, 8).filter((c) => c.code === 'form.conceptual');
  const documentLengths = Object.fromEntries(
    Array.from({ length: 8 }, (_, d) => [`int-${d}`, 2200]),
  );

  it('is centred on uα, and each resample is the uα of the documents drawn', () => {
    const report = unitizingAlpha(codings, {
      documentLengths,
      bootstrap: { resamples: 300, seed: 3, minimums: [0.667, 0.8] },
    });
    const i = interval(report.uAlphaInterval);
    expect(i.value).toBeCloseTo(report.uAlpha.value ?? NaN, 12);
    expect(i.lower).toBeLessThanOrEqual(i.upper);
    expect(i.upper).toBeLessThanOrEqual(1);

    const seed = 4;
    const one = interval(
      unitizingAlpha(codings, { documentLengths, bootstrap: { resamples: 1, seed } })
        .uAlphaInterval,
    );
    const random = mulberry32(seed);
    const ids = Object.keys(documentLengths).sort();
    const copies: CoderCoding[] = [];
    const lengths: Record<string, number> = {};
    for (let j = 0; j < ids.length; j++) {
      const id = ids[Math.floor(random() * ids.length)] ?? '';
      lengths[`draw-${j}`] = documentLengths[id] ?? 0;
      for (const c of codings)
        if (c.documentId === id) copies.push({ ...c, documentId: `draw-${j}` });
    }
    const resampled = unitizingAlpha(copies, { documentLengths: lengths });
    expect(one.lower).toBeCloseTo(resampled.uAlpha.value ?? NaN, 12);
    expect(unitizingAlpha(codings, { documentLengths }).uAlphaInterval).toBeNull();
  });
});
