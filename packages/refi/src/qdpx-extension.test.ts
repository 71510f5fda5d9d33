import { beforeAll, describe, expect, it } from 'vitest';
import { unzipAll, buildRealisticStudy } from '../test/qdpx-study.ts';
import { zip } from '../test/qdpx-fixtures.ts';
import { writeQdpx } from './qdpx-export.ts';
import { checkQdpxExtension, EXTENSION_ENTRY, QdpxExtension } from './qdpx-extension.ts';
import { readQdpx } from './qdpx-import.ts';

/*
 * iwa's extension is checked entry by entry (so the parsed JSON and a checked copy of it are
 * never both alive whole); the result must be what checking the whole with the schema gives,
 * and a misfit must still be refused with the schema's own message.
 */

let files: Map<string, Buffer>;
let json = '';

beforeAll(async () => {
  files = await unzipAll(await writeQdpx(buildRealisticStudy()));
  json = files.get(EXTENSION_ENTRY)!.toString('utf8');
});

describe("checking iwa's extension entry by entry", () => {
  it('gives what the schema gives for the whole, with one object per speaker', () => {
    const whole = QdpxExtension.parse(JSON.parse(json));
    const checked = checkQdpxExtension(JSON.parse(json));
    expect(checked).toEqual(whole);
    const turns = Object.values(checked!.documents).flatMap((d) => d.turns);
    const refs = new Set(turns.map((t) => t.speaker));
    const byId = new Map(turns.map((t) => [`${t.speaker.kind}:${t.speaker.id}`, t.speaker]));
    // every turn and excerpt of one speaker holds the same object
    expect(refs.size).toBe(byId.size);
    expect(refs.size).toBeLessThan(turns.length);
    const speakers = Object.values(checked!.excerpts).flatMap((e) => e.speaker ?? []);
    expect(speakers.length).toBeGreaterThan(0);
    for (const s of speakers) {
      const turn = byId.get(`${s.kind}:${s.id}`);
      if (turn !== undefined) expect(s).toBe(turn);
    }
  });

  it('refuses a misfit anywhere: a bad GUID key, a bad entry, a bad top-level field', () => {
    const parsed = () => JSON.parse(json) as Record<string, Record<string, unknown>>;
    const badKey = parsed();
    badKey['codings']!['not-a-guid'] = { id: 'c1' };
    const badEntry = parsed();
    const guid = Object.keys(badEntry['excerpts']!)[0]!;
    badEntry['excerpts']![guid] = { id: 'x', performerSource: 'nobody' };
    const badTop = parsed();
    (badTop as Record<string, unknown>)['version'] = 2;
    for (const bad of [badKey, badEntry, badTop, [], null, 'text']) {
      expect(checkQdpxExtension(bad)).toBeUndefined();
    }
  });

  it('reads a project whose extension misfits as REFI-QDA alone, warning with the schema message', async () => {
    const ext = JSON.parse(json) as Record<string, Record<string, unknown>>;
    const guid = Object.keys(ext['documents']!)[0]!;
    (ext['documents']![guid] as Record<string, unknown>)['kind'] = 'podcast';
    const bytes = await zip(
      Object.fromEntries(
        [...files].map(([k, v]) => [k, k === EXTENSION_ENTRY ? JSON.stringify(ext) : v]),
      ),
    );
    const res = await readQdpx(bytes);
    if (!res.ok) throw new Error(res.errors.map((e) => e.message).join('\n'));
    expect(res.report.extension).toBe('ignored');
    const expected = QdpxExtension.safeParse(ext).error?.issues[0]?.message;
    expect(expected).toBeDefined();
    expect(res.report.warnings.map((w) => w.message)).toContain(
      `iwa's extension does not have the expected shape; ignored (${expected})`,
    );
  });
});
