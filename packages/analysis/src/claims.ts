import { z } from 'zod';
import { AnalysisError } from './analysis-error.ts';
import type { CodedUnit, Perspective } from './coded-unit.ts';
import { resolveDimension, valuesOf } from './coded-unit.ts';
import { parseCondition, satisfiesAll, splitCondition } from './condition.ts';
import type { CountingUnit } from './crosstab.ts';

const conditionText = z.string().superRefine((text, ctx) => {
  try {
    splitCondition(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
  }
});
const share = z.number().min(0).max(1);

const claimBase = {
  /** A short stable id, e.g. `C04`. */
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  /** The proposition in words, as the study states it. */
  statement: z.string().min(1),
  /** Whose position bare position dimensions (`role`, `sector`, …) refer to. */
  by: z.enum(['speaker', 'performer']).default('speaker'),
  /** What is counted: excerpts, distinct informants or distinct documents. */
  count: z.enum(['excerpts', 'informants', 'documents']).default('excerpts'),
  /** The group the claim is about: conditions every counted excerpt satisfies. */
  among: z.array(conditionText).default([]),
};

const bounds = {
  moreThan: share.optional(),
  atLeast: share.optional(),
  lessThan: share.optional(),
  atMost: share.optional(),
};

/**
 * `share`: the share of the group (`among`) that satisfies `of` lies within the bounds. Covers
 * "mostly" (`moreThan: 0.5`), "near zero" (`atMost: 0.02`), "most T2 excerpts also carry
 * relational" (co-occurrence) and "mostly spoken by Nav informants" (majority of a subset).
 */
export const ShareClaim = z
  .object({ kind: z.literal('share'), ...claimBase, of: conditionText, ...bounds })
  .refine(
    (c) => [c.moreThan, c.atLeast, c.lessThan, c.atMost].some((b) => b !== undefined),
    'a share claim needs at least one of moreThan, atLeast, lessThan, atMost',
  );
/** A parsed {@link ShareClaim} (defaults filled in). */
export type ShareClaim = z.output<typeof ShareClaim>;

/**
 * `compare-share`: the share satisfying `of` is higher in the group `among` than in the group
 * `than`, by more than `margin` (default 0). Covers "relational share is higher for Nav than
 * health" and "fidelity_reference rate is higher for advisors than managers".
 */
export const CompareShareClaim = z.object({
  kind: z.literal('compare-share'),
  ...claimBase,
  of: conditionText,
  than: z.array(conditionText).min(1),
  margin: share.default(0),
});
/** A parsed {@link CompareShareClaim} (defaults filled in). */
export type CompareShareClaim = z.output<typeof CompareShareClaim>;

/**
 * `plurality`: within the group, the value in `of` (one `dim=value`) is more frequent than
 * every other value of its dimension, and, with `moreThan`, its share exceeds that. Shares are
 * of the group's units that have any value on the dimension.
 */
export const PluralityClaim = z.object({
  kind: z.literal('plurality'),
  ...claimBase,
  of: conditionText,
  moreThan: share.optional(),
});
/** A parsed {@link PluralityClaim} (defaults filled in). */
export type PluralityClaim = z.output<typeof PluralityClaim>;

/**
 * `coverage`: every document (or informant) has at least `atLeast` excerpts of the group that
 * satisfy `has`. The documents are those in the data, or those passed to {@link evaluateClaims}.
 */
export const CoverageClaim = z.object({
  kind: z.literal('coverage'),
  ...claimBase,
  each: z.enum(['document', 'informant']).default('document'),
  has: z.array(conditionText).min(1),
  atLeast: z.int().min(1).default(1),
});
/** A parsed {@link CoverageClaim} (defaults filled in). */
export type CoverageClaim = z.output<typeof CoverageClaim>;

/** One claim: a proposition about a study that the coded excerpts can confirm or refute. */
export const Claim = z.discriminatedUnion('kind', [
  ShareClaim,
  CompareShareClaim,
  PluralityClaim,
  CoverageClaim,
]);
/** A parsed {@link Claim} (defaults filled in). */
export type Claim = z.output<typeof Claim>;
/** A claim as written in a file, before defaults. */
export type ClaimInput = z.input<typeof Claim>;

/** A claims file: a list of claims with unique ids. */
export const ClaimSet = z
  .object({ study: z.string().optional(), claims: z.array(Claim) })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.claims.forEach((claim, i) => {
      if (seen.has(claim.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['claims', i, 'id'],
          message: `duplicate id ${claim.id}`,
        });
      }
      seen.add(claim.id);
    });
  });
