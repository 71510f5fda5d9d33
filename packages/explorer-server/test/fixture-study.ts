/**
 * A small synthetic study for the explorer's tests and for developing the UI: 20 informants
 * shaped like the main study's design (12 managers, 8 advisors; domain model §1.2), interview
 * transcripts written for this fixture, and codings that make the claims C04, C05, C10 and C31
 * checkable. Nothing here is quoted from a source. `iwa serve` never uses it.
 */
import type { ActorKind, PositionRecord, RelationType } from '../src/api-types.ts';

export interface FixtureActor {
  id: string;
  kind: ActorKind;
  label: string;
  position: PositionRecord;
}

export interface FixtureInformant extends FixtureActor {
  kind: 'informant';
  employedBy: string[];
}

export interface FixtureExcerptSpec {
  /** Template key in {@link TEMPLATES}, or literal text with codes. */
  template: string;
  /** Who performs the work, when not the speaker. */
  performer?: string;
}

export interface FixtureTemplate {
  text: string;
  codes: string[];
}

export interface FixtureExcerpt {
  id: string;
  documentId: string;
  speakerId: string;
  performerId: string;
  /** Code points into the document text. */
  start: number;
  end: number;
  text: string;
  codes: string[];
  coders: string[];
}

export interface FixtureDocument {
  id: string;
  title: string;
  text: string;
  turns: { speakerId: string; start: number; contentStart: number; end: number }[];
}

export interface FixtureRelation {
  id: string;
  source: string;
  target: string;
  type: RelationType;
  participation?: 'full' | 'partial' | 'advisory';
  evidence: string[];
}

export interface FixturePhaseEvent {
  type: string;
  at: string;
  fromState: string;
  toState: string;
  confidence: number;
  /** Template keys of the evidence: resolved to excerpt ids of the named informants. */
  evidence: { informant: string; template: string }[];
}

export interface FixtureOrganisationPhases {
  organisationId: string;
  events: FixturePhaseEvent[];
  expected: { forms: string[]; purposes: string[] } | null;
}

export interface FixtureStudy {
  id: string;
  name: string;
  informants: FixtureInformant[];
  organisations: FixtureActor[];
  groups: FixtureActor[];
  documents: FixtureDocument[];
  excerpts: FixtureExcerpt[];
  relations: FixtureRelation[];
  phases: FixtureOrganisationPhases[];
}

// ---------------------------------------------------------------------------------------------
// What informants say (written for this fixture)

