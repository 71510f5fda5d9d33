import { z } from 'zod';
import { FormKey, LnsKey, PurposeKey } from './code-keys.ts';

function dominantAndSupporting<T extends z.ZodType<string>>(key: T, what: string) {
  return z
    .strictObject({
      /** The categories expected to dominate the phase's work. */
      dominant: z.array(key).min(1, `name at least one dominant ${what}`),
      /** Categories expected alongside, without dominating. */
      supporting: z.array(key).optional(),
    })
    .superRefine((value, ctx) => {
      const dominant = new Set<string>(value.dominant);
      for (const [i, k] of (value.supporting ?? []).entries()) {
        if (dominant.has(k)) {
          ctx.addIssue({
            code: 'custom',
            path: ['supporting', i],
            message: `${k} is already dominant; name it once`,
          });
        }
      }
    });
}

/**
 * The institutional work a phase is expected to show: which Cloutier forms and which purposes
 * should dominate (and which may accompany them), the Lawrence & Suddaby forms likely to appear,
 * and who is expected to do the work.
 *
 * @example
 * const establishing: ExpectedWorkProfile = {
 *   forms: { dominant: ['form.structural', 'form.conceptual'], supporting: ['form.relational'] },
 *   purposes: { dominant: ['purpose.creating'] },
 *   lns: ['lns.advocacy', 'lns.educating'],
 *   who: ['advisors explaining IPS'],
 * };
 */
export const ExpectedWorkProfile = z.strictObject({
  forms: dominantAndSupporting(FormKey, 'form'),
  purposes: dominantAndSupporting(PurposeKey, 'purpose'),
  /** The Lawrence & Suddaby forms likely in the phase. */
  lns: z.array(LnsKey).optional(),
  /** Who is expected to do the work, in words (positions). */
  who: z.array(z.string().min(1)).optional(),
  /** Where the expectation comes from. */
  grounding: z.string().optional(),
});
export type ExpectedWorkProfile = z.infer<typeof ExpectedWorkProfile>;