/** A parsed {@link ClaimSet} (defaults filled in). */
export type ClaimSet = z.output<typeof ClaimSet>;

/** The verdict on one claim, with the numbers and excerpts behind it. */
export interface ClaimResult {
  readonly id: string;
  readonly statement: string;
  readonly kind: Claim['kind'];
  /** `'undefined'` when the data cannot decide (an empty group). */
  readonly holds: boolean | 'undefined';
  /** Counts and shares (0–1), named in the explanation. */
  readonly numbers: Readonly<Record<string, number>>;
  /** The excerpts that carry the claimed pattern (the numerator), in input order. */
  readonly excerptIds: readonly string[];
  readonly explanation: string;
}

/** What the data cannot show by itself: documents or informants without any excerpt. */
export interface ClaimContext {
  readonly documents?: readonly string[];
  readonly informants?: readonly string[];
}

/**
 * The counts claims are decided on. `conditions` are condition texts (see `splitCondition`), all
 * of which an excerpt must satisfy; bare position dimensions refer to `by`. Services implement it
 * with aggregate queries in Neo4j; {@link unitsCounter} implements it over coded units in memory.
 * An implementation throws on a condition that names an unknown dimension or value.
 */
export interface ClaimCounter {
  /** Distinct `unit`s among the excerpts that satisfy the conditions. */
  count(query: {
    conditions: readonly string[];
    by: Perspective;
    unit: CountingUnit;
  }): Promise<number>;
  /**
   * Distinct `unit`s per value of `dimension` among the excerpts that satisfy the conditions, and
   * how many have any value on it (`total`).
   */
  tally(query: {
    conditions: readonly string[];
    dimension: string;
    by: Perspective;
    unit: CountingUnit;
  }): Promise<{ total: number; perValue: ReadonlyMap<string, number> }>;
  /** Excerpts per document (or per informant of `by`) among those satisfying the conditions. */
  perEntity(query: {
    conditions: readonly string[];
    each: 'document' | 'informant';
    by: Perspective;
  }): Promise<ReadonlyMap<string, number>>;
  /** Every document (or informant) of the study, also those without a coded excerpt. */
  entities(each: 'document' | 'informant'): Promise<readonly string[]>;
  /** The ids of the excerpts that satisfy the conditions, in document order. */
  excerptIds(query: { conditions: readonly string[]; by: Perspective }): Promise<string[]>;
}

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

function describeGroup(conditions: readonly string[], count: CountingUnit): string {
  return conditions.length === 0 ? `all ${count}` : `${count} with ${conditions.join(' & ')}`;
}

type Verdict = Omit<ClaimResult, 'id' | 'statement' | 'kind'>;

async function groupShare(
  counter: ClaimCounter,
  claim: { by: Perspective; count: CountingUnit; of: string },
  group: readonly string[],
): Promise<{ group: number; matching: number; share: number | null; excerptIds: string[] }> {
  const base = { by: claim.by, unit: claim.count };
  const all = await counter.count({ ...base, conditions: group });
  const matching = await counter.count({ ...base, conditions: [...group, claim.of] });
  const excerptIds = await counter.excerptIds({ by: claim.by, conditions: [...group, claim.of] });
  return { group: all, matching, share: all > 0 ? matching / all : null, excerptIds };
}

async function evaluateShare(claim: ShareClaim, counter: ClaimCounter): Promise<Verdict> {
  const r = await groupShare(counter, claim, claim.among);
  const group = describeGroup(claim.among, claim.count);
  if (r.share === null) {
    return {
      holds: 'undefined',
      numbers: { group: 0, matching: 0 },
      excerptIds: [],
      explanation: `no ${group}`,
    };
  }
  const s = r.share;
  const checks: [string, boolean][] = [];
  if (claim.moreThan !== undefined)
    checks.push([`> ${percent(claim.moreThan)}`, s > claim.moreThan]);
  if (claim.atLeast !== undefined) checks.push([`≥ ${percent(claim.atLeast)}`, s >= claim.atLeast]);
  if (claim.lessThan !== undefined)
    checks.push([`< ${percent(claim.lessThan)}`, s < claim.lessThan]);
  if (claim.atMost !== undefined) checks.push([`≤ ${percent(claim.atMost)}`, s <= claim.atMost]);
  const holds = checks.every(([, ok]) => ok);
  return {
    holds,
    numbers: { group: r.group, matching: r.matching, share: s },
    excerptIds: r.excerptIds,
    explanation: `${r.matching} of ${r.group} ${group} satisfy ${claim.of} (${percent(s)}); required ${checks
      .map(([t]) => t)
      .join(' and ')}: ${holds ? 'holds' : 'fails'}`,
  };
}

