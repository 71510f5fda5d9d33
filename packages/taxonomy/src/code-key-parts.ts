import type { FrameworkCodeKey, FrameworkFamily } from './framework-codes.ts';

/*
 * A code key's family and name, without zod: the explorer UI imports this module alone
 * (`@iwa/taxonomy/code-key-parts`), so its first screen does not carry zod. `code-keys.ts`
 * re-exports both, so every other package keeps importing them from `@iwa/taxonomy`.
 */

/**
 * The family of a code key: the part before the first dot (`form.conceptual` → `form`; a key
 * without a dot is its own family, as the framework folders `form`, `lns` are).
 *
 * @example
 * codeFamily('lns.theorizing') // 'lns'
 * codeFamily('flag.ally_enlisted') // 'flag'
 */
export function codeFamily(key: FrameworkCodeKey): FrameworkFamily;
export function codeFamily(key: string): string;
export function codeFamily(key: string): string {
  const dot = key.indexOf('.');
  return dot < 0 ? key : key.slice(0, dot);
}

/** The name of a code within its family: the part after the first dot (`form.conceptual` → `conceptual`). */
export function codeName(key: string): string {
  const dot = key.indexOf('.');
  return dot < 0 ? key : key.slice(dot + 1);
}
