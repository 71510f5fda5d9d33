import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue, type StudyIssue } from './issues.ts';
import { readStudyFolder, readStudyManifest, type StudyReadResult } from './study-folder.ts';

/*
 * Hostile study folders: each gives a clear, located issue (or, for a huge but valid file, the
 * right study), and never half a study, so an importer writes nothing. The work is bounded by
 * the readers' own limits, which each test sees fire by its issue: YAML aliases (maxAliasCount),
 * nesting, the did-you-mean that skips candidates by length. No test here times a read or
 * weighs the heap: speed and memory goals live in `pnpm bench`.
 */

const STUDY_YAML = `study: { id: hostile, name: Hostile input }
positions:
  - { id: mgr, role: manager, sector: health }
informants:
  - { id: M07, position: mgr }
coders:
  - id: kari
`;

let root = '';
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'iwa-hostile-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes a study folder (study.yaml defaults to a valid one) and reads it. */
async function readFolder(
  files: Record<string, string | Uint8Array>,
): Promise<{ res: StudyReadResult }> {
  const dir = path.join(root, `s${n++}`);
  await mkdir(path.join(dir, 'transcripts'), { recursive: true });
  for (const [rel, content] of Object.entries({ 'study.yaml': STUDY_YAML, ...files })) {
    await writeFile(path.join(dir, rel), content);
  }
  const res = await readStudyFolder(dir);
  await rm(dir, { recursive: true, force: true });
  return { res };
}

function errorsOf(res: StudyReadResult): StudyIssue[] {
  if (res.ok) throw new Error('expected the read to fail');
  expect('study' in res).toBe(false);
  return res.errors;
}

const codings = (rows: string, header = 'coder: kari\n') => `${header}codings:\n${rows}`;

