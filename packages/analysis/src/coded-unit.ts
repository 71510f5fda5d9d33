import { ACTOR_POSITION_KEYS, codeFamily, codeName, type ActorPositionKey } from '@iwa/taxonomy';

/** A value of one dimension of a unit: one category, or several for multi-valued dimensions. */
export type AttributeValue = string | readonly string[];

/**
 * One coded unit (an excerpt) with everything the analyses read from it, flattened into
 * dimensions.
 *
 * - Code families are dimensions named by the family and hold the code keys without the
 *   family prefix: the codes `form.conceptual` and `form.relational` become
 *   `attributes.form = ['conceptual', 'relational']`.
 * - Position dimensions are prefixed by whose position they describe: `speaker.role`,
 *   `performer.sector`, … (see {@link POSITION_DIMENSIONS}).
 * - Anything else (an organisation's phase, a document kind) may be added under its own name.
 *
 * A unit that lacks a dimension simply has no value on it. Build units with {@link codedUnit}.
 */
export interface CodedUnit {
  /** The excerpt id; distinct units have distinct ids. */
  readonly unitId: string;
  readonly documentId: string;
  /** The speaker of the excerpt. */
  readonly informantId: string;
  readonly attributes: Readonly<Record<string, AttributeValue | undefined>>;
}

/** The position dimensions shared by speakers and performers (taxonomy's one list). */
export const POSITION_DIMENSIONS = ACTOR_POSITION_KEYS;

/** One of {@link POSITION_DIMENSIONS}. */
export type PositionDimension = ActorPositionKey;

/** Whose position a bare position dimension refers to. */
export type Perspective = 'speaker' | 'performer';

/** A position as plain values; booleans (`dualEmployment`) become the taxonomy's `'yes'`/`'no'`. */
export type PositionInput = Readonly<
  Partial<Record<PositionDimension, string | boolean | readonly string[] | undefined>>
>;

/** What {@link codedUnit} builds a unit from. */
export interface CodedUnitInput {
  readonly unitId: string;
  readonly documentId: string;
  readonly informantId: string;
  /** Code keys such as `form.conceptual`, `purpose.creating`, `theme.t1`, `flag.lacks_authority`. */
  readonly codes: readonly string[];
  readonly speaker?: PositionInput;
  /** The performer's position; when left out the speaker performs the work described. */
  readonly performer?: PositionInput;
  /** Further dimensions, copied as they are. */
  readonly attributes?: Readonly<Record<string, AttributeValue | undefined>>;
}

const positionSet: ReadonlySet<string> = new Set(POSITION_DIMENSIONS);

/**
 * Builds a {@link CodedUnit} from codes and positions.
 *
 * @example
 * codedUnit({ unitId: 'e1', documentId: 'd1', informantId: 'i1',
 *   codes: ['form.conceptual', 'purpose.creating'], speaker: { role: 'advisor', sector: 'nav' } });
 * // attributes: { form: ['conceptual'], purpose: ['creating'], 'speaker.role': 'advisor',
 * //   'speaker.sector': 'nav', 'performer.role': 'advisor', 'performer.sector': 'nav' }
 */
export function codedUnit(input: CodedUnitInput): CodedUnit {
  const attributes: Record<string, AttributeValue | undefined> = { ...input.attributes };
  const families = new Map<string, string[]>();
  for (const code of input.codes) {
    const family = codeFamily(code);
    const list = families.get(family) ?? [];
    if (!list.includes(codeName(code))) list.push(codeName(code));
    families.set(family, list);
  }
  for (const [family, keys] of families) attributes[family] = keys;
  const put = (prefix: Perspective, position: PositionInput | undefined): void => {
    if (position === undefined) return;
    for (const dimension of POSITION_DIMENSIONS) {
      const value = position[dimension];
      if (value === undefined) continue;
      attributes[`${prefix}.${dimension}`] =
        typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
    }
  };
  put('speaker', input.speaker);
  put('performer', input.performer ?? input.speaker);
  return {
    unitId: input.unitId,
    documentId: input.documentId,
    informantId: input.informantId,
    attributes,
  };
}

/**
 * The full dimension name: a bare position dimension (`role`) gets the perspective prefix
 * (`speaker.role`); every other name is returned unchanged.
 */
export function resolveDimension(dimension: string, by: Perspective = 'speaker'): string {
  return positionSet.has(dimension) ? `${by}.${dimension}` : dimension;
}

const none: readonly string[] = [];

/** The distinct values of a unit on a dimension (empty when it has none). */
export function valuesOf(unit: CodedUnit, dimension: string): readonly string[] {
  const value = unit.attributes[dimension];
  if (value === undefined) return none;
  if (typeof value === 'string') return [value];
  if (value.length < 2) return value;
  return value.length === new Set(value).size ? value : [...new Set(value)];
}
