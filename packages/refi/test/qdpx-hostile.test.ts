import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  iterateQdpxDocuments,
  readQdpx,
  readQdpxManifest,
  writeQdpx,
  type QdpxReadResult,
} from '../src/index.ts';
import { MANAGER_INTERVIEW, P, pos, rawZip, zip } from './qdpx-fixtures.ts';
import { buildRealisticStudy } from './qdpx-study.ts';

/*
 * Hostile and broken input: each gives a clear error (code, entry, line, element) and no study,
 * so the caller writes nothing.
 */

const CODEBOOK = `<CodeBook><Codes><Code guid="01234567-89ab-4cde-8f01-23456789abcd" name="Operational" isCodable="true"/></Codes></CodeBook>`;
const source = (selection: string, extra = '') => `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="${P}" name="hostile">
  ${CODEBOOK}
  <Sources>
    <TextSource guid="11234567-89ab-4cde-8f01-23456789abcd" name="M02" plainTextPath="internal://11234567-89ab-4cde-8f01-23456789abcd.txt">
      ${selection}
    </TextSource>${extra}
  </Sources>
</Project>`;
const SELECTION = `<PlainTextSelection guid="21234567-89ab-4cde-8f01-23456789abcd" ${pos(MANAGER_INTERVIEW, 'shared routine', 'code_point')}>
        <Coding guid="31234567-89ab-4cde-8f01-23456789abcd"><CodeRef targetGUID="01234567-89ab-4cde-8f01-23456789abcd"/></Coding>
      </PlainTextSelection>`;
const TEXT_ENTRY = 'sources/11234567-89ab-4cde-8f01-23456789abcd.txt';

function errorsOf(res: QdpxReadResult) {
  expect(res.ok).toBe(false);
  if (res.ok) throw new Error('expected a failure');
  expect('study' in res).toBe(false);
  return res.errors;
}

