import { Buffer } from 'node:buffer';
import { crc32 } from 'node:zlib';

/*
 * A REFI-QDA project of the shape most researchers bring from NVivo, ATLAS.ti, MAXQDA or
 * QualCoder, written as those tools write it and without iwa's extension: interviews and
 * multi-party meetings as text sources (CRLF line ends, a BOM, astral characters); one Case per
 * participant with Text variables (role, sector, employer, level) and a SourceRef to each source
 * the participant speaks in; speaker labels at the start of turns (`Ward manager 2:`,
 * `**Case worker:**`, `[Interviewer]`), some interviews with no labels at all; codes in folders
 * with the project's own names beside a "Cloutier" folder; two coders. The text is fresh.
 *
 * Every selection records who speaks it (`expected`), computed here from the script, so a test
 * can check the importer's speakers and counts independently. The zip is written here too (stored,
 * no compression), so the fixture owes nothing to iwa's own REFI code.
 */

/** `[start, end)` of `needle` in `stored`, in code points, the BOM not counted and CRLF as one. */
function codePointOffsets(stored: string, needle: string): { start: number; end: number } {
  const text = stored.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`fixture: "${needle}" not found`);
  const count = (s: string): number => [...s].length;
  return { start: count(text.slice(0, at)), end: count(text.slice(0, at + needle.length)) };
}

