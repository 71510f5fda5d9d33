import { z } from 'zod';
import {
  CodeKey,
  Color,
  FRAMEWORK_CODES,
  FrameworkFamily,
  isFrameworkCodeKey,
  type CodebookCode,
  type FrameworkCodeKey,
} from './framework-codes.ts';
import { codeFamily } from './code-keys.ts';
import { parseOrThrow } from './taxonomy-error.ts';
import { IWA_NAMESPACE, normalizeGuid, uuidv5 } from './uuid.ts';

/** The version of the framework codes; it changes whenever a framework code is added or changed. */
export const FRAMEWORK_CODEBOOK_VERSION = '1.0.0';

/** The key of a study's own code: `<family>.<name>`, e.g. `theme.redefining_treatment`, `flag.ally_enlisted`. */
export const StudyCodeKey = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]*\.[a-z0-9][a-z0-9_]*$/,
    'a study code key: <family>.<name> in snake_case, e.g. flag.ally_enlisted',
  );

/** A GUID in any case, with or without braces; stored lowercase without braces. */
const GuidInput = z.string().transform((value, ctx) => {
  const guid = normalizeGuid(value);
  if (guid) return guid;
  ctx.addIssue({ code: 'custom', message: `"${value}" is not a GUID` });
  return z.NEVER;
});

/** A study's own code as a study writes it. */
export const StudyCode = z.strictObject({
  /** `<family>.<name>`: `theme.…` for themes, `flag.…` for flags, `code.…` (or any family of the study's) for others. */
  key: StudyCodeKey,
  label: z.string().trim().min(1),
  definition: z.string().trim().min(1).optional(),
  /** The parent's key: another study code or a framework code (e.g. a sub-code of `lns.theorizing`). */
  parent: CodeKey.optional(),
  color: Color.optional(),
  /** False for a folder that only groups other codes. Default true. */
  isCodable: z.boolean().default(true),
  /** Keep the GUID another tool gave the code; by default it is `uuidv5(key, IWA_NAMESPACE)`. */
  guid: GuidInput.optional(),
});
export type StudyCode = z.input<typeof StudyCode>;

/** Why a codebook definition was rejected; found in each issue's `params.reason`. */
export type CodebookIssueReason =
  | 'duplicate_key'
  | 'framework_key'
  | 'reserved_family'
  | 'unknown_parent'
  | 'cycle'
  | 'duplicate_guid';

/** A validated codebook: the framework codes it includes, then the study's own codes. */
export interface Codebook<K extends string = string> {
  name: string;
  version: string;
  /** The framework families included, in canonical order. */
  frameworks: readonly FrameworkFamily[];
  /** Every code: the frameworks' codes first, then the study's in tree order (a parent before its children). */
  codes: readonly CodebookCode<K>[];
}

const ALL_FAMILIES = FrameworkFamily.options;

/**
 * A study's codebook as written (study file, JSON, code). Parsing validates it — duplicate keys,
 * keys that clash with framework keys or families, unknown parents, cycles and duplicate GUIDs
 * each give an issue with `params.reason` — and gives the {@link Codebook}.
 */
export const CodebookDefinition = z
  .strictObject({
    name: z.string().trim().min(1),
    version: z.string().trim().min(1).default('1.0.0'),
    /** Which framework families to include; default all four. `[]` for a study's codes alone. */
    frameworks: z.array(FrameworkFamily).default([...ALL_FAMILIES]),
    codes: z.array(StudyCode).default([]),
  })
  .superRefine((def, ctx) => {
    const included = new Set(def.frameworks);
    const issue = (path: PropertyKey[], reason: CodebookIssueReason, message: string) =>
      ctx.addIssue({ code: 'custom', path, message, params: { reason } });

    const index = new Map<string, number>();
    def.codes.forEach((c, i) => {
      if (isFrameworkCodeKey(c.key)) {
        issue(
          ['codes', i, 'key'],
          'framework_key',
          `"${c.key}" is a framework code; give the study's code a key of its own`,
        );
      } else if (FrameworkFamily.safeParse(codeFamily(c.key)).success) {
        issue(
          ['codes', i, 'key'],
          'reserved_family',
          `"${c.key}" uses the framework family "${codeFamily(c.key)}"; study codes use families of their own (theme., flag., code.)`,
        );
      }
      if (index.has(c.key)) {
        issue(
          ['codes', i, 'key'],
          'duplicate_key',
          `"${c.key}" is already the key of codes[${index.get(c.key)}]`,
        );
      } else index.set(c.key, i);
    });

    def.codes.forEach((c, i) => {
      if (c.parent === undefined || index.has(c.parent)) return;
      const framework = FRAMEWORK_CODES.find((f) => f.key === c.parent);
      if (framework && included.has(framework.family)) return;
      issue(
        ['codes', i, 'parent'],
        'unknown_parent',
        framework
          ? `parent "${c.parent}" belongs to the "${framework.family}" framework, which this codebook does not include`
          : `parent "${c.parent}" is not a code of this codebook`,
      );
    });

    // Cycles: follow each code's parents among the study's codes; report each cycle once.
    const reported = new Set<string>();
    for (const start of def.codes) {
      const chain: string[] = [];
      let key: string | undefined = start.key;
      while (key !== undefined && index.has(key) && !chain.includes(key)) {
        chain.push(key);
        key = def.codes[index.get(key) ?? -1]?.parent;
      }
      if (key === undefined || !chain.includes(key)) continue;
      const cycle = chain.slice(chain.indexOf(key));
      if (cycle.some((k) => reported.has(k))) continue;
      cycle.forEach((k) => reported.add(k));
      issue(
        ['codes', index.get(key) ?? 0, 'parent'],
        'cycle',
        `the parents form a cycle: ${[...cycle, key].join(' → ')}`,
      );
    }

    const guids = new Map<string, string>(FRAMEWORK_CODES.map((f) => [f.guid, f.key]));
    def.codes.forEach((c, i) => {
      if (index.get(c.key) !== i) return; // a repeated key is reported once, above
      const guid = c.guid ?? uuidv5(c.key, IWA_NAMESPACE);
      const owner = guids.get(guid);
      if (owner !== undefined) {
        issue(
          ['codes', i, 'guid'],
          'duplicate_guid',
          `GUID ${guid} is already the GUID of "${owner}"`,
        );
      } else guids.set(guid, c.key);
    });
  })
  .transform((def): Codebook => {
    const included = new Set(def.frameworks);
    const frameworks = ALL_FAMILIES.filter((f) => included.has(f));
    const frameworkCodes = FRAMEWORK_CODES.filter((f) => included.has(f.family));
    const study: CodebookCode[] = treeOrder(frameworkCodes, def.codes).map((c) => ({
      key: c.key,
      label: c.label,
      ...(c.definition === undefined ? {} : { definition: c.definition }),
      family: codeFamily(c.key),
      origin: 'study',
      parentKey: c.parent ?? null,
      guid: c.guid ?? uuidv5(c.key, IWA_NAMESPACE),
      isCodable: c.isCodable,
      ...(c.color === undefined ? {} : { color: c.color }),
    }));
    return {
      name: def.name,
      version: def.version,
      frameworks,
      codes: [...frameworkCodes, ...study],
    };
  });
