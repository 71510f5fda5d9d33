import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getStudy, queryCodings, queryDocument, setExcerptMemo, upsertCoding } from '@iwa/graph';
import { writeQdpx } from '@iwa/refi';
import { readStudyFolder } from '@iwa/study';
import { uniqueStudyId } from '@iwa/testing';
import { describe, expect, it } from 'vitest';
import { useCliTestContext } from './cli-test-context.ts';
import { runIwa } from './run-cli.ts';

/*
 * Issue #9: several coders' work from several .qdpx files (one per coder, the same documents),
 * and no import that silently deletes another coder's codings.
 *
 * Each coder's file is made as a team makes it: the same project (study.yaml and transcripts),
 * each coder's own codings, exported as a plain REFI-QDA project (no iwa extension), as NVivo,
 * ATLAS.ti, MAXQDA or QualCoder would write it.
 */

const ctx = useCliTestContext('multi-coder');

const TRANSCRIPTS = {
  'U04.txt': `[Interviewer] When did the employment specialist join your unit?
[U04] She came in the autumn of 2019. At first she only met patients in the waiting room.
[U04] After the steering group decided it, we gave her a desk in the team office.
[Interviewer] And the treatment meetings?
[U04] She attends every Tuesday now. The psychologists ask her about work before they plan anything.
`,
  'C12.txt': `[Interviewer] How do you decide who gets follow-up from the specialist?
[C12] The Nav office decides the budget, but we choose the patients together at the hospital.
[C12] I report the numbers to the regional office every quarter, and they compare us with the other sites.
`,
};

const STUDY_YAML = (studyId: string, colour = '#6d597a') => `study:
  id: ${studyId}
  name: Work inside treatment
  language: en
positions:
  - id: unit_leader
    label: Leader, psychiatric unit
    role: manager
    sector: health
    tier: specialised
    level: local
    authority: decision
  - id: nav_contact
    label: Contact person, Nav office
    role: nav_counsellor
    sector: nav
    level: local
organisations:
  - id: dps_south
    name: South district psychiatric centre
    kind: specialised_health
    sector: health
informants:
  - id: U04
    pseudonym: Unit leader South
    position: unit_leader
    employed_by: dps_south
  - id: C12
    pseudonym: Nav contact South
    position: nav_contact
codebook:
  - key: theme.desk_in_the_team
    label: Desk in the team
    colour: '${colour}'
`;

/** Kari's codings: both interviews. */
const KARI = `coder: kari
codings:
  - document: U04
    anchor: At first she only met patients in the waiting room.
    codes: [form.operational, purpose.maintaining]
  - document: U04
    anchor: After the steering group decided it, we gave her a desk in the team office.
    codes: [form.structural, purpose.creating, theme.desk_in_the_team]
  - document: U04
    anchor: The psychologists ask her about work before they plan anything.
    codes: [form.conceptual, purpose.creating]
  - document: C12
    anchor: The Nav office decides the budget, but we choose the patients together at the hospital.
    codes: [form.structural, pillar.regulative]
`;

/** Ole's codings: the same spans in part, other codes in part, one span of his own. */
const OLE = `coder: ole
codings:
  - document: U04
    anchor: After the steering group decided it, we gave her a desk in the team office.
    codes: [form.structural, purpose.creating]
  - document: U04
    anchor: She attends every Tuesday now.
    codes: [form.operational, purpose.maintaining]
  - document: U04
    anchor: The psychologists ask her about work before they plan anything.
    codes: [form.relational, purpose.creating]
  - document: C12
    anchor: I report the numbers to the regional office every quarter, and they compare us with the other sites.
    codes: [form.operational, pillar.normative]
`;

const counted = (yaml: string) =>
  [...yaml.matchAll(/codes: \[([^\]]*)\]/g)].reduce(
    (s, m) => s + (m[1] ?? '').split(',').length,
    0,
  );

