import { z } from 'zod';

/**
 * A calendar date in ISO 8601 form, `YYYY-MM-DD`. Phase events and national phases are dated to
 * the day; ISO dates compare correctly as strings.
 */
export const IsoDate = z.iso.date({ error: 'expected an ISO date YYYY-MM-DD' });
export type IsoDate = z.infer<typeof IsoDate>;
