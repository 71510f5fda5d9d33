import { describe, expect, expectTypeOf, it } from 'vitest';
import { contentHash, excerptId } from './ids.ts';
import { PositionDimension } from '@iwa/taxonomy';
import { ActorRelation, Excerpt, Position, Study, StudyDocument, StudyManifest } from './model.ts';

const text =
  'I: How did the steering group start?\nM07: We started the steering group with the DPS.';
const exStart = text.indexOf('We started');
const exEnd = text.length;

/** A small but complete study: a Nav manager, a dual-employed advisor, one interview. */
function sampleStudy(): Study {
  const exId = excerptId('ips-demo', 'M07-interview', { start: exStart, end: exEnd });
  return {
    id: 'ips-demo',
    name: 'IPS managers and advisors',
    informants: [
      { id: 'M07', pseudonym: 'Nav manager East', positionId: 'nav_local_manager' },
      { id: 'A07', positionId: 'dual_advisor', variables: { yearsInRole: 4 } },
    ],
    speakers: [{ id: 'Interviewer', role: 'interviewer' }],
    positions: [
      {
        id: 'nav_local_manager',
        role: 'manager',
        sector: 'nav',
        tier: 'n_a',
        level: 'local',
        authority: 'decision',
        embeddedness: 'outsider',
      },
      {
        id: 'dual_advisor',
        role: 'advisor',
        sector: 'dual',
        level: 'regional',
        authority: 'advisory',
        dualEmployment: true,
      },
    ],
    organisations: [
      { id: 'nav_east', name: 'Nav East', kind: 'nav_local', sector: 'nav', level: 'local' },
      {
        id: 'nav_region',
        name: 'Nav regional office',
        kind: 'nav_regional',
        sector: 'nav',
        level: 'regional',
      },
      {
        id: 'dps_north',
        name: 'DPS North',
        kind: 'specialised_health',
        sector: 'health',
        tier: 'specialised',
        level: 'local',
      },
    ],
    actorGroups: [
      {
        id: 'steering_group',
        label: 'IPS steering group',
        kind: 'forum',
        organisationId: 'dps_north',
      },
    ],
    relations: [
      {
        id: 'r1',
        type: 'employed_by',
        from: { kind: 'informant', id: 'A07' },
        to: { kind: 'organisation', id: 'nav_region' },
        primary: true,
        evidence: [],
      },
      {
        id: 'r2',
        type: 'employed_by',
        from: { kind: 'informant', id: 'A07' },
        to: { kind: 'organisation', id: 'dps_north' },
        primary: false,
        evidence: [],
      },
      {
        id: 'r3',
        type: 'attends',
        from: { kind: 'informant', id: 'A07' },
        to: { kind: 'actor_group', id: 'steering_group' },
        participation: 'advisory',
        evidence: [exId],
      },
    ],
    coders: [{ id: 'kari', name: 'Kari' }],
    memos: [
      {
        id: 'm1',
        text: 'Steering group as a structural anchor?',
        about: [{ kind: 'excerpt', id: exId }],
        author: 'kari',
      },
    ],
    codebook: {
      codes: [{ key: 'flag.steering_group', label: 'Steering group', colour: '#3366cc' }],
    },
    dimensions: { role: ['peer_worker'] },
    variables: [{ key: 'yearsInRole', type: 'integer' }],
    phaseEvents: [
      {
        id: 'pe1',
        organisationId: 'dps_north',
        type: 'collaboration_initiated',
        date: '2019-09',
        evidence: [exId],
        recordedBy: 'kari',
        confidence: 0.7,
      },
    ],
    sets: [],
    links: [],
    documents: [
      {
        id: 'M07-interview',
        kind: 'interview',
        date: '2021-03-14',
        participants: ['M07'],
        text,
        contentHash: contentHash(text),
        turns: [
          { speaker: { kind: 'speaker', id: 'Interviewer' }, start: 0, contentStart: 3, end: 37 },
          {
            speaker: { kind: 'informant', id: 'M07' },
            start: 37,
            contentStart: 42,
            end: text.length,
          },
        ],
      },
    ],
    excerpts: [
      {
        id: exId,
        documentId: 'M07-interview',
        start: exStart,
        end: exEnd,
        text: text.slice(exStart, exEnd),
        speaker: { kind: 'informant', id: 'M07' },
        performer: { kind: 'informant', id: 'M07' },
        performerSource: 'speaker',
      },
    ],
    codings: [
      {
        id: 'c1',
        excerptId: exId,
        code: 'form.structural',
        coderId: 'kari',
        at: '2024-05-02T10:15:00Z',
      },
      { id: 'c2', excerptId: exId, code: 'flag.steering_group', coderId: 'kari' },
    ],
  };
}