/** A stored (uncompressed) zip of the files, without directory entries (as MAXQDA writes). */
export function storedZip(files: Record<string, string | Uint8Array>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [fileName, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    const name = Buffer.from(fileName, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A participant: a Case. */
export interface Person {
  readonly guid: string;
  readonly name: string;
  readonly role: string;
  readonly sector: string;
  readonly employer: string;
  readonly level: string;
}

const PEOPLE: readonly Person[] = [
  {
    guid: '10000000-0000-4000-8000-000000000001',
    name: 'Ward manager 2',
    role: 'Manager',
    sector: 'Health',
    employer: 'North hospital',
    level: 'Local',
  },
  {
    guid: '10000000-0000-4000-8000-000000000002',
    name: 'Case worker',
    role: 'Counsellor',
    sector: 'Welfare',
    employer: 'Town welfare office',
    level: 'Local',
  },
  {
    guid: '10000000-0000-4000-8000-000000000003',
    name: 'Åsa Lindqvist',
    role: 'Employment specialist',
    sector: 'Health',
    employer: 'North hospital',
    level: 'Local',
  },
  {
    guid: '10000000-0000-4000-8000-000000000004',
    name: 'Regional lead',
    role: 'Manager',
    sector: 'Welfare',
    employer: 'Regional welfare office',
    level: 'Regional',
  },
];

const VARIABLES = ['role', 'sector', 'employer', 'level'] as const;
const VARIABLE_GUID: Record<(typeof VARIABLES)[number], string> = {
  role: '20000000-0000-4000-8000-000000000001',
  sector: '20000000-0000-4000-8000-000000000002',
  employer: '20000000-0000-4000-8000-000000000003',
  level: '20000000-0000-4000-8000-000000000004',
};

/** The codes: the project's own folders, and a folder named after a framework. */
export const CODES = {
  routines: { guid: '30000000-0000-4000-8000-000000000011', path: 'Work we do/Routines' },
  educating: {
    guid: '30000000-0000-4000-8000-000000000012',
    path: 'Classroom practices/Educating',
  },
  creating: {
    guid: '30000000-0000-4000-8000-000000000013',
    path: 'rq1_definition/practices/creating',
  },
  structural: { guid: '30000000-0000-4000-8000-000000000021', path: 'Cloutier/Structural' },
  operational: { guid: '30000000-0000-4000-8000-000000000022', path: 'Cloutier/Operational' },
} as const;
type CodeName = keyof typeof CODES;

const CODEBOOK = `<CodeBook><Codes>
    <Code guid="30000000-0000-4000-8000-000000000001" name="Work we do" isCodable="false">
      <Code guid="${CODES.routines.guid}" name="Routines" isCodable="true"/>
    </Code>
    <Code guid="30000000-0000-4000-8000-000000000002" name="Classroom practices" isCodable="false">
      <Code guid="${CODES.educating.guid}" name="Educating" isCodable="true"/>
    </Code>
    <Code guid="30000000-0000-4000-8000-000000000003" name="rq1_definition" isCodable="false">
      <Code guid="30000000-0000-4000-8000-000000000004" name="practices" isCodable="false">
        <Code guid="${CODES.creating.guid}" name="creating" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="30000000-0000-4000-8000-000000000005" name="Cloutier" isCodable="false">
      <Code guid="${CODES.structural.guid}" name="Structural" isCodable="true"/>
      <Code guid="${CODES.operational.guid}" name="Operational" isCodable="true"/>
    </Code>
  </Codes></CodeBook>`;

const CODERS = [
  { guid: '40000000-0000-4000-8000-000000000001', name: 'Hedda' },
  { guid: '40000000-0000-4000-8000-000000000002', name: 'Jonas' },
] as const;

/** One turn of a script: who speaks (a person's index, or a label of someone who is no case) and what. */
type Turn = readonly [speaker: number | string, text: string, codes?: readonly CodeName[]];

interface Script {
  readonly guid: string;
  readonly name: string;
  /** How labels are written: `plain` `Name: `, `bold` `**Name:** `, `bracket` `[Name] `, or none. */
  readonly labels: 'plain' | 'bold' | 'bracket' | 'none';
  readonly people: readonly number[];
  readonly turns: readonly Turn[];
}

const SCRIPTS: readonly Script[] = [
  {
    guid: '50000000-0000-4000-8000-000000000001',
    name: 'Interview ward manager',
    labels: 'plain',
    people: [0],
    turns: [
      ['Interviewer', 'How did the specialist start on your ward?'],
      [0, 'We set up a weekly slot on the rota for her 🗓️ from the first month.', ['routines']],
      ['Interviewer', 'Who decided that?'],
      [0, 'I wrote it into the ward plan, so it does not depend on me.', ['structural']],
      [0, 'Then I showed the nurses how to refer patients to her.', ['educating']],
    ],
  },
  {
    guid: '50000000-0000-4000-8000-000000000002',
    name: 'Interview case worker',
    labels: 'none',
    people: [1],
    turns: [
      [1, 'My caseload has forty people and a third of them now meet the specialist too.'],
      [1, 'We built a shared checklist for the first meeting 📋 with the clinic.', ['creating']],
      [1, 'Every Monday I phone the clinic about new referrals.', ['routines', 'operational']],
    ],
  },
  {
    guid: '50000000-0000-4000-8000-000000000003',
    name: 'Steering meeting',
    labels: 'bold',
    people: [0, 1, 3],
    turns: [
      ['Chair', 'First item: the referral numbers for the spring.'],
      [3, 'The region will fund the post for two more years.', ['structural']],
      [1, 'Our office can take the follow-up after discharge.', ['operational']],
      ['Jobseeker', 'I only heard about the offer from another patient.', ['educating']],
      [0, 'We will put the offer in the discharge letter from now on.', ['routines']],
      ['Jobseeker', 'That would have helped me a lot.'],
      [3, 'Let us check the numbers again in the autumn.'],
    ],
  },
  {
    guid: '50000000-0000-4000-8000-000000000004',
    name: 'Interview specialist',
    labels: 'bracket',
    people: [2],
    turns: [
      ['Interviewer', 'What does a normal week look like?'],
      [2, 'Tuesdays I sit in the ward meeting; Thursdays I am out with employers.', ['routines']],
      ['Interviewer', 'And the employers?'],
      [2, 'I taught two of them how to adapt the first weeks 🛠️ for a new worker.', ['educating']],
    ],
  },
];

/** A selection of the generated project with who speaks it and its codes, by coder. */
export interface ExpectedSelection {
  readonly source: string;
  readonly text: string;
  /** The case name, or the label of a speaker who is no case. */
  readonly speaker: string;
  readonly speakerIsCase: boolean;
  readonly codes: readonly { readonly code: CodeName; readonly coder: string }[];
}

/** The generated project: the .qdpx bytes and what every selection should come back as. */
export interface RefiProject {
  readonly bytes: Buffer;
  readonly expected: readonly ExpectedSelection[];
  readonly people: readonly Person[];
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function label(style: Script['labels'], name: string): string {
  switch (style) {
    case 'plain':
      return `${name}: `;
    case 'bold':
      return `**${name}:** `;
    case 'bracket':
      return `[${name}] `;
    case 'none':
      return '';
  }
}

/**
 * Writes the project. Selections are code points over the text with CRLF counted as one and
 * the BOM not counted (as ATLAS.ti, MAXQDA and QualCoder count). The first coder codes every
 * coded turn; the second codes the meeting and the specialist's interview too, with the same
 * codes. In the meeting, the first passage is also a case's SelectionRef (NVivo users code a
 * passage to the case of the person who speaks).
 */
export function writeRefiProject(): Promise<RefiProject> {
  const files: Record<string, string | Uint8Array> = {};
  const expected: ExpectedSelection[] = [];
  const selectionRefs = new Map<number, string[]>();
  let sel = 0;
  const sources = SCRIPTS.map((script, si) => {
    const text = script.turns
      .map(([who, said]) =>
        script.labels === 'none'
          ? said
          : `${label(script.labels, typeof who === 'number' ? (PEOPLE[who]?.name ?? '') : who)}${said}`,
      )
      .join('\r\n');
    const stored = `\uFEFF${text}\r\n`;
    const selections: string[] = [];
    for (const [who, said, codes] of script.turns) {
      if (codes === undefined) continue;
      sel++;
      const guid = `60000000-0000-4000-8000-${String(sel).padStart(12, '0')}`;
      const { start, end } = codePointOffsets(stored, said);
      const coders = si >= 2 ? CODERS : [CODERS[0]];
      const codings = coders.flatMap((coder, ci) =>
        codes.map(
          (code, k) =>
            `<Coding guid="70000000-0000-4000-8${ci}${k}0-${String(sel).padStart(12, '0')}" creatingUser="${coder.guid}"><CodeRef targetGUID="${CODES[code].guid}"/></Coding>`,
        ),
      );
      selections.push(
        `<PlainTextSelection guid="${guid}" startPosition="${start}" endPosition="${end}" creatingUser="${CODERS[0].guid}">${codings.join('')}</PlainTextSelection>`,
      );
      if (si === 2 && typeof who === 'number' && selectionRefs.size === 0)
        selectionRefs.set(who, [guid]);
      expected.push({
        source: script.name,
        text: said,
        speaker: typeof who === 'number' ? (PEOPLE[who]?.name ?? '') : who,
        speakerIsCase: typeof who === 'number',
        codes: coders.flatMap((c) => codes.map((code) => ({ code, coder: c.name }))),
      });
    }
    files[`sources/${script.guid}.txt`] = Buffer.from(stored, 'utf8');
    return `<TextSource guid="${script.guid}" name="${esc(script.name)}" plainTextPath="internal://${script.guid}.txt">${selections.join('\n')}</TextSource>`;
  });
  const cases = PEOPLE.map((p, pi) => {
    const values = VARIABLES.map(
      (v) =>
        `<VariableValue><VariableRef targetGUID="${VARIABLE_GUID[v]}"/><TextValue>${esc(p[v])}</TextValue></VariableValue>`,
    ).join('');
    const refs = SCRIPTS.filter((s) => s.people.includes(pi))
      .map((s) => `<SourceRef targetGUID="${s.guid}"/>`)
      .join('');
    const sels = (selectionRefs.get(pi) ?? [])
      .map((g) => `<SelectionRef targetGUID="${g}"/>`)
      .join('');
    return `<Case guid="${p.guid}" name="${esc(p.name)}">${values}${refs}${sels}</Case>`;
  });
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Work placement study" origin="MAXQDA 2024">
  <Users>${CODERS.map((c) => `<User guid="${c.guid}" name="${c.name}"/>`).join('')}</Users>
  ${CODEBOOK}
  <Variables>${VARIABLES.map((v) => `<Variable guid="${VARIABLE_GUID[v]}" name="${v}" typeOfVariable="Text"/>`).join('')}</Variables>
  <Cases>${cases.join('\n')}</Cases>
  <Sources>${sources.join('\n')}</Sources>
</Project>`;
  files['project.qde'] = qde;
  return Promise.resolve({ bytes: storedZip(files), expected, people: PEOPLE });
}
