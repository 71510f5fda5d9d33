import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DIMENSION_VOCABULARIES,
  isDimensionName,
  resolveVocabularies,
} from './dimensions.ts';

describe('dimension vocabularies', () => {
  it('has the defaults from the domain model', () => {
    expect(DEFAULT_DIMENSION_VOCABULARIES.sector).toEqual(
      expect.arrayContaining(['health', 'nav', 'dual', 'unknown']),
    );
    expect(DEFAULT_DIMENSION_VOCABULARIES.role).toContain('employment_specialist');
    expect(DEFAULT_DIMENSION_VOCABULARIES.organisationKind).toContain('resource_centre');
  });

  it('adds a study extension after the defaults without duplicates', () => {
    const v = resolveVocabularies({ role: ['peer_worker', 'manager'], tier: ['regional_trust'] });
    expect(v.role.slice(-2)).toEqual(['researcher', 'peer_worker']);
    expect(v.role.filter((r) => r === 'manager')).toHaveLength(1);
    expect(v.tier).toEqual(['municipal', 'specialised', 'n_a', 'regional_trust']);
    expect(v.level).toEqual(DEFAULT_DIMENSION_VOCABULARIES.level);
    expect(isDimensionName('organisationKind')).toBe(true);
    expect(isDimensionName('colour')).toBe(false);
  });
});
