import { describe, expect, it } from 'vitest';
import { findLabels } from '../src/qdpx-speakers.ts';
import { readQdpx } from '../src/index.ts';
import { writeRefiProject } from '@iwa/testing/refi-project';

describe('turn labels', () => {
  it('finds labels with spaces, digits, diacritics and the usual markups at line starts', () => {
    const text = [
      'Ward manager 2: We start at eight.',
      '**Case worker:** Not on Mondays.',
      '[Åsa Lindqvist] I come later.',
      'ØYVIND – That is new to me.',
      'This sentence before the colon runs long: it is prose, not a label.',
      'https://example.org is no label',
    ].join('\n');
    expect(findLabels(text).map((l) => [l.name, l.line, l.contentStart - l.start])).toEqual([
      ['Ward manager 2', 1, 16],
      ['Case worker', 2, 17],
      ['Åsa Lindqvist', 3, 16],
      ['ØYVIND', 4, 9],
    ]);
  });
});

describe('a REFI project of the usual shape, without a map', () => {
  it('gives every excerpt its speaker, by documented rules, and reports the coverage', async () => {
    const project = await writeRefiProject();
    const res = await readQdpx(project.bytes);
    if (!res.ok) throw new Error(JSON.stringify(res.errors, null, 2));
    const { study, report } = res;
    const caseIdOf = new Map(study.informants.map((i) => [i.pseudonym ?? i.id, i.id] as const));
    const speakerIdOf = new Map(study.speakers.map((s) => [s.label ?? s.id, s.id] as const));
    // the excerpts come back in project order; each has the speaker the script gave it
    expect(study.excerpts.map((e) => e.text)).toEqual(project.expected.map((x) => x.text));
    const want = project.expected.map((x) =>
      x.speakerIsCase
        ? { kind: 'informant', id: caseIdOf.get(x.speaker) }
        : { kind: 'speaker', id: speakerIdOf.get(x.speaker) },
    );
    expect(study.excerpts.map((e) => e.speaker)).toEqual(want);
    // the performer is the speaker when the speaker is a case
    expect(
      study.excerpts.map((e) => (e.performerSource === 'speaker' ? e.performer?.id : undefined)),
    ).toEqual(want.map((w) => (w.kind === 'informant' ? w.id : undefined)));
    const cases = project.expected.filter((x) => x.speakerIsCase).length;
    expect(report.speakers).toMatchObject({
      excerpts: project.expected.length,
      withSpeaker: project.expected.length,
      byCase: cases,
      // one SelectionRef in the meeting; the case worker's interview has no labels (its only case)
      by: { extension: 0, selection_ref: 1, turn_label: 8, only_case: 2 },
    });
    expect(report.speakers.nonCase.map((n) => [n.label, n.role, n.why]).sort()).toEqual([
      ['Chair', 'moderator', 'default'],
      ['Interviewer', 'interviewer', 'default'],
      ['Jobseeker', 'other', 'recurring'],
    ]);
    // a turn label with a space became a turn of that case
    const ward = study.documents.find((d) => d.title === 'Interview ward manager');
    expect(ward?.turns.map((t) => t.speaker.id)).toEqual([
      'interviewer',
      caseIdOf.get('Ward manager 2'),
      'interviewer',
      caseIdOf.get('Ward manager 2'),
      caseIdOf.get('Ward manager 2'),
    ]);
  });

  it('makes case variables position dimensions and keeps the values as written', async () => {
    const project = await writeRefiProject();
    const res = await readQdpx(project.bytes);
    if (!res.ok) throw new Error('not read');
    const positionOf = (name: string) => {
      const inf = res.study.informants.find((i) => i.pseudonym === name);
      return res.study.positions.find((p) => p.id === inf?.positionId);
    };
    expect(positionOf('Åsa Lindqvist')).toMatchObject({
      role: 'employment_specialist',
      sector: 'health',
      level: 'local',
    });
    expect(res.study.informants.find((i) => i.pseudonym === 'Case worker')?.variables).toEqual({
      employer: 'Town welfare office',
    });
  });

  it('never merges a project code into a framework code by its bare name, and keeps its place', async () => {
    const project = await writeRefiProject();
    const res = await readQdpx(project.bytes);
    if (!res.ok) throw new Error('not read');
    const byPath = new Map(
      [...res.report.mapped, ...res.report.unmapped].map((m) => [m.path, [m.key, m.by]]),
    );
    expect(byPath.get('Classroom practices/Educating')).toEqual(['theme.educating', 'none']);
    expect(byPath.get('rq1_definition/practices/creating')).toEqual(['theme.creating', 'none']);
    expect(byPath.get('Cloutier/Structural')).toEqual(['form.structural', 'path']);
    const educating = res.study.codebook.codes.find((c) => c.key === 'theme.educating');
    expect(educating?.parent).toBe('theme.classroom_practices');
    expect(res.study.codebook.codes.find((c) => c.key === 'theme.creating')?.parent).toBe(
      'theme.practices',
    );
  });

  it('keeps both coders and every coding', async () => {
    const project = await writeRefiProject();
    const res = await readQdpx(project.bytes);
    if (!res.ok) throw new Error('not read');
    expect(res.study.coders.map((c) => c.name)).toEqual(['Hedda', 'Jonas']);
    expect(res.study.codings).toHaveLength(
      project.expected.reduce((n, x) => n + x.codes.length, 0),
    );
  });

  it('reads a map: speaker labels, SelectionRefs as performers; refuses names of no case', async () => {
    const project = await writeRefiProject();
    const res = await readQdpx(project.bytes, {
      mapping: {
        speakers: { Jobseeker: 'ignore', Chair: 'Regional lead' },
        selectionRefs: 'performer',
      },
    });
    if (!res.ok) throw new Error(JSON.stringify(res.errors));
    const jobseeker = res.study.excerpts.find((e) => e.text.startsWith('I only heard'));
    // no longer a turn of its own: the turn before it (the case worker's) runs on
    expect(jobseeker?.speaker?.id).toBe('case_worker');
    expect(res.report.speakers.by.selection_ref).toBe(0);
    const first = res.study.excerpts.find((e) => e.text.startsWith('The region'));
    expect(first?.performerSource).toBe('explicit');
    const folder = await readQdpx(project.bytes, {
      mapping: { performers: { codeFolder: 'Cloutier' } },
    });
    // the performer folder's codes must name cases: "Structural" names none
    expect(folder.ok ? [] : folder.errors.map((e) => [e.code, e.line !== undefined])).toEqual([
      ['invalid_mapping', true],
      ['invalid_mapping', true],
    ]);
    const bad = await readQdpx(project.bytes, { mapping: { speakers: { Chair: 'Nobody here' } } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]?.code).toBe('invalid_mapping');
  });
});
