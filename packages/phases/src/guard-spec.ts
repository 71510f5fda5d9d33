import { z } from 'zod';
import { atLeastConfidence, Confidence } from './confidence.ts';
import { FidelityTotal, ipsFidelityScale } from './fidelity.ts';
import { IsoDate } from './iso-date.ts';
import { PhaseId } from './phase-event.ts';

/**
 * The declarative guard vocabulary of a phase model transition. Every condition given must hold
 * (they are AND-ed); leave `guard` out for an unguarded transition.
 *
 * - `requiresEvidence: n`: the event cites at least `n` distinct evidence excerpts.
 * - `minConfidence: low|medium|high`: the event's confidence is at least this.
 * - `fidelityBelow: n`: the event carries an IPS-25 fidelity total below `n`.
 * - `fidelityAtLeast: n`: the event carries an IPS-25 fidelity total of at least `n`.
 * - `cameFrom: state`: the state before the current one was `state` (to return where one left).
 * - `notBefore: date` / `notAfter: date`: the event is dated on or after / on or before the day.
 *
 * @example
 * const guard: GuardSpec = { requiresEvidence: 2, minConfidence: 'medium' };
 */
export const GuardSpec = z
  .strictObject({
    requiresEvidence: z.int().min(1, 'requiresEvidence counts excerpts: at least 1').optional(),
    minConfidence: Confidence.optional(),
    fidelityBelow: z
      .int()
      .min(ipsFidelityScale.min + 1, 'fidelityBelow must be above 25, or no total is below it')
      .max(ipsFidelityScale.max + 1, 'fidelityBelow is at most 126 (every total is below 126)')
      .optional(),
    fidelityAtLeast: FidelityTotal.optional(),
    cameFrom: PhaseId.optional(),
    notBefore: IsoDate.optional(),
    notAfter: IsoDate.optional(),
  })
  .superRefine((guard, ctx) => {
    if (Object.values(guard).every((v) => v === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'an empty guard: leave `guard` out instead' });
    }
    const { fidelityBelow, fidelityAtLeast, notBefore, notAfter } = guard;
    if (
      fidelityBelow !== undefined &&
      fidelityAtLeast !== undefined &&
      fidelityBelow <= fidelityAtLeast
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['fidelityBelow'],
        message: `no total is both below ${fidelityBelow} and at least ${fidelityAtLeast}: the guard can never pass`,
      });
    }
    if (notBefore !== undefined && notAfter !== undefined && notAfter < notBefore) {
      ctx.addIssue({
        code: 'custom',
        path: ['notAfter'],
        message: `notAfter ${notAfter} is before notBefore ${notBefore}: the guard can never pass`,
      });
    }
  });
export type GuardSpec = z.infer<typeof GuardSpec>;

/**
 * What a guard is checked against. A field left `undefined` is not known (yet); a condition on
 * it is then reported as a requirement rather than a failure with a value.
 */
export interface GuardFacts {
  readonly evidence?: readonly string[] | undefined;
  readonly confidence?: Confidence | undefined;
  readonly fidelity?: number | undefined;
  readonly at?: string | undefined;
  /** The state before the current one; `null` when the history is empty. */
  readonly previousState?: string | null | undefined;
}

/**
 * The guard's conditions in words, e.g. `['at least 2 evidence excerpts', 'confidence at least
 * medium']`, for docs and diagrams.
 */
export function describeGuard(guard: GuardSpec | undefined): string[] {
  if (guard === undefined) return [];
  const out: string[] = [];
  if (guard.requiresEvidence !== undefined) {
    out.push(
      `at least ${guard.requiresEvidence} evidence excerpt${plural(guard.requiresEvidence)}`,
    );
  }
  if (guard.minConfidence !== undefined) out.push(`confidence at least ${guard.minConfidence}`);
  if (guard.fidelityBelow !== undefined) out.push(`fidelity total below ${guard.fidelityBelow}`);
  if (guard.fidelityAtLeast !== undefined) {
    out.push(`fidelity total at least ${guard.fidelityAtLeast}`);
  }
  if (guard.cameFrom !== undefined) out.push(`came from ${guard.cameFrom}`);
  if (guard.notBefore !== undefined) out.push(`dated on or after ${guard.notBefore}`);
  if (guard.notAfter !== undefined) out.push(`dated on or before ${guard.notAfter}`);
  return out;
}

/**
 * The guard's conditions that `facts` do not meet, each in words with the value found, e.g.
 * `'at least 2 evidence excerpts (got 1)'`. An empty list means the guard passes.
 */
export function unmetGuardConditions(guard: GuardSpec | undefined, facts: GuardFacts): string[] {
  if (guard === undefined) return [];
  const out: string[] = [];
  const [evidence, confidence, fidelity, previous] = describeFacts(facts);
  if (guard.requiresEvidence !== undefined) {
    const n = facts.evidence === undefined ? undefined : new Set(facts.evidence).size;
    if (n === undefined || n < guard.requiresEvidence) {
      out.push(
        `at least ${guard.requiresEvidence} evidence excerpt${plural(guard.requiresEvidence)}${evidence}`,
      );
    }
  }
  if (
    guard.minConfidence !== undefined &&
    (facts.confidence === undefined || !atLeastConfidence(facts.confidence, guard.minConfidence))
  ) {
    out.push(`confidence at least ${guard.minConfidence}${confidence}`);
  }
  if (
    guard.fidelityBelow !== undefined &&
    (facts.fidelity === undefined || facts.fidelity >= guard.fidelityBelow)
  ) {
    out.push(`a fidelity review total below ${guard.fidelityBelow}${fidelity}`);
  }
  if (
    guard.fidelityAtLeast !== undefined &&
    (facts.fidelity === undefined || facts.fidelity < guard.fidelityAtLeast)
  ) {
    out.push(`a fidelity review total of at least ${guard.fidelityAtLeast}${fidelity}`);
  }
  if (guard.cameFrom !== undefined && facts.previousState !== guard.cameFrom) {
    out.push(`the previous state to be ${guard.cameFrom}${previous}`);
  }
  if (guard.notBefore !== undefined && (facts.at === undefined || facts.at < guard.notBefore)) {
    out.push(
      `a date on or after ${guard.notBefore}${facts.at === undefined ? '' : ` (got ${facts.at})`}`,
    );
  }
  if (guard.notAfter !== undefined && (facts.at === undefined || facts.at > guard.notAfter)) {
    out.push(
      `a date on or before ${guard.notAfter}${facts.at === undefined ? '' : ` (got ${facts.at})`}`,
    );
  }
  return out;
}

function describeFacts(facts: GuardFacts): [string, string, string, string] {
  return [
    facts.evidence === undefined ? '' : ` (got ${new Set(facts.evidence).size})`,
    facts.confidence === undefined ? '' : ` (got ${facts.confidence})`,
    facts.fidelity === undefined ? '' : ` (got ${facts.fidelity})`,
    facts.previousState === undefined
      ? ''
      : facts.previousState === null
        ? ' (no earlier state is recorded)'
        : ` (was ${facts.previousState})`,
  ];
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