export const TEMPLATES: Readonly<Record<string, FixtureTemplate>> = {
  educate_course: {
    text: 'We wrote the course material ourselves and ran sessions for the treatment teams on what a job can mean for recovery.',
    codes: ['form.conceptual', 'purpose.creating', 'lns.educating', 'pillar.cultural_cognitive'],
  },
  educate_fidelity: {
    text: 'At the regional seminars I go through the fidelity scale item by item, so every site knows what good practice looks like.',
    codes: ['form.conceptual', 'purpose.creating', 'lns.educating', 'pillar.normative'],
  },
  theorize_treatment: {
    text: 'Work is not something that comes after treatment. It is part of the treatment, and that is the message we keep repeating.',
    codes: ['form.conceptual', 'purpose.creating', 'lns.theorizing', 'pillar.cultural_cognitive'],
  },
  valorize_story: {
    text: 'When a patient gets a job we tell the story at the next team meeting; nothing convinces clinicians like a colleague’s example.',
    codes: [
      'form.conceptual',
      'purpose.maintaining',
      'lns.valorizing_and_demonizing',
      'pillar.normative',
    ],
  },
  enlist_director: {
    text: 'I went straight to the clinic director, because without someone with authority on our side the proposal would have stalled.',
    codes: ['form.relational', 'purpose.creating', 'lns.advocacy', 'pillar.normative'],
  },
  borrow_affiliation: {
    text: 'Writing from the hospital e-mail address opened doors that a Nav address never would have opened.',
    codes: [
      'form.relational',
      'purpose.creating',
      'lns.constructing_identities',
      'pillar.normative',
    ],
  },
  build_network: {
    text: 'We built a network of managers who had already tried the method, and they talk to the sceptical ones for us.',
    codes: [
      'form.relational',
      'purpose.creating',
      'lns.constructing_normative_networks',
      'pillar.normative',
    ],
  },
  steering_group: {
    text: 'We set up a steering group with both services and wrote down who decides what, and when.',
    codes: ['form.structural', 'purpose.creating', 'lns.defining', 'pillar.regulative'],
  },
  agreement_member: {
    text: 'The agreement says the employment specialist is a member of the team, not a guest who visits it.',
    codes: ['form.structural', 'purpose.creating', 'lns.defining', 'pillar.regulative'],
  },
  move_budget: {
    text: 'We moved one position from the day-unit budget to pay for the employment specialist.',
    codes: ['form.operational', 'purpose.creating', 'lns.vesting', 'pillar.regulative'],
  },
  meeting_first: {
    text: 'I changed the weekly meeting so the employment specialist presents her candidates first, before anything else.',
    codes: ['form.operational', 'purpose.creating', 'lns.enabling_work'],
  },
  clinician_hours: {
    text: 'We set aside clinicians’ hours so they can follow up the patients who have started working.',
    codes: ['form.operational', 'purpose.creating', 'lns.enabling_work'],
  },
  keep_routines: {
    text: 'Once it works, my job is to keep the routines going: the same meeting, the same day, every week.',
    codes: ['form.operational', 'purpose.maintaining', 'lns.embedding_and_routinizing'],
  },
  fidelity_review: {
    text: 'We check the fidelity scores twice a year and follow up wherever a team starts to slip.',
    codes: ['form.operational', 'purpose.maintaining', 'lns.policing', 'pillar.normative'],
  },
  record_boundary: {
    text: 'Some things stayed as before: the specialist does not write in the patient record, and that keeps the peace.',
    codes: ['form.operational', 'purpose.maintaining', 'lns.deterring', 'pillar.regulative'],
  },
  partial_meeting: {
    text: 'At the hospital the employment specialist may join only the first part of the treatment meeting; then they ask her to leave.',
    codes: ['form.operational', 'purpose.maintaining', 'lns.deterring', 'pillar.regulative'],
  },
  optional_service: {
    text: 'On the ward, employment support is still treated as optional, something to offer if there is time left over.',
    codes: [
      'form.operational',
      'purpose.maintaining',
      'lns.embedding_and_routinizing',
      'pillar.normative',
    ],
  },
  stop_waiting: {
    text: 'We stopped the old habit of waiting until patients were well before anyone mentioned work.',
    codes: ['form.conceptual', 'purpose.disrupting', 'lns.undermining_assumptions_and_beliefs'],
  },
  referral_gone: {
    text: 'I told the team the old referral form was gone; from now on anyone who wants a job can be referred.',
    codes: [
      'form.structural',
      'purpose.disrupting',
      'lns.disconnecting_sanctions',
      'pillar.regulative',
    ],
  },
  resistance_team: {
    text: 'The idea itself was welcomed, but a non-clinician in the treatment team led to long discussions.',
    codes: [
      'form.operational',
      'purpose.creating',
      'lns.enabling_work',
      'flag.resistance_encountered',
    ],
  },
  keep_pushing: {
    text: 'Even now the main task is to keep pushing the message that patients have resources, not only problems.',
    codes: [
      'form.conceptual',
      'purpose.maintaining',
      'lns.valorizing_and_demonizing',
      'pillar.cultural_cognitive',
    ],
  },
  // User content that must stay text: the explorer renders it, it never runs it.
  hostile_minutes: {
    text: 'Someone pasted <script>alert("x")</script> and <img src=x onerror=alert(1)> into the shared minutes, so now we check what we publish.',
    codes: ['form.conceptual', 'purpose.maintaining', 'lns.policing'],
  },
};

