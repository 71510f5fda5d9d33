import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { formatIssue } from './issues.ts';
import { Study } from './model.ts';
import { sliceByCodePoints } from './offsets.ts';
import { StudyError } from './study-error.ts';
import { iterateStudyDocuments, readStudyFolder, readStudyManifest } from './study-folder.ts';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));

async function errorsOf(name: string): Promise<string[]> {
  const res = await readStudyFolder(fixture(name));
  expect(res.ok).toBe(false);
  return res.ok ? [] : res.errors.map(formatIssue);
}

describe('readStudyFolder on the demo study', () => {
  it('reads every document, merges rows on the same span, and reports no issue', async () => {
    const res = await readStudyFolder(fixture('ips-demo'));
    if (!res.ok) throw new Error(res.errors.map(formatIssue).join('\n'));
    expect(res.warnings).toEqual([]);
    const { study } = res;
    expect(Study.safeParse(study).success).toBe(true);
    expect(study.documents.map((d) => [d.id, d.kind, d.participants])).toEqual([
      ['A07', 'interview', ['A07']],
      ['M04', 'interview', ['M04']],
      ['M07', 'interview', ['M07']],
      ['steering-2019-09', 'meeting', ['M04', 'M07', 'A07']],
    ]);
    expect(study.coders.map((c) => c.id)).toEqual(['kari', 'ole']);
    expect(study.excerpts).toHaveLength(10);
    // every excerpt's text is exactly its code point slice of the document
    for (const ex of study.excerpts) {
      const doc = study.documents.find((d) => d.id === ex.documentId)!;
      expect(sliceByCodePoints(doc.text, ex.start, ex.end)).toBe(ex.text);
    }
  });

  it('gives a span coded by two coders one excerpt with all their codings and the memo', async () => {
    const res = await readStudyFolder(fixture('ips-demo'));
    if (!res.ok) throw new Error('demo study should read');
    const { study } = res;
    const ex = study.excerpts.find((e) => e.text.startsWith('We started the steering group'))!;
    expect(ex.id).toMatch(/^ex-[0-9a-f]{16}$/);
    const codings = study.codings.filter((c) => c.excerptId === ex.id);
    expect(codings.map((c) => `${c.coderId}:${c.code}`).sort()).toEqual([
      'kari:flag.steering_group',
      'kari:form.structural',
      'kari:purpose.creating',
      'ole:form.structural',
      'ole:purpose.creating',
    ]);
    expect(codings.find((c) => c.coderId === 'kari')?.at).toBe('2024-05-02T10:15:00Z');
    expect(study.memos.filter((m) => m.about.some((a) => a.id === ex.id))).toEqual([
      expect.objectContaining({ text: 'Agree with Kari, structural.', author: 'ole' }),
    ]);
  });

  it('defaults the performer to the speaker, and keeps an explicit one', async () => {
    const res = await readStudyFolder(fixture('ips-demo'));
    if (!res.ok) throw new Error('demo study should read');
    const byText = (t: string) => res.study.excerpts.find((e) => e.text.startsWith(t))!;
    const boundary = byText('The employment specialist was only allowed');
    expect(boundary.speaker).toEqual({ kind: 'informant', id: 'M07' });
    expect(boundary.performer).toEqual({ kind: 'actor_group', id: 'dps_clinicians' });
    expect(boundary.performerSource).toBe('explicit');
    const enlist = byText('And I went to the director');
    expect(enlist.id).toBe('a07-enlists');
    // the transcript says "[Advisor]", an alias of A07
    expect(enlist.speaker).toEqual({ kind: 'informant', id: 'A07' });
    expect(enlist.performer).toEqual({ kind: 'informant', id: 'A07' });
    expect(enlist.performerSource).toBe('speaker');
    const salary = byText('Nav will pay the salary');
    expect(salary.performer).toEqual({ kind: 'organisation', id: 'nav_east' });
  });

  it('counts offsets in code points, so the emoji excerpt and start/end rows line up', async () => {
    const res = await readStudyFolder(fixture('ips-demo'));
    if (!res.ok) throw new Error('demo study should read');
    const emoji = res.study.excerpts.find((e) => e.text.endsWith('more hope 🙂.'))!;
    expect(emoji.end - emoji.start).toBe([...emoji.text].length);
    const byOffsets = res.study.excerpts.find(
      (e) => e.documentId === 'steering-2019-09' && e.start === 86,
    )!;
    expect(byOffsets.text).toBe('In the outpatient team, from January.');
    expect(byOffsets.speaker).toEqual({ kind: 'informant', id: 'M04' });
    // occurrence 2 of "the steering group" in A07's interview
    const second = res.study.excerpts.find(
      (e) => e.documentId === 'A07' && e.text === 'the steering group',
    )!;
    const a07 = res.study.documents.find((d) => d.id === 'A07')!;
    const first = a07.text.indexOf('the steering group');
    expect(second.start).toBeGreaterThan([...a07.text.slice(0, first)].length);
  });

  it('builds dual employment, forum attendance with participation, and phase events', async () => {
    const res = await readStudyFolder(fixture('ips-demo'));
    if (!res.ok) throw new Error('demo study should read');
    const { study } = res;
    const employers = study.relations
      .filter((r) => r.type === 'employed_by' && r.from.id === 'A07')
      .map((r) => [r.to.id, r.type === 'employed_by' && r.primary]);
    expect(employers).toEqual([
      ['nav_region', true],
      ['dps_north', false],
    ]);
    const attends = study.relations.find((r) => r.type === 'attends')!;
    expect(attends).toMatchObject({
      from: { kind: 'informant', id: 'A07' },
      to: { kind: 'actor_group', id: 'steering_group' },
      participation: 'advisory',
      evidence: ['a07-steering'],
    });
    expect(study.phaseEvents).toEqual([
      expect.objectContaining({
        organisationId: 'dps_north',
        type: 'collaboration_initiated',
        date: '2019-09',
        evidence: ['a07-steering'],
        confidence: 0.7,
      }),
    ]);
    expect(study.excerpts.some((e) => e.id === 'a07-steering')).toBe(true);
    expect(study.dimensions).toEqual({
      role: ['peer_worker'],
      organisationKind: ['regional_health_trust'],
    });
  });

  it('is deterministic: reading twice gives the same study, ids included', async () => {
    const a = await readStudyFolder(fixture('ips-demo'));
    const b = await readStudyFolder(fixture('ips-demo'));
    expect(a).toEqual(b);
  });
});

