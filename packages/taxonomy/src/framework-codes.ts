import { z } from 'zod';
import { FORMS_OF_WORK, type FormOfWork } from './forms-of-work.ts';
import { LNS_FORMS, PURPOSES, type LnsForm, type Purpose } from './institutional-work.ts';
import { PILLARS, type Pillar } from './pillars.ts';
import { cite, Source, type WorkKey } from './sources.ts';
import { IWA_NAMESPACE, uuidv5 } from './uuid.ts';

/**
 * The framework families, each a prefix of its code keys: `form.*` (Cloutier et al. 2015),
 * `purpose.*` and `lns.*` (Lawrence & Suddaby 2006), `pillar.*` (Scott 2014).
 */
export const FrameworkFamily = z.enum(['form', 'purpose', 'lns', 'pillar']);
export type FrameworkFamily = z.infer<typeof FrameworkFamily>;

/** The key of a framework code, e.g. `form.relational`, `lns.theorizing`, or a folder (`lns.creating`). */
export type FrameworkCodeKey =
  | FrameworkFamily
  | `form.${FormOfWork}`
  | `purpose.${Purpose}`
  | `lns.${LnsForm | Purpose}`
  | `pillar.${Pillar}`;

/**
 * A code key: `<family>` or `<family>.<name>`, snake_case. Framework families are `form`,
 * `purpose`, `lns` and `pillar`; a study's codes use families of their own (`theme.…`, `flag.…`,
 * `code.…`).
 */
export const CodeKey = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z0-9][a-z0-9_]*)?$/,
    'a code key: <family>.<name> in snake_case, e.g. theme.redefining_treatment',
  );

/** A colour as REFI-QDA allows it (`#RRGGBB` or `#RGB`), stored as uppercase `#RRGGBB`. */
export const Color = z
  .string()
  .regex(/^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/, 'a colour like #1B9E77')
  .transform((c) =>
    (c.length === 4 ? `#${c[1]}${c[1]}${c[2]}${c[2]}${c[3]}${c[3]}` : c).toUpperCase(),
  );

/** One code of a codebook: a framework code or a study's own code. */
export const CodebookCode = z.object({
  key: CodeKey,
  label: z.string().min(1),
  definition: z.string().optional(),
  /** The key's family (the part before the dot), e.g. `lns` or `theme`. */
  family: z.string().min(1),
  origin: z.enum(['framework', 'study']),
  /** The parent's key; null for a top-level code. */
  parentKey: CodeKey.nullable(),
  /** `uuidv5(key, IWA_NAMESPACE)`, or the GUID a study code brought from another tool. */
  guid: z.string(),
  /** False for folders that only group other codes. */
  isCodable: z.boolean(),
  color: z.string().optional(),
  /** Where a framework code comes from. */
  source: Source.optional(),
});
export type CodebookCode<K extends string = string> = z.infer<typeof CodebookCode> & { key: K };

/** A framework code: a {@link CodebookCode} whose origin is `framework`, with its source. */
export type FrameworkCode = CodebookCode<FrameworkCodeKey> & {
  origin: 'framework';
  family: FrameworkFamily;
  source: Source;
};

/** The work each framework family comes from. */
export const FAMILY_WORK: Readonly<Record<FrameworkFamily, WorkKey>> = {
  form: 'cloutier_2015',
  purpose: 'lawrence_suddaby_2006',
  lns: 'lawrence_suddaby_2006',
  pillar: 'scott_2014',
};

const PURPOSE_COLORS: Record<Purpose, { purpose: string; forms: string }> = {
  creating: { purpose: '#2E7D32', forms: '#66BB6A' },
  maintaining: { purpose: '#1565C0', forms: '#42A5F5' },
  disrupting: { purpose: '#C62828', forms: '#EF5350' },
};
const FORM_COLORS: Record<FormOfWork, string> = {
  structural: '#4E79A7',
  conceptual: '#F28E2B',
  operational: '#59A14F',
  relational: '#B07AA1',
};
const PILLAR_COLORS: Record<Pillar, string> = {
  regulative: '#7B1FA2',
  normative: '#EF6C00',
  cultural_cognitive: '#00838F',
};

