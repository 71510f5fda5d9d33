import { codeName } from '@iwa/taxonomy';
import type { PhaseModel } from './compile-phase-model.ts';
import { FormKey, LnsKey, PurposeKey } from './code-keys.ts';
import type { ExpectedWorkProfile } from './expected-work-profile.ts';
import { PhaseError } from './phase-error.ts';

/**
 * The work observed for one unit (organisation or collaboration) in one phase: how many coded
 * excerpts carry each code key, e.g. `{ 'form.operational': 12, 'purpose.maintaining': 9 }`.
 * The analysis package produces it from the matrix; keys of other families are ignored.
 */
export interface ObservedWorkProfile {
  readonly organisationId: string;
  readonly state: string;
  readonly counts: Readonly<Record<string, number>>;
}

/** How well observed work fits a phase's expectation. */
export type FitVerdict = 'fit' | 'partial' | 'misfit' | 'insufficient_data' | 'no_expectation';

/** One category of a dimension: its observed count and share, and what was expected of it. */
export interface CategoryShare {
  readonly key: string;
  readonly count: number;
  /** count / the dimension's total (0 when the total is 0). */
  readonly share: number;
  readonly expected: 'dominant' | 'supporting' | 'not_expected';
  /** Whether it counts as dominant in the observed work. */
  readonly dominant: boolean;
}

/** The fit of one dimension (forms or purposes). */
export interface DimensionFit {
  readonly total: number;
  /** Every category of the dimension, most frequent first. */
  readonly categories: readonly CategoryShare[];
  readonly verdict: FitVerdict;
  /** Σ share × weight (1 expected dominant, 0.5 supporting, 0 otherwise), or null. */
  readonly score: number | null;
}

/** The result of {@link compareWorkProfile}. */
export interface WorkProfileFit {
  readonly organisationId: string;
  readonly state: string;
  readonly verdict: FitVerdict;
  /** The mean of the two dimension scores, or null without data or expectation. */
  readonly score: number | null;
  readonly forms: DimensionFit;
  readonly purposes: DimensionFit;
  /**
   * Observed counts of the Lawrence & Suddaby forms, most frequent first, then in framework
   * order; the expected ones are always listed. Informative only: they do not enter the verdict.
   */
  readonly lns: readonly {
    readonly key: string;
    readonly count: number;
    readonly expected: boolean;
  }[];
  readonly explanation: string;
}

/** Options of {@link compareWorkProfile}. */
export interface CompareWorkProfileOptions {
  /** A category is dominant from this share up (default 0.25); the most frequent always is. */
  readonly dominanceShare?: number;
  /** Fewer coded excerpts than this in a dimension give `insufficient_data` (default 5). */
  readonly minCount?: number;
}

/**
 * Compares a unit's observed work in a phase with the phase's expected profile.
 *
 * Per dimension (Cloutier forms; purposes): each category's share of the dimension's codings.
 * The observed dominant categories are the most frequent one plus every one with a share of at
 * least `dominanceShare`. The dimension **fits** when every dominant observed category is
 * expected (dominant or supporting) and at least one is an expected dominant one; it is
 * **partial** when some but not all are expected, and a **misfit** when none is. The overall
 * verdict is `fit` when both dimensions fit, `misfit` when both are misfits, else `partial`.
 * The score is Σ share × weight (weight 1 for expected dominant, 0.5 for supporting, 0 for the
 * rest), averaged over the two dimensions: 1 means all work falls in the expected dominant
 * categories.
 *
 * @throws PhaseError `unknown_state` when `observed.state` is not a state of the model
 */
export function compareWorkProfile(
  model: PhaseModel,
  observed: ObservedWorkProfile,
  options: CompareWorkProfileOptions = {},
): WorkProfileFit {
  const stateDef = model.definition.states.find((s) => s.id === observed.state);
  if (stateDef === undefined) {
    throw new PhaseError(
      'unknown_state',
      `the ${model.definition.id} model has no state ${observed.state}`,
    );
  }
  const expected = stateDef.expectedProfile;
  const dominanceShare = options.dominanceShare ?? 0.25;
  const minCount = options.minCount ?? 5;
  const settings = { counts: observed.counts, dominanceShare, minCount };
  const forms = dimensionFit(FormKey.options, expected?.forms, settings);
  const purposes = dimensionFit(PurposeKey.options, expected?.purposes, settings);
  const verdicts = [forms.verdict, purposes.verdict];
  const verdict: FitVerdict =
    expected === undefined
      ? 'no_expectation'
      : verdicts.includes('insufficient_data')
        ? 'insufficient_data'
        : verdicts.every((v) => v === 'fit')
          ? 'fit'
          : verdicts.every((v) => v === 'misfit')
            ? 'misfit'
            : 'partial';
  const score =
    forms.score === null || purposes.score === null
      ? null
      : round((forms.score + purposes.score) / 2);
  const expectedLns = new Set<string>(expected?.lns ?? []);
  const lns = LnsKey.options
    .map((key) => ({ key, count: observed.counts[key] ?? 0, expected: expectedLns.has(key) }))
    .filter((l) => l.expected || l.count > 0)
    .sort((a, b) => b.count - a.count || Number(b.expected) - Number(a.expected));
  const base = {
    organisationId: observed.organisationId,
    state: observed.state,
    verdict,
    score,
    forms,
    purposes,
    lns,
  };
  return { ...base, explanation: explain(base, expected) };
}

