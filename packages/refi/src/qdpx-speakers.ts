import { codePointLength, type Speaker } from '@iwa/study';

/*
 * Who speaks where, read from a plain REFI-QDA project (no iwa extension). REFI-QDA has no
 * element for a speaker, so iwa reads three things the tools do write, by documented rules
 * (docs/import-from-qda-tools.md, "Speakers"):
 *
 * 1. A case's SelectionRef: the case speaks in that passage (NVivo and MAXQDA users code a
 *    passage to the case of the person speaking). The map can say it means the performer.
 * 2. Turn labels at the start of a line — `Ward manager 2:`, `**Ward manager 2:**`,
 *    `[Ward manager 2]`, `WARD MANAGER 2 –` — matched to case names, to the labels a case's
 *    description or variable gives, or to the map. A label that matches no case but opens turns
 *    (twice or more in a document, or a known interviewer label) is a speaker who is not a case.
 * 3. A source whose linked cases (SourceRef) leave one participant besides the interviewer:
 *    that participant speaks throughout (outside labelled turns).
 */

/** A label found at the start of a line. Offsets are code points into the normalised text. */
export interface FoundLabel {
  /** The label as written, trimmed (`Ward manager 2`). */
  readonly name: string;
  /** Where the line (and so the turn) starts. */
  readonly start: number;
  /** Where the spoken text starts, after the label. */
  readonly contentStart: number;
  /** 1-based line. */
  readonly line: number;
}

