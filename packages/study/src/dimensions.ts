import {
  POSITION_DIMENSIONS,
  PositionDimension as TaxonomyPositionDimension,
  type PositionDimension,
} from '@iwa/taxonomy';

/**
 * The default vocabularies for position and organisation dimensions. Position dimensions come
 * from `@iwa/taxonomy` (one vocabulary for every package); organisation and actor-group kinds
 * are the study model's own. A study may extend every list in its `study.yaml`
 * (`dimensions: { role: [peer_worker] }`); it can never remove a default value.
 */

function taxonomyValues(key: PositionDimension): readonly string[] {
  const entry = POSITION_DIMENSIONS.find((d) => d.key === key);
  if (!entry) throw new Error(`@iwa/taxonomy has no position dimension ${key}`);
  return entry.values.map((v) => v.key);
}

/** The names of the extensible vocabularies a study may extend. */
export const DIMENSION_NAMES = [
  // the taxonomy's position dimensions with values (dualEmployment is yes/no)
  ...TaxonomyPositionDimension.exclude(['dualEmployment']).options,
  'organisationKind',
  'actorGroupKind',
] as const;

/** One extensible vocabulary name, e.g. `role` or `organisationKind`. */
export type DimensionName = (typeof DIMENSION_NAMES)[number];

/** A vocabulary per dimension: the allowed snake_case values. */
export type DimensionVocabularies = Readonly<Record<DimensionName, readonly string[]>>;

/**
 * The built-in vocabularies. `role`…`embeddedness` describe a {@link Position};
 * `organisationKind`, `sector`, `level` and `tier` describe an organisation;
 * `actorGroupKind` describes an actor group (a collective performer or a forum).
 */
export const DEFAULT_DIMENSION_VOCABULARIES: DimensionVocabularies = {
  role: taxonomyValues('role'),
  sector: taxonomyValues('sector'),
  tier: taxonomyValues('tier'),
  level: taxonomyValues('level'),
  authority: taxonomyValues('authority'),
  embeddedness: taxonomyValues('embeddedness'),
  organisationKind: [
    'municipal_health',
    'specialised_health',
    'nav_local',
    'nav_regional',
    'directorate',
    'resource_centre',
    'other',
  ],
  actorGroupKind: ['group', 'forum'],
};

/** A study's additions to the default vocabularies, as written under `dimensions:` in study.yaml. */
export type DimensionExtensions = { readonly [K in DimensionName]?: readonly string[] | undefined };

/**
 * Merges the defaults with a study's extensions (defaults first, duplicates dropped).
 *
 * @example
 * resolveVocabularies({ role: ['peer_worker'] }).role.includes('peer_worker') // true
 */
export function resolveVocabularies(extensions: DimensionExtensions = {}): DimensionVocabularies {
  const out = {} as Record<DimensionName, readonly string[]>;
  for (const name of DIMENSION_NAMES) {
    out[name] = [
      ...new Set([...DEFAULT_DIMENSION_VOCABULARIES[name], ...(extensions[name] ?? [])]),
    ];
  }
  return out;
}

/** Whether `name` is one of {@link DIMENSION_NAMES}. */
export function isDimensionName(name: string): name is DimensionName {
  return (DIMENSION_NAMES as readonly string[]).includes(name);
}
