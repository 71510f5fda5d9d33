import { z } from 'zod';
import { cite, Source } from './sources.ts';
import { parseOrThrow } from './taxonomy-error.ts';

/**
 * The dimensions of an actor's position (Battilana 2006; Hardy & Maguire 2017): who they are in
 * the field, where they sit, and how much say they have. A study can add values to every one.
 */
export const PositionDimension = z.enum([
  'role',
  'sector',
  'tier',
  'level',
  'authority',
  'embeddedness',
  'dualEmployment',
]);
export type PositionDimension = z.infer<typeof PositionDimension>;

/**
 * Position dimensions read from an actor's surroundings rather than from its own position:
 * `employerKind` is the kind of the organisation that employs it (its primary employer), or of
 * the organisation itself. Values come from the study's organisation kinds.
 */
export const DerivedPositionDimension = z.enum(['employerKind']);
export type DerivedPositionDimension = z.infer<typeof DerivedPositionDimension>;

/**
 * Every dimension of an actor's position that an analysis can use, in display order: the
 * position dimensions, then the derived ones. The one list of them in iwa.
 */
export const ACTOR_POSITION_KEYS = [
  ...PositionDimension.options,
  ...DerivedPositionDimension.options,
] as const;
/** One of {@link ACTOR_POSITION_KEYS}. */
export type ActorPositionKey = (typeof ACTOR_POSITION_KEYS)[number];

/** A snake_case value key, e.g. `employment_specialist`. */
export const DimensionValueKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'a snake_case key (lowercase letters, digits, _)');

/** One value of a dimension, e.g. `{ key: 'nav_counsellor', label: 'Nav counsellor' }`. */
export const DimensionValue = z.object({
  key: DimensionValueKey,
  label: z.string().trim().min(1),
  definition: z.string().trim().min(1).optional(),
});
export type DimensionValue = z.infer<typeof DimensionValue>;

/** A dimension with its definition, source and values. */
export const DimensionEntry = z.object({
  key: PositionDimension,
  label: z.string().min(1),
  definition: z.string().min(1),
  source: Source,
  values: z.array(DimensionValue).min(1),
});
export type DimensionEntry = z.infer<typeof DimensionEntry>;

/** Every dimension with its values: the defaults, plus whatever a study added. */
export type PositionVocabulary = Readonly<Record<PositionDimension, DimensionEntry>>;

/** The default vocabulary of every position dimension, in display order. */
export const POSITION_DIMENSIONS: readonly DimensionEntry[] = [
  {
    key: 'role',
    label: 'Role',
    definition:
      'The part a person plays in the organisation or field studied; formal position shapes both the wish and the means to change things.',
    source: cite('battilana_2006'),
    values: [
      {
        key: 'manager',
        label: 'Manager',
        definition: 'Has line responsibility for a unit or service.',
      },
      {
        key: 'advisor',
        label: 'Advisor',
        definition:
          'Gives implementation support (project leader, advisor, coordinator) without line authority.',
      },
      { key: 'employment_specialist', label: 'Employment specialist' },
      {
        key: 'clinician',
        label: 'Clinician',
        definition: 'A therapist or other treating health professional.',
      },
      {
        key: 'nav_counsellor',
        label: 'Nav counsellor',
        definition: 'A caseworker in the labour and welfare administration.',
      },
      {
        key: 'jobseeker',
        label: 'Jobseeker',
        definition: 'A service user looking for or holding work.',
      },
      { key: 'top_manager', label: 'Top manager' },
      { key: 'director', label: 'Director' },
      { key: 'researcher', label: 'Researcher' },
    ],
  },
  {
    key: 'sector',
    label: 'Sector',
    definition: 'The sector of the organisation that employs the person.',
    source: cite('skogstad_2024'),
    values: [
      { key: 'health', label: 'Health services' },
      { key: 'nav', label: 'Labour and welfare (Nav)' },
      {
        key: 'dual',
        label: 'Both health and welfare',
        definition: 'Employed in both sectors at once.',
      },
      { key: 'vocational_rehabilitation', label: 'Vocational rehabilitation' },
      { key: 'labour_market', label: 'Employers and labour market' },
      { key: 'unknown', label: 'Unknown', definition: 'The source does not say.' },
    ],
  },
  {
    key: 'tier',
    label: 'Health tier',
    definition: 'For health services, the tier of care the organisation belongs to.',
    source: cite('skogstad_2024'),
    values: [
      { key: 'municipal', label: 'Municipal (primary) health services' },
      { key: 'specialised', label: 'Specialised (state) health services' },
      { key: 'n_a', label: 'Not applicable', definition: 'Not a health organisation.' },
    ],
  },
  {
    key: 'level',
    label: 'Level',
    definition: 'The administrative level the person works at.',
    source: cite('skogstad_2024'),
    values: [
      { key: 'local', label: 'Local' },
      { key: 'regional', label: 'Regional' },
      { key: 'national', label: 'National' },
    ],
  },
  {
    key: 'authority',
    label: 'Authority',
    definition: 'Whether the person can decide, or can only advise those who decide.',
    source: cite('skogstad_2024'),
    values: [
      { key: 'decision', label: 'Decision authority' },
      { key: 'advisory', label: 'Advisory only' },
    ],
  },
  {
    key: 'embeddedness',
    label: 'Embeddedness',
    definition:
      'Whether the person is part of the organisation being changed (embedded, with resources but bound by its ways) or works on it from outside (freer to see alternatives, short of power).',
    source: cite('hardy_maguire_2017'),
    values: [
      { key: 'insider', label: 'Insider' },
      { key: 'outsider', label: 'Outsider' },
    ],
  },
  {
    key: 'dualEmployment',
    label: 'Dual employment',
    definition: 'Whether the person is employed by two organisations at the same time.',
    source: cite('skogstad_2024'),
    values: [
      { key: 'no', label: 'One employer' },
      { key: 'yes', label: 'Two employers' },
    ],
  },
];

