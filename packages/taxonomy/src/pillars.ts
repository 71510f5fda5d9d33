import { z } from 'zod';
import { cite, Source } from './sources.ts';

/** Scott's three pillars of institutions. */
export const Pillar = z.enum(['regulative', 'normative', 'cultural_cognitive']);
export type Pillar = z.infer<typeof Pillar>;

/** The dimensions along which Scott compares the pillars (Scott 2014, Table 3.1). */
export const PillarDimension = z.enum([
  'basis_of_compliance',
  'basis_of_order',
  'mechanisms',
  'logic',
  'indicators',
  'affect',
  'basis_of_legitimacy',
]);
export type PillarDimension = z.infer<typeof PillarDimension>;

/** A dimension of comparison between the pillars. */
export const PillarDimensionEntry = z.object({
  key: PillarDimension,
  label: z.string().min(1),
  definition: z.string().min(1),
});
export type PillarDimensionEntry = z.infer<typeof PillarDimensionEntry>;

/** One pillar, with its definition, source and its value on each dimension. */
export const PillarEntry = z.object({
  key: Pillar,
  label: z.string().min(1),
  definition: z.string().min(1),
  source: Source,
  dimensions: z.record(PillarDimension, z.string().min(1)),
});
export type PillarEntry = z.infer<typeof PillarEntry>;

/** The seven dimensions of Scott's comparison, in the order of his table. */
export const PILLAR_DIMENSIONS: readonly PillarDimensionEntry[] = [
  {
    key: 'basis_of_compliance',
    label: 'Basis of compliance',
    definition: 'Why people go along with the institution.',
  },
  {
    key: 'basis_of_order',
    label: 'Basis of order',
    definition: 'What holds the institutional order together.',
  },
  {
    key: 'mechanisms',
    label: 'Mechanisms',
    definition: 'How the institution spreads and is enforced (the kind of isomorphism).',
  },
  { key: 'logic', label: 'Logic', definition: 'The reasoning that guides action under it.' },
  {
    key: 'indicators',
    label: 'Indicators',
    definition: 'What one looks for to see the institution at work.',
  },
  { key: 'affect', label: 'Affect', definition: 'The feelings tied to keeping or breaking it.' },
  {
    key: 'basis_of_legitimacy',
    label: 'Basis of legitimacy',
    definition: 'What makes conforming to it legitimate.',
  },
];

const source = cite('scott_2014', { locator: 'ch. 3, Table 3.1' });

/** Scott's (2014) three pillars of institutions, each compared on the seven dimensions. */
export const PILLARS: readonly PillarEntry[] = [
  {
    key: 'regulative',
    label: 'Regulative pillar',
    definition:
      'Institutions as explicit rules backed by monitoring and sanctions: people comply because it pays, or because breaking the rules is punished.',
    source,
    dimensions: {
      basis_of_compliance: 'Expedience',
      basis_of_order: 'Regulative rules',
      mechanisms: 'Coercive',
      logic: 'Instrumentality',
      indicators: 'Rules, laws, sanctions',
      affect: 'Fear, guilt / innocence',
      basis_of_legitimacy: 'Legally sanctioned',
    },
  },
  {
    key: 'normative',
    label: 'Normative pillar',
    definition:
      'Institutions as values and norms that say what is desirable and how things ought to be done, creating binding expectations and obligations.',
    source,
    dimensions: {
      basis_of_compliance: 'Social obligation',
      basis_of_order: 'Binding expectations',
      mechanisms: 'Normative',
      logic: 'Appropriateness',
      indicators: 'Certification, accreditation',
      affect: 'Shame / honour',
      basis_of_legitimacy: 'Morally governed',
    },
  },
  {
    key: 'cultural_cognitive',
    label: 'Cultural-cognitive pillar',
    definition:
      'Institutions as shared frames and categories that make up social reality: people follow them because other ways of acting are hard to conceive.',
    source,
    dimensions: {
      basis_of_compliance: 'Taken-for-grantedness, shared understanding',
      basis_of_order: 'Constitutive schema',
      mechanisms: 'Mimetic',
      logic: 'Orthodoxy',
      indicators: 'Common beliefs, shared logics of action, isomorphism',
      affect: 'Certainty / confusion',
      basis_of_legitimacy: 'Comprehensible, recognisable, culturally supported',
    },
  },
];
