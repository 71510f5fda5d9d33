import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout, mutated, unicodeText } from '@iwa/testing/fuzz';
import { contentHash } from './ids.ts';
import { StudyIssue } from './issues.ts';
import type { StudyDocument } from './model.ts';
import { sliceByCodePoints } from './offsets.ts';
import {
  parseCodingsCsv,
  parseCodingsYaml,
  resolveCodingRows,
  type CodingFileResult,
  type CodingRowContext,
} from './standoff-codings.ts';
import { parseStudyYaml } from './study-yaml.ts';
import { normaliseText } from './text-source.ts';

/*
 * Standoff codings (YAML and CSV) under random, mutated and generated input: the readers never
 * throw and answer within the time limit; codings generated from a random document (spans given
 * as code points, UTF-16 units, UTF-8 bytes or anchor text) resolve to exactly those spans, and
 * every excerpt's text is the document's slice at its offsets.
 */

const fixture = (rel: string) =>
  readFileSync(new URL(`../test/fixtures/ips-demo/${rel}`, import.meta.url), 'utf8');
const study = parseStudyYaml(fixture('study.yaml'));
if (!study.ok) throw new Error('the demo study.yaml should read');
const demoCtx: CodingRowContext = {
  studyCodeKeys: new Set(study.value.manifest.codebook.codes.map((c) => c.key)),
  actors: study.value.actors,
  coders: new Set(study.value.manifest.coders.map((c) => c.id)),
};
const CODINGS_YAML = fixture('codings.yaml');
const CODINGS_CSV = fixture('codings/ole.csv');
const anyCtx: CodingRowContext = { studyCodeKeys: new Set(), actors: new Map(), coders: undefined };

function checkFile(res: CodingFileResult): void {
  for (const e of res.errors) {
    expect(StudyIssue.safeParse(e).error).toBeUndefined();
    expect(e.line === undefined || e.line >= 1).toBe(true);
  }
  for (const row of res.rows) {
    expect(row.codes.length).toBeGreaterThan(0);
    if (row.start !== undefined && row.end !== undefined)
      expect(row.end).toBeGreaterThan(row.start);
  }
}

