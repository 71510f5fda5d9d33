import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POSITION_VOCABULARY,
  DimensionExtensions,
  extendDimensions,
  PositionDimension,
  positionSchema,
} from './position-dimensions.ts';
import { TaxonomyError } from './taxonomy-error.ts';

describe('position dimensions', () => {
  it('has the seven dimensions with default values and labels', () => {
    expect(PositionDimension.options).toEqual([
      'role',
      'sector',
      'tier',
      'level',
      'authority',
      'embeddedness',
      'dualEmployment',
    ]);
    const keys = (d: PositionDimension) => DEFAULT_POSITION_VOCABULARY[d].values.map((v) => v.key);
    expect(keys('role')).toEqual(
      expect.arrayContaining([
        'manager',
        'advisor',
        'employment_specialist',
        'clinician',
        'nav_counsellor',
        'jobseeker',
        'top_manager',
      ]),
    );
    expect(keys('sector')).toEqual(expect.arrayContaining(['health', 'nav', 'dual']));
    expect(keys('tier')).toEqual(expect.arrayContaining(['municipal', 'specialised']));
    expect(keys('level')).toEqual(['local', 'regional', 'national']);
    expect(keys('authority')).toEqual(['decision', 'advisory']);
    expect(keys('embeddedness')).toEqual(['insider', 'outsider']);
    expect(keys('dualEmployment')).toEqual(['no', 'yes']);
    expect(DEFAULT_POSITION_VOCABULARY.embeddedness.source.author).toBe('Hardy & Maguire');
  });

  it('lets a study extend every dimension, defaults first', () => {
    const vocabulary = extendDimensions({
      role: ['peer_worker', { key: 'team_leader', label: 'IPS team leader' }],
      level: ['municipal_district'],
    });
    expect(vocabulary.role.values.slice(-2)).toEqual([
      { key: 'peer_worker', label: 'Peer worker' },
      { key: 'team_leader', label: 'IPS team leader' },
    ]);
    expect(vocabulary.level.values.map((v) => v.key)).toEqual([
      'local',
      'regional',
      'national',
      'municipal_district',
    ]);
    expect(vocabulary.sector).toEqual(DEFAULT_POSITION_VOCABULARY.sector);
    expect(extendDimensions()).toEqual(DEFAULT_POSITION_VOCABULARY);
  });

  it('rejects unknown dimensions, bad keys and repeated values', () => {
    const result = DimensionExtensions.safeParse({
      role: ['manager', 'peer', 'peer', 'Bad Key'],
      colour: ['red'],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['role.3', '']);
    const dupes = DimensionExtensions.safeParse({ role: ['manager', 'peer', 'peer'] });
    expect(dupes.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['role.0', '"manager" is already a value of role'],
      ['role.2', '"peer" is already a value of role'],
    ]);
    expect(() => extendDimensions({ role: ['manager'] })).toThrow(TaxonomyError);
  });

  it('validates a position against a vocabulary', () => {
    const schema = positionSchema(extendDimensions({ role: ['peer_worker'] }));
    expect(schema.parse({ role: 'peer_worker', sector: 'dual', dualEmployment: 'yes' })).toEqual({
      role: 'peer_worker',
      sector: 'dual',
      dualEmployment: 'yes',
    });
    expect(positionSchema().safeParse({ role: 'peer_worker' }).success).toBe(false);
    expect(positionSchema().safeParse({ mood: 'happy' }).success).toBe(false);
  });
});
