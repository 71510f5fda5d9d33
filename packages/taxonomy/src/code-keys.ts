import { z } from 'zod';
import { FRAMEWORK_CODES, type FrameworkCodeKey } from './framework-codes.ts';
import { FormOfWork } from './forms-of-work.ts';
import { LnsForm, Purpose } from './institutional-work.ts';
import { Pillar } from './pillars.ts';

/**
 * Code keys and their families, the one definition in iwa. A code key is `<family>.<name>`:
 * the framework families `form.*` (Cloutier et al. 2015), `purpose.*` and `lns.*` (Lawrence &
 * Suddaby 2006) and `pillar.*` (Scott), and a study's own families (`theme.*`, `flag.*` in a
 * study folder; `code.*` for codes brought from another tool's codebook).
 */

export { codeFamily, codeName } from './code-key-parts.ts';

function familyKeys<F extends string, K extends string>(family: F, names: readonly K[]) {
  return z.enum(names.map((n) => `${family}.${n}`) as [`${F}.${K}`, ...`${F}.${K}`[]]);
}

/** Cloutier et al. (2015): the four forms of work, as code keys (`form.relational`). */
export const FormKey = familyKeys('form', FormOfWork.options);
export type FormKey = z.infer<typeof FormKey>;

/** Lawrence & Suddaby (2006): the three purposes of institutional work, as code keys. */
export const PurposeKey = familyKeys('purpose', Purpose.options);
export type PurposeKey = z.infer<typeof PurposeKey>;

/** Lawrence & Suddaby (2006): the 18 finer forms of institutional work, as code keys. */
export const LnsKey = familyKeys('lns', LnsForm.options);
export type LnsKey = z.infer<typeof LnsKey>;

/** Scott's three pillars, as code keys. */
export const PillarKey = familyKeys('pillar', Pillar.options);
export type PillarKey = z.infer<typeof PillarKey>;

/**
 * Every framework key a coding may use (`form.relational`, `lns.theorizing`…): the codable
 * framework codes, without the folders that only group them (`form`, `lns.creating`).
 */
export const CODABLE_FRAMEWORK_CODE_KEYS: readonly FrameworkCodeKey[] = FRAMEWORK_CODES.filter(
  (c) => c.isCodable,
).map((c) => c.key);

const CODABLE: ReadonlySet<string> = new Set(CODABLE_FRAMEWORK_CODE_KEYS);

/**
 * Whether a coding may use `key` as a framework code: a codable framework code, not a folder.
 * `isFrameworkCodeKey` also accepts the folders.
 */
export function isCodableFrameworkCodeKey(key: string): key is FrameworkCodeKey {
  return CODABLE.has(key);
}

/** The families a study folder may add its own codes to. */
export const STUDY_CODE_FAMILIES = ['theme', 'flag'] as const;

/** A family of a study folder's own codes: `theme` or `flag`. */
export type StudyCodeFamily = (typeof STUDY_CODE_FAMILIES)[number];

const STUDY_CODE_KEY_SHAPE = new RegExp(
  `^(${STUDY_CODE_FAMILIES.join('|')})\\.[a-z0-9][a-z0-9_]*$`,
);

/** Whether `key` has the shape of a study folder's own code key (`theme.x`, `flag.x`). */
export function isStudyCodeKeyShape(key: string): boolean {
  return STUDY_CODE_KEY_SHAPE.test(key);
}

/** A study's theme code, e.g. `theme.t1_redefining_treatment`. */
export const ThemeKey = z
  .string()
  .regex(/^theme\.[a-z0-9][a-z0-9_]*$/, 'a theme key is theme.<snake_case>');
export type ThemeKey = z.infer<typeof ThemeKey>;

/** A study's flag code, e.g. `flag.resistance_encountered` or `flag.confidentiality`. */
export const FlagKey = z
  .string()
  .regex(
    /^flag\.[a-z0-9][a-z0-9_]*$/,
    'a flag key is flag.<snake_case>, e.g. flag.confidentiality',
  );
export type FlagKey = z.infer<typeof FlagKey>;
