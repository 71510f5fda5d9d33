import type { Random } from './random.ts';

/** Sentence parts for interview text in the register of the IPS interviews (with æ, ø, å). */
const QUESTIONS = [
  'How did the collaboration with the DPS start?',
  'What did you do when the employment specialist joined the team?',
  'Who decided to adopt IPS in your organisation?',
  'How do the clinicians see work as part of treatment?',
  'What happens in the steering group meetings?',
  'Can you give an example of resistance you met?',
  'How do you keep the fidelity to the IPS standard?',
  'What role does Nav play in the treatment meetings?',
  'Who do you contact when something does not work?',
  'How has your own work changed since the start?',
  'Hva skjedde i Bodø og Tromsø i fjor?',
];

const SUBJECTS: Record<string, string[]> = {
  manager: ['We', 'I', 'My unit', 'The management group', 'Our team leaders'],
  advisor: ['I', 'As an advisor I', 'We in the regional office', 'The IPS advisors'],
  top_manager: ['The board', 'I', 'The director and I', 'Top management'],
};
const DEFAULT_SUBJECTS = [
  'I',
  'We',
  'The clinicians',
  'The employment specialist',
  'My colleagues',
];
const VERBS = [
  'explained',
  'argued for',
  'set up',
  'kept pushing',
  'discussed',
  'reallocated resources for',
  'wrote guidelines on',
  'invited the DPS to talk about',
  'met resistance against',
  'made room in the budget for',
  'talked with the director about',
  'taught the teams',
  'defended',
  'followed up',
];
const OBJECTS = [
  'the IPS model',
  'work as part of treatment',
  'the employment specialist in the treatment team',
  'the steering group',
  'the fidelity review',
  'the idea that work makes people healthier',
  'a shared plan with Nav',
  'confidentiality in the team meetings',
  'the resource approach',
  'the success stories from Lørenskog',
  'a joint position at Nav and the DPS',
  'the job-first principle',
  'the weekly meeting at Ås',
];
const TAILS = [
  'before anyone else did',
  'and it took longer than we expected',
  'because the clinicians were not convinced',
  'so that the managers could decide',
  'even though nobody objected in principle',
  'with help from the regional office',
  'at every meeting, again and again',
  'while the hospital kept its own routines',
  'and the patients noticed the difference',
  'som en del av behandlingen, på tvers av etatene',
];

/** One interviewer question. */
export function question(random: Random): string {
  return random.pick(QUESTIONS);
}

/** One sentence of an informant's answer, flavoured by the informant's role. */
export function answerSentence(random: Random, role: string): string {
  const subjects = SUBJECTS[role] ?? DEFAULT_SUBJECTS;
  const tail = random.chance(0.7) ? ` ${random.pick(TAILS)}` : '';
  return `${random.pick(subjects)} ${random.pick(VERBS)} ${random.pick(OBJECTS)}${tail}.`;
}