function dimensionFit(
  keys: readonly string[],
  expected: ExpectedWorkProfile['forms'] | ExpectedWorkProfile['purposes'] | undefined,
  options: { counts: Readonly<Record<string, number>>; dominanceShare: number; minCount: number },
): DimensionFit {
  const { counts } = options;
  const total = keys.reduce((sum, k) => sum + (counts[k] ?? 0), 0);
  const dominantExpected = new Set<string>(expected?.dominant ?? []);
  const supporting = new Set<string>(expected?.supporting ?? []);
  const ranked = keys
    .map((key) => ({ key, count: counts[key] ?? 0 }))
    .sort((a, b) => b.count - a.count);
  const categories: CategoryShare[] = ranked.map(({ key, count }, i) => {
    const share = total === 0 ? 0 : count / total;
    return {
      key,
      count,
      share: round(share),
      expected: dominantExpected.has(key)
        ? 'dominant'
        : supporting.has(key)
          ? 'supporting'
          : 'not_expected',
      dominant: count > 0 && (i === 0 || share >= options.dominanceShare),
    };
  });
  if (expected === undefined) return { total, categories, verdict: 'no_expectation', score: null };
  if (total < options.minCount)
    return { total, categories, verdict: 'insufficient_data', score: null };
  const dominant = categories.filter((c) => c.dominant);
  const allowed = dominant.filter((c) => c.expected !== 'not_expected');
  const verdict: FitVerdict =
    allowed.length === dominant.length && allowed.some((c) => c.expected === 'dominant')
      ? 'fit'
      : allowed.length > 0
        ? 'partial'
        : 'misfit';
  const score = categories.reduce(
    (sum, c) =>
      sum +
      (c.count / total) * (c.expected === 'dominant' ? 1 : c.expected === 'supporting' ? 0.5 : 0),
    0,
  );
  return { total, categories, verdict, score: round(score) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function describeDimension(name: string, fit: DimensionFit): string {
  const dominant = fit.categories.filter((c) => c.dominant);
  const observed =
    dominant.length === 0
      ? 'nothing coded'
      : `dominant observed ${dominant.map((c) => `${codeName(c.key)} ${percent(c.share)}`).join(', ')}`;
  const expectedDominant = fit.categories
    .filter((c) => c.expected === 'dominant')
    .map((c) => codeName(c.key));
  const supporting = fit.categories
    .filter((c) => c.expected === 'supporting')
    .map((c) => codeName(c.key));
  const expected = `expected dominant ${expectedDominant.join(', ')}${
    supporting.length === 0 ? '' : `, supporting ${supporting.join(', ')}`
  }`;
  const unexpected = dominant
    .filter((c) => c.expected === 'not_expected')
    .map((c) => codeName(c.key));
  const note = unexpected.length === 0 ? '' : `; not expected: ${unexpected.join(', ')}`;
  return `${name} ${fit.verdict} (n=${fit.total}): ${observed}; ${expected}${note}.`;
}

function explain(
  fit: Omit<WorkProfileFit, 'explanation'>,
  expected: ExpectedWorkProfile | undefined,
): string {
  const head = `${fit.organisationId} in ${fit.state}`;
  if (expected === undefined)
    return `${head}: the model expects no particular work profile in ${fit.state}.`;
  const score = fit.score === null ? '' : `, score ${fit.score.toFixed(2)}`;
  const seen = fit.lns
    .filter((l) => l.expected && l.count > 0)
    .map((l) => `${codeName(l.key)} ${l.count}`);
  const unseen = fit.lns.filter((l) => l.expected && l.count === 0).map((l) => codeName(l.key));
  const lns = fit.lns.some((l) => l.expected)
    ? ` Expected L&S forms seen: ${seen.join(', ') || 'none'}${unseen.length === 0 ? '' : `; not seen: ${unseen.join(', ')}`}.`
    : '';
  return `${head}: ${fit.verdict}${score}. ${describeDimension('Forms', fit.forms)} ${describeDimension('Purposes', fit.purposes)}${lns}`;
}
