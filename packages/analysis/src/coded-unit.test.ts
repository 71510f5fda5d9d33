import { describe, expect, it } from 'vitest';
import { AnalysisError } from './analysis-error.ts';
import { codeFamily } from '@iwa/taxonomy';
import { codedUnit, resolveDimension, valuesOf } from './coded-unit.ts';
import { parseCondition, satisfies } from './condition.ts';

describe('codedUnit', () => {
  const unit = codedUnit({
    unitId: 'e1',
    documentId: 'd1',
    informantId: 'i1',
    codes: [
      'form.conceptual',
      'form.relational',
      'form.relational',
      'lns.theorizing',
      'flag.lacks_authority',
    ],
    speaker: { role: 'advisor', sector: 'dual', dualEmployment: true },
    performer: { role: 'manager', sector: 'health' },
    attributes: { phase: 'establishing' },
  });

  it('flattens codes into families and positions into prefixed dimensions', () => {
    expect(unit.attributes).toEqual({
      phase: 'establishing',
      form: ['conceptual', 'relational'],
      lns: ['theorizing'],
      flag: ['lacks_authority'],
      'speaker.role': 'advisor',
      'speaker.sector': 'dual',
      'speaker.dualEmployment': 'yes',
      'performer.role': 'manager',
      'performer.sector': 'health',
    });
    expect(codeFamily('pillar.cultural_cognitive')).toBe('pillar');
    expect(resolveDimension('role', 'performer')).toBe('performer.role');
    expect(resolveDimension('form', 'performer')).toBe('form');
    expect(valuesOf(unit, 'form')).toEqual(['conceptual', 'relational']);
    expect(valuesOf(unit, 'theme')).toEqual([]);
  });

  it('takes the speaker as performer when none is given', () => {
    const own = codedUnit({
      unitId: 'e2',
      documentId: 'd1',
      informantId: 'i1',
      codes: [],
      speaker: { role: 'advisor' },
    });
    expect(own.attributes['performer.role']).toBe('advisor');
  });

  it('parses conditions: dim=value, alternatives, negation and code keys', () => {
    expect(satisfies(unit, parseCondition('role=advisor'))).toBe(true);
    expect(satisfies(unit, parseCondition('role=advisor', 'performer'))).toBe(false);
    expect(satisfies(unit, parseCondition('performer.sector=nav|health'))).toBe(true);
    expect(satisfies(unit, parseCondition('form!=operational'))).toBe(true);
    expect(satisfies(unit, parseCondition('theme!=t1'))).toBe(true);
    expect(satisfies(unit, parseCondition('flag.lacks_authority'))).toBe(true);
    expect(satisfies(unit, parseCondition('pillar.normative'))).toBe(false);
    expect(() => parseCondition('relational')).toThrow(AnalysisError);
    expect(() => parseCondition('form=')).toThrow(AnalysisError);
  });
});