/** One coder's copy of the project as a plain REFI-QDA file. */
async function coderFile(
  name: string,
  spec: {
    studyId: string;
    codings: string;
    colour?: string;
    edit?: (text: string) => string;
    /** Keep iwa's extension (ids as in the study folder), as `iwa study export` writes it. */
    extension?: boolean;
  },
): Promise<string> {
  const dir = join(ctx.temp, name);
  mkdirSync(join(dir, 'transcripts'), { recursive: true });
  writeFileSync(join(dir, 'study.yaml'), STUDY_YAML(spec.studyId, spec.colour));
  for (const [file, text] of Object.entries(TRANSCRIPTS))
    writeFileSync(join(dir, 'transcripts', file), spec.edit ? spec.edit(text) : text);
  writeFileSync(join(dir, 'codings.yaml'), spec.codings);
  const read = await readStudyFolder(dir);
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  const file = join(ctx.temp, `${name}.qdpx`);
  writeFileSync(
    file,
    await writeQdpx(read.study, {
      extension: spec.extension ?? false,
      origin: spec.extension ? 'iwa' : 'QualCoder 3.6',
    }),
  );
  return file;
}

/** A coder's copy of a study folder (for the re-import flows of study folders). */
function coderFolder(name: string, studyId: string, codings: string): string {
  const dir = join(ctx.temp, name);
  mkdirSync(join(dir, 'transcripts'), { recursive: true });
  writeFileSync(join(dir, 'study.yaml'), STUDY_YAML(studyId));
  for (const [file, text] of Object.entries(TRANSCRIPTS))
    writeFileSync(join(dir, 'transcripts', file), text);
  writeFileSync(join(dir, 'codings.yaml'), codings);
  return dir;
}

const iwa = (...args: string[]) => runIwa(args, { env: ctx.env });

interface ImportSummary {
  created: number;
  changed: number;
  documents: { created: number; changed: number; unchanged: number };
  codingsWritten: number;
}

function importJson(...args: string[]): ImportSummary {
  const res = iwa('study', 'import', ...args, '--json');
  expect(res.stderr).not.toMatch(/iwa: /);
  expect(res.status).toBe(0);
  return JSON.parse(res.stdout) as ImportSummary;
}

/** Codings per coder, as stored. */
async function codingsByCoder(studyId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of await queryCodings(ctx.graph, { studyId }))
    out[c.coderId] = (out[c.coderId] ?? 0) + 1;
  return out;
}

