import { AnalysisError } from '../analysis-error.ts';
import type { CoderCoding } from '../coder-coding.ts';
import { sortStrings } from '../sort-strings.ts';

/** Who coded which document: the coders and, per document, the coders assigned to it. */
export interface CoderAssignment {
  /** Every coder, sorted. */
  readonly coders: string[];
  /** Documents, sorted, each with its coders (sorted). */
  readonly documents: ReadonlyMap<string, readonly string[]>;
}

/**
 * Resolves the coders of each document: those listed in `codersByDocument`, or else those with
 * at least one coding in it. A coder listed for a document but without codings in it coded it
 * and found nothing to code: every code is absent for that coder. Throws
 * `AnalysisError('invalid_input')` when a coding comes from a coder not listed for its document.
 */
export function assignCoders(
  codings: readonly CoderCoding[],
  codersByDocument: Readonly<Record<string, readonly string[]>> | undefined,
): CoderAssignment {
  const seen = new Map<string, Set<string>>();
  // Codings come grouped by document and coder more often than not: the last document's set
  // and the last coder added are checked before the maps.
  let lastDocument: string | undefined;
  let lastCoder: string | undefined;
  let set: Set<string> | undefined;
  for (let i = 0; i < codings.length; i++) {
    const { documentId, coderId } = codings[i] as CoderCoding;
    if (set === undefined || documentId !== lastDocument) {
      set = seen.get(documentId);
      if (set === undefined) {
        set = new Set<string>();
        seen.set(documentId, set);
      }
      lastDocument = documentId;
    } else if (coderId === lastCoder) {
      continue;
    }
    set.add(coderId);
    lastCoder = coderId;
  }
  return resolveCoders(seen, codersByDocument);
}

/**
 * {@link assignCoders} from the coders found coding each document (in order of first
 * appearance: the first one not listed is the one an error names).
 */
export function resolveCoders(
  seen: ReadonlyMap<string, Iterable<string>>,
  codersByDocument: Readonly<Record<string, readonly string[]>> | undefined,
): CoderAssignment {
  const documents = new Map<string, readonly string[]>();
  const all = new Set<string>();
  const ids = new Set([...seen.keys(), ...Object.keys(codersByDocument ?? {})]);
  for (const documentId of [...ids].sort()) {
    const listed = codersByDocument?.[documentId];
    const found = seen.get(documentId) ?? [];
    if (listed !== undefined) {
      for (const coder of found) {
        if (!listed.includes(coder)) {
          throw new AnalysisError(
            'invalid_input',
            `Coder ${coder} coded document ${documentId} but is not listed among its coders`,
          );
        }
      }
    }
    const coders = sortStrings([...new Set(listed ?? found)]);
    for (const coder of coders) all.add(coder);
    documents.set(documentId, coders);
  }
  return { coders: [...all].sort(), documents };
}

/** Pair pattern index for two coders' presence: both, first only, second only, neither. */
export function pairPattern(first: boolean, second: boolean): 0 | 1 | 2 | 3 {
  return first ? (second ? 0 : 1) : second ? 2 : 3;
}
