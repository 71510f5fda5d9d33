import { describe, expect, it } from 'vitest';
import { nearest, unknownName } from './did-you-mean.ts';

const ROLES = ['manager', 'advisor', 'employment_specialist', 'clinician', 'nav_counsellor'];
const ORGS = ['dps_nordhei', 'nav_nordhei', 'mh_lia', 'nav_lia', 'dps_solberg'];

describe('did you mean', () => {
  it('finds a name one or two edits away, best first', () => {
    expect(nearest('managr', ROLES)).toEqual(['manager']);
    expect(nearest('advsior', ROLES)).toEqual(['advisor']);
    expect(nearest('mh_lai', ORGS)).toEqual(['mh_lia']);
    expect(nearest('nav_nordhie', ORGS)).toEqual(['nav_nordhei']);
  });

  it('takes case and separators as the same name, and then offers that one alone', () => {
    expect(nearest('dps-nordhei', ORGS)).toEqual(['dps_nordhei']);
    expect(nearest('Employment Specialist', ROLES)).toEqual(['employment_specialist']);
  });

  it('offers names that contain what was typed, but nothing for a far-off name', () => {
    expect(nearest('specialist', ROLES)).toEqual(['employment_specialist']);
    expect(nearest('xyz', ROLES)).toEqual([]);
  });

  it('says what was unknown, the suggestion and the known names, in plural', () => {
    const err = unknownName({ what: 'value of role', asked: 'managr', known: ROLES });
    expect(err.code).toBe('invalid_query');
    expect(err.message).toBe(
      'unknown value of role "managr"; did you mean "manager"?; known values of role: manager, advisor, employment_specialist, clinician, nav_counsellor',
    );
    expect(unknownName({ what: 'coder', asked: 'x', known: [] }).message).toBe(
      'unknown coder "x"; the study has no coders',
    );
  });
});