describe('several coders, one .qdpx each (issue #9)', () => {
  it('imported together: both coders stored, agreement sees two coders, a re-run changes nothing', async () => {
    const studyId = ctx.track(uniqueStudyId('two-coders'));
    const a = await coderFile('together-kari', { studyId, codings: KARI });
    const b = await coderFile('together-ole', { studyId, codings: OLE });

    const first = importJson(a, b, '--study', studyId);
    expect(first.documents).toEqual({ created: 2, changed: 0, unchanged: 0 });
    expect(await codingsByCoder(studyId)).toEqual({ kari: counted(KARI), ole: counted(OLE) });
    expect(first.codingsWritten).toBe(counted(KARI) + counted(OLE));

    const agreement = iwa('agreement', '--study', studyId, '--json');
    expect(agreement.status, agreement.stderr).toBe(0);
    expect((JSON.parse(agreement.stdout) as { coders: string[] }).coders).toEqual(['kari', 'ole']);

    const again = importJson(a, b, '--study', studyId);
    expect(again).toMatchObject({ created: 0, changed: 0 });
    expect(again.documents).toEqual({ created: 0, changed: 0, unchanged: 2 });
    expect(await codingsByCoder(studyId)).toEqual({ kari: counted(KARI), ole: counted(OLE) });
  });

  it("B's file alone after A's: refused with the documents and coders, A's codings kept; --replace replaces", async () => {
    const studyId = ctx.track(uniqueStudyId('b-after-a'));
    const a = await coderFile('alone-kari', { studyId, codings: KARI });
    const b = await coderFile('alone-ole', { studyId, codings: OLE });
    importJson(a, '--study', studyId);
    const before = await getStudy(ctx.graph, { studyId });
    expect(await codingsByCoder(studyId)).toEqual({ kari: counted(KARI) });

    const refused = iwa('study', 'import', b, '--study', studyId);
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(b);
    expect(refused.stderr).toMatch(/replace 2 documents .* and remove 9 codings by kari,/);
    // a plain REFI-QDA project names its documents after the sources: u04, c12
    expect(refused.stderr).toContain('document u04: kari (7 codings)');
    expect(refused.stderr).toContain('document c12: kari (2 codings)');
    expect(refused.stderr).toContain("Import every coder's files together");
    expect(refused.stderr).toContain('--replace');
    expect(refused.stderr).toContain('Nothing was written');
    expect(await codingsByCoder(studyId)).toEqual({ kari: counted(KARI) });
    expect(await getStudy(ctx.graph, { studyId })).toEqual(before);

    // what the message says to do: import both together
    const both = importJson(a, b, '--study', studyId);
    expect(both.documents.changed).toBe(2);
    expect(await codingsByCoder(studyId)).toEqual({ kari: counted(KARI), ole: counted(OLE) });

    // or accept the removal explicitly
    const replaced = importJson(b, '--study', studyId, '--replace');
    expect(replaced.documents.changed).toBe(2);
    expect(await codingsByCoder(studyId)).toEqual({ ole: counted(OLE) });
  });

  it('documents whose text differs between the files: a clear error naming both files, nothing written', async () => {
    const studyId = ctx.track(uniqueStudyId('text-differs'));
    const a = await coderFile('text-kari', { studyId, codings: KARI });
    const b = await coderFile('text-ole', {
      studyId,
      codings: OLE,
      edit: (t) => t.replace('follow-up from', 'follow up by'),
    });
    const res = iwa('study', 'import', a, b, '--study', studyId);
    expect(res.status).toBe(2);
    const at = TRANSCRIPTS['C12.txt'].indexOf('-up from');
    expect(res.stderr).toMatch(
      new RegExp(
        `document c12: the text in \\S*text-ole\\.qdpx is not the text in \\S*text-kari\\.qdpx \\(first difference at character ${at} \\(line 1\\)`,
      ),
    );
    expect(res.stderr).toContain('give every coder a copy of the same project');
    expect(res.stderr).toContain('nothing was written');
    expect(await getStudy(ctx.graph, { studyId })).toBeUndefined();
  });

  it('--coder with several files: one name per file, or a clear error and nothing written', async () => {
    const studyId = ctx.track(uniqueStudyId('coder-per-file'));
    const a = await coderFile('per-file-kari', { studyId, codings: KARI });
    const b = await coderFile('per-file-ole', { studyId, codings: OLE });
    const one = iwa('study', 'import', a, b, '--study', studyId, '--coder', 'kari');
    expect(one.status).toBe(2);
    expect(one.stderr).toContain(
      '--coder kari: give one coder per file, in the order of the files (2 files, 1 coder)',
    );
    expect(await getStudy(ctx.graph, { studyId })).toBeUndefined();
    // one per file is accepted (these files name their coders, so the names are not used)
    const each = iwa('study', 'import', a, b, '--study', studyId, '--coder', 'kari,ole');
    expect(each.status, each.stderr).toBe(0);
    expect(Object.keys(await codingsByCoder(studyId)).sort()).toEqual(['kari', 'ole']);
  });

  it('conflicting definitions of one code: a clear error naming the code and both files, nothing written', async () => {
    const studyId = ctx.track(uniqueStudyId('code-conflict'));
    const a = await coderFile('code-kari', { studyId, codings: KARI });
    const b = await coderFile('code-ole', { studyId, codings: OLE, colour: '#e56b6f' });
    const res = iwa('study', 'import', a, b, '--study', studyId);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(
      /code theme\.\S+ is defined differently in \S*code-kari\.qdpx and \S*code-ole\.qdpx: colour "#6d597a" vs "#e56b6f"/,
    );
    expect(res.stderr).toContain('make the two definitions the same');
    expect(res.stderr).toContain('nothing was written');
    expect(await getStudy(ctx.graph, { studyId })).toBeUndefined();
  });

  it('a study folder and a .qdpx together (mixed): both coders stored', async () => {
    const studyId = ctx.track(uniqueStudyId('mixed'));
    const folder = coderFolder('mixed-kari', studyId, KARI);
    const b = await coderFile('mixed-ole', { studyId, codings: OLE, extension: true });
    const first = importJson(folder, b);
    expect(first.documents).toEqual({ created: 2, changed: 0, unchanged: 0 });
    expect(await codingsByCoder(studyId)).toEqual({ kari: counted(KARI), ole: counted(OLE) });
    expect(importJson(folder, b)).toMatchObject({ created: 0, changed: 0 });
  });
});