function code(
  key: FrameworkCodeKey,
  parentKey: FrameworkCodeKey | null,
  entry: { label: string; definition: string; source: Source; color?: string; isCodable?: boolean },
): FrameworkCode {
  const family = FrameworkFamily.parse(key.split('.')[0]);
  return {
    key,
    label: entry.label,
    definition: entry.definition,
    family,
    origin: 'framework',
    parentKey,
    guid: uuidv5(key, IWA_NAMESPACE),
    isCodable: entry.isCodable ?? true,
    ...(entry.color ? { color: entry.color } : {}),
    source: entry.source,
  };
}

function folder(
  key: FrameworkCodeKey,
  parentKey: FrameworkCodeKey | null,
  entry: { label: string; definition: string; source: Source },
): FrameworkCode {
  return code(key, parentKey, { ...entry, isCodable: false });
}

/**
 * Every framework code in display order (a parent before its children): the non-codable folders
 * that group them (`form`, `purpose`, `lns`, `lns.creating`, `lns.maintaining`,
 * `lns.disrupting`, `pillar`) and the codable codes — 4 forms of work, 3 purposes, 18 L&S forms
 * and 3 pillars. Each has a stable key, a deterministic GUID, a colour and its source.
 */
export const FRAMEWORK_CODES: readonly FrameworkCode[] = [
  folder('form', null, {
    label: 'Forms of work (Cloutier et al. 2015)',
    definition:
      'What the work acts on: structures, ideas, everyday practice or relationships. Code every form that applies.',
    source: cite('cloutier_2015'),
  }),
  ...FORMS_OF_WORK.map((f) => code(`form.${f.key}`, 'form', { ...f, color: FORM_COLORS[f.key] })),
  folder('purpose', null, {
    label: 'Purposes of institutional work (Lawrence & Suddaby 2006)',
    definition: 'What the work aims at: creating, maintaining or disrupting institutions.',
    source: cite('lawrence_suddaby_2006', { pages: '215' }),
  }),
  ...PURPOSES.map((p) =>
    code(`purpose.${p.key}`, 'purpose', { ...p, color: PURPOSE_COLORS[p.key].purpose }),
  ),
  folder('lns', null, {
    label: 'Forms of institutional work (Lawrence & Suddaby 2006)',
    definition:
      'The finer forms of institutional work, grouped by purpose. Optional: code one when an excerpt clearly shows it.',
    source: cite('lawrence_suddaby_2006'),
  }),
  ...PURPOSES.flatMap((p) => [
    folder(`lns.${p.key}`, 'lns', {
      label: `Forms of ${p.key} work`,
      definition: `The forms of work aimed at ${p.key} institutions.`,
      source: cite('lawrence_suddaby_2006'),
    }),
    ...LNS_FORMS.filter((f) => f.purpose === p.key).map((f) =>
      code(`lns.${f.key}`, `lns.${p.key}`, { ...f, color: PURPOSE_COLORS[p.key].forms }),
    ),
  ]),
  folder('pillar', null, {
    label: 'Pillars of institutions (Scott 2014)',
    definition:
      'Which part of the institution the work acts on: its rules, its norms or its shared beliefs.',
    source: cite('scott_2014', { locator: 'ch. 3' }),
  }),
  ...PILLARS.map((p) => code(`pillar.${p.key}`, 'pillar', { ...p, color: PILLAR_COLORS[p.key] })),
];

const BY_KEY: ReadonlyMap<string, FrameworkCode> = new Map(FRAMEWORK_CODES.map((c) => [c.key, c]));

/** The framework code with this key, or undefined. */
export function frameworkCode(key: string): FrameworkCode | undefined {
  return BY_KEY.get(key);
}

/** Whether `key` is a framework code key (a codable code or a folder). */
export function isFrameworkCodeKey(key: string): key is FrameworkCodeKey {
  return BY_KEY.has(key);
}
