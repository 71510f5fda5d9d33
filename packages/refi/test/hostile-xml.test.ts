import { describe, expect, it } from 'vitest';
import { readQdpx, safeReadCodebookQdc, type QdpxReadResult } from '../src/index.ts';
import { MANAGER_INTERVIEW, P, pos, rawZip, zip } from './qdpx-fixtures.ts';

/*
 * Hostile XML and archives, beyond qdpx-hostile.test.ts: entity bombs and external entities
 * (refused, never expanded or fetched), nesting 100 000 deep (a clear error, no stack overflow),
 * invalid UTF-8 in the XML (the byte offset), selections that split a surrogate pair, a huge
 * single line, and too many entries. Each gives a clear error and no study, so nothing is
 * written. What bounds the work is the reader's own limits (no DOCTYPE, so no entity is ever
 * declared or expanded; MAX_XML_DEPTH), which each test sees fire by its message; no test
 * times the reader (speed goals live in `pnpm bench`).
 */

const GUID = '01234567-89ab-4cde-8f01-23456789abcd';
const CODE = `<Code guid="${GUID}" name="Operational" isCodable="true"/>`;
const CODEBOOK = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>${CODE}</Codes></CodeBook>`;

/** Ten entities, each ten of the previous: 10^10 "lol"s if anything expanded them. */
const BILLION_LAUGHS = `<!DOCTYPE lolz [
 <!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n')}
]>`;
const XXE = `<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>`;

function qdcProblems(input: string | Uint8Array): string[] {
  const res = safeReadCodebookQdc(input);
  expect(res.success).toBe(false);
  return res.success ? [] : res.error.issues.map((i) => i.message);
}

const TEXT_ENTRY = 'sources/11234567-89ab-4cde-8f01-23456789abcd.txt';
const project = (selection: string, prolog = '') => `<?xml version="1.0" encoding="utf-8"?>
${prolog}<Project xmlns="${P}" name="hostile">
  <CodeBook><Codes>${CODE}</Codes></CodeBook>
  <Sources>
    <TextSource guid="11234567-89ab-4cde-8f01-23456789abcd" name="M02" plainTextPath="internal://11234567-89ab-4cde-8f01-23456789abcd.txt">
      ${selection}
    </TextSource>
  </Sources>
