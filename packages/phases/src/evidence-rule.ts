import { z } from 'zod';
import { RuleCodeKey, FlagKey } from './code-keys.ts';
import { Confidence } from './confidence.ts';
import { IsoDate } from './iso-date.ts';
import { PhaseId } from './phase-event.ts';

/**
 * A rule that suggests a phase event from coded excerpts. An excerpt matches when it carries
 * every code in `all`, at least one in `any` (when given), every flag in `flags`, none of `none`,
 * its performer's sector is in `performerSector` (when given) and it is dated on or after
 * `onOrAfter` (when given; undated excerpts then never match). The rule fires when at least
 * `minCount` excerpts match (default 1).
 *
 * @example
 * const rule: EvidenceRule = {
 *   id: 'health_confidentiality_limits', event: 'integration_limited',
 *   description: 'health performers keep the specialist out on confidentiality grounds',
 *   all: ['form.operational', 'purpose.maintaining'], flags: ['flag.confidentiality'],
 *   performerSector: ['health'], minCount: 1, confidence: 'medium',
 * };
 */
export const EvidenceRule = z
  .strictObject({
    id: PhaseId,
    /** The event the rule suggests. */
    event: PhaseId,
    description: z.string().min(1),
    all: z.array(RuleCodeKey).optional(),
    any: z.array(RuleCodeKey).optional(),
    flags: z.array(FlagKey).optional(),
    none: z.array(RuleCodeKey).optional(),
    /** Sectors of the performer (who does the work), e.g. `health`, `nav`. */
    performerSector: z.array(z.string().min(1)).min(1).optional(),
    /** Only excerpts dated on or after this day count; undated excerpts never match. */
    onOrAfter: IsoDate.optional(),
    /** How many distinct excerpts must match (default 1). */
    minCount: z.int().min(1, 'minCount is at least 1').optional(),
    /** The confidence of a suggestion from this rule (default low). */
    confidence: Confidence.optional(),
    grounding: z.string().optional(),
  })
  .superRefine((rule, ctx) => {
    if ((rule.all ?? []).length + (rule.any ?? []).length + (rule.flags ?? []).length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `rule ${rule.id} requires no code, so it would match every excerpt: give all, any or flags`,
      });
    }
  });
export type EvidenceRule = z.infer<typeof EvidenceRule>;
