import { FlagKey, FormKey, LnsKey, PillarKey, PurposeKey, ThemeKey } from '@iwa/taxonomy';
import { z } from 'zod';

/**
 * The code keys a phase model refers to: the taxonomy's framework and study code keys (defined
 * once there), and the union a rule may name.
 */
export { FlagKey, FormKey, LnsKey, PillarKey, PurposeKey, ThemeKey };

/** Any code key a rule may name: a framework key, or a study's `theme.*` / `flag.*` key. */
export const RuleCodeKey = z.union([FormKey, PurposeKey, LnsKey, PillarKey, FlagKey, ThemeKey], {
  error: (issue) =>
    `unknown code key ${JSON.stringify(issue.input)}: use form.*, purpose.*, lns.*, pillar.* (framework keys) or theme.<key>, flag.<key>`,
});
export type RuleCodeKey = z.infer<typeof RuleCodeKey>;
