import { sliceByCodePoints, Study } from '@iwa/study';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout, mutated } from '@iwa/testing/fuzz';
import { zip } from '../test/qdpx-fixtures.ts';
import { buildRealisticStudy, unzipAll } from '../test/qdpx-study.ts';
import { writeQdpx } from './qdpx-export.ts';
import { readQdpx, type QdpxReadResult } from './qdpx-import.ts';
import type { QdpxIssueCode } from './qdpx-types.ts';

/*
 * The .qdpx reader on archives built from a valid export and then damaged: project.qde mutated
 * as text, selection offsets moved, a source text mutated as bytes, or the zip bytes themselves
 * flipped and cut. It never throws, answers within the time limit, and gives either a study
 * (schema-valid, every excerpt exactly its document's slice) or coded issues, never half a study.
 */

const CODES: readonly QdpxIssueCode[] = [
  'unreadable_file',
  'not_a_zip',
  'unsafe_path',
  'zip_bomb',
  'no_project_file',
  'invalid_xml',
  'doctype',
  'invalid_project',
  'invalid_utf8',
  'missing_source',
  'selection_out_of_range',
  'unknown_code_ref',
  'unknown_reference',
  'invalid_mapping',
  'invalid_study',
];

let valid: Buffer;
let files: Map<string, Buffer>;
let qde = '';
let sources: string[] = [];

beforeAll(async () => {
  valid = await writeQdpx(buildRealisticStudy());
  files = await unzipAll(valid);
  qde = files.get('project.qde')!.toString('utf8');
  sources = [...files.keys()].filter((k) => k.startsWith('sources/'));
});

function check(res: QdpxReadResult): void {
  if (res.ok) {
    expect(Study.safeParse(res.study).error).toBeUndefined();
    for (const ex of res.study.excerpts) {
      const doc = res.study.documents.find((d) => d.id === ex.documentId);
      expect(doc).toBeDefined();
      expect(ex.text).toBe(sliceByCodePoints(doc!.text, ex.start, ex.end));
    }
    const ids = res.study.excerpts.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  } else {
    expect(res.errors.length).toBeGreaterThan(0);
    for (const e of res.errors) {
      expect(CODES).toContain(e.code);
      expect(e.message.length).toBeGreaterThan(0);
    }
  }
}

const rezip = (replace: Record<string, string | Uint8Array>) =>
  zip(Object.fromEntries([...files].map(([k, v]) => [k, replace[k] ?? v])));

describe('.qdpx import under fuzzing', () => {
  it('reads the valid export', async () => {
    const res = await readQdpx(valid);
    check(res);
    expect(res.ok).toBe(true);
  });

  it(
    'project.qde mutated as text: a study or coded issues',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          mutated(qde, [
            '<PlainTextSelection guid="00000000-0000-4000-8000-000000000001" startPosition="0" endPosition="3"/>',
            '<CodeRef targetGUID="00000000-0000-4000-8000-000000000099"/>',
            '<!DOCTYPE p>',
            'plainTextPath="internal://../../etc/passwd"',
            'startPosition="-1"',
            'endPosition="99999999"',
            '</Project>',
          ]),
          async (text) => check(await readQdpx(await rezip({ 'project.qde': text }))),
        ),
        fuzzParams(0.5),
      );
    },
    fuzzTimeout(40, 0.5),
  );

  it(
    'selection offsets moved to random values: a study whose excerpts match, or out-of-range issues',
    async () => {
      const count = (qde.match(/(start|end)Position="\d+"/g) ?? []).length;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(fc.nat(400), fc.integer({ min: -5, max: 2 ** 40 })), {
            minLength: count,
            maxLength: count,
          }),
          fc.constantFrom<'auto' | 'code_point' | 'utf16' | 'utf16_crlf' | 'utf8'>(
            'auto',
            'code_point',
            'utf16',
            'utf16_crlf',
            'utf8',
          ),
          async (values, offsetUnit) => {
            let k = 0;
            const text = qde.replace(
              /(start|end)Position="\d+"/g,
              (_, which: string) => `${which}Position="${values[k++] ?? 0}"`,
            );
            const bytes = await rezip({ 'project.qde': text });
            check(await readQdpx(bytes, { offsetUnit }));
          },
        ),
        fuzzParams(0.5),
      );
    },
    fuzzTimeout(40, 0.5),
  );

  it(
    'a source text mutated as bytes (invalid UTF-8, BOM, CRLF, cut): a study or coded issues',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat(),
          fc.nat(),
          fc.oneof(
            fc.uint8Array({ minLength: 1, maxLength: 4 }),
            fc.constantFrom(
              Uint8Array.of(0xff),
              Uint8Array.of(0x0d, 0x0a),
              Uint8Array.of(0xef, 0xbb, 0xbf),
              Uint8Array.of(0xf0, 0x9f),
            ),
          ),
          fc.boolean(),
          async (which, at, bytes, cut) => {
            const entry = sources[which % sources.length]!;
            const orig = files.get(entry)!;
            const i = at % (orig.length + 1);
            const content = cut
              ? orig.subarray(0, i)
              : Buffer.concat([orig.subarray(0, i), bytes, orig.subarray(i)]);
            check(await readQdpx(await rezip({ [entry]: content })));
          },
        ),
        fuzzParams(0.5),
      );
    },
    fuzzTimeout(40, 0.5),
  );

  it(
    'the zip bytes flipped or cut: a study or coded issues',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
            minLength: 1,
            maxLength: 8,
          }),
          fc.option(fc.nat(), { nil: undefined }),
          async (flips, cutAt) => {
            const bytes = Buffer.from(valid);
            for (const [at, v] of flips) bytes[at % bytes.length] = v;
            const input = cutAt === undefined ? bytes : bytes.subarray(0, cutAt % bytes.length);
            check(await readQdpx(input));
          },
        ),
        fuzzParams(0.5),
      );
    },
    fuzzTimeout(40, 0.5),
  );
});