</Project>`;
const selection = (positions: string) =>
  `<PlainTextSelection guid="21234567-89ab-4cde-8f01-23456789abcd" ${positions}><Coding guid="31234567-89ab-4cde-8f01-23456789abcd"><CodeRef targetGUID="${GUID}"/></Coding></PlainTextSelection>`;
const SELECTION = selection(pos(MANAGER_INTERVIEW, 'shared routine', 'code_point'));

async function qdpxErrors(res: Promise<QdpxReadResult>) {
  const r = await res;
  if (r.ok) throw new Error('expected the read to fail');
  expect('study' in r).toBe(false);
  return r.errors;
}

describe('hostile .qdc', () => {
  it('refuses a billion-laughs entity bomb without expanding it', () => {
    const problems = qdcProblems(
      `<?xml version="1.0"?>\n${BILLION_LAUGHS}\n<CodeBook><Codes><Code name="&lol9;" isCodable="true"/></Codes></CodeBook>`,
    );
    expect(problems).toEqual([
      'line 2: the file declares a DOCTYPE; a REFI-QDA file has none, and iwa reads no DTD',
    ]);
  });

  it('refuses external entities (XXE): nothing is read from the file system or the network', () => {
    const problems = qdcProblems(
      `<?xml version="1.0"?>\n${XXE}\n<CodeBook><Codes><Code name="&xxe;" isCodable="true"/></Codes></CodeBook>`,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('DOCTYPE');
    expect(problems.join()).not.toMatch(/root:|daemon:/);
  });

  it.each([
    ['lower case', `<!doctype CodeBook [<!ENTITY a "b">]>${CODEBOOK}`],
    ['after a comment', `<!-- hi -->\n<!DOCTYPE CodeBook [<!ENTITY a "b">]>${CODEBOOK}`],
    ['in UTF-16', `\uFEFF<!DOCTYPE CodeBook SYSTEM "codebook.dtd">${CODEBOOK}`],
  ])('refuses a DOCTYPE written %s', (_, xml) => {
    const bytes =
      _ === 'in UTF-16' ? Uint8Array.from(Buffer.from(xml, 'utf16le')) : Buffer.from(xml);
    expect(qdcProblems(bytes)[0]).toContain('DOCTYPE');
  });

  it('does not expand undeclared entity references either: they stay as written', () => {
    const res = safeReadCodebookQdc(CODEBOOK.replace('name="Operational"', 'name="&lol9; &xxe;"'));
    expect(res.success && res.data.mapping[0]?.name).toBe('&lol9; &xxe;');
  });

  it.each([100_000, 1_000])('refuses elements nested %i deep with a clear error', (depth) => {
    const deep = `<CodeBook><Codes>${`<Code name="a" isCodable="true">`.repeat(depth)}${'</Code>'.repeat(depth)}</Codes></CodeBook>`;
    expect(qdcProblems(deep)).toEqual([
      'elements are nested more than 100 deep; a REFI-QDA file never is, so it is refused',
    ]);
  });

  it('reads codes nested 90 deep (deep but allowed)', () => {
    const nested = `<CodeBook><Codes>${Array.from({ length: 90 }, (_, i) => `<Code name="Level ${i}" isCodable="true">`).join('')}${'</Code>'.repeat(90)}</Codes></CodeBook>`;
    const res = safeReadCodebookQdc(nested);
    expect(res.success && res.data.mapping).toHaveLength(90);
  });

  it('names the byte of invalid UTF-8', () => {
    const bytes = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook><Codes><Code name="M'),
      Buffer.from([0xf8]),
      Buffer.from('te" isCodable="true"/></Codes></CodeBook>'),
    ]);
    expect(qdcProblems(bytes)).toEqual([
      'line 2: the bytes are not valid utf-8: byte 69 (0xf8) does not start a valid character',
    ]);
  });

  it('reads a codebook whose single line is 20 MB, the whole description kept', () => {
    const description = 'x'.repeat(20_000_000);
    const res = safeReadCodebookQdc(
      CODEBOOK.replace(
        `${CODE}`,
        `<Code guid="${GUID}" name="Long" isCodable="true"><Description>${description}</Description></Code>`,
      ),
    );
    if (!res.success) throw new Error(res.error.message);
    expect(res.data.mapping.map((m) => m.name)).toEqual(['Long']);
    const [code] = res.data.codebook.codes.filter((c) => c.label === 'Long');
    expect(code?.definition?.length).toBe(description.length);
  }, 60_000);
});

describe('hostile .qdpx', () => {
  const withText = (qde: string) => zip({ 'project.qde': qde, [TEXT_ENTRY]: MANAGER_INTERVIEW });

  it('refuses a billion-laughs entity bomb in project.qde without expanding it', async () => {
    const errors = await qdpxErrors(
      readQdpx(await withText(project(SELECTION, `${BILLION_LAUGHS}\n`))),
    );
    expect(errors).toEqual([
      expect.objectContaining({ code: 'doctype', entry: 'project.qde', line: 2 }),
    ]);
  });

  it('refuses external entities (XXE) in project.qde', async () => {
    const errors = await qdpxErrors(readQdpx(await withText(project(SELECTION, `${XXE}\n`))));
    expect(errors).toEqual([expect.objectContaining({ code: 'doctype', line: 2 })]);
    expect(JSON.stringify(errors)).not.toMatch(/root:|daemon:/);
  });

  it('refuses a project.qde nested 100 000 deep with a clear error', async () => {
    const deep = project(`${'<Description>'.repeat(100_000)}${'</Description>'.repeat(100_000)}`);
    // stored, not deflated: compressed, this much repetition is (rightly) refused as a zip bomb
    const bytes = rawZip([
      { name: 'project.qde', data: Buffer.from(deep) },
      { name: TEXT_ENTRY, data: Buffer.from(MANAGER_INTERVIEW) },
    ]);
    const errors = await qdpxErrors(readQdpx(bytes));
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'invalid_xml',
        entry: 'project.qde',
        message: expect.stringContaining('nested more than 100 deep') as string,
      }),
    ]);
  });

  it('names the byte of invalid UTF-8 in project.qde', async () => {
    const qde = Buffer.concat([Buffer.from(project(SELECTION)), Buffer.from([0xc3, 0x28])]);
    const errors = await qdpxErrors(
      readQdpx(await zip({ 'project.qde': qde, [TEXT_ENTRY]: MANAGER_INTERVIEW })),
    );
    expect(errors).toEqual([
      expect.objectContaining({ code: 'invalid_utf8', entry: 'project.qde', line: 9 }),
    ]);
    expect(errors[0]?.message).toContain(`byte ${Buffer.byteLength(project(SELECTION))}`);
  });

  it('refuses a selection that splits a surrogate pair (UTF-16 offsets)', async () => {
    // 🚀 sits at UTF-16 units [u, u+2); ending at u+1 cuts it in half
    const u = MANAGER_INTERVIEW.indexOf('🚀');
    const split = selection(`startPosition="${u - 4}" endPosition="${u + 1}"`);
    const errors = await qdpxErrors(
      readQdpx(await withText(project(split)), { offsetUnit: 'utf16' }),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'selection_out_of_range',
        element: 'Project/Sources[1]/TextSource[1]/PlainTextSelection[1]',
      }),
    ]);
  });

  it('refuses a selection that splits a multi-byte character (UTF-8 offsets)', async () => {
    const b = Buffer.byteLength(MANAGER_INTERVIEW.slice(0, MANAGER_INTERVIEW.indexOf('🚀')));
    const split = selection(`startPosition="${b + 2}" endPosition="${b + 8}"`);
    const errors = await qdpxErrors(
      readQdpx(await withText(project(split)), { offsetUnit: 'utf8' }),
    );
    expect(errors[0]?.code).toBe('selection_out_of_range');
  });

  it('refuses an archive with more entries than the limit', async () => {
    const files = Array.from({ length: 50 }, (_, i) => ({
      name: `sources/x${i}.txt`,
      data: Buffer.from('x'),
    }));
    const bytes = rawZip([
      { name: 'project.qde', data: Buffer.from(project(SELECTION)) },
      ...files,
    ]);
    const errors = await qdpxErrors(readQdpx(bytes, { limits: { maxEntries: 20 } }));
    expect(errors[0]).toMatchObject({ code: 'zip_bomb' });
  });

  it('refuses a zip-slip entry hidden behind backslashes', async () => {
    const bytes = rawZip([
      { name: 'project.qde', data: Buffer.from(project(SELECTION)) },
      { name: 'sources\\..\\..\\evil.txt', data: Buffer.from('pwned') },
    ]);
    const errors = await qdpxErrors(readQdpx(bytes));
    expect(errors[0]).toMatchObject({ code: 'unsafe_path' });
  });
});
