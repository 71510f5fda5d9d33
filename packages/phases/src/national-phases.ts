import { IsoDate } from './iso-date.ts';

/**
 * A national (field-level) phase of IPS in Norway, after Moe et al.: a dated context layer
 * beside the organisation-level phase machine. Organisation phases are read against it, e.g.
 * drift and de-integration are more likely in the third phase and after.
 */
export interface NationalPhase {
  readonly id: 'p1_seeking_a_way' | 'p2_gathering_knowledge' | 'p3_embedding_in_routine_practice';
  readonly label: string;
  /** First day of the phase (inclusive). */
  readonly from: IsoDate;
  /** Last day of the phase (inclusive). */
  readonly to: IsoDate;
  /** What drove change in the phase. */
  readonly drivingForce: string;
  /** How IPS was understood in the phase. */
  readonly ipsViewedAs: string;
}

/** The three national phases of IPS in Norway (Moe et al.), in date order. */
export const nationalPhases: readonly NationalPhase[] = [
  {
    id: 'p1_seeking_a_way',
    label: 'Seeking a way to meet unmet need in work and mental health practice',
    from: '2005-01-01',
    to: '2010-12-31',
    drivingForce: 'practice experience',
    ipsViewedAs: 'vocational rehabilitation',
  },
  {
    id: 'p2_gathering_knowledge',
    label: 'Gathering knowledge and national evidence',
    from: '2011-01-01',
    to: '2015-12-31',
    drivingForce: 'the lack of national knowledge',
    ipsViewedAs: 'a collaborative model for Nav and health services',
  },
  {
    id: 'p3_embedding_in_routine_practice',
    label: 'Embedding IPS into routine practice',
    from: '2016-01-01',
    to: '2021-12-31',
    drivingForce: 'policy and implementation',
    ipsViewedAs: 'a welfare employment scheme',
  },
];

/**
 * A dated field-level event outside the phases that constrains organisation phases: the 2022
 * legal clarification that Nav-provided IPS is not health care. Excerpts from interviews held
 * before it cannot refer to it.
 */
export interface NationalFieldEvent {
  readonly id: string;
  readonly label: string;
  /** The year it happened; the source gives no exact day. */
  readonly year: number;
}

/** Field-level events after the three national phases. */
export const nationalFieldEvents: readonly NationalFieldEvent[] = [
  {
    id: 'legal_clarification_2022',
    label: 'Directorate of Health clarifies that IPS provided by Nav is not health care',
    year: 2022,
  },
];

/**
 * The national phase a date falls in, or `undefined` before 2005 and after 2021 (outside the
 * periods Moe et al. describe).
 *
 * @param date an ISO date `YYYY-MM-DD`, or a `Date` (read in UTC)
 * @throws RangeError when `date` is neither a valid ISO date nor a valid `Date`
 * @example
 * nationalPhaseAt('2017-06-01')?.id // 'p3_embedding_in_routine_practice'
 */
export function nationalPhaseAt(date: IsoDate | Date): NationalPhase | undefined {
  const day = typeof date === 'string' ? date : toIsoDay(date);
  if (!IsoDate.safeParse(day).success) {
    throw new RangeError(`${String(date)} is not an ISO date (YYYY-MM-DD)`);
  }
  return nationalPhases.find((phase) => day >= phase.from && day <= phase.to);
}

function toIsoDay(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'invalid' : date.toISOString().slice(0, 10);
}
