import { FRAMEWORK_CODES } from '@iwa/taxonomy';
import { createRandom, type Random } from './random.ts';
import { answerSentence, question } from './sentences.ts';

/**
 * A seeded synthetic corpus in the shape of the IPS study (S000): interviews with managers,
 * advisors and others in Nav and health organisations, coded with the institutional-work
 * taxonomy in proportions that follow the paper's findings (advisors mostly conceptual, managers
 * mostly operational, disrupting rare), a second coder on a share of the interviews.
 */
export interface CorpusOptions {
  /** Number of interviews (one informant each). */
  interviews: number;
  seed: number;
  /** Share of interviews that a second coder codes too (default 0.2). */
  secondCoderShare?: number;
}

/** Bump when the generated corpus changes, so cached corpora are regenerated. */
export const GENERATOR_VERSION = 2;

export interface GenPosition {
  id: string;
  label: string;
  role: string;
  sector: string;
  tier: string;
  level: string;
  authority: string;
  embeddedness?: string;
  dualEmployment?: boolean;
}

export interface GenOrganisation {
  id: string;
  name: string;
  kind: string;
  sector: string;
  level: string;
  tier?: string;
  region: number;
}

export interface GenActorGroup {
  id: string;
  label: string;
  kind: 'forum' | 'group';
  role?: string;
  organisation: string;
  region: number;
}

export interface GenInformant {
  id: string;
  position: GenPosition;
  employers: string[];
  region: number;
}

export interface GenRelation {
  type: 'attends' | 'enlists' | 'collaborates_with' | 'advises';
  from: string;
  to: string;
  participation?: 'full' | 'partial' | 'advisory';
  evidence: string[];
}

/** Everything study.yaml says: positions, organisations, groups, informants, relations. */
export interface Cast {
  positions: GenPosition[];
  organisations: GenOrganisation[];
  actorGroups: GenActorGroup[];
  informants: GenInformant[];
  relations: GenRelation[];
  coders: string[];
  themes: { key: string; label: string }[];
  flags: { key: string; label: string }[];
}

/** One coder's codes on one excerpt. */
export interface GenCoding {
  coder: string;
  codes: string[];
}

/** An excerpt: a span of the transcript, maybe an explicit performer, and who coded it how. */
export interface GenExcerpt {
  start: number;
  end: number;
  performer?: string;
  /** An explicit excerpt id, for relation evidence. */
  excerptId?: string;
  codings: GenCoding[];
}

export interface GenInterview {
  documentId: string;
  /** Region folder under transcripts/. */
  folder: string;
  informant: GenInformant;
  text: string;
  excerpts: GenExcerpt[];
  doubleCoded: boolean;
}

export const PRIMARY_CODER = 'kari';
export const SECOND_CODER = 'ole';

const POSITIONS: GenPosition[] = [
  {
    id: 'nav_manager',
    label: 'Manager, Nav office',
    role: 'manager',
    sector: 'nav',
    tier: 'n_a',
    level: 'local',
    authority: 'decision',
    embeddedness: 'outsider',
  },
  {
    id: 'municipal_manager',
    label: 'Manager, municipal mental health',
    role: 'manager',
    sector: 'health',
    tier: 'municipal',
    level: 'local',
    authority: 'decision',
    embeddedness: 'insider',
  },
  {
    id: 'dps_manager',
    label: 'Unit manager, DPS',
    role: 'manager',
    sector: 'health',
    tier: 'specialised',
    level: 'local',
    authority: 'decision',
    embeddedness: 'insider',
  },
  {
    id: 'nav_advisor',
    label: 'IPS advisor, Nav region',
    role: 'advisor',
    sector: 'nav',
    tier: 'n_a',
    level: 'regional',
    authority: 'advisory',
    embeddedness: 'outsider',
  },
  {
    id: 'health_advisor',
    label: 'IPS advisor, health trust',
    role: 'advisor',
    sector: 'health',
    tier: 'specialised',
    level: 'regional',
    authority: 'advisory',
    embeddedness: 'insider',
  },
  {
    id: 'dual_advisor',
    label: 'IPS advisor, Nav and DPS',
    role: 'advisor',
    sector: 'dual',
    tier: 'specialised',
    level: 'regional',
    authority: 'advisory',
    dualEmployment: true,
  },
  {
    id: 'nav_specialist',
    label: 'Employment specialist, Nav',
    role: 'employment_specialist',
    sector: 'nav',
    tier: 'n_a',
    level: 'local',
    authority: 'advisory',
    embeddedness: 'outsider',
  },
  {
    id: 'dps_specialist',
    label: 'Employment specialist in a DPS team',
    role: 'employment_specialist',
    sector: 'health',
    tier: 'specialised',
    level: 'local',
    authority: 'advisory',
    embeddedness: 'outsider',
  },
  {
    id: 'municipal_clinician',
    label: 'Clinician, municipal',
    role: 'clinician',
    sector: 'health',
    tier: 'municipal',
    level: 'local',
    authority: 'advisory',
    embeddedness: 'insider',
  },
  {
    id: 'dps_clinician',
    label: 'Clinician, DPS',
    role: 'clinician',
    sector: 'health',
    tier: 'specialised',
    level: 'local',
    authority: 'advisory',
    embeddedness: 'insider',
  },
  {
    id: 'nav_counsellor',
    label: 'Nav counsellor',
    role: 'nav_counsellor',
    sector: 'nav',
    tier: 'n_a',
    level: 'local',
    authority: 'advisory',
    embeddedness: 'outsider',
  },
  {
    id: 'health_director',
    label: 'Director, health trust',
    role: 'top_manager',
    sector: 'health',
    tier: 'specialised',
    level: 'regional',
    authority: 'decision',
    embeddedness: 'insider',
  },
  {
    id: 'nav_director',
    label: 'Director, Nav region',
    role: 'top_manager',
    sector: 'nav',
    tier: 'n_a',
    level: 'regional',
    authority: 'decision',
    embeddedness: 'outsider',
  },
];