const NAME_CHARS = String.raw`[\p{L}\p{M}\p{N} .'’_()/&-]`;
const BOLD = new RegExp(
  String.raw`^\*\*(\p{L}${NAME_CHARS}{0,59}?)[ \t]*(?::[ \t]*\*\*|\*\*[ \t]*:)(?:[ \t]+|$)`,
  'u',
);
const BRACKET = new RegExp(String.raw`^\[(\p{L}${NAME_CHARS}{0,59}?)[ \t]*\]:?(?:[ \t]+|$)`, 'u');
const PLAIN = new RegExp(String.raw`^(\p{L}${NAME_CHARS}{0,59}?)[ \t]*:(?:[ \t]+|$)`, 'u');
// `NAME –` / `NAME —` / `NAME -`: upper-case names only, so that ordinary prose with a dash is not a label
const DASH = /^(\p{Lu}[\p{Lu}\p{M}\p{N} .'’_-]{0,59}?)[ \t]+[–—-][ \t]+/u;

/** At most this many words in a label: longer "labels" are sentences ending in a colon. */
const MAX_LABEL_WORDS = 5;

function labelOf(line: string): { name: string; length: number } | undefined {
  for (const re of [BOLD, BRACKET, PLAIN, DASH]) {
    const m = re.exec(line);
    const name = m?.[1]?.trim();
    if (m === null || name === undefined || name === '') continue;
    if (name.split(/\s+/).length > MAX_LABEL_WORDS) return undefined;
    return { name, length: m[0].length };
  }
  return undefined;
}

/**
 * Every line-start label of a text (normalised: LF line ends, no BOM), in order. Whether a label
 * opens a turn is decided by {@link SpeakerRules}: this only finds label-shaped line starts.
 */
export function findLabels(text: string): FoundLabel[] {
  const out: FoundLabel[] = [];
  let cp = 0;
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    const label = labelOf(line);
    if (label !== undefined) {
      out.push({
        name: label.name,
        start: cp,
        contentStart: cp + codePointLength(line.slice(0, label.length)),
        line: lineNo,
      });
    }
    cp += codePointLength(line) + 1;
  }
  return out;
}

/** How labels and names are compared: NFC, case folded, inner spaces collapsed, `:` trimmed. */
export function labelKey(name: string): string {
  return name
    .normalize('NFC')
    .replace(/[:：]+$/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** The roles of speakers who are not cases. */
export type NonCaseRole = NonNullable<Speaker['role']>;

/** What a label stands for. */
export type LabelTarget =
  | { readonly kind: 'informant'; readonly id: string }
  | { readonly kind: 'speaker'; readonly role: NonCaseRole }
  | { readonly kind: 'participant' }
  | { readonly kind: 'ignore' };

/** Labels every project knows unless its map says otherwise. */
export const DEFAULT_LABELS: Readonly<Record<string, LabelTarget>> = {
  interviewer: { kind: 'speaker', role: 'interviewer' },
  'interviewer 1': { kind: 'speaker', role: 'interviewer' },
  'interviewer 2': { kind: 'speaker', role: 'interviewer' },
  i: { kind: 'speaker', role: 'interviewer' },
  int: { kind: 'speaker', role: 'interviewer' },
  q: { kind: 'speaker', role: 'interviewer' },
  researcher: { kind: 'speaker', role: 'interviewer' },
  moderator: { kind: 'speaker', role: 'moderator' },
  facilitator: { kind: 'speaker', role: 'moderator' },
  chair: { kind: 'speaker', role: 'moderator' },
  observer: { kind: 'speaker', role: 'observer' },
  respondent: { kind: 'participant' },
  interviewee: { kind: 'participant' },
  participant: { kind: 'participant' },
  r: { kind: 'participant' },
  a: { kind: 'participant' },
};

/** How one excerpt got its speaker, for the import summary. */
export type SpeakerRule = 'selection_ref' | 'turn_label' | 'only_case' | 'none';

/** A label resolved for reading documents. */
export type ResolvedLabel =
  | { readonly kind: 'informant'; readonly id: string }
  | { readonly kind: 'speaker'; readonly id: string }
  | { readonly kind: 'participant' }
  | { readonly kind: 'ignore' };

/** A case as the speaker rules see it. */
export interface SpeakerCase {
  readonly id: string;
  readonly name: string | undefined;
  readonly description: string | undefined;
  readonly values: readonly { readonly name: string; readonly value: unknown }[];
}

/** A speaker label that names no case, as the import summary lists it. */
export interface NonCaseLabel {
  readonly label: string;
  readonly speakerId: string;
  readonly role: NonCaseRole;
  /** `default` (a built-in interviewer label), `map`, or `recurring` (opens 2+ turns in a document). */
  readonly why: 'default' | 'map' | 'recurring';
}

/** The project-wide speaker rules: what each label means and the speakers who are not cases. */
export interface SpeakerRules {
  readonly labels: ReadonlyMap<string, ResolvedLabel>;
  readonly speakers: Speaker[];
  readonly nonCase: NonCaseLabel[];
  /** Cases that are the interviewer or moderator (not "the participant" of a source). */
  readonly interviewerCases: ReadonlySet<string>;
  /** Labels a case's description or variable gives (label key → case id), for the summary. */
  readonly caseLabels: ReadonlyMap<string, string>;
  /** Label-shaped line starts found once only and so read as text (label → documents). */
  readonly unmatched: ReadonlyMap<string, number>;
}

const LABEL_VARIABLE = /^(speaker[ _-]?labels?|labels?|alias(es)?|speaker)$/i;
const LABEL_LINE = /^[ \t]*(?:speaker[ \t]+)?labels?[ \t]*:[ \t]*(.+)$/gim;
const RESERVED: Readonly<Record<string, LabelTarget>> = {
  participant: { kind: 'participant' },
  ignore: { kind: 'ignore' },
  interviewer: { kind: 'speaker', role: 'interviewer' },
  moderator: { kind: 'speaker', role: 'moderator' },
  observer: { kind: 'speaker', role: 'observer' },
  other: { kind: 'speaker', role: 'other' },
};

/** The mapping's speaker entry as written. */
export type SpeakerMapEntry = string | { case: string } | { speaker: NonCaseRole };

/**
 * Builds the project's speaker rules: built-in labels, then case names and the labels cases
 * give, then the map (each later one wins), then labels that recur at line starts in a document
 * without naming a case (speakers who are not cases). Returns problems for map entries that name
 * no case.
 */
export function planSpeakers(input: {
  readonly cases: readonly SpeakerCase[];
  readonly map: Readonly<Record<string, SpeakerMapEntry>>;
  /** Label counts per document, from {@link findLabels}. */
  readonly documentLabels: readonly ReadonlyMap<string, { name: string; count: number }>[];
  readonly slug: (name: string) => string;
}): { rules: SpeakerRules; problems: string[] } {
  const problems: string[] = [];
  const targets = new Map<
    string,
    { target: LabelTarget; written: string; why: NonCaseLabel['why'] | 'case' }
  >();
  for (const [k, t] of Object.entries(DEFAULT_LABELS))
    targets.set(k, { target: t, written: k, why: 'default' });
  const caseByKey = new Map<string, SpeakerCase>();
  const caseLabels = new Map<string, string>();
  const interviewerCases = new Set<string>();
  for (const c of input.cases) {
    for (const n of [c.id, c.name]) if (n) caseByKey.set(labelKey(n), c);
  }
  for (const c of input.cases) {
    const names: string[] = c.name ? [c.name] : [];
    for (const m of (c.description ?? '').matchAll(LABEL_LINE))
      names.push(...(m[1] ?? '').split(/[,;]/));
    for (const v of c.values) {
      if (LABEL_VARIABLE.test(v.name.trim()) && typeof v.value === 'string')
        names.push(...v.value.split(/[,;]/));
    }
    for (const n of names) {
      const key = labelKey(n);
      if (key === '') continue;
      const prev = targets.get(key);
      if (prev?.target.kind === 'speaker' && prev.why === 'default' && n === c.name) {
        // a case named "Interviewer": the interviewer is a case here
        interviewerCases.add(c.id);
      }
      targets.set(key, { target: { kind: 'informant', id: c.id }, written: n.trim(), why: 'case' });
      if (n !== c.name) caseLabels.set(key, c.id);
    }
    const role = c.values.find((v) => labelKey(v.name) === 'role')?.value;
    if (
      typeof role === 'string' &&
      ['interviewer', 'moderator', 'researcher'].includes(labelKey(role))
    )
      interviewerCases.add(c.id);
  }
  for (const [label, entry] of Object.entries(input.map)) {
    const key = labelKey(label);
    let target: LabelTarget | undefined;
    if (typeof entry === 'string') {
      target = RESERVED[labelKey(entry)];
      if (target === undefined) {
        const c = caseByKey.get(labelKey(entry));
        if (c === undefined) {
          problems.push(
            `speakers: "${label}": "${entry}" is no case of the project, nor participant, interviewer, moderator, observer, other or ignore`,
          );
          continue;
        }
        target = { kind: 'informant', id: c.id };
      }
    } else if ('case' in entry) {
      const c = caseByKey.get(labelKey(entry.case));
      if (c === undefined) {
        problems.push(`speakers: "${label}": case "${entry.case}" is not in the project`);
        continue;
      }
      target = { kind: 'informant', id: c.id };
    } else target = { kind: 'speaker', role: entry.speaker };
    targets.set(key, { target, written: label, why: 'map' });
  }
  // labels that name nothing known: a speaker who is not a case when it opens 2+ turns somewhere
  const recurring = new Map<string, string>();
  const unmatched = new Map<string, number>();
  for (const doc of input.documentLabels) {
    for (const [key, { name, count }] of doc) {
      if (targets.has(key)) continue;
      if (count >= 2) recurring.set(key, recurring.get(key) ?? name);
    }
  }
  for (const doc of input.documentLabels) {
    for (const [key, { name }] of doc) {
      if (targets.has(key) || recurring.has(key)) continue;
      unmatched.set(name, (unmatched.get(name) ?? 0) + 1);
    }
  }
  for (const [key, name] of recurring)
    targets.set(key, {
      target: { kind: 'speaker', role: 'other' },
      written: name,
      why: 'recurring',
    });

  // speakers who are not cases: one per role for the built-in labels, one per label otherwise
  const labels = new Map<string, ResolvedLabel>();
  const speakers: Speaker[] = [];
  const nonCase: NonCaseLabel[] = [];
  const speakerIds = new Set<string>();
  const speakerFor = new Map<string, string>();
  // a label as the documents write it (`Interviewer`, not the key `interviewer`)
  const used = new Map<string, string>();
  for (const doc of input.documentLabels)
    for (const [key, { name }] of doc) if (!used.has(key)) used.set(key, name);
  for (const [key, { target, written, why }] of targets) {
    if (target.kind !== 'speaker') {
      labels.set(key, target);
      continue;
    }
    if (!used.has(key)) continue; // a built-in or mapped label no document uses
    const shared = why === 'default' ? `role:${target.role}` : `label:${key}`;
    let id = speakerFor.get(shared);
    if (id === undefined) {
      const base = why === 'default' ? target.role : input.slug(written) || 'speaker';
      id = base;
      for (let n = 2; speakerIds.has(id); n++) id = `${base}_${n}`;
      speakerIds.add(id);
      speakerFor.set(shared, id);
      speakers.push({
        id,
        label: why === 'default' ? capitalise(target.role) : written,
        role: target.role,
      });
    }
    labels.set(key, { kind: 'speaker', id });
    if (why !== 'case')
      nonCase.push({ label: used.get(key) ?? written, speakerId: id, role: target.role, why });
  }
  return {
    rules: { labels, speakers, nonCase, interviewerCases, caseLabels, unmatched },
    problems,
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Label key → its first spelling and how many line starts it opens, for one document. */
export function countLabels(
  labels: readonly FoundLabel[],
): Map<string, { name: string; count: number }> {
  const out = new Map<string, { name: string; count: number }>();
  for (const l of labels) {
    const key = labelKey(l.name);
    const prev = out.get(key);
    out.set(key, { name: prev?.name ?? l.name, count: (prev?.count ?? 0) + 1 });
  }
  return out;
}

/**
 * The speaker turns of one document: every line-start label the rules resolve opens a turn that
 * runs to the next one; `participant` labels name the source's only case. Without any turn, a
 * source with one participant gets one turn over the whole text (that participant speaks
 * throughout).
 */
export function documentTurns(
  text: string,
  rules: SpeakerRules,
  source: { readonly onlyCase: string | undefined; readonly length: number },
): {
  turns: {
    speaker: { kind: 'informant' | 'speaker'; id: string };
    start: number;
    contentStart: number;
    end: number;
  }[];
  participantUnresolved: number;
  wholeDocument: boolean;
} {
  const turns: {
    speaker: { kind: 'informant' | 'speaker'; id: string };
    start: number;
    contentStart: number;
    end: number;
  }[] = [];
  let participantUnresolved = 0;
  for (const l of findLabels(text)) {
    const r = rules.labels.get(labelKey(l.name));
    if (r === undefined || r.kind === 'ignore') continue;
    let speaker: { kind: 'informant' | 'speaker'; id: string };
    if (r.kind === 'participant') {
      if (source.onlyCase === undefined) {
        participantUnresolved++;
        continue;
      }
      speaker = { kind: 'informant', id: source.onlyCase };
    } else speaker = { kind: r.kind, id: r.id };
    const prev = turns[turns.length - 1];
    if (prev !== undefined) prev.end = l.start;
    turns.push({ speaker, start: l.start, contentStart: l.contentStart, end: source.length });
  }
  const wholeDocument = turns.length === 0 && source.onlyCase !== undefined && source.length > 0;
  if (wholeDocument && source.onlyCase !== undefined) {
    turns.push({
      speaker: { kind: 'informant', id: source.onlyCase },
      start: 0,
      contentStart: 0,
      end: source.length,
    });
  }
  return { turns, participantUnresolved, wholeDocument };
}
