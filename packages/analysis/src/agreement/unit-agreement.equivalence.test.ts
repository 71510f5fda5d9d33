import { describe, expect, it } from 'vitest';
import type { CoderCoding } from '../coder-coding.ts';
import { unitizeCompact } from '../unitize.ts';
import type { UnitizeOptions } from '../unitize.ts';
import {
  assignCodersBefore,
  unitAgreementBefore,
  unitizeCompactBefore,
} from '../../test/reference/unit-agreement-before.ts';
// a seeded generator, so that every run draws the same study
import { mulberry32 as random } from './bootstrap.ts';
import { assignCoders } from './coders-by-document.ts';
import { unitAgreement } from './unit-agreement.ts';
import type { UnitAgreementOptions } from './unit-agreement.ts';

const CODES = [
  'form.relational',
  'form.conceptual',
  'form.operational',
  'purpose.creating',
  'purpose.maintaining',
  'purpose.disrupting',
  'theme.t1',
  'theme.t2',
  'theme.t10',
  'flag.fidelity_reference',
  'flag.lacks_authority',
  'pillar.regulative',
  'lns.nav',
  'other',
];

/**
 * A study of `documents` documents whose codings exercise the unitizer: spans of several
 * coders around the same excerpts, shifted, split and nested; several codes on one span; the
 * same coding twice; codings in shuffled order; document ids whose sort differs from their
 * order of appearance; a few documents at offsets beyond 2^32 and one coded by one coder.
 */
function study(
  seed: number,
  documents: number,
  coders: readonly string[],
): { codings: CoderCoding[]; texts: Record<string, string> } {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const codings: CoderCoding[] = [];
  const texts: Record<string, string> = {};
  for (let d = 0; d < documents; d++) {
    const documentId = `doc-${(d * 7919) % documents}`;
    const far = d % 37 === 5 ? 2 ** 33 : 0;
    const solo = d % 53 === 7;
    let position = far + Math.floor(next() * 50);
    const excerpts = 5 + Math.floor(next() * 40);
    for (let x = 0; x < excerpts; x++) {
      const start = position;
      const end = start + 1 + Math.floor(next() * 300);
      position =
        next() < 0.2 ? start + Math.floor((end - start) / 2) : end + Math.floor(next() * 80);
      for (const coder of solo ? coders.slice(0, 1) : coders) {
        if (next() < 0.15) continue;
        const shift = next() < 0.5 ? 0 : Math.floor((next() - 0.5) * 120);
        const s = Math.max(far, start + shift);
        const e = Math.max(s + 1, end + (next() < 0.5 ? 0 : Math.floor((next() - 0.5) * 120)));
        const spans: [number, number][] =
          next() < 0.1 && e - s > 4
            ? [
                [s, s + Math.floor((e - s) / 2)],
                [s + Math.floor((e - s) / 2), e],
              ]
            : [[s, e]];
        if (next() < 0.05) spans.push([s + 1, Math.max(s + 2, e - 1)]);
        for (const [a, b] of spans) {
          const count = 1 + Math.floor(next() * 4);
          for (let c = 0; c < count; c++) {
            const coding = { documentId, coderId: coder, code: pick(CODES), start: a, end: b };
            codings.push(coding);
            if (next() < 0.03) codings.push({ ...coding });
          }
        }
      }
    }
    if (far === 0 && d % 3 === 0) {
      texts[documentId] = Array.from({ length: position + 400 }, (_, i) =>
        i % 97 === 0 ? '😀' : String.fromCharCode(97 + (i % 26)),
      ).join('');
    }
  }
  // Shuffle part of the codings: the unitizer must not depend on their order.
  for (let i = codings.length - 1; i > 0; i -= 3) {
    const j = Math.floor(next() * (i + 1));
    [codings[i], codings[j]] = [codings[j] as CoderCoding, codings[i] as CoderCoding];
  }
  return { codings, texts };
}

/**
 * The same JSON, so the same values, key order and array order; numbers JSON cannot write
 * (infinities, NaN, −0) are written as strings so that they are compared too.
 */
function expectSame(actual: unknown, expected: unknown): void {
  const exact = (_key: string, value: unknown): unknown =>
    typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))
      ? `number ${Object.is(value, -0) ? '-0' : String(value)}`
      : value;
  expect(JSON.stringify(actual, exact)).toBe(JSON.stringify(expected, exact));
}

function expectSameUnits(codings: readonly CoderCoding[], options: UnitizeOptions): void {
  const actual = unitizeCompact(codings, options);
  const expected = unitizeCompactBefore(codings, options);
  expect(actual.count).toBe(expected.count);
  const plain = (units: object): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(units).map(([key, value]) => [
        key,
        ArrayBuffer.isView(value) ? Array.from(value as Int32Array) : value,
      ]),
    );
  expectSame(plain(actual), plain(expected));
}

/** The codings of two of the three coders in each document, the one left out varying. */
function pairOfThree(codings: readonly CoderCoding[]): CoderCoding[] {
  const coders = [...new Set(codings.map((c) => c.coderId))].sort();
  return codings.filter(
    (c) => coders.indexOf(c.coderId) !== Number(c.documentId.replace(/\D/g, '')) % 3,
  );
}

/** The codings with a few hundred codes in a dozen families instead of fourteen codes. */
function manyCodes(codings: readonly CoderCoding[]): CoderCoding[] {
  return codings.map((c, i) => ({ ...c, code: `f${(i * 7) % 12}.c${(i * 31 + c.start) % 300}` }));
}

/**
 * The codings grouped by document, each document's in text order but cut into one to six
 * runs given in reverse order (the unitizer merges a few runs, sorts more).
 */