describe('streaming', () => {
  it('reads the manifest without transcripts, then yields one document at a time', async () => {
    const m = await readStudyManifest(fixture('ips-demo'));
    if (!m.ok) throw new Error(m.errors.map(formatIssue).join('\n'));
    expect(m.folder.manifest.id).toBe('ips-demo');
    expect(m.folder.documentFiles).toEqual([
      'transcripts/interviews/A07.txt',
      'transcripts/interviews/M04.md',
      'transcripts/interviews/M07.txt',
      'transcripts/meetings/steering-2019-09.md',
    ]);
    expect(m.folder.codingFiles).toEqual(['codings.yaml', 'codings/ole.csv']);
    const seen: string[] = [];
    for await (const item of iterateStudyDocuments(m.folder)) {
      if (!item.ok) throw new Error(item.errors.map(formatIssue).join('\n'));
      seen.push(`${item.bundle.document.id}:${item.bundle.excerpts.length}`);
      for (const c of item.bundle.codings) {
        expect(item.bundle.excerpts.some((e) => e.id === c.excerptId)).toBe(true);
      }
    }
    expect(seen).toEqual(['A07:3', 'M04:2', 'M07:3', 'steering-2019-09:2']);
  });

  it("reads each document's CSV rows again from their file, and names a file changed meanwhile", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'iwa-study-'));
    try {
      await cp(fixture('ips-demo'), dir, { recursive: true });
      const whole = await readStudyFolder(dir);
      if (!whole.ok) throw new Error(whole.errors.map(formatIssue).join('\n'));
      const m = await readStudyManifest(dir);
      if (!m.ok) throw new Error(m.errors.map(formatIssue).join('\n'));
      // the same excerpts and codings as the whole read (rows from codings.yaml and ole.csv)
      const streamed = [];
      for await (const item of iterateStudyDocuments(m.folder)) {
        if (!item.ok) throw new Error(item.errors.map(formatIssue).join('\n'));
        streamed.push(...item.bundle.codings);
      }
      expect(streamed).toEqual(whole.study.codings);
      expect(streamed.filter((c) => c.coderId === 'ole')).toHaveLength(10);

      // ole.csv edited after the manifest was read: its rows are not read from the new text
      const again = await readStudyManifest(dir);
      if (!again.ok) throw new Error(again.errors.map(formatIssue).join('\n'));
      const csv = path.join(dir, 'codings', 'ole.csv');
      await writeFile(
        csv,
        (await readFile(csv, 'utf8')).replace('A07,the steering group', 'A07,the steering groups'),
      );
      const failed = [];
      for await (const item of iterateStudyDocuments(again.folder))
        if (!item.ok) failed.push(...item.errors.map(formatIssue));
      expect(failed[0]).toBe(
        'codings/ole.csv: the file changed while the study was being read; its coding rows were not read again; run the command again once the file is saved',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('accepts a folder path and yields the manifest errors as one item', async () => {
    const items = [];
    for await (const item of iterateStudyDocuments(fixture('errors-yaml-syntax'))) items.push(item);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ ok: false, file: undefined });
  });

  it('refuses a folder object it did not make (a caller bug)', async () => {
    const gen = iterateStudyDocuments({
      dir: '.',
      manifest: {} as never,
      documentFiles: [],
      codingFiles: [],
    });
    await expect(gen.next()).rejects.toBeInstanceOf(StudyError);
  });
});

