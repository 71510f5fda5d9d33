import { CODABLE_FRAMEWORK_CODE_KEYS, isCodableFrameworkCodeKey } from '@iwa/taxonomy';

/**
 * Which code keys a coding may use. The keys, their families and their shapes are the
 * taxonomy's (`@iwa/taxonomy` code-keys): codable framework keys, and a study's own `theme.<key>`
 * and `flag.<key>`, declared in its codebook extension.
 */

/**
 * Whether a coding may use `key`: a framework key, or a key the study declared.
 *
 * @param studyCodeKeys the keys of the study's codebook extension
 */
export function isKnownCodeKey(key: string, studyCodeKeys: ReadonlySet<string>): boolean {
  return isCodableFrameworkCodeKey(key) || studyCodeKeys.has(key);
}

/** Framework keys that share `key`'s family and are closest in spelling, for "did you mean" hints. */
export function suggestCodeKeys(key: string, studyCodeKeys: Iterable<string> = []): string[] {
  const all = [...CODABLE_FRAMEWORK_CODE_KEYS, ...studyCodeKeys];
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
