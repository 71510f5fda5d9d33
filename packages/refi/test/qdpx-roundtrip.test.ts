import { Study } from '@iwa/study';
import { frameworkCode } from '@iwa/taxonomy';
import { describe, expect, it } from 'vitest';
import { buildQdpx, readQdpx, RefiError, writeQdpx } from '../src/index.ts';
import { buildRealisticStudy, unzipAll, validateProjectQde } from './qdpx-study.ts';

describe('writeQdpx', () => {
  it('writes a project.qde that is valid against the REFI-QDA Project XSD', async () => {
    const parts = buildQdpx(buildRealisticStudy());
    const result = await validateProjectQde(parts.projectXml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('writes the same bytes twice (deterministic GUIDs and timestamps)', async () => {
    const study = buildRealisticStudy();
    const a = await writeQdpx(study);
    const b = await writeQdpx(structuredClone(study));
    expect(a.equals(b)).toBe(true);
  });

  it('stores each source as UTF-8 without BOM under sources/<GUID>.txt, named by internal:// paths', async () => {
    const study = buildRealisticStudy();
    const files = await unzipAll(await writeQdpx(study));
    const names = [...files.keys()];
    expect(names[0]).toBe('project.qde');
    expect(names.filter((n) => n.startsWith('sources/'))).toHaveLength(3);
    const qde = files.get('project.qde')!.toString('utf8');
    for (const doc of study.documents) {
      const name = (doc.title ?? doc.id).replace(/[()]/g, '\\$&');
      const guid = new RegExp(`<TextSource guid="([0-9a-f-]{36})" name="${name}"`).exec(qde)?.[1];
      expect(guid).toBeDefined();
      expect(qde).toContain(`plainTextPath="internal://${guid}.txt"`);
      const bytes = files.get(`sources/${guid}.txt`)!;
      expect(bytes[0]).not.toBe(0xef);
      expect(bytes.toString('utf8')).toBe(doc.text);
    }
  });

  it('puts the elements in XSD order and the coders in <Users>', () => {
    const xml = buildQdpx(buildRealisticStudy()).projectXml;
    const order = [
      '<Users>',
      '<CodeBook>',
      '<Variables>',
      '<Cases>',
      '<Sources>',
      '<Notes>',
      '<Links>',
      '<Sets>',
      '<Description>Managers',
    ];
    const positions = order.map((tag) => xml.indexOf(tag));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(xml).toMatch(/<User guid="[0-9a-f-]{36}" name="Kari N\." id="kari"\/>/);
    // the framework codes used, with their GUIDs, under their folders
    expect(xml).toContain(
      `guid="${frameworkCode('form.structural')?.guid}" name="Structural work"`,
    );
    expect(xml).not.toContain(`guid="${frameworkCode('lns.defining')?.guid}"`);
  });

  it('refuses a study that codes with a key it does not declare', async () => {
    const study = buildRealisticStudy();
    study.codings[0] = { ...study.codings[0]!, code: 'theme.undeclared' };
    await expect(writeQdpx(study)).rejects.toSatisfy(
      (e) => e instanceof RefiError && e.code === 'invalid_study',
    );
  });
});

describe('iwa → qdpx → iwa', () => {
  it('is lossless for everything the model holds', async () => {
    const study = buildRealisticStudy();
    const res = await readQdpx(await writeQdpx(study));
    if (!res.ok) throw new Error(JSON.stringify(res.errors, null, 2));
    expect(res.report.extension).toBe('applied');
    expect(res.report.offsetUnit).toBe('code_point');
    expect(Study.parse(res.study)).toEqual(Study.parse(study));
    expect(res.study).toStrictEqual(Study.parse(study));
  });

  it("keeps, without iwa's extension, everything REFI-QDA itself carries", async () => {
    const study = buildRealisticStudy();
    const res = await readQdpx(await writeQdpx(study, { extension: false }), { studyId: study.id });
    if (!res.ok) throw new Error(JSON.stringify(res.errors, null, 2));
    const got = res.study;
    expect(res.report.extension).toBe('absent');
    expect(got.name).toBe(study.name);
    expect(got.description).toBe(study.description);
    expect(got.coders).toEqual([...study.coders, { id: 'supervisor' }]);
    // documents: the same texts, titles, variables, participants (by pseudonym-derived ids)
    expect(got.documents.map((d) => d.text)).toEqual(study.documents.map((d) => d.text));
    expect(got.documents.map((d) => d.variables)).toEqual(study.documents.map((d) => d.variables));
    expect(got.documents.map((d) => d.participants)).toEqual([
      ['manager_seven'],
      ['n03'],
      ['manager_seven', 'n03'],
    ]);
    // excerpts: the same spans and texts, performers from Case/SelectionRef
    const key = (e: { start: number; end: number; text: string }) =>
      `${e.start}:${e.end}:${e.text}`;
    expect(got.excerpts.map(key)).toEqual(study.excerpts.map(key));
    expect(got.excerpts.map((e) => e.performer?.kind ?? 'none')).toEqual(
      study.excerpts.map((e) => e.performer?.kind ?? 'none'),
    );
    // codings: the same code, coder and time for every excerpt
    const codingKey = (c: { code: string; coderId: string; at?: string | undefined }, ex: string) =>
      `${ex}|${c.code}|${c.coderId}|${c.at ?? ''}`;
    const textOf = (s: Study, id: string) => s.excerpts.find((e) => e.id === id)?.text ?? '';
    expect(got.codings.map((c) => codingKey(c, textOf(got, c.excerptId))).sort()).toEqual(
      study.codings.map((c) => codingKey(c, textOf(study, c.excerptId))).sort(),
    );
    // study codes come back by their iwa key line, with hierarchy and colour
    // (in the file's order: a study code under a framework code sits in the framework's tree)
    expect(got.codebook.codes).toEqual([
      { key: 'theme.job_first_framing', label: 'Job-first framing', parent: 'form.conceptual' },
      {
        key: 'theme.trust_building',
        label: 'Trust building',
        colour: '#1b9e77',
        description: 'Talk about building trust across services.',
        isCodable: false,
      },
      { key: 'theme.shared_language', label: 'Shared language', parent: 'theme.trust_building' },
      { key: 'flag.steering_group', label: 'Steering group mentioned', colour: '#E7298A' },
    ]);
    // informants and positions from Case variables, organisations and groups by "Actor type"
    expect(got.informants.map((i) => [i.id, i.pseudonym, i.variables])).toEqual([
      ['manager_seven', 'Manager Seven', { years_in_role: 7, union_rep: false }],
      ['n03', 'N03', { years_in_role: 3 }],
    ]);
    expect(got.positions.map(({ id: _id, ...p }) => p)).toEqual(
      study.positions.map(({ id: _id, ...p }) => p),
    );
    expect(got.organisations.find((o) => o.id === 'dps_north')?.parentId).toBe(
      'university_hospital_of_north_norway',
    );
    expect(got.actorGroups.map((g) => [g.label, g.kind, g.role, g.organisationId])).toEqual([
      ['Health managers', 'group', 'manager', 'tromso_municipal_health_service'],
      ['IPS steering group', 'forum', undefined, undefined],
    ]);
    // relations from Links between cases
    expect(got.relations.map((r) => `${r.from.id} ${r.type} ${r.to.id}`)).toEqual([
      'manager_seven employed_by tromso_municipal_health_service',
      'n03 employed_by nav_tromso',
      'n03 employed_by tromso_municipal_health_service',
      'nav_tromso advises health_managers',
      'manager_seven attends ips_steering_group',
      'nav_tromso collaborates_with tromso_municipal_health_service',
    ]);
    expect(
      got.relations
        .filter((r) => r.type === 'employed_by')
        .map((r) => r.type === 'employed_by' && r.primary),
    ).toEqual([true, true, false]);
    // memos: text (CR and tab kept), title, author, and what they are about
    const memo = got.memos.find((m) => m.title === 'Who pays?');
    expect(memo?.text).toBe(study.memos[0]?.text);
    expect(memo?.author).toBe('kari');
    expect(memo?.about.map((a) => a.kind).sort()).toEqual(['excerpt', 'informant']);
    expect(got.memos.find((m) => m.title === 'Theme definitions')?.about).toEqual([
      { kind: 'code', id: 'form.operational' },
      { kind: 'code', id: 'theme.shared_language' },
      { kind: 'document', id: 'n03' },
    ]);
    expect(got.memos.find((m) => m.text.startsWith('Coding round 1'))?.about).toEqual([
      { kind: 'study', id: study.id },
    ]);
    // sets carry codes, documents and notes; links carry their ends
    expect(got.sets.map((s) => [s.name, s.members.map((m) => m.kind)])).toEqual([
      ['Forms seen in round 1', ['code', 'code', 'document', 'memo']],
      ['To code in round 2', []],
    ]);
    // links between codes come back; links to selections need the extension (excerpt ids
    // depend on the offsets, known only when the document is read) and are reported
    expect(got.links.map((l) => [l.name, l.direction, l.origin, l.target])).toEqual([
      [
        undefined,
        'associative',
        { kind: 'code', id: 'theme.job_first_framing' },
        { kind: 'code', id: 'lns.theorizing' },
      ],
    ]);
    expect(res.report.notCarried).toContainEqual(
      expect.objectContaining({ element: 'Link', count: 2 }),
    );
  });
});