describe('bytes on disk: BOM, CRLF, invalid UTF-8', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function tempStudy(transcript: Uint8Array, codings: string): Promise<string> {
    dir = await mkdtemp(path.join(tmpdir(), 'iwa-study-'));
    await writeFile(
      path.join(dir, 'study.yaml'),
      await readFile(path.join(fixture('errors-codings-yaml'), 'study.yaml')),
    );
    await mkdir(path.join(dir, 'transcripts'));
    await writeFile(path.join(dir, 'transcripts', 'M07.txt'), transcript);
    await writeFile(path.join(dir, 'codings.csv'), codings);
    return dir;
  }

  const lfText =
    'I: How did it start?\nM07: The 👩🏽‍⚕️ from the DPS came to us. Then the 𝔘nion rep, and cafe\u0301 talk.\nI: And then?\nM07: We met every month.\n';

  it('strips the BOM, stores LF, and hashes the same as the LF file', async () => {
    const crlf = new TextEncoder().encode('\uFEFF' + lfText.replaceAll('\n', '\r\n'));
    const codings = 'document,anchor,codes,coder\nM07,We met every month.,form.relational,kari\n';
    const resCrlf = await readStudyFolder(await tempStudy(crlf, codings));
    if (!resCrlf.ok) throw new Error(resCrlf.errors.map(formatIssue).join('\n'));
    const doc = resCrlf.study.documents[0]!;
    expect(doc.text).toBe(lfText);
    expect(doc.text.includes('\r')).toBe(false);
    await rm(dir!, { recursive: true, force: true });
    const resLf = await readStudyFolder(await tempStudy(new TextEncoder().encode(lfText), codings));
    if (!resLf.ok) throw new Error('LF study should read');
    expect(resLf.study.documents[0]!.contentHash).toBe(doc.contentHash);
    // same content, same excerpt id
    expect(resLf.study.excerpts[0]!.id).toBe(resCrlf.study.excerpts[0]!.id);
  });

  it('takes start/end in code points over the LF text (emoji and combining marks included)', async () => {
    const cps = [...lfText];
    const start = cps.indexOf('𝔘');
    const end = start + [...'𝔘nion rep, and cafe\u0301'].length;
    const codings = `document,start,end,codes,coder\nM07,${start},${end},form.relational,kari\n`;
    const crlf = new TextEncoder().encode('\uFEFF' + lfText.replaceAll('\n', '\r\n'));
    const res = await readStudyFolder(await tempStudy(crlf, codings));
    if (!res.ok) throw new Error(res.errors.map(formatIssue).join('\n'));
    expect(res.study.excerpts[0]!.text).toBe('𝔘nion rep, and cafe\u0301');
  });

  it('converts offsets an NVivo export computed (UTF-16, CRLF as 2) when the file says so', async () => {
    const raw = lfText.replaceAll('\n', '\r\n');
    const target = 'We met every month.';
    const start16 = raw.indexOf(target); // NVivo counts UTF-16 units on the CRLF text, no BOM
    const codings = [
      'coder: kari',
      'offsets: { unit: utf16, line_ends: crlf }',
      'codings:',
      `  - { document: M07, start: ${start16}, end: ${start16 + target.length}, codes: [form.relational] }`,
    ].join('\n');
    const folder = await tempStudy(new TextEncoder().encode('\uFEFF' + raw), '');
    await rm(path.join(folder, 'codings.csv'));
    await writeFile(path.join(folder, 'codings.yaml'), codings);
    const res = await readStudyFolder(folder);
    if (!res.ok) throw new Error(res.errors.map(formatIssue).join('\n'));
    const ex = res.study.excerpts[0]!;
    expect(ex.text).toBe(target);
    expect(ex.start).toBe([...lfText.slice(0, lfText.indexOf(target))].length);
    // the same offsets read as code points on LF text point elsewhere
    expect(start16).not.toBe(ex.start);
  });

  it('reports invalid UTF-8 with the file, line, column and byte offset', async () => {
    const good = new TextEncoder().encode('I: Hvor?\nM07: Vi m');
    const bytes = new Uint8Array([...good, 0xf8, ...new TextEncoder().encode('tte Nav.\n')]);
    const res = await readStudyFolder(
      await tempStudy(bytes, 'document,anchor,codes,coder\nM07,Vi,form.relational,kari\n'),
    );
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors).toEqual([
      expect.objectContaining({
        code: 'invalid_utf8',
        file: 'transcripts/M07.txt',
        line: 2,
        column: 10,
      }),
    ]);
    expect(res.errors[0]!.message).toContain(`byte ${good.length} (0xf8)`);
  });

  it('reads a semicolon-separated CSV as spreadsheet programs write it', async () => {
    const codings =
      'document;anchor;codes;coder\nM07;"We met every month.";form.relational,purpose.maintaining;kari\n';
    const res = await readStudyFolder(await tempStudy(new TextEncoder().encode(lfText), codings));
    if (!res.ok) throw new Error(res.errors.map(formatIssue).join('\n'));
    expect(res.study.codings.map((c) => c.code)).toEqual([
      'form.relational',
      'purpose.maintaining',
    ]);
  });

  it('names a missing study.yaml', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'iwa-study-'));
    const res = await readStudyFolder(dir);
    expect(res).toMatchObject({
      ok: false,
      errors: [{ code: 'missing_file', file: 'study.yaml' }],
    });
  });
});