/** The informant whose excerpt text contains HTML, for the rendering tests. */
export const HOSTILE_INFORMANT = 'A04';
export const HOSTILE_TEMPLATE = 'hostile_minutes';

const QUESTIONS = [
  'Could you tell me how the work with IPS started where you are?',
  'What have you done to make the collaboration work?',
  'What happened when you met resistance?',
  'How do things look today?',
  'Is there anything you would like to add?',
];

const FILLER = [
  'Well, it is a long story.',
  'That is a good question.',
  'I have thought about that a lot.',
  'It took time, to be honest.',
  'Yes, I can give you an example.',
];

const AFTER = [
  'So that is how it went.',
  'I think that made a difference.',
  'At least that is how I see it.',
  'We are still learning, really.',
  'It is not perfect, but it works.',
];

// ---------------------------------------------------------------------------------------------
// Actors

const mgr = (id: string, position: PositionRecord, employedBy: string[]): FixtureInformant => ({
  id,
  kind: 'informant',
  label: id,
  position: { role: 'manager', authority: 'decision', embeddedness: 'insider', ...position },
  employedBy,
});
const adv = (id: string, position: PositionRecord, employedBy: string[]): FixtureInformant => ({
  id,
  kind: 'informant',
  label: id,
  position: { role: 'advisor', authority: 'advisory', embeddedness: 'outsider', ...position },
  employedBy,
});

const HEALTH_MUN = {
  sector: 'health',
  health_tier: 'municipal',
  level: 'local',
  dual_employment: 'no',
};
const HEALTH_SPEC = {
  sector: 'health',
  health_tier: 'specialised',
  level: 'local',
  dual_employment: 'no',
};
const NAV = (level: string) => ({
  sector: 'welfare',
  health_tier: 'not_applicable',
  level,
  dual_employment: 'no',
});

export const ORGANISATIONS: FixtureActor[] = [
  {
    id: 'org-mun',
    kind: 'organisation',
    label: 'Eastby municipal mental health service',
    position: { sector: 'health', health_tier: 'municipal', level: 'local' },
  },
  {
    id: 'org-spec',
    kind: 'organisation',
    label: 'Northvale DPS (specialised mental health)',
    position: { sector: 'health', health_tier: 'specialised', level: 'local' },
  },
  {
    id: 'org-nav-local',
    kind: 'organisation',
    label: 'Nav Eastby local office',
    position: { sector: 'welfare', level: 'local' },
  },
  {
    id: 'org-nav-region',
    kind: 'organisation',
    label: 'Nav regional office',
    position: { sector: 'welfare', level: 'regional' },
  },
  {
    id: 'org-nav-dir',
    kind: 'organisation',
    label: 'Directorate of Labour and Welfare',
    position: { sector: 'welfare', level: 'national' },
  },
  {
    id: 'org-health-dir',
    kind: 'organisation',
    label: 'Directorate of Health',
    position: { sector: 'health', level: 'national' },
  },
];

export const GROUPS: FixtureActor[] = [
  {
    id: 'grp-top',
    kind: 'group',
    label: 'Top management, Northvale DPS',
    position: { role: 'top_manager', sector: 'health' },
  },
  { id: 'grp-steering', kind: 'group', label: 'IPS steering group', position: {} },
  {
    id: 'grp-treatment',
    kind: 'group',
    label: 'Hospital treatment meeting',
    position: { sector: 'health' },
  },
  {
    id: 'grp-es',
    kind: 'group',
    label: 'Employment specialists (Nav)',
    position: { role: 'employment_specialist', sector: 'welfare' },
  },
];