export type CodebookDefinition = z.input<typeof CodebookDefinition>;

/**
 * The study's codes in the order of a depth-first walk of the whole tree, as an export writes
 * them: under each framework code its framework children, then its study children; then the
 * study's own top-level codes. A parent always comes before its children.
 */
function treeOrder<C extends { key: string; parent?: string | undefined }>(
  frameworkCodes: readonly { key: string; parentKey: string | null }[],
  codes: readonly C[],
): C[] {
  const out: C[] = [];
  const visit = (key: string) => {
    for (const f of frameworkCodes) if (f.parentKey === key) visit(f.key);
    for (const c of codes) {
      if (c.parent === key) {
        out.push(c);
        visit(c.key);
      }
    }
  };
  for (const f of frameworkCodes) if (f.parentKey === null) visit(f.key);
  for (const c of codes) {
    if (c.parent === undefined) {
      out.push(c);
      visit(c.key);
    }
  }
  return out;
}

/** The keys a definition declares, as a union of literals when the definition is a literal. */
type StudyKeysOf<T> = T extends { codes: readonly (infer C)[] }
  ? C extends { key: infer K extends string }
    ? K
    : never
  : never;

/**
 * Validates a study's codebook and returns it typed: framework codes plus the study's own codes
 * (themes, flags, in-vivo codes…), with hierarchy, colours and stable GUIDs.
 *
 * @throws {TaxonomyError} `invalid_codebook`, listing every problem, when keys repeat, clash with
 *   framework keys, name unknown parents or form a cycle. Use `CodebookDefinition.safeParse()`
 *   for a result instead of an exception.
 *
 * @example
 * const codebook = defineCodebook({
 *   name: 'IPS managers',
 *   codes: [
 *     { key: 'theme.redefining_treatment', label: 'Redefining mental health treatment' },
 *     { key: 'flag.ally_enlisted', label: 'Ally enlisted', color: '#1B9E77' },
 *   ],
 * });
 */
export function defineCodebook<const T extends CodebookDefinition>(
  definition: T,
): Codebook<FrameworkCodeKey | StudyKeysOf<T>> {
  return parseOrThrow(CodebookDefinition, definition, {
    code: 'invalid_codebook',
    what: 'codebook',
  }) as Codebook<FrameworkCodeKey | StudyKeysOf<T>>;
}

/** The frameworks alone, as a codebook: every framework code and no study codes. */
export function frameworkCodebook(): Codebook<FrameworkCodeKey> {
  return {
    name: 'Institutional work frameworks',
    version: FRAMEWORK_CODEBOOK_VERSION,
    frameworks: ALL_FAMILIES,
    codes: FRAMEWORK_CODES,
  };
}

/** The code with this key in a codebook, or undefined. */
export function findCode<K extends string>(
  codebook: Codebook<K>,
  key: string,
): CodebookCode<K> | undefined {
  return codebook.codes.find((c) => c.key === key);
}

/** The children of a code (or the top-level codes, for `null`), in codebook order. */
export function childCodes<K extends string>(
  codebook: Codebook<K>,
  parentKey: string | null,
): CodebookCode<K>[] {
  return codebook.codes.filter((c) => c.parentKey === parentKey);
}