describe('hostile .qdpx input', () => {
  it('reads the well-formed baseline', async () => {
    const res = await readQdpx(
      await zip({ 'project.qde': source(SELECTION), [TEXT_ENTRY]: MANAGER_INTERVIEW }),
    );
    expect(res.ok && res.study.excerpts.map((e) => e.text)).toEqual(['shared routine']);
  });

  it('names the line of malformed XML', async () => {
    const broken = source(SELECTION).replace('</TextSource>', '</Textsource>');
    const [error] = errorsOf(
      await readQdpx(await zip({ 'project.qde': broken, [TEXT_ENTRY]: MANAGER_INTERVIEW })),
    );
    expect(error).toMatchObject({ code: 'invalid_xml', entry: 'project.qde', line: 9 });
  });

  it('refuses a DOCTYPE and never expands entities', async () => {
    const bomb = source(SELECTION).replace(
      '<Project',
      '<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<Project',
    );
    const [error] = errorsOf(
      await readQdpx(await zip({ 'project.qde': bomb, [TEXT_ENTRY]: MANAGER_INTERVIEW })),
    );
    expect(error).toMatchObject({ code: 'doctype', line: 2 });
  });

  it('names a selection past the end of its text', async () => {
    const past = SELECTION.replace(
      /startPosition="\d+" endPosition="\d+"/,
      'startPosition="150" endPosition="400"',
    );
    const errors = errorsOf(
      await readQdpx(await zip({ 'project.qde': source(past), [TEXT_ENTRY]: MANAGER_INTERVIEW })),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'selection_out_of_range',
        line: 6,
        element: 'Project/Sources[1]/TextSource[1]/PlainTextSelection[1]',
      }),
    ]);
  });

  it('names an unknown CodeRef', async () => {
    const unknown = SELECTION.replace(
      'CodeRef targetGUID="01234567-89ab-4cde-8f01-23456789abcd"',
      'CodeRef targetGUID="99999999-89ab-4cde-8f01-23456789abcd"',
    );
    const [error] = errorsOf(
      await readQdpx(
        await zip({ 'project.qde': source(unknown), [TEXT_ENTRY]: MANAGER_INTERVIEW }),
      ),
    );
    expect(error).toMatchObject({
      code: 'unknown_code_ref',
      line: 7,
      element: expect.stringContaining('Coding[1]/CodeRef[1]') as string,
    });
  });

  it('names a missing source file before reading any text', async () => {
    const [error] = errorsOf(await readQdpx(await zip({ 'project.qde': source(SELECTION) })));
    expect(error).toMatchObject({ code: 'missing_source', line: 5 });
    expect(error?.message).toContain('internal://11234567-89ab-4cde-8f01-23456789abcd.txt');
  });

  it('refuses a source file that is not UTF-8, naming the entry', async () => {
    const latin1 = Buffer.from('M02: Vi m\xf8ttes p\xe5 mandag.\n', 'latin1');
    const [error] = errorsOf(
      await readQdpx(await zip({ 'project.qde': source(SELECTION), [TEXT_ENTRY]: latin1 })),
    );
    expect(error).toMatchObject({ code: 'invalid_utf8', entry: TEXT_ENTRY });
    expect(error?.message).toContain('offset 9');
  });

  it.each([
    ['../../etc/cron.d/evil', 'a relative path out of the archive'],
    ['sources/../../evil.txt', 'a climb through sources/'],
    ['/etc/passwd', 'an absolute path'],
    ['C:/Windows/evil.txt', 'a drive letter'],
  ])('refuses a zip entry named %s (%s)', async (name) => {
    const bytes = rawZip([
      { name: 'project.qde', data: Buffer.from(source(SELECTION)) },
      { name, data: Buffer.from('pwned') },
    ]);
    const [error] = errorsOf(await readQdpx(bytes));
    expect(error).toMatchObject({ code: 'unsafe_path' });
  });

  it('refuses an entry compressed beyond the ratio limit (a zip bomb)', async () => {
    const zeros = Buffer.alloc(5_000_000);
    const [error] = errorsOf(
      await readQdpx(await zip({ 'project.qde': source(SELECTION), [TEXT_ENTRY]: zeros })),
    );
    expect(error).toMatchObject({ code: 'zip_bomb', entry: TEXT_ENTRY });
  });

  it('refuses an entry larger than the per-entry limit, and archives over the total limit', async () => {
    const bytes = await zip({ 'project.qde': source(SELECTION), [TEXT_ENTRY]: MANAGER_INTERVIEW });
    expect(errorsOf(await readQdpx(bytes, { limits: { maxEntryBytes: 100 } }))[0]).toMatchObject({
      code: 'zip_bomb',
    });
    expect(errorsOf(await readQdpx(bytes, { limits: { maxTotalBytes: 500 } }))[0]).toMatchObject({
      code: 'zip_bomb',
    });
  });

  it('refuses an entry whose declared size lies', async () => {
    const text = Buffer.from(MANAGER_INTERVIEW);
    const bytes = rawZip([
      { name: 'project.qde', data: Buffer.from(source(SELECTION)) },
      { name: TEXT_ENTRY, data: text, declaredSize: 10, compressedSize: text.length },
    ]);
    expect(errorsOf(await readQdpx(bytes))[0]?.code).toMatch(/not_a_zip|zip_bomb/);
  });

  it('says so when the file is not a zip, or has no project file', async () => {
    expect(errorsOf(await readQdpx(Buffer.from('<Project/>')))[0]?.code).toBe('not_a_zip');
    expect(errorsOf(await readQdpx(await zip({ [TEXT_ENTRY]: MANAGER_INTERVIEW })))[0]?.code).toBe(
      'no_project_file',
    );
    expect(errorsOf(await readQdpx('/nonexistent/project.qdpx'))[0]?.code).toBe('unreadable_file');
  });

  it('ignores an extension that belongs to another project.qde', async () => {
    const study = buildRealisticStudy();
    const good = await writeQdpx(study);
    const { unzipAll } = await import('./qdpx-study.ts');
    const files = await unzipAll(good);
    const qde = files
      .get('project.qde')!
      .toString('utf8')
      .replace('name="IPS in northern', 'name="Edited: IPS in northern');
    const tampered = await zip(
      Object.fromEntries([...files].map(([k, v]) => [k, k === 'project.qde' ? qde : v])),
    );
    const res = await readQdpx(tampered, { studyId: study.id });
    expect(res.ok && res.report.extension).toBe('ignored');
    expect(res.ok && res.study.name).toBe('Edited: IPS in northern mental health care');
  });
});

describe('streaming', () => {
  it('yields the manifest first, then one document bundle at a time, from a file path', async () => {
    const study = buildRealisticStudy();
    const dir = await mkdtemp(path.join(tmpdir(), 'iwa-qdpx-'));
    try {
      const file = path.join(dir, 'study.qdpx');
      await writeFile(file, await writeQdpx(study));
      const m = await readQdpxManifest(file);
      if (!m.ok) throw new Error(JSON.stringify(m.errors));
      expect(m.project.manifest.informants.map((i) => i.id)).toEqual(['M07', 'N03']);
      const seen: string[] = [];
      for await (const item of iterateQdpxDocuments(m.project)) {
        if (!item.ok) throw new Error(JSON.stringify(item.errors));
        seen.push(`${item.bundle.document.id}:${item.bundle.excerpts.length}`);
      }
      expect(seen).toEqual(['M07:2', 'N03:3', 'SG-2024-03:1']);
      expect(m.project.report.counts.documents).toBe(3);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('reads a 60-document project with one source in memory at a time', async () => {
    const base = buildRealisticStudy();
    const doc = base.documents[1]!;
    const documents = Array.from({ length: 60 }, (_, i) => ({
      ...doc,
      id: `N${String(i).padStart(3, '0')}`,
      title: `Interview ${i}`,
    }));
    const study = { ...base, documents, excerpts: [], codings: [], memos: [], sets: [], links: [] };
    const m = await readQdpxManifest(await writeQdpx(study));
    if (!m.ok) throw new Error(JSON.stringify(m.errors));
    let n = 0;
    for await (const item of iterateQdpxDocuments(m.project)) {
      expect(item.ok && item.bundle.document.text).toBe(doc.text);
      n++;
    }
    expect(n).toBe(60);
  });
});