describe('codings readers under fuzzing', () => {
  it(
    'random text as YAML or CSV: rows and issues, never an exception',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(unicodeText({ loneSurrogates: true, maxLength: 60 }), fc.string()),
          fc.boolean(),
          (text, csv) => {
            const parse = csv ? parseCodingsCsv : parseCodingsYaml;
            checkFile(parse(text, 'codings', demoCtx));
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(5),
  );

  it(
    'mutations of the demo codings (YAML and CSV): rows and issues',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            mutated(CODINGS_YAML, [
              'anchor: ',
              'start: 5\n    end: 2',
              'codes: [',
              'occurrence: 0',
            ]).map((t) => ({ t, csv: false })),
            mutated(CODINGS_CSV, [',', ';', '"', '""', '\n', 'M07,,,3,1,x,ole', 'start,end']).map(
              (t) => ({
                t,
                csv: true,
              }),
            ),
          ),
          ({ t, csv }) => {
            const text = normaliseText(t).text;
            const parse = csv ? parseCodingsCsv : parseCodingsYaml;
            checkFile(parse(text, 'codings', demoCtx));
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(5),
  );

  it(
    'generated codings resolve to exactly their spans, and every excerpt is its slice',
    () => {
      // A document without lone surrogates (YAML and CSV files are UTF-8) and some spans in it.
      const docAndSpans = unicodeText({ maxLength: 60 })
        .map((t) => normaliseText(t).text.replace(/^\uFEFF/, ''))
        .filter((t) => [...t].length >= 2)
        .chain((text) => {
          const n = [...text].length;
          const span = fc
            .tuple(fc.nat(n - 1), fc.nat(n - 1))
            .map(([a, b]): [number, number] =>
              a === b ? [a, a + 1] : [Math.min(a, b), Math.max(a, b)],
            );
          const how = fc.constantFrom('code_point', 'utf16', 'utf8', 'anchor');
          return fc.tuple(
            fc.constant(text),
            fc.array(fc.tuple(span, how), { minLength: 1, maxLength: 8 }),
            fc.boolean(),
          );
        });
      fc.assert(
        fc.property(docAndSpans, ([text, spans, csv]) => {
          const chars = [...text];
          const doc: StudyDocument = {
            id: 'D1',
            kind: 'interview',
            participants: [],
            text,
            contentHash: contentHash(text),
            turns: [],
          };
          const offsetIn = (unit: string, cp: number): number => {
            const prefix = chars.slice(0, cp).join('');
            return unit === 'code_point'
              ? cp
              : unit === 'utf16'
                ? prefix.length
                : Buffer.byteLength(prefix, 'utf8');
          };
          // One file per unit: a file's offsets: says how its start/end count.
          const rows: { unit: string; cells: Record<string, string | number> }[] = [];
          for (const [[s, e], how] of spans) {
            if (how === 'anchor') {
              const anchor = chars.slice(s, e).join('');
              // blank anchors are not anchors in CSV; give those as offsets
              if (csv && anchor.trim() === '') {
                rows.push({ unit: 'code_point', cells: { start: s, end: e } });
                continue;
              }
              const before = chars.slice(0, s).join('').length;
              let occurrence = 0;
              for (
                let i = text.indexOf(anchor);
                i >= 0 && i <= before;
                i = text.indexOf(anchor, i + 1)
              )
                occurrence++;
              rows.push({ unit: 'anchor', cells: { anchor, occurrence } });
            } else {
              rows.push({ unit: how, cells: { start: offsetIn(how, s), end: offsetIn(how, e) } });
            }
          }
          const units = [
            ...new Set(rows.map((r) => (r.unit === 'anchor' ? 'code_point' : r.unit))),
          ];
          const parsed = units.flatMap((unit) => {
            const mine = rows.filter((r) => (r.unit === 'anchor' ? 'code_point' : r.unit) === unit);
            const res = csv
              ? unit === 'code_point'
                ? parseCodingsCsv(toCsv(mine.map((r) => r.cells)), `c-${unit}.csv`, anyCtx)
                : undefined
              : parseCodingsYaml(
                  toYaml(
                    mine.map((r) => r.cells),
                    unit,
                  ),
                  `c-${unit}.yaml`,
                  anyCtx,
                );
            // CSV has no offsets: setting; those rows go in a YAML file
            const r =
              res ??
              parseCodingsYaml(
                toYaml(
                  mine.map((x) => x.cells),
                  unit,
                ),
                `c-${unit}.yaml`,
                anyCtx,
              );
            expect(r.errors).toEqual([]);
            return r.rows;
          });
          const resolved = resolveCodingRows(doc, parsed, { studyId: 's' });
          if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
          const want = [...new Set(spans.map(([[s, e]]) => `${s}:${e}`))].sort();
          expect(resolved.bundle.excerpts.map((x) => `${x.start}:${x.end}`).sort()).toEqual(want);
          for (const x of resolved.bundle.excerpts) {
            expect(x.text).toBe(sliceByCodePoints(text, x.start, x.end));
          }
          expect(new Set(resolved.bundle.excerpts.map((x) => x.id)).size).toBe(want.length);
          expect(resolved.bundle.codings.every((c) => c.code === 'form.relational')).toBe(true);
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(5),
  );
});

function toYaml(rows: readonly Record<string, string | number>[], unit: string): string {
  const lines = ['coder: kari'];
  if (unit !== 'code_point') lines.push(`offsets: { unit: ${unit} }`);
  lines.push('codings:');
  for (const r of rows) {
    lines.push('  - document: D1', '    codes: [form.relational]');
    for (const [k, v] of Object.entries(r)) lines.push(`    ${k}: ${JSON.stringify(v)}`);
  }
  return lines.join('\n');
}

function toCsv(rows: readonly Record<string, string | number>[]): string {
  const q = (v: string | number | undefined) =>
    v === undefined ? '' : `"${String(v).replaceAll('"', '""')}"`;
  return [
    'document,codes,coder,anchor,occurrence,start,end',
    ...rows.map((r) =>
      ['D1', 'form.relational', 'kari', q(r.anchor), q(r.occurrence), q(r.start), q(r.end)].join(
        ',',
      ),
    ),
  ].join('\n');
}