const ROLE_WEIGHTS = {
  manager: 38,
  advisor: 30,
  employment_specialist: 10,
  clinician: 10,
  nav_counsellor: 7,
  top_manager: 5,
};

/** Form weights by role: advisors mostly conceptual (C04), managers mostly operational (C05). */
const FORM_WEIGHTS: Record<string, Record<string, number>> = {
  advisor: { conceptual: 42, relational: 28, structural: 15, operational: 15 },
  manager: { operational: 40, conceptual: 24, structural: 20, relational: 16 },
  top_manager: { structural: 40, conceptual: 30, relational: 15, operational: 15 },
};
const DEFAULT_FORM_WEIGHTS = { operational: 35, relational: 25, conceptual: 25, structural: 15 };
const PURPOSE_WEIGHTS = { creating: 60, maintaining: 36, disrupting: 4 };
const PILLAR_WEIGHTS = { normative: 40, cultural_cognitive: 35, regulative: 25 };

const LNS_BY_PURPOSE: Record<string, string[]> = {};
for (const code of FRAMEWORK_CODES) {
  if (!code.isCodable || code.family !== 'lns' || !code.parentKey) continue;
  const purpose = code.parentKey.slice('lns.'.length);
  (LNS_BY_PURPOSE[purpose] ??= []).push(code.key);
}