/** Informants and what each one says, in interview order. */
export const INTERVIEWS: readonly (readonly [FixtureInformant, readonly FixtureExcerptSpec[]])[] = [
  [
    mgr('M01', HEALTH_MUN, ['org-mun']),
    [
      { template: 'meeting_first' },
      { template: 'keep_routines' },
      { template: 'move_budget' },
      { template: 'resistance_team' },
    ],
  ],
  [
    mgr('M02', HEALTH_MUN, ['org-mun']),
    [
      { template: 'clinician_hours' },
      { template: 'record_boundary' },
      { template: 'theorize_treatment' },
      { template: 'keep_routines' },
    ],
  ],
  [
    mgr('M03', HEALTH_MUN, ['org-mun']),
    [{ template: 'meeting_first' }, { template: 'keep_routines' }, { template: 'steering_group' }],
  ],
  [
    mgr('M04', HEALTH_SPEC, ['org-spec']),
    [
      { template: 'resistance_team' },
      { template: 'record_boundary' },
      { template: 'clinician_hours' },
      { template: 'keep_routines' },
    ],
  ],
  [
    mgr('M05', HEALTH_SPEC, ['org-spec']),
    [{ template: 'move_budget' }, { template: 'keep_routines' }, { template: 'enlist_director' }],
  ],
  [
    mgr('M06', HEALTH_SPEC, ['org-spec']),
    [{ template: 'meeting_first' }, { template: 'record_boundary' }, { template: 'stop_waiting' }],
  ],
  [
    mgr('M07', NAV('local'), ['org-nav-local']),
    [
      { template: 'enlist_director' },
      { template: 'optional_service', performer: 'org-spec' },
      { template: 'clinician_hours' },
      { template: 'agreement_member' },
    ],
  ],
  [
    mgr('M08', NAV('local'), ['org-nav-local']),
    [{ template: 'build_network' }, { template: 'keep_routines' }, { template: 'meeting_first' }],
  ],
  [
    mgr('M09', NAV('local'), ['org-nav-local']),
    [
      { template: 'partial_meeting', performer: 'org-spec' },
      { template: 'borrow_affiliation' },
      { template: 'keep_pushing' },
    ],
  ],
  [
    mgr('M10', NAV('local'), ['org-nav-local']),
    [{ template: 'meeting_first' }, { template: 'fidelity_review' }, { template: 'build_network' }],
  ],
  [
    mgr('M11', NAV('local'), ['org-nav-local']),
    [
      { template: 'steering_group' },
      { template: 'clinician_hours' },
      { template: 'keep_routines' },
      { template: 'referral_gone' },
    ],
  ],
  [
    mgr('M12', { sector: 'unknown', level: 'local' }, []),
    [{ template: 'meeting_first' }, { template: 'keep_routines' }],
  ],
  [
    adv('A01', NAV('national'), ['org-nav-dir']),
    [
      { template: 'educate_course' },
      { template: 'theorize_treatment' },
      { template: 'educate_fidelity' },
    ],
  ],
  [
    adv('A02', NAV('national'), ['org-nav-dir']),
    [
      { template: 'theorize_treatment' },
      { template: 'educate_fidelity' },
      { template: 'agreement_member' },
    ],
  ],
  [
    adv('A03', NAV('regional'), ['org-nav-region']),
    [
      { template: 'enlist_director' },
      { template: 'educate_course' },
      { template: 'theorize_treatment' },
    ],
  ],
  [
    adv('A04', NAV('local'), ['org-nav-local']),
    [
      { template: 'partial_meeting', performer: 'org-spec' },
      { template: HOSTILE_TEMPLATE },
      { template: 'educate_course' },
    ],
  ],
  [
    adv(
      'A05',
      { sector: 'health', health_tier: 'not_applicable', level: 'national', dual_employment: 'no' },
      ['org-health-dir'],
    ),
    [{ template: 'educate_fidelity' }, { template: 'theorize_treatment' }],
  ],
  [
    adv('A06', HEALTH_SPEC, ['org-spec']),
    [
      { template: 'educate_course' },
      { template: 'valorize_story' },
      { template: 'fidelity_review' },
    ],
  ],
  [
    adv(
      'A07',
      { sector: 'dual', health_tier: 'specialised', level: 'regional', dual_employment: 'yes' },
      ['org-nav-region', 'org-spec'],
    ),
    [
      { template: 'borrow_affiliation' },
      { template: 'educate_course' },
      { template: 'theorize_treatment' },
    ],
  ],
  [
    adv(
      'A08',
      { sector: 'dual', health_tier: 'specialised', level: 'regional', dual_employment: 'yes' },
      ['org-nav-region', 'org-spec'],
    ),
    [
      { template: 'build_network' },
      { template: 'educate_fidelity' },
      { template: 'steering_group' },
    ],
  ],
];

