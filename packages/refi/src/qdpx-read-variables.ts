import {
  DEFAULT_DIMENSION_VOCABULARIES,
  type VariableDefinition,
  type Variables,
  type VariableType,
} from '@iwa/study';
import { normalizeGuid } from '@iwa/taxonomy';
import {
  defaultDimensionFor,
  lookupByName,
  parseYesNo,
  vocabularySlug,
  type VariableMapping,
} from './qdpx-mapping.ts';
import { attr, kid, kids, type ReadContext } from './qdpx-read-context.ts';
import type { QdpxImportReport } from './qdpx-types.ts';
import type { XmlElement } from './xml-tree.ts';

/** A variable's value on a case or source, by the variable's name. */
export interface NamedValue {
  readonly name: string;
  readonly value: Variables[string];
}

/** The project's variables, and how their values map to position dimensions. */
export interface VariableIndex {
  /** Reads the `<VariableValue>`s of a case or source. */
  readonly readValues: (el: XmlElement) => NamedValue[];
  /** The dimension a variable maps to (the map, else a default name such as "Role"). */
  readonly dimensionOf: (name: string) => VariableMapping | undefined;
  /** A value as a dimension's vocabulary slug (or yes/no); new slugs extend the vocabulary. */
  readonly dimensionValue: (
    m: VariableMapping,
    value: Variables[string],
  ) => string | boolean | undefined;
  /** Names of the variables kept as study variables. */
  readonly usedVariableNames: Set<string>;
  /** The values each dimension gained beyond iwa's defaults. */
  readonly dimensionExtensions: Record<string, Set<string>>;
  /** The study's variable definitions (those used), for the manifest. */
  readonly definitions: () => VariableDefinition[];
  /** The report's list of variables with the values seen. */
  readonly report: () => QdpxImportReport['variables'];
}

const VARIABLE_TYPES = ['text', 'boolean', 'integer', 'float', 'date', 'datetime'] as const;

function readDeclarations(ctx: ReadContext, root: XmlElement) {
  const byGuid = new Map<string, { name: string; type: VariableType; description?: string }>();
  for (const v of kids(kid(root, 'Variables'), 'Variable')) {
    const guid = normalizeGuid(attr(v, 'guid') ?? '');
    const name = attr(v, 'name')?.trim();
    if (guid === undefined || !name) {
      ctx.warnings.push(ctx.at('liberal_read', '<Variable> without guid or name; ignored', v));
      continue;
    }
    const typeText = (attr(v, 'typeOfVariable') ?? 'Text').toLowerCase();
    const type: VariableType = (VARIABLE_TYPES as readonly string[]).includes(typeText)
      ? (typeText as VariableType)
      : 'text';
    const description = kid(v, 'Description')?.text.trim();
    byGuid.set(guid, { name, type, ...(description ? { description } : {}) });
  }
  return byGuid;
}

/** A `<VariableValue>`'s value, typed by its element (Boolean, Integer, Float, else text). */
function valueOf(vv: XmlElement): Variables[string] {
  const valueEl = vv.children.find((c) => c.name !== 'VariableRef');
  if (valueEl === undefined) return null;
  const raw = valueEl.text.trim();
  if (valueEl.name === 'BooleanValue') return raw === 'true' || raw === '1';
  if (valueEl.name === 'IntegerValue' || valueEl.name === 'FloatValue') {
    const n = Number(raw);
    return raw !== '' && Number.isFinite(n) ? n : raw;
  }
  return valueEl.text;
}

/** Reads `<Variables>`; values are read later, with the cases and sources that hold them. */
export function readVariables(ctx: ReadContext, root: XmlElement): VariableIndex {
  const variableByGuid = readDeclarations(ctx, root);
  const valuesSeen = new Map<string, Set<string>>();
  const readValues = (el: XmlElement): NamedValue[] => {
    const out: NamedValue[] = [];
    for (const vv of kids(el, 'VariableValue')) {
      const ref = normalizeGuid(attr(kid(vv, 'VariableRef') ?? vv, 'targetGUID') ?? '');
      const variable = ref === undefined ? undefined : variableByGuid.get(ref);
      if (variable === undefined) {
        ctx.warnings.push(
          ctx.at('unknown_reference', '<VariableValue> names no declared <Variable>; ignored', vv),
        );
        continue;
      }
      const value = valueOf(vv);
      out.push({ name: variable.name, value });
      if (value !== null) {
        const seen = valuesSeen.get(variable.name) ?? new Set<string>();
        seen.add(String(value));
        valuesSeen.set(variable.name, seen);
      }
    }
    return out;
  };
  const dimensionExtensions: Record<string, Set<string>> = {};
  const dimensionOf = (name: string): VariableMapping | undefined => {
    const m = lookupByName(ctx.mapping.variables, name);
    if (m !== undefined) return m;
    const d = defaultDimensionFor(name);
    return d === undefined ? undefined : { dimension: d };
  };
  const dimensionValue = (m: VariableMapping, value: Variables[string]) => {
    if (value === null) return undefined;
    const mappedValue = m.values === undefined ? undefined : lookupByName(m.values, String(value));
    if (m.dimension === 'dualEmployment') {
      return typeof mappedValue === 'boolean' ? mappedValue : parseYesNo(mappedValue ?? value);
    }
    const v = typeof mappedValue === 'string' ? mappedValue : vocabularySlug(String(value));
    const known = DEFAULT_DIMENSION_VOCABULARIES[m.dimension];
    if (!known.includes(v)) (dimensionExtensions[m.dimension] ??= new Set()).add(v);
    return v;
  };
  const usedVariableNames = new Set<string>();
  const definitions = () => {
    const out: VariableDefinition[] = [];
    for (const name of usedVariableNames) {
      const def = [...variableByGuid.values()].find((v) => v.name === name);
      if (def && !out.some((d) => d.key === name)) {
        out.push({
          key: name,
          type: def.type,
          ...(def.description ? { description: def.description } : {}),
        });
      }
    }
    return out;
  };
  const report = () =>
    [...variableByGuid.values()].map((v) => ({
      name: v.name,
      values: [...(valuesSeen.get(v.name) ?? [])].sort(),
      dimension: dimensionOf(v.name)?.dimension,
    }));
  return {
    readValues,
    dimensionOf,
    dimensionValue,
    usedVariableNames,
    dimensionExtensions,
    definitions,
    report,
  };
}