describe('hostile study folders', () => {
  it('a 50 MB transcript line is read correctly', async () => {
    const filler = 'we talked about the steering group and the routine again '.repeat(900_000);
    const line = `M07: ${filler}and then 👍 the end.`;
    expect(line.length).toBeGreaterThan(50_000_000);
    const { res } = await readFolder({
      'transcripts/M07.txt': `I: Tell me.\n${line}\n`,
      'codings.yaml': codings(
        '  - { document: M07, anchor: "and then 👍 the end.", codes: [form.relational] }\n',
      ),
    });
    if (!res.ok) throw new Error(res.errors.map(formatIssue).join('\n'));
    const [doc] = res.study.documents;
    expect(doc?.turns.map((t) => t.speaker.id)).toEqual(['Interviewer', 'M07']);
    expect(res.study.excerpts.map((e) => e.text)).toEqual(['and then 👍 the end.']);
    const [excerpt] = res.study.excerpts;
    expect(excerpt?.end).toBe([...doc!.text].length - 1);
    // the whole line is kept, as written (compared without printing 50 MB on a failure)
    expect(doc?.text === `I: Tell me.\n${line}\n`).toBe(true);
  }, 120_000);

  it('an anchor that occurs on every line of a large transcript is refused, with its count', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `M07: point ${i}, as we said.`);
    const { res } = await readFolder({
      'transcripts/M07.txt': lines.join('\n'),
      'codings.yaml': codings(
        '  - { document: M07, anchor: "as we said", codes: [form.relational] }\n',
      ),
    });
    const [error] = errorsOf(res);
    expect(error).toMatchObject({ code: 'anchor_ambiguous', file: 'codings.yaml', line: 3 });
    expect(error?.message).toContain('50000 times');
  }, 30_000);

  it('a megabyte-long unknown code or coder gets an issue without an edit-distance hang', async () => {
    const huge = `form.${'x'.repeat(1_000_000)}`;
    const { res } = await readFolder({
      'transcripts/M07.txt': 'M07: We met.\n',
      'codings.csv': `document,anchor,codes,coder\nM07,We met.,${huge},${'k'.repeat(1_000_000)}\n`,
    });
    expect(errorsOf(res).map((e) => e.code)).toEqual(['unknown_code', 'unknown_coder']);
  }, 30_000);

  it.each([
    ['valid rows', 'form.relational', true],
    ['rows with an unknown code', 'form.nope', false],
  ])(
    'a codings CSV of 150 000 %s: no stack overflow',
    async (_, code, ok) => {
      const dir = path.join(root, `s${n++}`);
      await mkdir(path.join(dir, 'transcripts'), { recursive: true });
      await writeFile(path.join(dir, 'study.yaml'), STUDY_YAML);
      await writeFile(path.join(dir, 'transcripts', 'M07.txt'), 'M07: We met.\n');
      const rows = Array.from({ length: 150_000 }, (_, i) => `M07,${i},${i + 1},${code},kari`);
      await writeFile(
        path.join(dir, 'codings.csv'),
        `document,start,end,codes,coder\n${rows.join('\n')}\n`,
      );
      const res = await readStudyManifest(dir);
      await rm(dir, { recursive: true, force: true });
      expect(res.ok).toBe(ok);
      if (!res.ok) {
        expect(res.errors).toHaveLength(150_000);
        expect(res.errors[0]).toMatchObject({ code: 'unknown_code', file: 'codings.csv', line: 2 });
      }
    },
    120_000,
  );

  it('start/end in UTF-16 units that split a surrogate pair: a clear error', async () => {
    // "M07: I 👍 it." — 👍 is UTF-16 units 7–8; 8 falls between its two surrogates
    const { res } = await readFolder({
      'transcripts/M07.txt': 'M07: I 👍 it.\n',
      'codings.yaml': codings(
        '  - { document: M07, start: 8, end: 12, codes: [form.relational] }\n',
        'coder: kari\noffsets: { unit: utf16 }\n',
      ),
    });
    const [error] = errorsOf(res);
    expect(error).toMatchObject({ code: 'invalid_span', file: 'codings.yaml', line: 4 });
    expect(error?.message).toContain('falls inside a character');
  });

  it('start/end in UTF-8 bytes inside a multi-byte character: a clear error', async () => {
    const { res } = await readFolder({
      'transcripts/M07.txt': 'M07: Vi møttes.\n',
      'codings.yaml': codings(
        '  - { document: M07, start: 10, end: 14, codes: [form.relational] }\n',
        'coder: kari\noffsets: { unit: utf8 }\n',
      ),
    });
    expect(errorsOf(res)[0]).toMatchObject({ code: 'invalid_span' });
  });

  it.each([
    ['study.yaml', Buffer.concat([Buffer.from(STUDY_YAML), Buffer.from([0x23, 0x20, 0xe6, 0x0a])])],
    [
      'codings.csv',
      Buffer.concat([Buffer.from('document,anchor,codes,coder\nM07,We m'), Buffer.from([0xf8])]),
    ],
    ['transcripts/M07.txt', Buffer.from([0x4d, 0x30, 0x37, 0x3a, 0x20, 0xed, 0xa0, 0x80])],
  ])('invalid UTF-8 in %s: an issue naming the file and the byte offset', async (file, bytes) => {
    const { res } = await readFolder({
      'transcripts/M07.txt': 'M07: We met.\n',
      [file]: bytes,
    });
    const [error] = errorsOf(res);
    const offset = bytes.findIndex((b, i) => b >= 0x80 && (i === 0 || bytes[i - 1]! < 0x80));
    expect(error).toMatchObject({ code: 'invalid_utf8', file });
    expect(error?.message).toContain(`byte ${offset}`);
  });

  it.each(['study.yaml', 'codings.yaml'])(
    'a YAML alias bomb (billion laughs) in %s is refused, never expanded',
    async (file) => {
      const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
      for (let i = 1; i < 10; i++) {
        const prev = String.fromCharCode(96 + i);
        const name = String.fromCharCode(97 + i);
        lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
      }
      const { res } = await readFolder({
        'transcripts/M07.txt': 'M07: We met.\n',
        [file]: `${lines.join('\n')}\n`,
      });
      const [error] = errorsOf(res);
      expect(error).toMatchObject({ code: 'invalid_yaml', file, line: 2 });
      expect(error?.message).toContain('aliases');
    },
  );

  it.each([
    ['flow sequences', '['.repeat(100_000)],
    ['flow mappings', '{a: '.repeat(100_000)],
    ['block sequences', Array.from({ length: 5_000 }, (_, i) => `${' '.repeat(i)}-`).join('\n')],
  ])(
    'YAML nested 100k deep (%s) in codings.yaml: an issue, no stack overflow',
    async (_, text) => {
      const { res } = await readFolder({
        'transcripts/M07.txt': 'M07: We met.\n',
        'codings.yaml': text,
      });
      const errors = errorsOf(res);
      expect(errors[0]).toMatchObject({ file: 'codings.yaml' });
      expect(['invalid_yaml', 'invalid_value']).toContain(errors[0]?.code);
    },
    30_000,
  );
});
