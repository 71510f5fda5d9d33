import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  childCodes,
  CodebookDefinition,
  defineCodebook,
  findCode,
  frameworkCodebook,
  type Codebook,
} from './codebook.ts';
import { FRAMEWORK_CODES, type FrameworkCodeKey } from './framework-codes.ts';
import { TaxonomyError } from './taxonomy-error.ts';
import { IWA_NAMESPACE, uuidv5 } from './uuid.ts';

function reasons(definition: unknown): unknown[] {
  const result = CodebookDefinition.safeParse(definition);
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => [
    i.path.join('.'),
    (i as { params?: { reason?: string } }).params?.reason,
  ]);
}

describe('defineCodebook', () => {
  const study = defineCodebook({
    name: 'IPS managers',
    version: '2.1.0',
    codes: [
      { key: 'theme.redefining_treatment', label: 'Redefining mental health treatment' },
      {
        key: 'code.work_as_treatment',
        label: 'Work as treatment',
        parent: 'theme.redefining_treatment',
      },
      { key: 'flag.resistance_encountered', label: 'Resistance encountered', color: '#c33' },
      {
        key: 'flag.ally_enlisted',
        label: 'Ally enlisted',
        definition: '  Someone with authority was won over. ',
      },
      {
        key: 'flag.confidentiality',
        label: 'Confidentiality',
        guid: '{0A8E3F64-1C55-4C5B-9E1D-6F1A2B3C4D5E}',
      },
      { key: 'code.teaching_courses', label: 'Teaching IPS courses', parent: 'lns.educating' },
    ],
  });

  it('returns the framework codes followed by the study codes, with hierarchy and GUIDs', () => {
    expect(study.name).toBe('IPS managers');
    expect(study.version).toBe('2.1.0');
    expect(study.frameworks).toEqual(['form', 'purpose', 'lns', 'pillar']);
    expect(study.codes).toHaveLength(FRAMEWORK_CODES.length + 6);
    expect(study.codes.slice(0, FRAMEWORK_CODES.length)).toEqual(FRAMEWORK_CODES);
    expect(findCode(study, 'code.work_as_treatment')).toEqual({
      key: 'code.work_as_treatment',
      label: 'Work as treatment',
      family: 'code',
      origin: 'study',
      parentKey: 'theme.redefining_treatment',
      guid: uuidv5('code.work_as_treatment', IWA_NAMESPACE),
      isCodable: true,
    });
    expect(findCode(study, 'flag.resistance_encountered')?.color).toBe('#CC3333');
    expect(findCode(study, 'flag.ally_enlisted')?.definition).toBe(
      'Someone with authority was won over.',
    );
    expect(findCode(study, 'flag.confidentiality')?.guid).toBe(
      '0a8e3f64-1c55-4c5b-9e1d-6f1a2b3c4d5e',
    );
    expect(childCodes(study, 'lns.educating').map((c) => c.key)).toEqual(['code.teaching_courses']);
  });

  it('types the keys: framework keys and the study keys as literals', () => {
    type Key = (typeof study.codes)[number]['key'];
    expectTypeOf<'flag.ally_enlisted'>().toExtend<Key>();
    expectTypeOf<'lns.theorizing'>().toExtend<Key>();
    expectTypeOf<'flag.unknown'>().not.toExtend<Key>();
    expectTypeOf(frameworkCodebook()).toEqualTypeOf<Codebook<FrameworkCodeKey>>();
  });

  it('puts a parent before its children, whatever the order written', () => {
    const codebook = defineCodebook({
      name: 'order',
      frameworks: [],
      codes: [
        { key: 'code.child', label: 'Child', parent: 'theme.parent' },
        { key: 'theme.parent', label: 'Parent', isCodable: false },
        { key: 'code.other', label: 'Other' },
      ],
    });
    expect(codebook.codes.map((c) => c.key)).toEqual(['theme.parent', 'code.child', 'code.other']);
    expect(codebook.frameworks).toEqual([]);
  });

  it('can leave frameworks out, e.g. a study that codes without the institutional-work lens', () => {
    const codebook = defineCodebook({ name: 'CHIME', frameworks: ['pillar'], codes: [] });
    expect(codebook.codes.map((c) => c.key)).toEqual([
      'pillar',
      'pillar.regulative',
      'pillar.normative',
      'pillar.cultural_cognitive',
    ]);
  });

  it('rejects duplicate keys', () => {
    expect(
      reasons({
        name: 'x',
        codes: [
          { key: 'flag.a', label: 'A' },
          { key: 'flag.a', label: 'A again' },
        ],
      }),
    ).toContainEqual(['codes.1.key', 'duplicate_key']);
  });

  it('rejects unknown parents, and parents in frameworks left out', () => {
    expect(
      reasons({ name: 'x', codes: [{ key: 'flag.a', label: 'A', parent: 'theme.nope' }] }),
    ).toEqual([['codes.0.parent', 'unknown_parent']]);
    expect(
      reasons({
        name: 'x',
        frameworks: ['form'],
        codes: [{ key: 'flag.a', label: 'A', parent: 'lns.educating' }],
      }),
    ).toEqual([['codes.0.parent', 'unknown_parent']]);
  });

  it('rejects cycles, once per cycle', () => {
    expect(
      reasons({
        name: 'x',
        codes: [
          { key: 'code.a', label: 'A', parent: 'code.c' },
          { key: 'code.b', label: 'B', parent: 'code.a' },
          { key: 'code.c', label: 'C', parent: 'code.b' },
          { key: 'code.self', label: 'Self', parent: 'code.self' },
        ],
      }),
    ).toEqual([
      ['codes.0.parent', 'cycle'],
      ['codes.3.parent', 'cycle'],
    ]);
  });

  it('rejects clashes with framework keys and families, and repeated GUIDs', () => {
    expect(
      reasons({
        name: 'x',
        codes: [
          { key: 'lns.theorizing', label: 'Theorizing (ours)' },
          { key: 'form.spatial', label: 'Spatial work' },
          { key: 'flag.a', label: 'A', guid: FRAMEWORK_CODES[1]!.guid },
        ],
      }),
    ).toEqual([
      ['codes.0.key', 'framework_key'],
      ['codes.1.key', 'reserved_family'],
      ['codes.0.guid', 'duplicate_guid'],
      ['codes.2.guid', 'duplicate_guid'],
    ]);
  });

  it('rejects malformed input with zod issues: keys, colours, GUIDs, unknown fields', () => {
    const result = CodebookDefinition.safeParse({
      name: '',
      codes: [
        { key: 'Resistance', label: 'R' },
        { key: 'flag.b', label: 'B', color: 'red', guid: 'nope', extra: 1 },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual([
      'name',
      'codes.0.key',
      'codes.1.color',
      'codes.1.guid',
      'codes.1',
    ]);
  });

  it('throws a TaxonomyError that lists every problem', () => {
    let error: unknown;
    try {
      defineCodebook({
        name: 'x',
        codes: [
          { key: 'flag.a', label: 'A', parent: 'flag.missing' },
          { key: 'flag.a', label: 'A' },
        ],
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TaxonomyError);
    const taxonomyError = error as TaxonomyError;
    expect(taxonomyError.code).toBe('invalid_codebook');
    expect(taxonomyError.issues).toHaveLength(2);
    expect(taxonomyError.message).toContain('parent "flag.missing" is not a code of this codebook');
    expect(taxonomyError.message).toContain('"flag.a" is already the key of codes[0]');
  });
});

describe('frameworkCodebook', () => {
  it('is the four frameworks with no study codes, and equals an empty study definition', () => {
    const frameworks = frameworkCodebook();
    expect(frameworks.codes).toBe(FRAMEWORK_CODES);
    expect(defineCodebook({ name: frameworks.name, version: frameworks.version }).codes).toEqual(
      FRAMEWORK_CODES,
    );
  });
});
