import { z } from 'zod';

/**
 * The code keys a phase model refers to. This is the ONE place in `@iwa/phases` that knows the
 * framework keys, so it can switch to `@iwa/taxonomy`'s vocabulary once that export exists.
 */

/** Cloutier et al. (2015): the four forms of work, as code keys. */
export const FormKey = z.enum([
  'form.structural',
  'form.conceptual',
  'form.operational',
  'form.relational',
]);
export type FormKey = z.infer<typeof FormKey>;

/** Lawrence & Suddaby (2006): the three purposes of institutional work, as code keys. */
export const PurposeKey = z.enum(['purpose.creating', 'purpose.maintaining', 'purpose.disrupting']);
export type PurposeKey = z.infer<typeof PurposeKey>;

/** Lawrence & Suddaby (2006): the 18 finer forms of institutional work, as code keys. */
export const LnsKey = z.enum([
  'lns.advocacy',
  'lns.defining',
  'lns.vesting',
  'lns.constructing_identities',
  'lns.changing_normative_associations',
  'lns.constructing_normative_networks',
  'lns.mimicry',
  'lns.theorizing',
  'lns.educating',
  'lns.enabling_work',
  'lns.policing',
  'lns.deterring',
  'lns.valorizing_and_demonizing',
  'lns.mythologizing',
  'lns.embedding_and_routinizing',
  'lns.disconnecting_sanctions',
  'lns.disassociating_moral_foundations',
  'lns.undermining_assumptions_and_beliefs',
]);
export type LnsKey = z.infer<typeof LnsKey>;

/** Scott's three pillars, as code keys. */
export const PillarKey = z.enum([
  'pillar.regulative',
  'pillar.normative',
  'pillar.cultural_cognitive',
]);
export type PillarKey = z.infer<typeof PillarKey>;

/** A study's flag code, e.g. `flag.resistance_encountered` or `flag.confidentiality`. */
export const FlagKey = z
  .string()
  .regex(
    /^flag\.[a-z0-9][a-z0-9_]*$/,
    'a flag key is flag.<snake_case>, e.g. flag.confidentiality',
  );
export type FlagKey = z.infer<typeof FlagKey>;

/** A study's theme code, e.g. `theme.t1_redefining_treatment`. */
export const ThemeKey = z
  .string()
  .regex(/^theme\.[a-z0-9][a-z0-9_]*$/, 'a theme key is theme.<snake_case>');
export type ThemeKey = z.infer<typeof ThemeKey>;

/** Any code key a rule may name: a framework key, or a study's `theme.*` / `flag.*` key. */
export const RuleCodeKey = z.union([FormKey, PurposeKey, LnsKey, PillarKey, FlagKey, ThemeKey], {
  error: (issue) =>
    `unknown code key ${JSON.stringify(issue.input)}: use form.*, purpose.*, lns.*, pillar.* (framework keys) or theme.<key>, flag.<key>`,
});
export type RuleCodeKey = z.infer<typeof RuleCodeKey>;
