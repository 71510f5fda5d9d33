import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout, mutated } from '@iwa/testing/fuzz';
import { StudyIssue } from './issues.ts';
import { Study } from './model.ts';
import { sliceByCodePoints } from './offsets.ts';
import { readStudyFolder } from './study-folder.ts';

/*
 * A whole study folder with one of its files mutated (as text, or as bytes: invalid UTF-8, NUL,
 * a cut-off character): readStudyFolder never throws and answers within the time limit; it gives
 * a study that satisfies the schema, whose every excerpt is exactly its document's slice, or
 * located issues (never half a study).
 */

const DEMO = fileURLToPath(new URL('../test/fixtures/ips-demo', import.meta.url));
let work = '';
const originals = new Map<string, Buffer>();

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'iwa-fuzz-folder-'));
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(path.join(DEMO, rel), { withFileTypes: true })) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(child);
      else originals.set(child, await readFile(path.join(DEMO, child)));
    }
  };
  await walk('');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const FILES = () => [...originals.keys()].sort();

const byteMutation = fc.oneof(
  fc.record({ at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
  fc.record({
    at: fc.nat(),
    bytes: fc.constantFrom(
      Uint8Array.of(0xff),
      Uint8Array.of(0xc3),
      Uint8Array.of(0xed, 0xa0, 0x80),
      Uint8Array.of(0xf0, 0x9f),
      Uint8Array.of(0),
      Uint8Array.of(0xef, 0xbb, 0xbf),
    ),
  }),
);

let trial = 0;

describe('readStudyFolder under fuzzing', () => {
  it(
    'one file mutated as text or bytes: a consistent study or located issues',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...FILES()).chain((file) =>
            fc.tuple(
              fc.constant(file),
              fc.oneof(
                mutated(originals.get(file)!.toString('utf8'), [
                  'M07',
                  'A07: ',
                  'document: M04',
                  'anchor: ',
                  'informants:',
                ]).map((text) => Buffer.from(text, 'utf8')),
                byteMutation.map(({ at, bytes }) => {
                  const orig = originals.get(file)!;
                  const i = at % (orig.length + 1);
                  return Buffer.concat([orig.subarray(0, i), bytes, orig.subarray(i)]);
                }),
              ),
            ),
          ),
          async ([file, content]) => {
            const dir = path.join(work, `t${trial++}`);
            await cp(DEMO, dir, { recursive: true });
            await writeFile(path.join(dir, file), content);
            try {
              const res = await readStudyFolder(dir);
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
                for (const e of res.errors) expect(StudyIssue.safeParse(e).error).toBeUndefined();
              }
            } finally {
              await rm(dir, { recursive: true, force: true });
            }
          },
        ),
        fuzzParams(0.5),
      );
    },
    fuzzTimeout(150, 0.5),
  );
});