const THEMES = [
  { key: 'theme.redefining_treatment', label: 'Redefining mental health treatment' },
  { key: 'theme.cultivating_resource_approach', label: 'Cultivating a resource approach' },
];
const FLAGS = [
  'resistance_encountered',
  'resistance_by_informant',
  'lacks_authority',
  'ally_enlisted',
  'confidentiality',
  'fidelity_reference',
  'steering_group',
  'success_story',
].map((k) => ({ key: `flag.${k}`, label: k.replaceAll('_', ' ') }));

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The regions, organisations, groups, informants and relations of a corpus. */
export function buildCast(options: CorpusOptions): Cast {
  const random = createRandom(`cast:${options.interviews}:${options.seed}`);
  const regions = Math.max(2, Math.ceil(options.interviews / 25));
  const organisations: GenOrganisation[] = [];
  const actorGroups: GenActorGroup[] = [];
  const relations: GenRelation[] = [];
  const r3 = (r: number): string => pad(r + 1, 3);
  for (let r = 0; r < regions; r++) {
    organisations.push(
      {
        id: `nav-local-${r3(r)}`,
        name: `Nav office ${r3(r)}`,
        kind: 'nav_local',
        sector: 'nav',
        level: 'local',
        region: r,
      },
      {
        id: `nav-region-${r3(r)}`,
        name: `Nav regional office ${r3(r)}`,
        kind: 'nav_regional',
        sector: 'nav',
        level: 'regional',
        region: r,
      },
      {
        id: `municipal-${r3(r)}`,
        name: `Municipal mental health ${r3(r)}`,
        kind: 'municipal_health',
        sector: 'health',
        level: 'local',
        tier: 'municipal',
        region: r,
      },
      {
        id: `dps-${r3(r)}`,
        name: `District psychiatric centre ${r3(r)}`,
        kind: 'specialised_health',
        sector: 'health',
        level: 'local',
        tier: 'specialised',
        region: r,
      },
    );
    actorGroups.push(
      {
        id: `steering-${r3(r)}`,
        label: `IPS steering group ${r3(r)}`,
        kind: 'forum',
        organisation: `dps-${r3(r)}`,
        region: r,
      },
      {
        id: `clinicians-${r3(r)}`,
        label: `Clinicians at DPS ${r3(r)}`,
        kind: 'group',
        role: 'clinician',
        organisation: `dps-${r3(r)}`,
        region: r,
      },
    );
    relations.push(
      { type: 'collaborates_with', from: `nav-local-${r3(r)}`, to: `dps-${r3(r)}`, evidence: [] },
      {
        type: 'collaborates_with',
        from: `nav-local-${r3(r)}`,
        to: `municipal-${r3(r)}`,
        evidence: [],
      },
    );
  }
  const informants: GenInformant[] = [];
  for (let i = 0; i < options.interviews; i++) {
    const region = i % regions;
    const role = random.weighted(ROLE_WEIGHTS);
    const position = random.pick(POSITIONS.filter((p) => p.role === role));
    const rr = r3(region);
    let employers: string[];
    if (position.dualEmployment) employers = [`nav-region-${rr}`, `dps-${rr}`];
    else if (position.sector === 'nav')
      employers = [position.level === 'regional' ? `nav-region-${rr}` : `nav-local-${rr}`];
    else employers = [position.tier === 'municipal' ? `municipal-${rr}` : `dps-${rr}`];
    const informant: GenInformant = { id: `P${pad(i + 1, 5)}`, position, employers, region };
    informants.push(informant);
    if (random.chance(0.3)) {
      relations.push({
        type: 'attends',
        from: informant.id,
        to: `steering-${rr}`,
        participation:
          position.authority === 'decision' ? 'full' : role === 'advisor' ? 'advisory' : 'partial',
        evidence: [`ev-${informant.id}`],
      });
    }
    if (role === 'advisor' && random.chance(0.4)) {
      relations.push({ type: 'advises', from: informant.id, to: `dps-${rr}`, evidence: [] });
    }
    if ((role === 'manager' || role === 'advisor') && random.chance(0.2)) {
      relations.push({ type: 'enlists', from: informant.id, to: `clinicians-${rr}`, evidence: [] });
    }
  }
  return {
    positions: POSITIONS,
    organisations,
    actorGroups,
    informants,
    relations,
    coders: [PRIMARY_CODER, SECOND_CODER],
    themes: THEMES,
    flags: FLAGS,
  };
}

function firstCoderCodes(random: Random, role: string): string[] {
  const codes: string[] = [];
  const formWeights = FORM_WEIGHTS[role] ?? DEFAULT_FORM_WEIGHTS;
  const form = random.weighted(formWeights);
  codes.push(`form.${form}`);
  if (random.chance(0.25)) {
    const other = random.weighted(formWeights);
    if (other !== form) codes.push(`form.${other}`);
  }
  if (random.chance(0.92)) {
    const purpose = random.weighted(PURPOSE_WEIGHTS);
    codes.push(`purpose.${purpose}`);
    if (random.chance(0.35)) codes.push(random.pick(LNS_BY_PURPOSE[purpose] ?? []));
  }
  if (random.chance(0.25)) codes.push(`pillar.${random.weighted(PILLAR_WEIGHTS)}`);
  if (random.chance(0.3))
    codes.push(random.next() < 0.55 ? (THEMES[0]?.key ?? '') : (THEMES[1]?.key ?? ''));
  if (random.chance(0.18)) codes.push(random.pick(FLAGS).key);
  return codes;
}

const SAME_FAMILY: Record<string, string[]> = {
  form: ['form.structural', 'form.conceptual', 'form.operational', 'form.relational'],
  purpose: ['purpose.creating', 'purpose.maintaining', 'purpose.disrupting'],
  pillar: ['pillar.regulative', 'pillar.normative', 'pillar.cultural_cognitive'],
  theme: THEMES.map((t) => t.key),
  flag: FLAGS.map((f) => f.key),
  lns: Object.values(LNS_BY_PURPOSE).flat(),
};

/** The second coder agrees on most codes, swaps some within the family, drops or adds a few. */
function secondCoderCodes(random: Random, first: readonly string[]): string[] {
  const out = new Set<string>();
  for (const code of first) {
    if (random.chance(0.82)) {
      out.add(code);
      continue;
    }
    const family = code.slice(0, code.indexOf('.'));
    if (family !== 'form' && family !== 'purpose' && random.chance(0.5)) continue;
    out.add(random.pick(SAME_FAMILY[family] ?? [code]));
  }
  if (random.chance(0.1)) out.add(random.pick(SAME_FAMILY.flag ?? []));
  if (out.size === 0) out.add(first[0] ?? 'form.operational');
  return [...out];
}

