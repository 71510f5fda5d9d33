import { z } from 'zod';
import { Pillar } from './pillars.ts';
import { cite, Source } from './sources.ts';

/** Lawrence & Suddaby's (2006) three purposes of institutional work. */
export const Purpose = z.enum(['creating', 'maintaining', 'disrupting']);
export type Purpose = z.infer<typeof Purpose>;

/** Lawrence & Suddaby's (2006) eighteen forms of institutional work: 9 creating, 6 maintaining, 3 disrupting. */
export const LnsForm = z.enum([
  'advocacy',
  'defining',
  'vesting',
  'constructing_identities',
  'changing_normative_associations',
  'constructing_normative_networks',
  'mimicry',
  'theorizing',
  'educating',
  'enabling_work',
  'policing',
  'deterring',
  'valorizing_and_demonizing',
  'mythologizing',
  'embedding_and_routinizing',
  'disconnecting_sanctions',
  'disassociating_moral_foundations',
  'undermining_assumptions_and_beliefs',
]);
export type LnsForm = z.infer<typeof LnsForm>;

/** One purpose of institutional work. */
export const PurposeEntry = z.object({
  key: Purpose,
  label: z.string().min(1),
  definition: z.string().min(1),
  source: Source,
});
export type PurposeEntry = z.infer<typeof PurposeEntry>;

/** One of Lawrence & Suddaby's forms, linked to its purpose and to the pillar(s) it works on. */
export const LnsFormEntry = z.object({
  key: LnsForm,
  label: z.string().min(1),
  definition: z.string().min(1),
  purpose: Purpose,
  /** Scott's pillar(s) the form works on, in the conventional reading of L&S's clusters. */
  pillars: z.array(Pillar).min(1),
  source: Source,
});
export type LnsFormEntry = z.infer<typeof LnsFormEntry>;

const source = cite('lawrence_suddaby_2006');

/** Institutional work is purposive action aimed at creating, maintaining or disrupting institutions. */
export const PURPOSES: readonly PurposeEntry[] = [
  {
    key: 'creating',
    label: 'Creating institutions',
    definition:
      'Work that brings new institutions into being: new rules, identities, norms or categories that others come to treat as given.',
    source: cite('lawrence_suddaby_2006', { pages: '215' }),
  },
  {
    key: 'maintaining',
    label: 'Maintaining institutions',
    definition:
      'Work that keeps existing institutions in place by supporting, repairing or reproducing them, so that they go on shaping what people do.',
    source: cite('lawrence_suddaby_2006', { pages: '215' }),
  },
  {
    key: 'disrupting',
    label: 'Disrupting institutions',
    definition:
      'Work that weakens or takes apart existing institutions by attacking the rules, moral grounds or assumptions that hold them in place.',
    source: cite('lawrence_suddaby_2006', { pages: '215' }),
  },
];

/**
 * The 18 forms of Lawrence & Suddaby (2006). Within each purpose they come in clusters that are
 * conventionally read as working on Scott's pillars: for creating, the first three on rules
 * (regulative), the next three on norms (normative), the last three on categories of meaning
 * (cultural-cognitive); for maintaining, the first three on rule systems, the last three on norms
 * and beliefs.
 */
