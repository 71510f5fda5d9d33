import { z } from 'zod';
import { cite, Source } from './sources.ts';

/** Cloutier et al.'s (2015) four forms of institutional work at the managerial interface. */
export const FormOfWork = z.enum(['structural', 'conceptual', 'operational', 'relational']);
export type FormOfWork = z.infer<typeof FormOfWork>;

/** One form of work, with its definition and source. */
export const FormOfWorkEntry = z.object({
  key: FormOfWork,
  label: z.string().min(1),
  definition: z.string().min(1),
  source: Source,
  /** The forms this one underpins: relational work underpins the other three. */
  underpins: z.array(FormOfWork),
});
export type FormOfWorkEntry = z.infer<typeof FormOfWorkEntry>;

const source = cite('cloutier_2015');

/**
 * The four forms of work of Cloutier, Denis, Langley & Lamothe (2015). Structural, conceptual and
 * operational work need relational work beneath them to have a chance of taking hold.
 */
export const FORMS_OF_WORK: readonly FormOfWorkEntry[] = [
  {
    key: 'structural',
    label: 'Structural work',
    definition:
      'Work on the formal architecture of an organisation or reform: rules, roles, responsibilities, reporting lines and organising principles.',
    source,
    underpins: [],
  },
  {
    key: 'conceptual',
    label: 'Conceptual work',
    definition:
      'Work on meaning: shaping the norms, beliefs and ideas that give a change its content, including filling in what an ambiguous reform is to mean.',
    source,
    underpins: [],
  },
  {
    key: 'operational',
    label: 'Operational work',
    definition:
      'Work that turns intentions into everyday practice: arranging resources, routines and frontline activity so that the change actually happens.',
    source,
    underpins: [],
  },
  {
    key: 'relational',
    label: 'Relational work',
    definition:
      'Work on relationships: building trust, links and cooperation among the people involved. It underpins the other three forms, which seldom take hold without it.',
    source,
    underpins: ['structural', 'conceptual', 'operational'],
  },
];