describe('Study schema', () => {
  it('accepts a complete study with dual employment, a forum and a phase event', () => {
    const parsed = Study.safeParse(sampleStudy());
    expect(parsed.success).toBe(true);
  });

  it('a manifest is a study without documents, excerpts and codings', () => {
    const { documents: _d, excerpts: _e, codings: _c, ...manifest } = sampleStudy();
    expect(StudyManifest.safeParse(manifest).success).toBe(true);
    expectTypeOf<keyof StudyManifest>().not.toEqualTypeOf<keyof Study>();
  });

  it('rejects ids with spaces, bad code keys, bad dates and bad colours', () => {
    const s = sampleStudy();
    s.informants[0]!.id = 'Nav manager';
    s.codings[0]!.code = 'Structural work';
    s.documents[0]!.date = '14.03.2021';
    s.codebook.codes[0]!.colour = 'blue';
    const parsed = Study.safeParse(s);
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual([
      'codebook.codes.0.colour',
      'codings.0.code',
      'documents.0.date',
      'informants.0.id',
    ]);
  });

  it('carries primary only on employed_by and participation only on attends', () => {
    const attends = ActorRelation.parse({
      id: 'r',
      type: 'attends',
      from: { kind: 'informant', id: 'A07' },
      to: { kind: 'actor_group', id: 'steering_group' },
      participation: 'partial',
      evidence: [],
    });
    expect(attends.type === 'attends' && attends.participation).toBe('partial');
    expect(ActorRelation.safeParse({ ...attends, participation: 'sometimes' }).success).toBe(false);
    expect(
      ActorRelation.safeParse({ ...attends, type: 'employed_by', participation: undefined })
        .success,
    ).toBe(false); // employed_by needs primary
  });

  it('requires a sha-256 content hash and a performer source on excerpts', () => {
    const doc = sampleStudy().documents[0]!;
    expect(StudyDocument.safeParse({ ...doc, contentHash: 'md5:abc' }).success).toBe(false);
    const ex = sampleStudy().excerpts[0]!;
    const { performerSource: _p, ...noSource } = ex;
    expect(Excerpt.safeParse(noSource).success).toBe(false);
  });
});

describe('Position', () => {
  it('has one field per taxonomy position dimension, besides its id, label and description', () => {
    expect(Object.keys(Position.shape)).toEqual([
      'id',
      'label',
      ...PositionDimension.options,
      'description',
    ]);
    expectTypeOf<
      Exclude<keyof Position, 'id' | 'label' | 'description'>
    >().toEqualTypeOf<PositionDimension>();
    const nav = {
      id: 'p_nav_counsellor',
      role: 'nav_counsellor',
      sector: 'nav',
      level: 'local',
      embeddedness: 'insider',
      dualEmployment: true,
    };
    expect(Position.parse(nav)).toEqual(nav);
    expect(Position.safeParse({ ...nav, sector: 'Nav office' }).success).toBe(false);
    expect(Position.safeParse({ ...nav, dualEmployment: 'yes' }).success).toBe(false);
    expect(Position.safeParse({ id: 'p1', sector: 'nav' }).success).toBe(false);
  });
});