function inRuns(codings: readonly CoderCoding[]): CoderCoding[] {
  const byDocument = new Map<string, CoderCoding[]>();
  for (const c of codings) {
    const list = byDocument.get(c.documentId);
    if (list === undefined) byDocument.set(c.documentId, [c]);
    else list.push(c);
  }
  const out: CoderCoding[] = [];
  let d = 0;
  for (const list of byDocument.values()) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    const runs = 1 + (d++ % 6);
    const size = Math.ceil(list.length / runs);
    for (let r = runs - 1; r >= 0; r--) out.push(...list.slice(r * size, (r + 1) * size));
  }
  return out;
}

/** The codings with coders, a document and codes named as members of Object.prototype. */
function prototypeNames(codings: readonly CoderCoding[]): CoderCoding[] {
  const names: Record<string, string> = {
    ann: '__proto__',
    ben: 'constructor',
    'doc-0': '__proto__',
    'doc-1': 'toString',
    other: '__proto__',
    'theme.t1': 'hasOwnProperty',
  };
  const rename = (name: string): string =>
    (Object.hasOwn(names, name) ? names[name] : name) ?? name;
  return codings.map((c) => ({
    ...c,
    coderId: rename(c.coderId),
    documentId: rename(c.documentId),
    code: rename(c.code),
  }));
}

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

// Not a timing: the generous timeout only keeps a loaded machine from failing the comparison.
describe(
  'unitAgreement gives what it gave before its speed-up (issue 17)',
  { timeout: 60_000 },
  () => {
    const two = study(17, 120, ['ben', 'ann']);
    const three = study(23, 60, ['cy', 'ann', 'ben']);

    it('draws a study large enough to matter', () => {
      expect(two.codings.length).toBeGreaterThan(12_000);
      const report = unitAgreement(two.codings);
      expect(report.disagreements.length).toBeGreaterThan(500);
      expect(report.skippedDocuments.length).toBeGreaterThan(0);
    });

    const cases: [string, () => CoderCoding[], UnitAgreementOptions][] = [
      ['two coders, default options', () => two.codings, {}],
      [
        'two coders, both-coded spans, texts, the shorter span as base',
        () => two.codings,
        { spans: 'both-coded', texts: two.texts, relativeTo: 'shorter', minOverlap: 0.3 },
      ],
      [
        'two coders, the longer span as base, bootstrap',
        () => two.codings.slice(0, 6000),
        { relativeTo: 'longer', minOverlap: 0.8, bootstrap: { resamples: 50, seed: 3 } },
      ],
      [
        'three coders, listed coders and codes',
        () => three.codings,
        {
          codes: [
            'theme.t2',
            'form.relational',
            'missing.code',
            'theme.t2',
            'flag.lacks_authority',
          ],
          codersByDocument: {
            ...Object.fromEntries(
              [...new Set(three.codings.map((c) => c.documentId))].map((id) => [
                id,
                ['ann', 'ben', 'cy', 'dee'],
              ]),
            ),
            'doc-uncoded': ['ann', 'ben'],
            'a-lone': ['ann'],
          },
          texts: three.texts,
        },
      ],
      [
        'three coders, both-coded spans',
        () => three.codings,
        { spans: 'both-coded', minOverlap: 1 },
      ],
      ['two coders, a third in a few codings', () => [...two.codings, ...three.codings], {}],
      // Two coders per document, counted by pattern, though the study has three.
      ['three coders, two per document', () => pairOfThree(three.codings), {}],
      [
        'three coders, two per document, both-coded spans, one listed coder without codings',
        () => pairOfThree(three.codings),
        {
          spans: 'both-coded',
          codersByDocument: Object.fromEntries(
            [...new Set(three.codings.map((c) => c.documentId))].map((id) => [
              id,
              [
                ...new Set(
                  pairOfThree(three.codings)
                    .filter((c) => c.documentId === id)
                    .map((c) => c.coderId),
                ),
              ],
            ]),
          ),
        },
      ],
      [
        'two coders listed for every document, one without codings in some, texts',
        () => two.codings,
        {
          codersByDocument: Object.fromEntries(
            [...new Set(two.codings.map((c) => c.documentId))].map((id) => [id, ['ann', 'ben']]),
          ),
          texts: two.texts,
        },
      ],
      ['two coders, many codes', () => manyCodes(two.codings), {}],
      ['two coders, each document in a few runs of text order', () => inRuns(two.codings), {}],
      ['names of Object.prototype members', () => prototypeNames(two.codings), {}],
      [
        'names of Object.prototype members, both-coded spans',
        () => prototypeNames(two.codings),
        { spans: 'both-coded' },
      ],
    ];

    it.each(cases)('%s', (_name, codings, options) => {
      const input = codings();
      expectSame(unitAgreement(input, options), unitAgreementBefore(input, options));
      expectSameUnits(input, options);
      expectSame(
        assignCoders(input, options.codersByDocument),
        assignCodersBefore(input, options.codersByDocument),
      );
    });

    it('throws the same errors', () => {
      const [first] = two.codings;
      const bad = { ...(first as CoderCoding), start: 5, end: 5 };
      const inputs: [CoderCoding[], UnitAgreementOptions][] = [
        [[...two.codings, bad], {}],
        [[...two.codings, bad], { minOverlap: 0 }],
        [[...two.codings, bad], { codersByDocument: { [bad.documentId]: ['nobody'] } }],
        [[...two.codings, { ...bad, start: 1.5, end: 9 }], {}],
      ];
      for (const [input, options] of inputs) {
        const expected = errorOf(() => unitAgreementBefore(input, options));
        expect(expected).toBeInstanceOf(Error);
        expect(errorOf(() => unitAgreement(input, options))).toEqual(expected);
      }
    });
  },
);