describe('error fixtures: one folder per kind of mistake, every error located', () => {
  it('study.yaml shape: unknown fields, bad enums, unquoted colours, missing fields', async () => {
    expect(await errorsOf('errors-study-yaml-schema')).toMatchInlineSnapshot(`
      [
        "study.yaml:8:5: organisations[0].name is required; add it (expected string)",
        "study.yaml:13:5: unknown field "employed-by" in informants[0]; did you mean "employed_by"?",
        "study.yaml:15:11: relations[0].type: "supervises" is not allowed; use one of: employed_by, advises, enlists, collaborates_with, reports_to, attends, co_located_with",
        "study.yaml:21:13: codebook[0].colour is empty; YAML reads an unquoted # as a comment: write colour: '#3366cc'",
        "study.yaml:26:17: phase_events[0].confidence: Too big: expected number to be <=1",
      ]
    `);
  });

  it('study.yaml references: positions, vocabularies, actors, employment, relations, codes', async () => {
    expect(await errorsOf('errors-study-yaml-refs')).toMatchInlineSnapshot(`
      [
        "study.yaml:8:12: unknown level "locale"; did you mean "local"? use one of local, regional, national, or declare it under dimensions: { level: [locale] }",
        "study.yaml:25:15: unknown position "nav_manager"; declare it under positions: in study.yaml, or fix the id",
        "study.yaml:29:42: "A07" has 3 employers; iwa models at most two (dual employment); keep the two formal employers; record other ties as co_located_with or collaborates_with",
        "study.yaml:35:11: attends needs a participation; add participation: full, partial or advisory",
        "study.yaml:40:9: unknown actor "M7"; did you mean "M07"? or declare "M7" under informants:, organisations: or actor_groups:",
        "study.yaml:43:9: employed_by goes from an informant or actor group to an organisation; got informant "M07" → actor_group "steering_group"; put the employer organisation in to:",
        "study.yaml:45:10: study code key "topic.steering_group" must start with theme. or flag.; framework codes (form.*, purpose.*, lns.*, pillar.*) need no declaration; name your own codes theme.<key> or flag.<key>",
        "study.yaml:48:19: unknown organisation "dps_nord"; did you mean "dps_north"? or declare "dps_nord" under organisations:",
      ]
    `);
  });

  it('YAML syntax', async () => {
    expect(await errorsOf('errors-yaml-syntax')).toMatchInlineSnapshot(`
      [
        "study.yaml:7:9: invalid YAML: Nested mappings are not allowed in compact mappings; a "key: value" line probably lacks its colon or a value needs quotes",
      ]
    `);
  });

  it('YAML codings: anchors, offsets, codes, coders, documents, performers', async () => {
    expect(await errorsOf('errors-codings-yaml')).toMatchInlineSnapshot(`
      [
        "codings.yaml:4:13: anchor text "we started the steering group" not found in transcripts/M07.txt; on line 2 it appears with different case or spacing: "We started the steering group"; copy it exactly, or give start/end",
        "codings.yaml:7:13: anchor text "the steering group" appears 2 times in transcripts/M07.txt (lines 2, 3); add occurrence: 1 to 2 to pick one, make the anchor longer, or give start/end",
        "codings.yaml:11:10: end 4000 is past the end of transcripts/M07.txt (324 code points); offsets count Unicode code points in the text after its front matter, with the BOM and CRs removed (or as the file's offsets: says); or give the anchor text instead",
        "codings.yaml:15:31: unknown code "purpose.maintaning"; did you mean "purpose.maintaining"? codes are framework keys (form.*, purpose.*, lns.*, pillar.*) or the study's theme.*/flag.* codes",
        "codings.yaml:15:51: unknown code "flag.confidentality"; did you mean "flag.confidentiality"? declare it under codebook: in study.yaml",
        "codings.yaml:20:12: unknown coder "ola"; did you mean "ole"? declare it under coders: in study.yaml",
        "codings.yaml:22:15: unknown document "M7"; a document id is its file name without extension, or the id: in its front matter; known: M07",
        "codings.yaml:27:17: occurrence 2 of "The steering group meets every month." requested, but it appears 1 time in transcripts/M07.txt; use an occurrence from 1 to 1",
        "codings.yaml:37:16: performer "dps_clinicians" conflicts with "M04" given for the same excerpt at codings.yaml:29; an excerpt has one performer; split it into two excerpts if two actors do the work",
      ]
    `);
  });

  it('CSV codings: an unknown column', async () => {
    expect(await errorsOf('errors-codings-csv')).toMatchInlineSnapshot(`
      [
        "codings.csv:1:29: unknown column "perfomer"; did you mean "performer"? columns are document, start, end, anchor, occurrence, codes, coder, performer, memo, excerpt, at",
      ]
    `);
  });

  it('CSV codings: row errors located by line and column', async () => {
    expect(await errorsOf('errors-codings-csv-rows')).toMatchInlineSnapshot(`
      [
        "codings.csv:2:7: anchor text "we started the steering group" not found in transcripts/M07.txt; on line 2 it appears with different case or spacing: "We started the steering group"; copy it exactly, or give start/end",
        "codings.csv:3:8: end "x" is not a whole number; offsets count code points from 0",
        "codings.csv:5:87: unknown performer "M4"; did you mean "M04"? a performer is an informant, organisation or actor group id from study.yaml",
      ]
    `);
  });

  it('CSV syntax', async () => {
    expect(await errorsOf('errors-csv-syntax')).toMatchInlineSnapshot(`
      [
        "codings.csv:3: invalid CSV: Invalid Closing Quote: got " " at line 3 instead of delimiter, record delimiter, trimable character (if activated) or comment; quote a cell that contains the delimiter, a quote or a line break, and double quotes inside it ("")",
      ]
    `);
  });

  it('transcripts: unknown speakers, unknown participants, unclosed front matter', async () => {
    expect(await errorsOf('errors-transcript')).toMatchInlineSnapshot(`
      [
        "transcripts/M04.md:3:21: participant "M05" is not an informant; did you mean "M07"?",
        "transcripts/M07.txt:2:1: unknown speaker "M7"; did you mean "M07"? declare "M7" as an informant (or under speakers:, or as an alias) in study.yaml",
        "transcripts/open-front-matter.md:1:1: front matter opened with --- is never closed; end it with a line containing only ---, or remove the first line if it is not front matter",
      ]
    `);
  });

  it('evidence and memo targets that point nowhere', async () => {
    expect(await errorsOf('errors-evidence')).toMatchInlineSnapshot(`
      [
        "study.yaml:24:30: excerpt "m07-stering" (evidence of relations[0]) is not named in any codings file; give the excerpt that id in the excerpt field of its coding row",
        "study.yaml:27:13: unknown document "M08" (memos[0].about); a document id is its file name without extension, or the id: in its front matter; known: M07",
      ]
    `);
  });
});
