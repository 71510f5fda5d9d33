import { readFileSync } from 'node:fs';
import {
  codingId,
  contentHash,
  excerptId,
  normaliseText,
  relationId,
  Study,
  utf16ToCodePoint,
  type Coding,
  type Excerpt,
  type SpeakerTurn,
  type StudyDocument,
} from '@iwa/study';
import { validateXML } from 'xmllint-wasm';
import { DEFAULT_ZIP_LIMITS, listZip, openZipReader } from '../src/qdpx-zip.ts';

const projectXsd = readFileSync(new URL('./fixtures/xsd/Project.xsd', import.meta.url), 'utf8');

/** Validates a project.qde against the REFI-QDA Project XSD with libxml2 (WebAssembly). */
export async function validateProjectQde(
  xml: string,
): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: [{ fileName: 'project.qde', contents: xml }],
    schema: [{ fileName: 'Project.xsd', contents: projectXsd }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

/** Every entry of a zip, by name, in archive order (test helper; the library streams instead). */
export async function unzipAll(bytes: Buffer): Promise<Map<string, Buffer>> {
  const listing = await listZip(bytes, DEFAULT_ZIP_LIMITS);
  if (!listing.ok) throw new Error(listing.problem.message);
  const opened = await openZipReader(bytes, DEFAULT_ZIP_LIMITS);
  if (!opened.ok) throw new Error(opened.problem.message);
  const out = new Map<string, Buffer>();
  try {
    for (const entry of listing.entries) {
      const read = await opened.reader.read(entry.name);
      if (!read.ok) throw new Error(read.problem.message);
      out.set(entry.name, read.bytes);
    }
  } finally {
    opened.reader.close();
  }
  return out;
}

const STUDY_ID = 'ips-north';

/** The code-point span of the `occurrence`-th `needle` in `text`. */
export function spanOf(
  text: string,
  needle: string,
  occurrence = 1,
): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not in text`);
  }
  const start = utf16ToCodePoint(text, at);
  const end = utf16ToCodePoint(text, at + needle.length);
  if (start === undefined || end === undefined) throw new Error('not on a code point boundary');
  return { start, end };
}

function turnsOf(text: string, labels: Record<string, SpeakerTurn['speaker']>): SpeakerTurn[] {
  const turns: SpeakerTurn[] = [];
  let u16 = 0;
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9]+): /.exec(line);
    const speaker = m ? labels[m[1] ?? ''] : undefined;
    if (m && speaker) {
      const start = utf16ToCodePoint(text, u16) ?? 0;
      turns.push({
        speaker,
        start,
        contentStart: start + m[0].length,
        end: utf16ToCodePoint(text, u16 + line.length) ?? 0,
      });
    }
    u16 += line.length + 1;
  }
  return turns;
}

/**
 * A realistic study: two interviews and a steering-group meeting about bringing employment
 * support (IPS) into municipal and specialised mental health care, with emoji, decomposed
 * accents and a transcript that came with CRLF line ends, three coders, performers other than
 * the speakers, actor relations, memos, sets and links.
 */
export function buildRealisticStudy(): Study {
  const m07Raw =
    'I: How did the employment specialist come into your team?\r\n' +
    'M07: We had talked about it for a year. In the end I put it in the budget myself 👍 and told the Nav office we would share the cost.\r\n' +
    'I: And the clinicians?\r\n' +
    'M07: Some worried that work talk would disturb treatment. Now the specialist sits in our Monday meeting and the worry is mostly gone 🙂.\r\n';
  const m07 = normaliseText(m07Raw).text;
  const n03 =
    'I: What did the health managers do?\n' +
    'N03: The health managers in A\u030Alesund rewrote the referral routine so every patient is asked about work at intake. That was their decision, not ours.\n' +
    'N03: We at Nav mostly advise. Our advisor joins the team one day a week and helps with the caf\u00e9 job trials — and the e\u0301quipe at the DPS copied it 🚀.\n';
  const sg =
    'SG minutes, 14 March.\n' +
    'The steering group agreed that IPS is part of ordinary treatment, not a project. The top managers signed the agreement 📝.\n';

  const docs: StudyDocument[] = [
    {
      id: 'M07',
      title: 'Interview with M07 (health manager)',
      kind: 'interview',
      date: '2023-05-11',
      participants: ['M07'],
      text: m07,
      contentHash: contentHash(m07),
      turns: turnsOf(m07, {
        I: { kind: 'speaker', id: 'interviewer' },
        M07: { kind: 'informant', id: 'M07' },
      }),
      description: 'Recorded at the municipal health centre; transcribed verbatim.',
      variables: {
        interview_mode: 'in person',
        duration_min: 62,
        transcribed: true,
        followup: null,
      },
      sourcePath: 'transcripts/M07.txt',
      creatingUser: 'kari',
      createdAt: '2023-05-12T09:30:00Z',
    },
    {
      id: 'N03',
      kind: 'interview',
      date: '2023-06',
      participants: ['N03'],
      text: n03,
      contentHash: contentHash(n03),
      turns: turnsOf(n03, {
        I: { kind: 'speaker', id: 'interviewer' },
        N03: { kind: 'informant', id: 'N03' },
      }),
      variables: { interview_mode: 'video', duration_min: 48.5 },
    },
    {
      id: 'SG-2024-03',
      title: 'Steering group minutes, March',
      kind: 'meeting',
      participants: ['M07', 'N03'],
      text: sg,
      contentHash: contentHash(sg),
      turns: [],
    },
  ];

  const excerpts: Excerpt[] = [];
  const codings: Coding[] = [];
  const addExcerpt = (
    documentId: string,
    needle: string,
    extra: Partial<Excerpt>,
    codes: { code: string; coderId: string; at?: string }[],
  ) => {
    const doc = docs.find((d) => d.id === documentId)!;
    const span = spanOf(doc.text, needle);
    const id = extra.id ?? excerptId(STUDY_ID, documentId, span);
    excerpts.push({
      id,
      documentId,
      ...span,
      text: needle,
      performerSource: 'none',
      ...extra,
    });
    for (const c of codes) {
      codings.push({ id: codingId(id, c.code, c.coderId), excerptId: id, ...c });
    }
    return id;
  };

  const budget = addExcerpt(
    'M07',
    'In the end I put it in the budget myself 👍 and told the Nav office we would share the cost.',
    {
      speaker: { kind: 'informant', id: 'M07' },
      performer: { kind: 'informant', id: 'M07' },
      performerSource: 'speaker',
      name: 'budget decision',
      creatingUser: 'kari',
      createdAt: '2023-05-20T10:00:00Z',
    },
    [
      { code: 'form.structural', coderId: 'kari', at: '2023-05-20T10:00:00Z' },
      { code: 'purpose.creating', coderId: 'kari' },
      { code: 'form.structural', coderId: 'ola', at: '2023-05-21T08:15:00+02:00' },
      { code: 'lns.vesting', coderId: 'ola' },
    ],
  );
  const meeting = addExcerpt(
    'M07',
    'Now the specialist sits in our Monday meeting and the worry is mostly gone 🙂.',
    {
      speaker: { kind: 'informant', id: 'M07' },
      performer: { kind: 'informant', id: 'M07' },
      performerSource: 'speaker',
      description: 'Routine: the specialist in the weekly treatment meeting.',
    },
    [
      { code: 'form.operational', coderId: 'kari' },
      { code: 'theme.shared_language', coderId: 'kari' },
      { code: 'form.operational', coderId: 'per' },
    ],
  );
  const referral = addExcerpt(
    'N03',
    'The health managers in A\u030Alesund rewrote the referral routine so every patient is asked about work at intake.',
    {
      speaker: { kind: 'informant', id: 'N03' },
      performer: { kind: 'actor_group', id: 'health_managers' },
      performerSource: 'explicit',
      name: 'referral routine',
    },
    [
      { code: 'form.operational', coderId: 'ola' },
      { code: 'lns.embedding_and_routinizing', coderId: 'ola', at: '2023-07-01T12:00:00' },
      { code: 'pillar.regulative', coderId: 'per' },
    ],
  );
  const advise = addExcerpt(
    'N03',
    'We at Nav mostly advise.',
    {
      id: 'ex-nav-advises',
      speaker: { kind: 'informant', id: 'N03' },
      performer: { kind: 'organisation', id: 'nav_tromso' },
      performerSource: 'explicit',
    },
    [{ code: 'form.relational', coderId: 'per' }],
  );
  const copied = addExcerpt(
    'N03',
    'the e\u0301quipe at the DPS copied it 🚀',
    { speaker: { kind: 'informant', id: 'N03' }, performerSource: 'none' },
    [
      { code: 'lns.mimicry', coderId: 'kari' },
      { code: 'theme.job_first_framing', coderId: 'kari' },
    ],
  );
  const agreement = addExcerpt(
    'SG-2024-03',
    'The steering group agreed that IPS is part of ordinary treatment, not a project.',
    { performer: { kind: 'actor_group', id: 'steering_group' }, performerSource: 'explicit' },
    [
      { code: 'form.conceptual', coderId: 'ola' },
      { code: 'lns.theorizing', coderId: 'ola' },
      { code: 'flag.steering_group', coderId: 'per' },
    ],
  );
  // A coding with an id of its own (not the default), as a hand-edited study may have.
  codings.push({
    id: 'cd-manual-1',
    excerptId: agreement,
    code: 'purpose.maintaining',
    coderId: 'kari',
  });

  const employed = relationId(
    'employed_by',
    { kind: 'informant', id: 'M07' },
    { kind: 'organisation', id: 'tromso_health' },
  );
  const study: Study = {
    id: STUDY_ID,
    name: 'IPS in northern mental health care',
    description: 'Managers and advisors on bringing employment support into treatment.',
    language: 'en',
    origin: 'iwa study folder',
    informants: [
      {
        id: 'M07',
        pseudonym: 'Manager Seven',
        positionId: 'pos-health-manager',
        description: 'Leads a municipal mental health team.',
        variables: { years_in_role: 7, union_rep: false },
      },
      { id: 'N03', positionId: 'pos-nav-advisor', variables: { years_in_role: 3 } },
    ],
    speakers: [{ id: 'interviewer', label: 'Interviewer', role: 'interviewer' }],
    positions: [
      {
        id: 'pos-health-manager',
        label: 'Municipal health manager',
        role: 'manager',
        sector: 'health',
        tier: 'municipal',
        level: 'local',
        authority: 'decision',
        embeddedness: 'insider',
      },
      {
        id: 'pos-nav-advisor',
        role: 'advisor',
        sector: 'nav',
        level: 'local',
        authority: 'advisory',
        embeddedness: 'outsider',
        dualEmployment: true,
      },
    ],
    organisations: [
      {
        id: 'tromso_health',
        name: 'Tromsø municipal health service',
        kind: 'municipal_health',
        sector: 'health',
        tier: 'municipal',
        level: 'local',
      },
      { id: 'nav_tromso', name: 'Nav Tromsø', kind: 'nav_local', sector: 'nav', level: 'local' },
      {
        id: 'unn',
        name: 'University Hospital of North Norway',
        kind: 'specialised_health',
        sector: 'health',
        tier: 'specialised',
        level: 'regional',
      },
      {
        id: 'dps_north',
        name: 'DPS North',
        kind: 'specialised_health',
        sector: 'health',
        tier: 'specialised',
        parentId: 'unn',
        description: 'A district psychiatric centre.',
      },
    ],
    actorGroups: [
      {
        id: 'health_managers',
        label: 'Health managers',
        kind: 'group',
        role: 'manager',
        organisationId: 'tromso_health',
      },
      { id: 'steering_group', label: 'IPS steering group', kind: 'forum' },
    ],
    relations: [
      {
        id: employed,
        type: 'employed_by',
        from: { kind: 'informant', id: 'M07' },
        to: { kind: 'organisation', id: 'tromso_health' },
        evidence: [budget],
        primary: true,
      },
      {
        id: 'rel-n03-nav',
        type: 'employed_by',
        from: { kind: 'informant', id: 'N03' },
        to: { kind: 'organisation', id: 'nav_tromso' },
        evidence: [],
        primary: true,
      },
      {
        id: 'rel-n03-health',
        type: 'employed_by',
        from: { kind: 'informant', id: 'N03' },
        to: { kind: 'organisation', id: 'tromso_health' },
        evidence: [advise],
        primary: false,
        note: 'one day a week in the team',
      },
      {
        id: relationId(
          'advises',
          { kind: 'organisation', id: 'nav_tromso' },
          { kind: 'actor_group', id: 'health_managers' },
        ),
        type: 'advises',
        from: { kind: 'organisation', id: 'nav_tromso' },
        to: { kind: 'actor_group', id: 'health_managers' },
        evidence: [advise, referral],
      },
      {
        id: relationId(
          'attends',
          { kind: 'informant', id: 'M07' },
          { kind: 'actor_group', id: 'steering_group' },
        ),
        type: 'attends',
        from: { kind: 'informant', id: 'M07' },
        to: { kind: 'actor_group', id: 'steering_group' },
        evidence: [agreement],
        participation: 'partial',
      },
      {
        id: relationId(
          'collaborates_with',
          { kind: 'organisation', id: 'nav_tromso' },
          { kind: 'organisation', id: 'tromso_health' },
        ),
        type: 'collaborates_with',
        from: { kind: 'organisation', id: 'nav_tromso' },
        to: { kind: 'organisation', id: 'tromso_health' },
        evidence: [],
      },
    ],
    coders: [{ id: 'kari', name: 'Kari N.' }, { id: 'ola', name: 'Ola H.' }, { id: 'per' }],
    memos: [
      {
        id: 'memo-budget',
        title: 'Who pays?',
        text: 'The manager frames the budget line as her own decision.\nCompare with N03, who says Nav only advises.\r\nTabs\tkept.',
        about: [
          { kind: 'excerpt', id: budget },
          { kind: 'informant', id: 'M07' },
        ],
        author: 'kari',
        createdAt: '2023-05-20T11:00:00Z',
      },
      {
        id: 'memo-study',
        text: 'Coding round 1 done; κ to be computed after round 2.',
        about: [{ kind: 'study', id: STUDY_ID }],
        author: 'supervisor',
      },
      {
        id: 'memo-codes',
        title: 'Theme definitions',
        text: 'Shared language overlaps with operational work; keep both.',
        about: [
          { kind: 'code', id: 'theme.shared_language' },
          { kind: 'code', id: 'form.operational' },
          { kind: 'document', id: 'N03' },
        ],
      },
      {
        id: 'memo-coding',
        text: 'Is this vesting or defining?',
        about: [
          { kind: 'coding', id: codingId(budget, 'lns.vesting', 'ola') },
          { kind: 'relation', id: employed },
        ],
        author: 'ola',
      },
      { id: 'memo-free', text: 'A loose thought with no target 🙂', about: [] },
      {
        id: 'memo-group',
        text: 'The steering group meets quarterly.',
        about: [
          { kind: 'actor_group', id: 'steering_group' },
          { kind: 'organisation', id: 'dps_north' },
        ],
      },
    ],
    codebook: {
      codes: [
        {
          key: 'theme.trust_building',
          label: 'Trust building',
          colour: '#1b9e77',
          description: 'Talk about building trust across services.',
          isCodable: false,
        },
        { key: 'theme.shared_language', label: 'Shared language', parent: 'theme.trust_building' },
        {
          key: 'theme.job_first_framing',
          label: 'Job-first framing',
          parent: 'form.conceptual',
          isCodable: true,
        },
        { key: 'flag.steering_group', label: 'Steering group mentioned', colour: '#E7298A' },
      ],
    },
    dimensions: { role: ['peer_worker'] },
    variables: [
      {
        key: 'years_in_role',
        label: 'Years in role',
        type: 'integer',
        description: 'Years in the current role at interview.',
      },
      { key: 'interview_mode', type: 'text' },
    ],
    phaseEvents: [
      {
        id: 'pe-1',
        organisationId: 'tromso_health',
        type: 'adoption_decided',
        date: '2023-02',
        evidence: [budget],
        recordedBy: 'kari',
        confidence: 0.8,
      },
    ],
    phaseModel: { id: 'custom', states: ['pre_adoption', 'adoption_decided'] },
    sets: [
      {
        id: 'set-forms',
        name: 'Forms seen in round 1',
        description: 'Framework codes used so far.',
        members: [
          { kind: 'code', id: 'form.structural' },
          { kind: 'code', id: 'theme.shared_language' },
          { kind: 'document', id: 'M07' },
          { kind: 'memo', id: 'memo-budget' },
          { kind: 'informant', id: 'N03' },
          { kind: 'excerpt', id: referral },
        ],
      },
      { id: 'set-empty', name: 'To code in round 2', members: [] },
    ],
    links: [
      {
        id: 'link-copy',
        name: 'copies',
        direction: 'one_way',
        origin: { kind: 'excerpt', id: copied },
        target: { kind: 'excerpt', id: referral },
        colour: '#abc',
      },
      {
        id: 'link-codes',
        direction: 'associative',
        origin: { kind: 'code', id: 'theme.job_first_framing' },
        target: { kind: 'code', id: 'lns.theorizing' },
      },
      {
        id: 'link-meeting',
        name: 'same meeting',
        direction: 'bidirectional',
        origin: { kind: 'excerpt', id: meeting },
        target: { kind: 'document', id: 'SG-2024-03' },
      },
    ],
    documents: docs,
    excerpts,
    codings,
  };
  return Study.parse(study);
}