describe('re-importing a study folder keeps working, and protects workbench codings', () => {
  it('an edited transcript or codings file by the same coders just replaces; workbench codings by another coder stop it', async () => {
    const studyId = ctx.track(uniqueStudyId('folder-reimport'));
    const both = `${KARI}${OLE.replace('coder: ole\ncodings:\n', '').replace(/^ {2}- document/gm, '  - coder: ole\n    document')}`;
    const dir = coderFolder('reimport', studyId, both);
    importJson(dir);
    const total = counted(KARI) + counted(OLE);
    expect(await codingsByCoder(studyId)).toEqual({ kari: counted(KARI), ole: counted(OLE) });

    // the same coders fix a typo in one transcript and drop one of their codings in another
    const u04 = join(dir, 'transcripts', 'U04.txt');
    const c12 = join(dir, 'transcripts', 'C12.txt');
    writeFileSync(c12, readFileSync(c12, 'utf8').replace('follow-up from', 'follow-up by'));
    const codings = join(dir, 'codings.yaml');
    writeFileSync(
      codings,
      readFileSync(codings, 'utf8').replace(
        / {2}- coder: ole\n {4}document: U04\n {4}anchor: She attends[^\n]*\n[^\n]*\n/,
        '',
      ),
    );
    const edited = importJson(dir);
    expect(edited.documents).toEqual({ created: 0, changed: 2, unchanged: 0 });
    expect(await codingsByCoder(studyId)).toEqual({ kari: counted(KARI), ole: counted(OLE) - 2 });

    // mari codes in the explorer's workbench
    const doc = await queryDocument(ctx.graph, { studyId, documentId: 'U04' });
    const span = 'She attends every Tuesday now.';
    const start = [...(doc?.text ?? '')].join('').indexOf(span);
    expect(start).toBeGreaterThan(0);
    const marked = await upsertCoding(ctx.graph, {
      studyId,
      documentId: 'U04',
      start,
      end: start + [...span].length,
      code: 'lns.embedding_and_routinizing',
      change: { opId: randomUUID(), coderId: 'mari', at: new Date().toISOString() },
    });
    // an unchanged folder replaces nothing, so mari's coding stays
    expect(importJson(dir)).toMatchObject({ created: 0, changed: 0 });
    expect((await codingsByCoder(studyId)).mari).toBe(1);

    // a changed transcript would replace U04 and remove mari's coding: refused
    writeFileSync(u04, readFileSync(u04, 'utf8').replace('join your unit', 'join the unit'));
    const refused = iwa('study', 'import', dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('document U04: mari (1 coding)');
    expect(refused.stderr).not.toContain('C12');
    expect((await codingsByCoder(studyId)).mari).toBe(1);
    expect((await getStudy(ctx.graph, { studyId }))?.codings).toBe(total - 2 + 1);

    // a memo is work too: siv writes one on that excerpt in the workbench, and is listed with it
    await setExcerptMemo(ctx.graph, {
      studyId,
      excerptId: marked.coding.excerptId,
      text: 'Tuesday is the team meeting: check whether she attends it or the IPS group.',
      change: { opId: randomUUID(), coderId: 'siv', at: new Date().toISOString() },
    });
    const refusedAgain = iwa('study', 'import', dir);
    expect(refusedAgain.status).toBe(2);
    expect(refusedAgain.stderr).toContain('document U04: mari (1 coding), siv (1 memo)');
  });
});