// ---------------------------------------------------------------------------------------------
// Building the study

const codePoints = (s: string): number => [...s].length;

/** Writes one interview transcript and returns it with its excerpts (offsets in code points). */
function buildInterview(
  studyId: string,
  informant: FixtureInformant,
  specs: readonly FixtureExcerptSpec[],
): { document: FixtureDocument; excerpts: FixtureExcerpt[] } {
  const documentId = `doc-${informant.id}`;
  let text = '';
  const turns: FixtureDocument['turns'] = [];
  const excerpts: FixtureExcerpt[] = [];
  const turn = (speakerId: string, words: string) => {
    const start = codePoints(text);
    text += `${words}\n\n`;
    turns.push({ speakerId, start, contentStart: start, end: start + codePoints(words) });
  };
  // The greeting holds a character outside the Basic Multilingual Plane, so UTF-16 indexes
  // and code-point offsets differ from here on (the UI must convert).
  turn(
    'interviewer',
    `Thank you for taking the time to talk with me today 🙂. This is interview ${informant.id}.`,
  );
  specs.forEach((spec, i) => {
    const template = TEMPLATES[spec.template];
    if (template === undefined) throw new Error(`fixture: no template ${spec.template}`);
    turn('interviewer', QUESTIONS[i % QUESTIONS.length] ?? '');
    const lead = `${FILLER[(i + informant.id.length) % FILLER.length]} `;
    const start = codePoints(text) + codePoints(lead);
    turn(informant.id, `${lead}${template.text} ${AFTER[i % AFTER.length]}`);
    excerpts.push({
      id: `${studyId}-${informant.id}-${i + 1}`,
      documentId,
      speakerId: informant.id,
      performerId: spec.performer ?? informant.id,
      start,
      end: start + codePoints(template.text),
      text: template.text,
      codes: template.codes,
      coders: i % 3 === 0 ? ['coder-a', 'coder-b'] : ['coder-a'],
    });
  });
  const role = informant.position['role'] ?? 'informant';
  return {
    document: { id: documentId, title: `Interview ${informant.id} (${role})`, text, turns },
    excerpts,
  };
}

/** The excerpt id of the first excerpt `informant` says with `template`. */
export function excerptIdOf(study: FixtureStudy, informant: string, template: string): string {
  const text = TEMPLATES[template]?.text;
  const found = study.excerpts.find((e) => e.speakerId === informant && e.text === text);
  if (found === undefined) throw new Error(`fixture: ${informant} never says ${template}`);
  return found.id;
}

