import { z } from 'zod';
import { Confidence } from './confidence.ts';
import { FidelityTotal } from './fidelity.ts';
import { IsoDate } from './iso-date.ts';

/** A snake_case id of a state or an event, as in the domain model (`pre_adoption`). */
export const PhaseId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'ids are snake_case: lower-case letters, digits and _');
export type PhaseId = z.infer<typeof PhaseId>;

/**
 * One event in the life of an organisation's (or a collaboration's) implementation, as a
 * researcher records it. Every event is grounded: it carries the day it happened, the excerpts
 * that show it, who recorded it and how sure they are.
 *
 * @example
 * const event: PhaseEvent = {
 *   type: 'collaboration_initiated', at: '2016-03-01', evidence: ['e12', 'e40'],
 *   recordedBy: 'coder-ab', confidence: 'medium',
 * };
 */
export const PhaseEvent = z.strictObject({
  /** The event id from the phase model, e.g. `collaboration_initiated`. */
  type: PhaseId,
  /** The day it happened (ISO `YYYY-MM-DD`). */
  at: IsoDate,
  /** The ids of the excerpts that show it: at least one. */
  evidence: z.array(z.string().min(1)).min(1, 'an event needs at least one evidence excerpt id'),
  /** Who recorded it: a coder or researcher id. */
  recordedBy: z.string().min(1, 'say who recorded the event'),
  /** How sure the recorder is (see {@link Confidence}). */
  confidence: Confidence,
  /** An IPS-25 fidelity review total, for events about fidelity reviews. */
  fidelity: FidelityTotal.optional(),
  /** A free-text note. */
  note: z.string().optional(),
});
export type PhaseEvent = z.infer<typeof PhaseEvent>;

/**
 * What the machine context keeps of each accepted event: the event's data plus the states it
 * moved between and its sequence number (1, 2, …). Plain JSON.
 */
export const PhaseTransitionRecord = z.object({
  seq: z.int().min(1),
  event: z.string(),
  from: z.string(),
  to: z.string(),
  at: IsoDate,
  evidence: z.array(z.string()),
  recordedBy: z.string(),
  confidence: Confidence,
  fidelity: z.number().optional(),
  note: z.string().optional(),
});
export type PhaseTransitionRecord = z.infer<typeof PhaseTransitionRecord>;
