import { z } from 'zod';

/** The keys of the works the frameworks come from. */
export const WorkKey = z.enum([
  'cloutier_2015',
  'lawrence_suddaby_2006',
  'scott_2014',
  'battilana_2006',
  'hardy_maguire_2017',
  'skogstad_2024',
]);
export type WorkKey = z.infer<typeof WorkKey>;

/** A published work, with a full reference for a bibliography. */
export const Work = z.object({
  key: WorkKey,
  /** Authors as they are cited in text, e.g. `Lawrence & Suddaby`. */
  author: z.string().min(1),
  year: z.number().int(),
  title: z.string().min(1),
  /** The full reference (APA-like). */
  reference: z.string().min(1),
  doi: z.string().optional(),
});
export type Work = z.infer<typeof Work>;

/**
 * Where an entry comes from: the work, its in-text author and year, and pages or another locator
 * where they are known for certain (omitted otherwise, never guessed).
 */
export const Source = z.object({
  work: WorkKey,
  author: z.string().min(1),
  year: z.number().int(),
  pages: z.string().optional(),
  /** A place in the work that is not a page, e.g. `ch. 3, Table 3.1`. */
  locator: z.string().optional(),
});
export type Source = z.infer<typeof Source>;

/** The bibliography of the frameworks, by key. */
export const WORKS: Readonly<Record<WorkKey, Work>> = {
  cloutier_2015: {
    key: 'cloutier_2015',
    author: 'Cloutier, Denis, Langley & Lamothe',
    year: 2015,
    title: 'Agency at the managerial interface: public sector reform as institutional work',
    reference:
      'Cloutier, C., Denis, J.-L., Langley, A., & Lamothe, L. (2015). Agency at the managerial interface: Public sector reform as institutional work. Journal of Public Administration Research and Theory, 26(2), 259–276.',
    doi: '10.1093/jopart/muv009',
  },
  lawrence_suddaby_2006: {
    key: 'lawrence_suddaby_2006',
    author: 'Lawrence & Suddaby',
    year: 2006,
    title: 'Institutions and institutional work',
    reference:
      'Lawrence, T. B., & Suddaby, R. (2006). Institutions and institutional work. In S. R. Clegg, C. Hardy, T. B. Lawrence, & W. R. Nord (Eds.), The SAGE Handbook of Organization Studies (2nd ed., pp. 215–254). London: Sage.',
  },
  scott_2014: {
    key: 'scott_2014',
    author: 'Scott',
    year: 2014,
    title: 'Institutions and organizations: ideas, interests, and identities',
    reference:
      'Scott, W. R. (2014). Institutions and Organizations: Ideas, Interests, and Identities (4th ed.). Thousand Oaks, CA: Sage.',
  },
  battilana_2006: {
    key: 'battilana_2006',
    author: 'Battilana',
    year: 2006,
    title: "Agency and institutions: the enabling role of individuals' social position",
    reference:
      "Battilana, J. (2006). Agency and institutions: The enabling role of individuals' social position. Organization, 13(5), 653–676.",
    doi: '10.1177/1350508406067008',
  },
  hardy_maguire_2017: {
    key: 'hardy_maguire_2017',
    author: 'Hardy & Maguire',
    year: 2017,
    title: 'Institutional entrepreneurship and change in fields',
    reference:
      'Hardy, C., & Maguire, S. (2017). Institutional entrepreneurship and change in fields. In R. Greenwood, C. Oliver, T. B. Lawrence, & R. E. Meyer (Eds.), The SAGE Handbook of Organizational Institutionalism (2nd ed.). London: Sage.',
  },
  skogstad_2024: {
    key: 'skogstad_2024',
    author: 'Skogstad',
    year: 2024,
    title:
      'Institutional work aimed at increasing employment orientation in mental health services',
    reference:
      'Skogstad, L. F. (2024). Institutional work aimed at increasing employment orientation in mental health services. Journal of Health Organization and Management.',
    doi: '10.1108/JHOM-05-2024-0178',
  },
};

/**
 * Builds a {@link Source} for a work, filling author and year from {@link WORKS}.
 *
 * @example
 * cite('lawrence_suddaby_2006', { pages: '215' })
 * // { work: 'lawrence_suddaby_2006', author: 'Lawrence & Suddaby', year: 2006, pages: '215' }
 */
export function cite(work: WorkKey, where: { pages?: string; locator?: string } = {}): Source {
  const { author, year } = WORKS[work];
  return { work, author, year, ...where };
}

/**
 * A source as text for a reader, e.g. `Lawrence & Suddaby 2006: 215` or
 * `Scott 2014, ch. 3, Table 3.1`.
 */
export function formatSource(source: Source): string {
  let text = `${source.author} ${source.year}`;
  if (source.pages) text += `: ${source.pages}`;
  if (source.locator) text += `, ${source.locator}`;
  return text;
}
