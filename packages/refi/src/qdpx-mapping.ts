import { ActorRelationType, CodeKey } from '@iwa/study';
import {
  idSlug,
  isCodableFrameworkCodeKey,
  isStudyCodeKeyShape,
  PositionDimension,
} from '@iwa/taxonomy';
import { z } from 'zod';

/** The position dimensions a project variable can be mapped to: the taxonomy's, no copy. */
export const PositionDimensionName = PositionDimension;
/** One of {@link PositionDimensionName}'s values. */
export type PositionDimensionName = z.infer<typeof PositionDimensionName>;

const VariableMappingObject = z.strictObject({
  dimension: PositionDimensionName,
  /** Value as written in the project → vocabulary value (snake_case) or, for `dualEmployment`, a boolean. */
  values: z
    .record(z.string(), z.union([z.string().regex(/^[a-z][a-z0-9_]*$/), z.boolean()]))
    .optional(),
});

/** How one project variable maps to a position dimension. */
export interface VariableMapping {
  readonly dimension: PositionDimensionName;
  readonly values?: Readonly<Record<string, string | boolean>> | undefined;
}

/** A record that may be left empty in the file (`codes:` with only comments under it is null). */
function orEmpty<T extends z.ZodType<Record<string, unknown>>>(record: T) {
  return record.nullish().transform((v): z.output<T> => (v ?? {}) as z.output<T>);
}

/** What a speaker label stands for in a mapping file. */
export const SpeakerMapping = z.union([
  z.string().min(1),
  z.strictObject({ case: z.string().min(1) }),
  z.strictObject({ speaker: z.enum(['interviewer', 'moderator', 'observer', 'other']) }),
]);
/** One {@link SpeakerMapping}. */
export type SpeakerMapping = z.infer<typeof SpeakerMapping>;

/**
 * A mapping file (YAML, parsed by the caller) that tells the `.qdpx` importer how a project's
 * codes and variables map onto iwa:
 *
 * ```yaml
 * codes:                      # code name or GUID → code key
 *   Daily routines: form.operational
 *   "{8E0F…}": purpose.creating
 *   Trust building: theme.trust_building
 * variables:                  # variable name → position dimension (and values)
 *   Stilling: { dimension: role, values: { Leder: manager, Rådgiver: advisor } }
 *   Sector: sector
 *   Dual employment: dualEmployment
 * relations:                  # link name → actor relation type
 *   gives advice to: advises
 * ```
 *
 * Code targets are codable framework keys (`form.operational`, `purpose.creating`, …) or study
 * keys (`theme.<key>`, `flag.<key>`). Names are matched exactly first, then ignoring case and
 * surrounding spaces.
 */
export const RefiMapping = z
  .strictObject({
    codes: orEmpty(z.record(z.string().min(1), CodeKey)),
    variables: orEmpty(
      z.record(
        z.string().min(1),
        z.union([
          PositionDimensionName.transform((dimension): VariableMapping => ({ dimension })),
          VariableMappingObject,
        ]),
      ),
    ),
    relations: orEmpty(z.record(z.string().min(1), ActorRelationType)),
    /**
     * Speaker label → who it is: a case name (or `{ case: name }`), `participant` (the source's
     * only case), `interviewer`, `moderator`, `observer` or `other` (a speaker who is not a case),
     * or `ignore` (not a turn label).
     */
    speakers: orEmpty(z.record(z.string().min(1), SpeakerMapping)),
    /** What a case's SelectionRef says: the case `speaker` speaks there (default), `performer`, or `ignore`. */
    selectionRefs: z.enum(['speaker', 'performer', 'ignore']).default('speaker'),
    /** A code folder whose children name the cases that perform the work (codings there set the performer). */
    performers: z.strictObject({ codeFolder: z.string().min(1) }).optional(),
  })
  .superRefine((mapping, ctx) => {
    for (const [name, key] of Object.entries(mapping.codes)) {
      if (!isCodableFrameworkCodeKey(key) && !isStudyCodeKeyShape(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['codes', name],
          message: `"${key}" is neither a codable framework code (form.*, purpose.*, lns.*, pillar.*) nor a study code key (theme.* or flag.*)`,
        });
      }
    }
  });
/** A parsed {@link RefiMapping}. */
export type RefiMapping = z.output<typeof RefiMapping>;
/** A mapping as written in the file, before defaults. */
export type RefiMappingInput = z.input<typeof RefiMapping>;

/** Lowercase, trimmed, inner whitespace collapsed: how names are compared. */
export function looseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A lookup in a name-keyed record: exact first, then by {@link looseName}. */
export function lookupByName<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  if (Object.hasOwn(record, name)) return record[name];
  const loose = looseName(name);
  for (const [k, v] of Object.entries(record)) if (looseName(k) === loose) return v;
  return undefined;
}

/**
 * The dimension a variable name stands for without a mapping: `Role`, `sector`, `Dual
 * employment`, `dual_employment`… (what iwa writes, in any case or spacing).
 */
export function defaultDimensionFor(name: string): PositionDimensionName | undefined {
  const squashed = name.toLowerCase().replace(/[^a-z]/g, '');
  for (const d of PositionDimensionName.options) if (d.toLowerCase() === squashed) return d;
  return undefined;
}

/** A value made into a snake_case vocabulary value: `Employment specialist` → `employment_specialist`. */
export function vocabularySlug(value: string): string {
  return idSlug(value) || 'unknown';
}

/** Reads a yes/no value as a boolean (`true`, `yes`, `ja`, `1`…), or undefined. */
export function parseYesNo(value: string | number | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const v = String(value).trim().toLowerCase();
  if (['true', 'yes', 'y', 'ja', 'j', '1', 'dual'].includes(v)) return true;
  if (['false', 'no', 'n', 'nei', '0', 'single'].includes(v)) return false;
  return undefined;
}
