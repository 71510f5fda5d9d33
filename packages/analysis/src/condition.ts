import { AnalysisError } from './analysis-error.ts';
import type { CodedUnit, Perspective } from './coded-unit.ts';
import { resolveDimension, valuesOf } from './coded-unit.ts';

/**
 * A parsed condition on one dimension. A unit satisfies it when one of its values is in
 * `values` (or, when `negate`, when none is, which includes units without the dimension).
 */
export interface Condition {
  readonly dimension: string;
  readonly values: ReadonlySet<string>;
  readonly negate: boolean;
  /** The text it was parsed from. */
  readonly source: string;
}

/** A condition as written, before its dimension is resolved against a study. */
export interface ConditionSyntax {
  /** The dimension as written (`role`, `speaker.sector`, `form`); for a code key, its family. */
  readonly dimension: string;
  /** The values as written (`operational`), in order, without duplicates. */
  readonly values: readonly string[];
  readonly negate: boolean;
  /** `true` when written as a code key alone (`form.operational`). */
  readonly codeKey: boolean;
  /** The text it was parsed from, trimmed. */
  readonly source: string;
}

/**
 * Splits one condition into dimension, values and negation, without resolving anything:
 *
 * - `dim=value` or `dim=v1|v2` (any of the values), `dim!=value` (none of them);
 * - a code key without `=` (`form.relational`, `flag.fidelity_reference`) means
 *   `family=key`.
 *
 * Throws `AnalysisError('invalid_input')` when the text is neither.
 */
export function splitCondition(text: string): ConditionSyntax {
  const source = text.trim();
  const eq = source.indexOf('=');
  let dimension: string;
  let rest: string;
  let negate = false;
  if (eq < 0) {
    const dot = source.indexOf('.');
    if (dot <= 0 || dot === source.length - 1) {
      throw new AnalysisError(
        'invalid_input',
        `Condition "${text}" is neither dim=value (e.g. role=manager) nor a code key (e.g. form.operational)`,
      );
    }
    dimension = source.slice(0, dot);
    rest = source.slice(dot + 1);
  } else {
    negate = source[eq - 1] === '!';
    dimension = source.slice(0, negate ? eq - 1 : eq).trim();
    rest = source.slice(eq + 1);
  }
  const values = [
    ...new Set(
      rest
        .split('|')
        .map((v) => v.trim())
        .filter((v) => v.length > 0),
    ),
  ];
  if (dimension.length === 0 || values.length === 0) {
    throw new AnalysisError(
      'invalid_input',
      `Condition "${text}" needs a dimension and a value (e.g. role=manager)`,
    );
  }
  return { dimension, values, negate, codeKey: eq < 0, source };
}

/**
 * Parses one condition (see {@link splitCondition}) for in-memory units. Bare position
 * dimensions (`role`, `sector`, …) are read from the `by` perspective; write `speaker.role` or
 * `performer.role` to choose explicitly.
 */
export function parseCondition(text: string, by: Perspective = 'speaker'): Condition {
  const { dimension, values, negate, source } = splitCondition(text);
  return { dimension: resolveDimension(dimension, by), values: new Set(values), negate, source };
}

/** Whether a unit satisfies a condition. */
export function satisfies(unit: CodedUnit, condition: Condition): boolean {
  let hit = false;
  for (const value of valuesOf(unit, condition.dimension)) {
    if (condition.values.has(value)) {
      hit = true;
      break;
    }
  }
  return condition.negate ? !hit : hit;
}

/** Whether a unit satisfies every condition (an empty list is satisfied by every unit). */
export function satisfiesAll(unit: CodedUnit, conditions: readonly Condition[]): boolean {
  for (const condition of conditions) if (!satisfies(unit, condition)) return false;
  return true;
}