const PHASES: FixtureOrganisationPhases[] = [
  {
    organisationId: 'org-mun',
    expected: { forms: ['operational', 'conceptual'], purposes: ['maintaining', 'creating'] },
    events: [
      {
        type: 'adoption_decided',
        at: '2016-03-01',
        fromState: 'pre_adoption',
        toState: 'adoption_decided',
        confidence: 0.9,
        evidence: [{ informant: 'M02', template: 'theorize_treatment' }],
      },
      {
        type: 'collaboration_initiated',
        at: '2016-09-15',
        fromState: 'adoption_decided',
        toState: 'establishing',
        confidence: 0.8,
        evidence: [{ informant: 'M03', template: 'steering_group' }],
      },
      {
        type: 'specialist_placed',
        at: '2017-05-02',
        fromState: 'establishing',
        toState: 'operationalising',
        confidence: 0.8,
        evidence: [
          { informant: 'M01', template: 'move_budget' },
          { informant: 'M01', template: 'meeting_first' },
        ],
      },
      {
        type: 'integration_achieved',
        at: '2019-02-11',
        fromState: 'operationalising',
        toState: 'routinised',
        confidence: 0.7,
        evidence: [
          { informant: 'M01', template: 'keep_routines' },
          { informant: 'M03', template: 'keep_routines' },
        ],
      },
    ],
  },
  {
    organisationId: 'org-spec',
    expected: {
      forms: ['operational', 'relational', 'conceptual'],
      purposes: ['maintaining', 'creating'],
    },
    events: [
      {
        type: 'adoption_decided',
        at: '2017-01-20',
        fromState: 'pre_adoption',
        toState: 'adoption_decided',
        confidence: 0.9,
        evidence: [{ informant: 'M05', template: 'move_budget' }],
      },
      {
        type: 'collaboration_initiated',
        at: '2017-06-01',
        fromState: 'adoption_decided',
        toState: 'establishing',
        confidence: 0.7,
        evidence: [{ informant: 'M05', template: 'enlist_director' }],
      },
      {
        type: 'specialist_placed',
        at: '2018-01-08',
        fromState: 'establishing',
        toState: 'operationalising',
        confidence: 0.8,
        evidence: [{ informant: 'M04', template: 'resistance_team' }],
      },
      {
        type: 'integration_limited',
        at: '2019-10-01',
        fromState: 'operationalising',
        toState: 'partially_integrated',
        confidence: 0.6,
        evidence: [
          { informant: 'A04', template: 'partial_meeting' },
          { informant: 'M09', template: 'partial_meeting' },
          { informant: 'M07', template: 'optional_service' },
        ],
      },
    ],
  },
  {
    organisationId: 'org-nav-local',
    expected: { forms: ['operational', 'structural', 'relational'], purposes: ['creating'] },
    events: [
      {
        type: 'adoption_decided',
        at: '2016-02-10',
        fromState: 'pre_adoption',
        toState: 'adoption_decided',
        confidence: 0.9,
        evidence: [{ informant: 'M11', template: 'steering_group' }],
      },
      {
        type: 'collaboration_initiated',
        at: '2016-08-22',
        fromState: 'adoption_decided',
        toState: 'establishing',
        confidence: 0.8,
        evidence: [{ informant: 'M07', template: 'agreement_member' }],
      },
      {
        type: 'progress_blocked',
        at: '2017-04-03',
        fromState: 'establishing',
        toState: 'stalled',
        confidence: 0.5,
        evidence: [{ informant: 'M07', template: 'enlist_director' }],
      },
      {
        type: 'anchor_secured',
        at: '2018-03-19',
        fromState: 'stalled',
        toState: 'operationalising',
        confidence: 0.6,
        evidence: [
          { informant: 'M08', template: 'build_network' },
          { informant: 'M10', template: 'meeting_first' },
        ],
      },
    ],
  },
  { organisationId: 'org-nav-region', expected: null, events: [] },
];

const REL = (
  source: string,
  type: RelationType,
  target: string,
  evidence: { informant: string; template: string }[] = [],
  participation?: 'full' | 'partial' | 'advisory',
) => ({ source, type, target, evidence, participation });

