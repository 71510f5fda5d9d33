import { FRAMEWORK_CODES } from '@iwa/taxonomy';

/**
 * Which code keys a coding may use. Framework keys come from `@iwa/taxonomy`: `form.*`
 * (Cloutier et al. 2015), `purpose.*` and `lns.*` (Lawrence & Suddaby 2006), `pillar.*` (Scott).
 * A study's own codes are `theme.<key>` and `flag.<key>`, declared in its codebook extension.
 */

/** Every codable framework key, e.g. `form.relational`, `lns.theorizing`, `pillar.normative`. */
export const FRAMEWORK_CODE_KEYS: readonly string[] = FRAMEWORK_CODES.filter(
  (c) => c.isCodable,
).map((c) => c.key);

const FRAMEWORK_SET = new Set(FRAMEWORK_CODE_KEYS);

/** The families a study may add its own codes to. */
export const STUDY_CODE_FAMILIES = ['theme', 'flag'] as const;

/** A family of study codes: `theme` or `flag`. */
export type StudyCodeFamily = (typeof STUDY_CODE_FAMILIES)[number];

/** The shape of a study code key: `theme.<snake>` or `flag.<snake>`. */
export const STUDY_CODE_KEY_PATTERN = /^(theme|flag)\.[a-z0-9][a-z0-9_]*$/;

/** The shape of any code key: `<family>.<snake>`. */
export const CODE_KEY_PATTERN = /^[a-z][a-z_]*\.[a-z0-9][a-z0-9_]*$/;

/** Whether `key` is a codable framework key. */
export function isFrameworkCodeKey(key: string): boolean {
  return FRAMEWORK_SET.has(key);
}

/** Whether `key` has the shape of a study code key (`theme.x`, `flag.x`). */
export function isStudyCodeKeyShape(key: string): boolean {
  return STUDY_CODE_KEY_PATTERN.test(key);
}

/**
 * Whether a coding may use `key`: a framework key, or a key the study declared.
 *
 * @param studyCodeKeys the keys of the study's codebook extension
 */
export function isKnownCodeKey(key: string, studyCodeKeys: ReadonlySet<string>): boolean {
  return isFrameworkCodeKey(key) || studyCodeKeys.has(key);
}

/** Framework keys that share `key`'s family and are closest in spelling, for "did you mean" hints. */
export function suggestCodeKeys(key: string, studyCodeKeys: Iterable<string> = []): string[] {
  const all = [...FRAMEWORK_CODE_KEYS, ...studyCodeKeys];
  const limit = Math.max(2, Math.floor(key.length / 4));
  const scored = all
    // the edit distance is at least the difference in length: skip those before computing it
    .filter((candidate) => Math.abs(candidate.length - key.length) <= limit)
    .map((candidate) => ({ candidate, d: editDistance(key, candidate) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, 3).map(({ candidate }) => candidate);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}
