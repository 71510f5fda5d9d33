import { describe, expect, it } from 'vitest';
import { formatIssue } from './issues.ts';
import { parseStudyYaml } from './study-yaml.ts';

const head = 'study:\n  id: ips\n  name: IPS\n';

function ok(text: string) {
  const res = parseStudyYaml(text);
  if (!res.ok) throw new Error(res.errors.map(formatIssue).join('\n'));
  return res;
}

function errors(text: string): string[] {
  const res = parseStudyYaml(text);
  expect(res.ok).toBe(false);
  return res.ok ? [] : res.errors.map(formatIssue);
}

describe('parseStudyYaml', () => {
  it('needs only the study section, and knows the interviewer by default', () => {
    const res = ok(head);
    expect(res.value.manifest).toMatchObject({
      id: 'ips',
      name: 'IPS',
      informants: [],
      codebook: { codes: [] },
    });
    expect(res.value.manifest.speakers).toEqual([{ id: 'Interviewer', role: 'interviewer' }]);
    expect(res.value.speakerLabels.get('I')).toEqual({ kind: 'speaker', id: 'Interviewer' });
    expect(res.value.documentPaths).toBeUndefined();
  });

  it('reads numeric-looking ids and dates as text', () => {
    const res = ok(
      `${head}organisations:\n  - id: 2019\n    name: Nav 2019\n    kind: nav_local\nphase_events:\n  - organisation: 2019\n    type: adoption_decided\n    date: 2019\n    recorded_by: rule:adoption\n    confidence: 0.5\n`,
    );
    expect(res.value.manifest.organisations[0]!.id).toBe('2019');
    expect(res.value.manifest.phaseEvents[0]).toMatchObject({
      organisationId: '2019',
      date: '2019',
    });
    expect(res.value.manifest.phaseEvents[0]!.id).toMatch(/^pe-[0-9a-f]{16}$/);
  });

  it('makes the first of two employers primary, and accepts dimension extensions', () => {
    const res = ok(
      `${head}dimensions:\n  role: [peer_worker]\npositions:\n  - id: peer\n    role: peer_worker\n    dual_employment: true\norganisations:\n  - { id: a, name: A, kind: nav_regional }\n  - { id: b, name: B, kind: specialised_health }\ninformants:\n  - id: P01\n    position: peer\n    employed_by: [a, b]\n`,
    );
    expect(res.warnings).toEqual([]);
    expect(
      res.value.manifest.relations.map((r) => [r.to.id, r.type === 'employed_by' && r.primary]),
    ).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });

  it('warns when employment and the dual_employment flag disagree, and when no position is held', () => {
    const res = ok(
      `${head}positions:\n  - { id: adv, role: advisor, dual_employment: true }\norganisations:\n  - { id: a, name: A, kind: nav_regional }\ninformants:\n  - id: A01\n    position: adv\n    employed_by: a\n  - id: A02\n`,
    );
    expect(res.warnings.map((w) => [w.code, w.line])).toEqual([
      ['invalid_employment', 11],
      ['no_position', 12],
    ]);
  });

  it('requires exactly one primary when employment is written as relations', () => {
    expect(
      errors(
        `${head}organisations:\n  - { id: a, name: A, kind: nav_regional }\n  - { id: b, name: B, kind: specialised_health }\ninformants:\n  - id: A01\nrelations:\n  - { type: employed_by, from: A01, to: a }\n  - { type: employed_by, from: A01, to: b }\n`,
      ),
    ).toEqual([
      'study.yaml:11:5: "A01" has no primary employer; mark exactly one employed_by relation primary: true (in employed_by: [a, b] the first is primary)',
    ]);
  });

  it('refuses ids shared by an informant and an organisation, and repeated speaker labels', () => {
    expect(
      errors(
        `${head}organisations:\n  - { id: M07, name: Nav, kind: nav_local }\ninformants:\n  - id: M07\n  - id: M08\n    aliases: [I]\n`,
      ),
    ).toEqual([
      'study.yaml:7:9: id "M07" is already used by organisation "M07"; informants, organisations and actor groups share one id space; rename one of them',
      'study.yaml:9:15: speaker label "I" is already used by speaker "Interviewer"; Interviewer, I and Int are the default interviewer labels; list your own speakers: in study.yaml to change them',
    ]);
  });

  it('checks study codes: family, parent and cycles', () => {
    expect(
      errors(
        `${head}codebook:\n  - { key: theme.a, label: A, parent: theme.b }\n  - { key: theme.b, label: B, parent: theme.a }\n  - { key: flag.c, label: C, parent: theme.a }\n  - { key: flag.d, label: D, parent: flag.e }\n`,
      ).map((e) => e.split(';')[0]),
    ).toEqual([
      'study.yaml:5:39: code "theme.a" is its own ancestor',
      'study.yaml:6:39: code "theme.b" is its own ancestor',
      'study.yaml:7:38: "flag.c" and its parent "theme.a" are in different families',
      'study.yaml:8:38: unknown parent code "flag.e"',
    ]);
  });

  it('checks memo targets and collects excerpt and document references for later', () => {
    const res = ok(
      `${head}informants:\n  - id: M07\ncodebook:\n  - { key: flag.x, label: X }\nmemos:\n  - text: Look at this.\n    about: ['informant:M07', 'code:flag.x', 'code:form.relational', 'excerpt:m07-a', 'document:M07']\n`,
    );
    expect(res.value.manifest.memos[0]!.about).toHaveLength(5);
    expect(res.value.pendingReferences.map((r) => `${r.kind}:${r.id}@${r.at.line}`)).toEqual([
      'excerpt:m07-a@10',
      'document:M07@10',
    ]);
    expect(
      errors(`${head}memos:\n  - text: t\n    about: ['M07', 'informant:M99']\n`).map(
        (e) => e.split(';')[0],
      ),
    ).toEqual([
      'study.yaml:6:13: memo target "M07" is not <kind>:<id>',
      'study.yaml:6:20: unknown informant "M99"',
    ]);
  });

  it('refuses a document that is not a mapping', () => {
    expect(errors('- just\n- a list\n')).toEqual([
      'study.yaml:1:1: study.yaml must be a mapping with at least a "study:" section; start with:\nstudy:\n  id: my-study\n  name: My study',
    ]);
  });
});

describe('speaker labels with spaces, digits and diacritics (issue 16)', () => {
  it('declares them as aliases and refuses what is no label, naming the line', () => {
    const res = ok(
      `${head}informants:\n  - id: WM2\n    aliases: ['Ward manager 2', 'Åsa  Lindqvist']\n`,
    );
    expect(res.value.speakerLabels.get('Ward manager 2')).toEqual({ kind: 'informant', id: 'WM2' });
    expect(res.value.speakerLabels.get('Åsa Lindqvist')).toEqual({ kind: 'informant', id: 'WM2' });
    const bad = errors(
      `${head}informants:\n  - id: WM2\n    aliases: ['Ward manager: 2', 'one two three four five six']\n`,
    );
    expect(bad.map((e) => e.split(': labels')[0])).toEqual([
      'study.yaml:6:15: informants[0].aliases[0]',
      'study.yaml:6:34: informants[0].aliases[1]',
    ]);
  });
});