const RELATIONS = [
  REL('A03', 'enlists', 'grp-top', [{ informant: 'A03', template: 'enlist_director' }]),
  REL('M05', 'enlists', 'grp-top', [{ informant: 'M05', template: 'enlist_director' }]),
  REL('M07', 'enlists', 'grp-top', [{ informant: 'M07', template: 'enlist_director' }]),
  REL('M08', 'enlists', 'M04', [{ informant: 'M08', template: 'build_network' }]),
  REL('A08', 'enlists', 'M06', [{ informant: 'A08', template: 'build_network' }]),
  REL('A01', 'advises', 'grp-steering', [{ informant: 'A01', template: 'educate_fidelity' }]),
  REL('A03', 'advises', 'org-spec', [{ informant: 'A03', template: 'educate_course' }]),
  REL('A06', 'advises', 'org-spec', [{ informant: 'A06', template: 'educate_course' }]),
  REL('A02', 'advises', 'org-nav-local', [{ informant: 'A02', template: 'educate_fidelity' }]),
  REL('A05', 'advises', 'org-mun', [{ informant: 'A05', template: 'educate_fidelity' }]),
  REL(
    'A07',
    'attends',
    'grp-steering',
    [{ informant: 'A07', template: 'educate_course' }],
    'advisory',
  ),
  REL('M11', 'attends', 'grp-steering', [{ informant: 'M11', template: 'steering_group' }], 'full'),
  REL('M03', 'attends', 'grp-steering', [{ informant: 'M03', template: 'steering_group' }], 'full'),
  REL(
    'grp-es',
    'attends',
    'grp-treatment',
    [
      { informant: 'A04', template: 'partial_meeting' },
      { informant: 'M09', template: 'partial_meeting' },
    ],
    'partial',
  ),
  REL('grp-es', 'co_located_with', 'org-mun', [{ informant: 'M01', template: 'meeting_first' }]),
  REL('org-nav-local', 'collaborates_with', 'org-mun', [
    { informant: 'M03', template: 'steering_group' },
  ]),
  REL('org-nav-local', 'collaborates_with', 'org-spec', [
    { informant: 'M07', template: 'agreement_member' },
  ]),
  REL('org-nav-local', 'reports_to', 'org-nav-region'),
  REL('org-nav-region', 'reports_to', 'org-nav-dir'),
  REL('M04', 'reports_to', 'grp-top'),
];

/** Builds a study from a set of interviews (ids are prefixed with the study id). */
export function buildFixtureStudy(options: {
  id: string;
  name: string;
  interviews: readonly (readonly [FixtureInformant, readonly FixtureExcerptSpec[]])[];
  withGraph: boolean;
}): FixtureStudy {
  const documents: FixtureDocument[] = [];
  const excerpts: FixtureExcerpt[] = [];
  for (const [informant, specs] of options.interviews) {
    const built = buildInterview(options.id, informant, specs);
    documents.push(built.document);
    excerpts.push(...built.excerpts);
  }
  const informants = options.interviews.map(([informant]) => informant);
  const study: FixtureStudy = {
    id: options.id,
    name: options.name,
    informants,
    organisations: ORGANISATIONS,
    groups: options.withGraph ? GROUPS : [],
    documents,
    excerpts,
    relations: [],
    phases: [],
  };
  if (!options.withGraph) return study;
  const resolve = (refs: { informant: string; template: string }[]) =>
    refs.map((r) => excerptIdOf(study, r.informant, r.template));
  const employment: FixtureRelation[] = informants.flatMap((inf) =>
    inf.employedBy.map((org) => ({
      id: `${inf.id}-employed-${org}`,
      source: inf.id,
      target: org,
      type: inf.employedBy.length > 1 ? ('dual_employment' as const) : ('employed_by' as const),
      evidence: [],
    })),
  );
  study.relations = [
    ...employment,
    ...RELATIONS.map((r, i) => ({
      id: `rel-${i + 1}`,
      source: r.source,
      target: r.target,
      type: r.type,
      ...(r.participation === undefined ? {} : { participation: r.participation }),
      evidence: resolve(r.evidence),
    })),
  ];
  study.phases = PHASES.map((p) => ({ ...p }));
  return study;
}

/** The demo-sized study: 20 informants, 63 excerpts, the actor graph and phase histories. */
export const IPS_FIXTURE_STUDY: FixtureStudy = buildFixtureStudy({
  id: 'fixture-ips',
  name: 'IPS managers and advisors (fixture)',
  interviews: INTERVIEWS,
  withGraph: true,
});

/** A second, small study for the study picker: four informants, no graph. */
export const PILOT_FIXTURE_STUDY: FixtureStudy = buildFixtureStudy({
  id: 'fixture-pilot',
  name: 'Pilot interviews (fixture)',
  interviews: INTERVIEWS.filter(([inf]) => ['M01', 'M07', 'A01', 'A06'].includes(inf.id)),
  withGraph: false,
});