async function evaluateCompare(claim: CompareShareClaim, counter: ClaimCounter): Promise<Verdict> {
  const a = await groupShare(counter, claim, claim.among);
  const b = await groupShare(counter, claim, claim.than);
  const groupA = describeGroup(claim.among, claim.count);
  const groupB = describeGroup(claim.than, claim.count);
  const numbers: Record<string, number> = {
    groupA: a.group,
    matchingA: a.matching,
    groupB: b.group,
    matchingB: b.matching,
  };
  if (a.share === null || b.share === null) {
    return {
      holds: 'undefined',
      numbers,
      excerptIds: [...a.excerptIds, ...b.excerptIds],
      explanation: `no ${a.share === null ? groupA : groupB}: the shares cannot be compared`,
    };
  }
  const difference = a.share - b.share;
  const holds = difference > claim.margin;
  return {
    holds,
    numbers: { ...numbers, shareA: a.share, shareB: b.share, difference },
    excerptIds: [...new Set([...a.excerptIds, ...b.excerptIds])],
    explanation: `${claim.of}: ${a.matching}/${a.group} ${groupA} (${percent(a.share)}) vs ${b.matching}/${b.group} ${groupB} (${percent(b.share)}); difference ${percent(difference)} ${holds ? '>' : '≤'} margin ${percent(claim.margin)}`,
  };
}

async function evaluatePlurality(claim: PluralityClaim, counter: ClaimCounter): Promise<Verdict> {
  const of = splitCondition(claim.of);
  const [value, ...more] = of.values;
  if (value === undefined || more.length > 0 || of.negate) {
    throw new AnalysisError(
      'invalid_claim',
      `Claim ${claim.id}: plurality needs one dim=value, got ${claim.of}`,
    );
  }
  const tally = await counter.tally({
    conditions: claim.among,
    dimension: of.dimension,
    by: claim.by,
    unit: claim.count,
  });
  const described = `${describeGroup(claim.among, claim.count)} coded on ${of.dimension}`;
  if (tally.total === 0) {
    return {
      holds: 'undefined',
      numbers: { group: 0 },
      excerptIds: [],
      explanation: `no ${described}`,
    };
  }
  const counts = [...tally.perValue]
    .filter(([, n]) => n > 0)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  const own = tally.perValue.get(value) ?? 0;
  const rival = counts.find(([v]) => v !== value);
  const runnerUp = rival?.[1] ?? 0;
  const s = own / tally.total;
  const isPlurality = own > runnerUp;
  const aboveShare = claim.moreThan === undefined || s > claim.moreThan;
  const numbers: Record<string, number> = { group: tally.total, matching: own, share: s, runnerUp };
  for (const [v, n] of counts) numbers[`${of.dimension}=${v}`] = n;
  const parts = [
    `${own} of ${tally.total} ${described} have ${of.dimension}=${value} (${percent(s)})`,
    rival === undefined
      ? 'no other value occurs'
      : `the next, ${of.dimension}=${rival[0]}, has ${rival[1]}${own === rival[1] ? ' (a tie)' : ''}`,
  ];
  if (claim.moreThan !== undefined) parts.push(`required share > ${percent(claim.moreThan)}`);
  return {
    holds: isPlurality && aboveShare,
    numbers,
    excerptIds: await counter.excerptIds({
      by: claim.by,
      conditions: [...claim.among, `${of.dimension}=${value}`],
    }),
    explanation: `${parts.join('; ')}: ${isPlurality && aboveShare ? 'holds' : 'fails'}`,
  };
}

async function evaluateCoverage(
  claim: CoverageClaim,
  counter: ClaimCounter,
  context: ClaimContext,
): Promise<Verdict> {
  const conditions = [...claim.among, ...claim.has];
  const hits = await counter.perEntity({ conditions, each: claim.each, by: claim.by });
  const given = claim.each === 'document' ? context.documents : context.informants;
  const universe = new Set(given ?? (await counter.entities(claim.each)));
  const excerptIds = await counter.excerptIds({ by: claim.by, conditions });
  const uncovered = [...universe].filter((k) => (hits.get(k) ?? 0) < claim.atLeast).sort();
  const total = universe.size;
  const noun = `${claim.each}s`;
  if (total === 0) {
    return { holds: 'undefined', numbers: { total: 0 }, excerptIds, explanation: `no ${noun}` };
  }
  const shown = uncovered.slice(0, 10).join(', ') + (uncovered.length > 10 ? ', …' : '');
  return {
    holds: uncovered.length === 0,
    numbers: { total, covered: total - uncovered.length, uncovered: uncovered.length },
    excerptIds,
    explanation: `${total - uncovered.length} of ${total} ${noun} have at least ${claim.atLeast} excerpt(s) with ${conditions.join(' & ')}${uncovered.length > 0 ? `; missing: ${shown}` : ''}`,
  };
}