export const LNS_FORMS: readonly LnsFormEntry[] = [
  {
    key: 'advocacy',
    label: 'Advocacy',
    definition:
      'Winning political and regulatory backing for a new arrangement by deliberately persuading those who hold power or resources.',
    purpose: 'creating',
    pillars: ['regulative'],
    source,
  },
  {
    key: 'defining',
    label: 'Defining',
    definition:
      'Building rule systems that grant status or identity, draw the boundaries of membership or set up hierarchies of status within a field.',
    purpose: 'creating',
    pillars: ['regulative'],
    source,
  },
  {
    key: 'vesting',
    label: 'Vesting',
    definition:
      'Setting up rules that hand out property rights or entitlements, so that some actors gain a stake in the new arrangement.',
    purpose: 'creating',
    pillars: ['regulative'],
    source,
  },
  {
    key: 'constructing_identities',
    label: 'Constructing identities',
    definition:
      'Shaping who actors are in relation to their field, for example what a new professional role stands for and where it belongs.',
    purpose: 'creating',
    pillars: ['normative'],
    source,
  },
  {
    key: 'changing_normative_associations',
    label: 'Changing normative associations',
    definition:
      'Re-linking a practice to different moral or cultural grounds, so that it comes to be judged by new standards of what is right.',
    purpose: 'creating',
    pillars: ['normative'],
    source,
  },
  {
    key: 'constructing_normative_networks',
    label: 'Constructing normative networks',
    definition:
      'Building links between organisations through which a practice becomes normatively sanctioned and peers watch over and assess one another.',
    purpose: 'creating',
    pillars: ['normative'],
    source,
  },
  {
    key: 'mimicry',
    label: 'Mimicry',
    definition:
      'Easing the adoption of something new by tying it to practices, technologies or rules that are already taken for granted.',
    purpose: 'creating',
    pillars: ['cultural_cognitive'],
    source,
  },
  {
    key: 'theorizing',
    label: 'Theorizing',
    definition:
      'Naming abstract categories and spelling out chains of cause and effect, so that a new practice gets a place in how people understand the world.',
    purpose: 'creating',
    pillars: ['cultural_cognitive'],
    source,
  },
  {
    key: 'educating',
    label: 'Educating',
    definition:
      'Teaching actors the skills and knowledge they need to take part in the new arrangement.',
    purpose: 'creating',
    pillars: ['cultural_cognitive'],
    source,
  },
  {
    key: 'enabling_work',
    label: 'Enabling work',
    definition:
      'Making rules that ease, supplement or support an institution, such as setting up authorising agents or channelling resources to it.',
    purpose: 'maintaining',
    pillars: ['regulative'],
    source,
  },
  {
    key: 'policing',
    label: 'Policing',
    definition: 'Securing compliance through enforcement, auditing and monitoring.',
    purpose: 'maintaining',
    pillars: ['regulative'],
    source,
  },
  {
    key: 'deterring',
    label: 'Deterring',
    definition: 'Putting coercive barriers in the way of institutional change.',
    purpose: 'maintaining',
    pillars: ['regulative'],
    source,
  },
  {
    key: 'valorizing_and_demonizing',
    label: 'Valorizing and demonizing',
    definition:
      "Holding up good and bad examples for all to see, to show what the institution's normative foundations ask of people.",
    purpose: 'maintaining',
    pillars: ['normative'],
    source,
  },
  {
    key: 'mythologizing',
    label: 'Mythologizing',
    definition:
      "Keeping an institution's normative underpinnings alive by creating and retelling stories about its history.",
    purpose: 'maintaining',
    pillars: ['normative', 'cultural_cognitive'],
    source,
  },
  {
    key: 'embedding_and_routinizing',
    label: 'Embedding and routinizing',
    definition:
      "Weaving an institution's normative foundations into participants' everyday routines and organisational practices.",
    purpose: 'maintaining',
    pillars: ['normative', 'cultural_cognitive'],
    source,
  },
  {
    key: 'disconnecting_sanctions',
    label: 'Disconnecting sanctions',
    definition:
      'Working through the state or another regulatory apparatus to uncouple rewards and sanctions from a practice, technology or rule.',
    purpose: 'disrupting',
    pillars: ['regulative'],
    source,
  },
  {
    key: 'disassociating_moral_foundations',
    label: 'Disassociating moral foundations',
    definition:
      'Separating a practice, rule or technology from the moral basis that made it seem appropriate in its setting.',
    purpose: 'disrupting',
    pillars: ['normative'],
    source,
  },
  {
    key: 'undermining_assumptions_and_beliefs',
    label: 'Undermining assumptions and beliefs',
    definition:
      'Wearing away the core assumptions and beliefs behind an institution, so that innovating or departing from it seems less risky.',
    purpose: 'disrupting',
    pillars: ['cultural_cognitive'],
    source,
  },
];
