import { readdirSync, readFileSync } from 'node:fs';
import { frameworkCodebook } from '@iwa/taxonomy';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout, mutated, unicodeText } from '@iwa/testing/fuzz';
import { writeCodebookQdc } from './codebook-export.ts';
import { readCodebookQdc, safeReadCodebookQdc } from './codebook-import.ts';
import { RefiError } from './refi-error.ts';

/*
 * The .qdc reader under random text, random bytes and mutations of real-tool fixtures: it never
 * throws (safeReadCodebookQdc) or throws only a RefiError (readCodebookQdc), answers within the
 * time limit, and a codebook it accepts has unique keys and one mapping entry per <Code>.
 */

const dir = new URL('../test/fixtures/qdc/', import.meta.url);
const FIXTURES = readdirSync(dir)
  .filter((f) => !f.startsWith('invalid'))
  .map((f) => readFileSync(new URL(f, dir), 'utf8').replace(/^\uFEFF/, ''));
FIXTURES.push(writeCodebookQdc(frameworkCodebook()));

function check(input: string | Uint8Array): void {
  const res = safeReadCodebookQdc(input);
  if (res.success) {
    const keys = res.data.codebook.codes.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    const elements = typeof input === 'string' ? (input.match(/<(\w*:)?Code[\s/>]/g) ?? []) : [];
    if (typeof input === 'string')
      expect(res.data.mapping.length).toBeLessThanOrEqual(elements.length);
    for (const m of res.data.mapping)
      expect(keys.includes(m.key) || m.origin === 'framework').toBe(true);
  } else {
    expect(res.error.issues.length).toBeGreaterThan(0);
    for (const i of res.error.issues) expect(typeof i.message).toBe('string');
  }
  try {
    readCodebookQdc(input);
    expect(res.success).toBe(true);
  } catch (err) {
    expect(err).toBeInstanceOf(RefiError);
    expect((err as RefiError).code).toBe('invalid_qdc');
  }
}

describe('.qdc import under fuzzing', () => {
  it(
    'random text and random bytes: a codebook or issues, never another exception',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            unicodeText({ loneSurrogates: true }),
            fc.string(),
            fc.uint8Array({ maxLength: 200 }),
            unicodeText().map((t) => `<CodeBook><Codes>${t}</Codes></CodeBook>`),
          ),
          check,
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(5),
  );

  it(
    'mutations of real-tool codebooks (NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette, iwa)',
    () => {
      fc.assert(
        fc.property(
          fc
            .constantFrom(...FIXTURES)
            .chain((xml) =>
              mutated(xml, [
                '<Code name="x" isCodable="true">',
                '</Code>',
                '<!DOCTYPE a>',
                '&lol;',
                '&#0;',
                '&#x110000;',
                '<![CDATA[',
                ']]>',
                'guid="{ABC}"',
                '<Set name="s"><MemberCode targetGUID="x"/></Set>',
                'isCodable="maybe"',
              ]),
            ),
          fc.boolean(),
          (xml, asBytes) => check(asBytes ? new TextEncoder().encode(xml) : xml),
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(20),
  );

  it(
    'generated codebooks: one mapping entry per <Code>, names as written (trimmed)',
    () => {
      const name = fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
        .filter(
          (s) =>
            s.trim() !== '' && [...s].every((c) => c >= ' ' && c !== '\ufffe' && c !== '\uffff'),
        );
      fc.assert(
        fc.property(
          fc.uniqueArray(name, {
            minLength: 1,
            maxLength: 15,
            selector: (s) => s.trim().toLowerCase(),
          }),
          (names) => {
            const codes = names.map(
              (n, i) =>
                `<Code guid="00000000-0000-4000-8000-${String(i).padStart(12, '0')}" name="${n
                  .replaceAll('&', '&amp;')
                  .replaceAll('<', '&lt;')
                  .replaceAll('"', '&quot;')}" isCodable="true"/>`,
            );
            const xml = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>${codes.join('')}</Codes></CodeBook>`;
            const res = safeReadCodebookQdc(xml);
            if (!res.success) throw new Error(res.error.message);
            expect(res.data.mapping.map((m) => m.name)).toEqual(names.map((n) => n.trim()));
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(5),
  );
});