/**
 * Generates the interviews one at a time (each is seeded by its index, so any one can be
 * regenerated alone). Turns alternate between the interviewer (`I:`) and the informant; each
 * informant turn has one or two coded excerpts most of the time.
 */
export function* generateInterviews(
  cast: Cast,
  options: CorpusOptions,
): Generator<GenInterview, void, undefined> {
  const share = options.secondCoderShare ?? 0.2;
  const perRegion = new Map<number, { orgs: string[]; groups: string[] }>();
  for (const o of cast.organisations) {
    const e = perRegion.get(o.region) ?? { orgs: [], groups: [] };
    e.orgs.push(o.id);
    perRegion.set(o.region, e);
  }
  for (const g of cast.actorGroups) perRegion.get(g.region)?.groups.push(g.id);
  const needsEvidence = new Set(
    cast.relations.flatMap((r) => r.evidence.map((id) => id.slice('ev-'.length))),
  );
  for (const informant of cast.informants) {
    const random = createRandom(`interview:${informant.id}:${options.seed}`);
    const doubleCoded = random.chance(share);
    const role = informant.position.role;
    const others = perRegion.get(informant.region) ?? { orgs: [], groups: [] };
    const parts: string[] = [];
    let length = 0;
    const excerpts: GenExcerpt[] = [];
    const answers = random.int(18, 26);
    for (let t = 0; t < answers; t++) {
      const q = `I: ${question(random)}\n`;
      parts.push(q);
      length += q.length;
      const label = `${informant.id}: `;
      parts.push(label);
      length += label.length;
      const count = random.int(2, 6);
      const sentences: { start: number; end: number }[] = [];
      for (let s = 0; s < count; s++) {
        const sentence = answerSentence(random, role);
        const sep = s === 0 ? '' : ' ';
        parts.push(sep + sentence);
        length += sep.length;
        sentences.push({ start: length, end: length + sentence.length });
        length += sentence.length;
      }
      parts.push('\n');
      length += 1;
      const spans: [number, number][] = [];
      if (random.chance(0.85)) {
        const from = random.int(0, count - 1);
        const to = Math.min(count - 1, from + random.int(0, 2));
        spans.push([from, to]);
        if (random.chance(0.3) && to + 1 < count)
          spans.push([to + 1, random.int(to + 1, count - 1)]);
      }
      for (const [from, to] of spans) {
        const start = (sentences[from] as { start: number }).start;
        const end = (sentences[to] as { end: number }).end;
        const codes = firstCoderCodes(random, role);
        const performer = random.chance(0.12)
          ? random.pick([...others.orgs, ...others.groups])
          : undefined;
        const excerpt: GenExcerpt = {
          start,
          end,
          ...(performer ? { performer } : {}),
          codings: [{ coder: PRIMARY_CODER, codes }],
        };
        if (excerpts.length === 0 && needsEvidence.has(informant.id))
          excerpt.excerptId = `ev-${informant.id}`;
        excerpts.push(excerpt);
      }
    }
    if (doubleCoded) {
      const shifted: GenExcerpt[] = [];
      for (const x of excerpts) {
        if (random.chance(0.05)) continue; // the second coder skips this one
        const codes = secondCoderCodes(random, x.codings[0]?.codes ?? []);
        if (x.excerptId === undefined && x.end - x.start > 40 && random.chance(0.12)) {
          // a slightly shorter span: a different excerpt, still overlapping the first coder's
          shifted.push({
            start: x.start,
            end: x.end - random.int(5, 20),
            ...(x.performer ? { performer: x.performer } : {}),
            codings: [{ coder: SECOND_CODER, codes }],
          });
        } else x.codings.push({ coder: SECOND_CODER, codes });
      }
      excerpts.push(...shifted);
    }
    yield {
      documentId: `int-${informant.id}`,
      folder: `region-${pad(informant.region + 1, 3)}`,
      informant,
      text: parts.join(''),
      excerpts,
      doubleCoded,
    };
  }
}

/** Counts of what a corpus holds. */
export interface CorpusStats {
  interviews: number;
  doubleCoded: number;
  excerpts: number;
  codings: number;
  informants: number;
  organisations: number;
  actorGroups: number;
  relations: number;
  textBytes: number;
}
