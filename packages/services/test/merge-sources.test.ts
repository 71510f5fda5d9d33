import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHash } from '@iwa/graph';
import { readStudyFolder, type DocumentBundle } from '@iwa/study';
import { writeQdpx } from '@iwa/refi';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeSources, openQdpx, openStudyFolder, type ImportSource } from '../src/index.ts';

const root = mkdtempSync(join(tmpdir(), 'iwa-merge-sources-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const H03 = `[Interviewer] How did the unit start working with the employment specialist?
[H03] At first she sat in the corridor. We invited her to the Monday treatment meeting in March.
[H03] Now she reads the referrals with us, and the psychiatrists ask her what the patients want.
`;
const N11 = `[Interviewer] Who decides which jobseekers get IPS?
[N11] The local office decides, but we ask the hospital team before we close a case.
`;

const STUDY_YAML = (extra = '') => `study:
  id: merge-demo
  name: Hospital and Nav collaboration
positions:
  - id: unit_manager
    role: manager
    sector: health
  - id: nav_counsellor
    role: nav_counsellor
    sector: nav
organisations:
  - id: dps_west
    name: West district psychiatric centre
    kind: specialised_health
informants:
  - id: H03
    position: unit_manager
  - id: N11
    position: nav_counsellor
codebook:
  - key: theme.inclusion
    label: Bringing the specialist inside
    colour: '#264653'
${extra}`;

interface Folder {
  yaml?: string;
  transcripts?: Record<string, string>;
  codings: string;
}

let n = 0;
async function folder(spec: Folder): Promise<ImportSource> {
  const dir = join(root, `coder-${++n}`);
  mkdirSync(join(dir, 'transcripts'), { recursive: true });
  writeFileSync(join(dir, 'study.yaml'), spec.yaml ?? STUDY_YAML());
  for (const [name, text] of Object.entries(spec.transcripts ?? { H03, N11 }))
    writeFileSync(join(dir, 'transcripts', `${name}.txt`), text);
  writeFileSync(join(dir, 'codings.yaml'), spec.codings);
  const opened = await openStudyFolder(dir);
  if (!opened.ok) throw new Error(opened.errors.join('\n'));
  return opened.source;
}

const KARI = `coder: kari
codings:
  - document: H03
    anchor: We invited her to the Monday treatment meeting in March.
    codes: [form.operational, purpose.creating, theme.inclusion]
    memo: The invitation is the turning point.
  - document: N11
    anchor: The local office decides
    codes: [form.structural]
`;
const OLE = `coder: ole
codings:
  - document: H03
    anchor: We invited her to the Monday treatment meeting in March.
    codes: [form.operational, purpose.maintaining]
  - document: H03
    anchor: the psychiatrists ask her what the patients want
    codes: [form.relational, theme.inclusion]
`;

async function collect(
  source: ImportSource,
): Promise<{ bundles: DocumentBundle[]; errors: string[] }> {
  const bundles: DocumentBundle[] = [];
  const errors: string[] = [];
  for await (const item of source.documents()) {
    if (item.ok) bundles.push(item.bundle);
    else errors.push(...item.errors);
  }
  return { bundles, errors };
}

function merged(sources: ImportSource[]): ImportSource {
  const res = mergeSources(sources);
  if (!res.ok) throw new Error(res.errors.join('\n'));
  return res.source;
}

describe('mergeSources', () => {
  it("unites two coders' copies of the same documents: one excerpt per span, every coding", async () => {
    const kari = await folder({ codings: KARI });
    const ole = await folder({ codings: OLE });
    const alone = {
      kari: (await collect(kari)).bundles,
      ole: (await collect(ole)).bundles,
    };
    const { bundles, errors } = await collect(merged([kari, ole]));
    expect(errors).toEqual([]);
    expect(bundles.map((b) => b.document.id)).toEqual(alone.kari.map((b) => b.document.id));

    const h03 = bundles.find((b) => b.document.id === 'H03');
    const kariH03 = alone.kari.find((b) => b.document.id === 'H03');
    const oleH03 = alone.ole.find((b) => b.document.id === 'H03');
    // the shared span is one excerpt; ole's second span is added
    const spans = new Set(
      [...(kariH03?.excerpts ?? []), ...(oleH03?.excerpts ?? [])].map((x) => x.id),
    );
    expect(h03?.excerpts.map((x) => x.id).sort()).toEqual([...spans].sort());
    expect(h03?.codings).toHaveLength(
      (kariH03?.codings.length ?? 0) + (oleH03?.codings.length ?? 0),
    );
    expect(new Set(h03?.codings.map((c) => c.coderId))).toEqual(new Set(['kari', 'ole']));
    expect(h03?.memos.map((m) => m.text)).toEqual(['The invitation is the turning point.']);
    // a document only one coder coded is passed on as that coder's bundle
    expect(bundles.find((b) => b.document.id === 'N11')).toEqual(
      alone.kari.find((b) => b.document.id === 'N11'),
    );
  });

  it('is deterministic: the same sources in the same order give the same bundles and hashes', async () => {
    const sources = [await folder({ codings: KARI }), await folder({ codings: OLE })];
    const first = (await collect(merged(sources))).bundles.map(bundleHash);
    const again = (await collect(merged(sources))).bundles.map(bundleHash);
    expect(again).toEqual(first);
    const source = merged(sources);
    expect(await source.contentHash()).toBe(await merged(sources).contentHash());
    expect(source.description).toMatch(/^2 sources: study folder .*coder-\d+ \+ study folder /);
  });

  it('keeps an exact duplicate coding (same excerpt, code and coder) once', async () => {
    const a = await folder({ codings: KARI });
    const b = await folder({ codings: KARI });
    const { bundles } = await collect(merged([a, b]));
    const single = (await collect(a)).bundles;
    expect(bundles).toEqual(single);
  });

  it('passes one source through unchanged', async () => {
    const only = await folder({ codings: KARI });
    const res = mergeSources([only]);
    expect(res.ok && res.source).toBe(only);
  });

  it('refuses a document whose text differs, naming both sources, the document and what to do', async () => {
    const kari = await folder({ codings: KARI });
    const edited = H03.replace('she sat in the corridor', 'she sat out in the corridor');
    const ole = await folder({ transcripts: { H03: edited, N11 }, codings: OLE });
    const { bundles, errors } = await collect(merged([kari, ole]));
    expect(errors).toHaveLength(1);
    const [message] = errors;
    expect(message).toMatch(
      /^document H03: the text in .*coder-\d+ is not the text in .*coder-\d+/,
    );
    expect(message).toContain('line 2');
    expect(message).toContain('give every coder a copy of the same project');
    expect(bundles.map((b) => b.document.id)).toEqual(['N11']);
  });

  it('refuses conflicting definitions of a code, naming the key, the field and both sources', async () => {
    const kari = await folder({ codings: KARI });
    const ole = await folder({
      yaml: STUDY_YAML().replace("colour: '#264653'", "colour: '#e76f51'"),
      codings: OLE,
    });
    const res = mergeSources([kari, ole]);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatch(
      /^code theme\.inclusion is defined differently in .*coder-\d+ and .*coder-\d+: colour "#264653" vs "#e76f51"; make the two definitions the same/,
    );
  });

  it('unites manifest entries: a coder, a code and an informant field only one source gives', async () => {
    const kari = await folder({ codings: KARI });
    const ole = await folder({
      yaml: STUDY_YAML(`  - key: flag.referral
    label: Referral routines
coders:
  - id: ole
    name: Ole
`).replace('  - id: N11\n', '  - id: N11\n    pseudonym: Counsellor West\n'),
      codings: OLE,
    });
    const source = merged([kari, ole]);
    expect(source.manifest.codebook.codes.map((c) => c.key)).toEqual([
      'theme.inclusion',
      'flag.referral',
    ]);
    expect(source.manifest.coders).toEqual([{ id: 'kari' }, { id: 'ole', name: 'Ole' }]);
    expect(source.manifest.informants.find((i) => i.id === 'N11')?.pseudonym).toBe(
      'Counsellor West',
    );
  });

  it('refuses one excerpt id on two spans, and two explicit performers on one span', async () => {
    const kari = await folder({
      codings: `coder: kari
codings:
  - document: H03
    anchor: At first she sat in the corridor.
    codes: [form.operational]
    excerpt: corridor
  - document: N11
    anchor: we ask the hospital team before we close a case
    codes: [form.relational]
    performer: N11
`,
    });
    const ole = await folder({
      codings: `coder: ole
codings:
  - document: H03
    anchor: She sat in the corridor
    codes: [form.operational]
    excerpt: corridor
  - document: N11
    anchor: we ask the hospital team before we close a case
    codes: [form.relational]
    performer: dps_west
`.replace('She sat', 'she sat'),
    });
    const { errors } = await collect(merged([kari, ole]));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(
      /^document H03: excerpt corridor spans \d+–\d+ in .* but \d+–\d+ in /,
    );
    expect(errors[1]).toMatch(
      /^document N11: excerpt ex-\S+ \(\d+–\d+\) differs between .*: performer /,
    );
  });

  it('names a source given twice', async () => {
    const kari = await folder({ codings: KARI });
    const res = mergeSources([kari, kari]);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors[0]).toMatch(/is named twice/);
  });
});

describe('contentHash of a source', () => {
  it("is the SHA-256 of a .qdpx file's bytes, read in chunks", async () => {
    const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
    const hashes: string[] = [];
    for (const codings of [KARI, OLE]) {
      await folder({ codings });
      const dir = join(root, `coder-${n}`);
      const read = await readStudyFolder(dir);
      if (!read.ok) throw new Error(read.errors.map((e) => e.message).join('\n'));
      const bytes = await writeQdpx(read.study);
      const file = join(dir, 'project.qdpx');
      writeFileSync(file, bytes);
      const opened = await openQdpx(file);
      if (!opened.ok) throw new Error(opened.errors.join('\n'));
      const hash = await opened.source.contentHash();
      expect(hash).toBe(sha(bytes));
      hashes.push(hash);
    }
    // two coders' projects are two files: two hashes
    expect(new Set(hashes).size).toBe(2);
  });
});