/** Evaluates one claim with a counter. See {@link evaluateClaims}. */
export async function evaluateClaim(
  claim: Claim,
  counter: ClaimCounter,
  context: ClaimContext = {},
): Promise<ClaimResult> {
  const head = { id: claim.id, statement: claim.statement, kind: claim.kind };
  switch (claim.kind) {
    case 'share':
      return { ...head, ...(await evaluateShare(claim, counter)) };
    case 'compare-share':
      return { ...head, ...(await evaluateCompare(claim, counter)) };
    case 'plurality':
      return { ...head, ...(await evaluatePlurality(claim, counter)) };
    case 'coverage':
      return { ...head, ...(await evaluateCoverage(claim, counter, context)) };
  }
}

/**
 * Evaluates claims (parsed with {@link Claim} or {@link ClaimSet}), each to holds / fails /
 * undefined with its numbers, the excerpts behind it and an explanation. The counts come from
 * `counter`: the same verdicts whether they are counted in Neo4j or in memory. `context` lists
 * documents or informants that have no excerpts, for coverage claims.
 */
export async function evaluateClaims(
  claims: readonly Claim[],
  counter: ClaimCounter,
  context: ClaimContext = {},
): Promise<ClaimResult[]> {
  const out: ClaimResult[] = [];
  for (const claim of claims) out.push(await evaluateClaim(claim, counter, context));
  return out;
}

class EntityCounter {
  private readonly seen = new Set<string>();
  private n = 0;
  constructor(private readonly count: CountingUnit) {}
  add(unit: CodedUnit): void {
    if (this.count === 'excerpts') this.n += 1;
    else this.seen.add(this.count === 'informants' ? unit.informantId : unit.documentId);
  }
  get size(): number {
    return this.count === 'excerpts' ? this.n : this.seen.size;
  }
}

/**
 * A {@link ClaimCounter} over coded units in memory (for data not in Neo4j, such as the demo
 * studies' own tests). Unknown dimensions simply match nothing here: services' counter is the one
 * that checks names against a study.
 */
export function unitsCounter(units: readonly CodedUnit[]): ClaimCounter {
  const select = (conditions: readonly string[], by: Perspective): CodedUnit[] => {
    const parsed = conditions.map((c) => parseCondition(c, by));
    return units.filter((u) => satisfiesAll(u, parsed));
  };
  const keyOf = (u: CodedUnit, each: 'document' | 'informant'): string =>
    each === 'document' ? u.documentId : u.informantId;
  return {
    count: ({ conditions, by, unit }) => {
      const counter = new EntityCounter(unit);
      for (const u of select(conditions, by)) counter.add(u);
      return Promise.resolve(counter.size);
    },
    tally: ({ conditions, dimension, by, unit }) => {
      const resolved = resolveDimension(dimension, by);
      const all = new EntityCounter(unit);
      const perValue = new Map<string, EntityCounter>();
      for (const u of select(conditions, by)) {
        const values = valuesOf(u, resolved);
        if (values.length === 0) continue;
        all.add(u);
        for (const v of values) {
          let c = perValue.get(v);
          if (c === undefined) {
            c = new EntityCounter(unit);
            perValue.set(v, c);
          }
          c.add(u);
        }
      }
      return Promise.resolve({
        total: all.size,
        perValue: new Map([...perValue].map(([v, c]) => [v, c.size])),
      });
    },
    perEntity: ({ conditions, each, by }) => {
      const hits = new Map<string, number>();
      for (const u of select(conditions, by))
        hits.set(keyOf(u, each), (hits.get(keyOf(u, each)) ?? 0) + 1);
      return Promise.resolve(hits);
    },
    entities: (each) => Promise.resolve([...new Set(units.map((u) => keyOf(u, each)))]),
    excerptIds: ({ conditions, by }) =>
      Promise.resolve(select(conditions, by).map((u) => u.unitId)),
  };
}