/** The default vocabulary, by dimension. */
export const DEFAULT_POSITION_VOCABULARY: PositionVocabulary = Object.fromEntries(
  POSITION_DIMENSIONS.map((entry) => [entry.key, entry]),
) as Record<PositionDimension, DimensionEntry>;

/** A value a study adds: a bare key (its label is made from the key) or a full value. */
const ExtensionValue = z.union([
  DimensionValueKey.transform((key) => ({ key, label: labelFromKey(key) })),
  DimensionValue,
]);

/**
 * A study's additions to the position dimensions, e.g. `{ role: ['peer_worker'] }` or
 * `{ role: [{ key: 'peer_worker', label: 'Peer support worker' }] }`. Parsing it gives the full
 * {@link PositionVocabulary}: defaults first, then the additions. A study can add values but never
 * remove or relabel a default; unknown dimensions and repeated keys are errors.
 */
export const DimensionExtensions = z
  .strictObject(
    Object.fromEntries(
      PositionDimension.options.map((d) => [d, z.array(ExtensionValue).optional()]),
    ) as Record<PositionDimension, z.ZodOptional<z.ZodArray<typeof ExtensionValue>>>,
  )
  .superRefine((ext, ctx) => {
    for (const dimension of PositionDimension.options) {
      const seen = new Set(DEFAULT_POSITION_VOCABULARY[dimension].values.map((v) => v.key));
      (ext[dimension] ?? []).forEach((value, i) => {
        if (seen.has(value.key)) {
          ctx.addIssue({
            code: 'custom',
            path: [dimension, i],
            message: `"${value.key}" is already a value of ${dimension}`,
            params: { reason: 'duplicate_value' },
          });
        }
        seen.add(value.key);
      });
    }
  })
  .transform(
    (ext): PositionVocabulary =>
      Object.fromEntries(
        POSITION_DIMENSIONS.map((entry) => [
          entry.key,
          { ...entry, values: [...entry.values, ...(ext[entry.key] ?? [])] },
        ]),
      ) as Record<PositionDimension, DimensionEntry>,
  );
export type DimensionExtensions = z.input<typeof DimensionExtensions>;

/**
 * The position vocabulary of a study: the defaults plus the study's additions.
 *
 * @throws {TaxonomyError} `invalid_dimensions` when a dimension is unknown, a key is not
 *   snake_case or a value is repeated. Use `DimensionExtensions.safeParse()` to get the issues
 *   as a result instead.
 *
 * @example
 * const vocabulary = extendDimensions({ role: ['peer_worker'] });
 * vocabulary.role.values.at(-1); // { key: 'peer_worker', label: 'Peer worker' }
 */
export function extendDimensions(extensions: DimensionExtensions = {}): PositionVocabulary {
  return parseOrThrow(DimensionExtensions, extensions, {
    code: 'invalid_dimensions',
    what: 'position dimensions',
  });
}

/**
 * A zod schema for one position under a vocabulary: each dimension optional, each value one of
 * the vocabulary's keys.
 *
 * @example
 * positionSchema().parse({ role: 'advisor', sector: 'dual', dualEmployment: 'yes' });
 */
export function positionSchema(vocabulary: PositionVocabulary = DEFAULT_POSITION_VOCABULARY) {
  const shape = Object.fromEntries(
    PositionDimension.options.map((d) => {
      const keys = vocabulary[d].values.map((v) => v.key) as [string, ...string[]];
      return [d, z.enum(keys).optional()];
    }),
  ) as Record<PositionDimension, z.ZodOptional<z.ZodEnum<Record<string, string>>>>;
  return z.strictObject(shape);
}

/** A position: a value (key) for any of the dimensions. */
export type Position = Partial<Record<PositionDimension, string>>;

function labelFromKey(key: string): string {
  const words = key.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
