import type { PhaseModel } from './compile-phase-model.ts';
import { phaseStateOf } from './apply-phase-event.ts';
import type { PhaseSnapshot } from './apply-phase-event.ts';
import { confidenceRank, raiseConfidence } from './confidence.ts';
import type { Confidence } from './confidence.ts';
import type { EvidenceRule } from './evidence-rule.ts';
import { unmetGuardConditions } from './guard-spec.ts';
import { PhaseError } from './phase-error.ts';

/** A coded excerpt as the evidence rules read it. */
export interface PhaseExcerpt {
  readonly id: string;
  /** Its code keys, e.g. `form.operational`, `purpose.maintaining`, `flag.confidentiality`. */
  readonly codes: readonly string[];
  /** Who performs the work described (not always the speaker). */
  readonly performer?: { readonly sector?: string | undefined } | undefined;
  /** The interview date (ISO `YYYY-MM-DD`), when known. */
  readonly date?: string | undefined;
}

/** Where a suggested event would lead, and what the researcher must still add for it to pass. */
export interface SuggestionTarget {
  readonly to: string;
  /** Guard conditions the suggestion alone does not meet, e.g. a fidelity review total. */
  readonly needs: readonly string[];
}

/**
 * A phase event suggested by an evidence rule. It is only a suggestion: a researcher accepts it
 * (records the event with a date and their name) or rejects it; nothing is applied.
 */
export interface PhaseEventSuggestion {
  readonly event: string;
  /** The rule that fired. */
  readonly rule: EvidenceRule;
  /** The ids of the matching excerpts, in input order. */
  readonly evidence: readonly string[];
  /** The rule's confidence, raised one level when at least twice `minCount` excerpts match. */
  readonly confidence: Confidence;
  readonly targets: readonly SuggestionTarget[];
  readonly explanation: string;
}

/** Whether `excerpt` matches `rule` (see {@link EvidenceRule} for the conditions). */
export function excerptMatchesRule(rule: EvidenceRule, excerpt: PhaseExcerpt): boolean {
  const codes = new Set(excerpt.codes);
  const any = rule.any ?? [];
  const sector = excerpt.performer?.sector;
  return (
    (rule.all ?? []).every((c) => codes.has(c)) &&
    (any.length === 0 || any.some((c) => codes.has(c))) &&
    (rule.flags ?? []).every((c) => codes.has(c)) &&
    !(rule.none ?? []).some((c) => codes.has(c)) &&
    (rule.performerSector === undefined ||
      (sector !== undefined && rule.performerSector.includes(sector))) &&
    (rule.onOrAfter === undefined || (excerpt.date !== undefined && excerpt.date >= rule.onOrAfter))
  );
}

/**
 * Suggests phase events from coded excerpts with the model's evidence rules. Only events that
 * have a transition from the current state are suggested. Sorted by confidence, then by the
 * number of excerpts, then in rule order.
 *
 * @param current the unit's snapshot or state id
 * @throws PhaseError `unknown_state` when `current` names a state the model does not have
 * @example
 * suggestPhaseEvents(ipsPhaseModel, 'operationalising', excerpts)
 *   .map((s) => `${s.event} (${s.confidence}): ${s.evidence.join(', ')}`);
 */
export function suggestPhaseEvents(
  model: PhaseModel,
  current: PhaseSnapshot | string,
  excerpts: readonly PhaseExcerpt[],
): PhaseEventSuggestion[] {
  const state = typeof current === 'string' ? current : phaseStateOf(current);
  if (!model.definition.states.some((s) => s.id === state)) {
    throw new PhaseError('unknown_state', `the ${model.definition.id} model has no state ${state}`);
  }
  const last = typeof current === 'string' ? undefined : current.context.history.at(-1);
  const previousState = typeof current === 'string' ? undefined : (last?.from ?? null);
  const out: PhaseEventSuggestion[] = [];
  for (const rule of model.definition.evidenceRules ?? []) {
    const legal = model.transitions.filter((t) => t.from === state && t.event === rule.event);
    if (legal.length === 0) continue;
    const evidence = [
      ...new Set(excerpts.filter((x) => excerptMatchesRule(rule, x)).map((x) => x.id)),
    ];
    const minCount = rule.minCount ?? 1;
    if (evidence.length < minCount) continue;
    const base = rule.confidence ?? 'low';
    const confidence = evidence.length >= 2 * minCount ? raiseConfidence(base) : base;
    const targets = legal.map((t) => ({
      to: t.to,
      needs: unmetGuardConditions(t.guard, { evidence, confidence, previousState }),
    }));
    out.push({
      event: rule.event,
      rule,
      evidence,
      confidence,
      targets,
      explanation: explain(model, rule, { state, count: evidence.length, targets }),
    });
  }
  return out
    .map((s, i) => ({ s, i }))
    .sort(
      (a, b) =>
        confidenceRank(b.s.confidence) - confidenceRank(a.s.confidence) ||
        b.s.evidence.length - a.s.evidence.length ||
        a.i - b.i,
    )
    .map(({ s }) => s);
}

function explain(
  model: PhaseModel,
  rule: EvidenceRule,
  { state, count, targets }: { state: string; count: number; targets: readonly SuggestionTarget[] },
): string {
  const where = targets
    .map((t) =>
      t.needs.length === 0
        ? phaseLabel(model, t.to)
        : `${phaseLabel(model, t.to)} (needs ${t.needs.join(' and ')})`,
    )
    .join(' or ');
  return `${count} excerpt${count === 1 ? '' : 's'} match rule ${rule.id} (${rule.description}): suggests ${phaseLabel(model, rule.event)} from ${phaseLabel(model, state)} to ${where}`;
}

/**
 * A state or event of `model` as people read it, its id in brackets:
 * `Operationalising [operationalising]`; an id the model does not name stays as it is.
 */
export function phaseLabel(model: PhaseModel, id: string): string {
  const def =
    model.definition.states.find((s) => s.id === id) ??
    model.definition.events.find((e) => e.id === id);
  return def === undefined ? id : `${def.label} [${id}]`;
}
