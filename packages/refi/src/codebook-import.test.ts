import { readFileSync } from 'node:fs';
import { defineCodebook, FRAMEWORK_CODES, frameworkCodebook, frameworkCode } from '@iwa/taxonomy';
import { describe, expect, it } from 'vitest';
import { writeCodebookQdc } from './codebook-export.ts';
import {
  frameworkKeyForName,
  readCodebookQdc,
  safeReadCodebookQdc,
  type ImportedCodebook,
} from './codebook-import.ts';
import { RefiError } from './refi-error.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../test/fixtures/qdc/${name}`, import.meta.url));
const summary = (imported: ImportedCodebook) =>
  imported.mapping.map((m) => `${m.name} → ${m.key} (${m.matchedBy})`);
const studyCodes = (imported: ImportedCodebook) =>
  imported.codebook.codes
    .filter((c) => c.origin === 'study')
    .map((c) => `${c.key} < ${c.parentKey ?? '-'}`);

const study = defineCodebook({
  name: 'IPS managers',
  version: '1.2.0',
  codes: [
    {
      key: 'theme.redefining_treatment',
      label: 'Redefining mental health treatment',
      isCodable: false,
    },
    {
      key: 'code.work_as_treatment',
      label: 'Work as treatment',
      definition: 'Two\nlines.',
      parent: 'theme.redefining_treatment',
      color: '#123456',
    },
    {
      key: 'flag.confidentiality',
      label: 'Confidentiality',
      guid: 'C0DE0000-0000-4000-8000-00000000000A',
    },
    { key: 'code.teaching_courses', label: 'Teaching IPS courses', parent: 'lns.educating' },
  ],
});

describe('readCodebookQdc: round trips', () => {
  it('re-imports an export of the frameworks to the same codebook', () => {
    const imported = readCodebookQdc(writeCodebookQdc(frameworkCodebook()));
    expect(imported.codebook).toEqual(frameworkCodebook());
    expect(imported.warnings).toEqual([]);
    expect(imported.mapping.every((m) => m.origin === 'framework' && m.matchedBy === 'guid')).toBe(
      true,
    );
    expect(imported.sets.map((s) => [s.name, s.memberKeys.length, s.iwa])).toEqual([
      ['L&S forms on the regulative pillar', 7, true],
      ['L&S forms on the normative pillar', 7, true],
      ['L&S forms on the cultural-cognitive pillar', 6, true],
    ]);
  });

  it('re-imports a study codebook to the same codebook, study keys, definitions and GUIDs included', () => {
    const xml = writeCodebookQdc(study);
    const imported = readCodebookQdc(xml);
    expect(imported.codebook).toEqual(study);
    expect(writeCodebookQdc(imported.codebook)).toBe(xml);
  });

  it('recovers keys from the description when a tool re-mints every GUID (ATLAS.ti)', () => {
    let counter = 0;
    const reminted = writeCodebookQdc(study).replace(/guid="[0-9a-f-]{36}"/g, () => {
      counter++;
      return `guid="${`00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`.toUpperCase()}"`;
    });
    const imported = readCodebookQdc(reminted);
    expect(imported.codebook.codes.map((c) => c.key)).toEqual(study.codes.map((c) => c.key));
    expect(new Set(imported.mapping.map((m) => m.matchedBy))).toEqual(new Set(['key']));
    // the study codes keep the new tool's GUIDs, so the next export matches that tool
    expect(imported.codebook.codes.find((c) => c.key === 'flag.confidentiality')?.guid).toMatch(
      /^00000000-/,
    );
  });
});

describe('readCodebookQdc: real-world variants (refi-qda.md §7)', () => {
  it('NVivo 12 Mac: namespace urn:QDA-XML:codebook:1:0, framework names under a folder of its own stay its codes', () => {
    const imported = readCodebookQdc(fixture('nvivo-mac-namespace-1-0.qdc'), { name: 'nvivo' });
    expect(imported.namespace).toBe('urn:QDA-XML:codebook:1:0');
    expect(imported.origin).toBe('NVivo 12 Mac');
    expect(imported.codebook.name).toBe('nvivo');
    expect(summary(imported)).toEqual([
      'Institutional work → code.institutional_work (none)',
      'Structural work → code.structural_work (none)',
      'Relational → code.relational (none)',
      'Steering group meetings → code.steering_group_meetings (none)',
      'Resistance encountered → code.resistance_encountered (none)',
    ]);
    // named like Cloutier's codes but in the project's own folder: never merged, and said so
    expect(imported.codebook.frameworks).toEqual([]);
    expect(
      imported.warnings
        .filter((w) => w.message.includes('has the name of the framework code'))
        .map((w) => w.message),
    ).toEqual([
      '"Structural work" has the name of the framework code form.structural but not its path (Forms of work (Cloutier et al. 2015) › Structural work); it came in as the study code code.structural_work. To code with form.structural, give it that path or export the codebook from iwa',
      '"Relational" has the name of the framework code form.relational but not its path (Forms of work (Cloutier et al. 2015) › Relational work); it came in as the study code code.relational. To code with form.relational, give it that path or export the codebook from iwa',
    ]);
    expect(studyCodes(imported)).toEqual([
      'code.institutional_work < -',
      'code.structural_work < code.institutional_work',
      'code.relational < code.institutional_work',
      'code.steering_group_meetings < code.institutional_work',
      'code.resistance_encountered < -',
    ]);
    expect(
      imported.codebook.codes.find((c) => c.key === 'code.steering_group_meetings'),
    ).toMatchObject({
      color: '#AABBCC',
      definition: 'Anything said about the steering group.',
      guid: '5d3c1a0e-8f7b-4f0e-9a41-3b9b1c2d4e04',
      isCodable: true,
    });
    expect(imported.warnings.map((w) => w.line)).toEqual([5, 8]);
    // NVivo Mac's hex-encoded ASCII GUIDs are valid GUIDs, if not RFC 4122 ones
    expect(imported.mapping.at(-1)?.guid).toBe('4e566976-6f2d-4d61-632d-436f64653031');
  });

  it('ATLAS.ti: namespace 0:4, uppercase and braced GUIDs, British spellings, sets', () => {
    const imported = readCodebookQdc(fixture('atlasti-namespace-0-4.qdc'));
    expect(imported.namespace).toBe('urn:QDA-XML:codebook:0:4');
    expect(summary(imported)).toEqual([
      'Valorising and demonising → code.valorising_and_demonising (none)',
      'Embedding & routinising → code.embedding_routinising (none)',
      'Theorising → code.theorising (none)',
      'Kollegaveiledning på tvers → code.kollegaveiledning_pa_tvers (none)',
    ]);
    expect(imported.mapping[0]?.guid).toBe('9e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a01');
    expect(
      imported.codebook.codes.find((c) => c.key === 'code.kollegaveiledning_pa_tvers'),
    ).toMatchObject({
      label: 'Kollegaveiledning på tvers',
      guid: '9e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a04',
    });
    expect(imported.sets).toEqual([
      expect.objectContaining({
        name: 'Maintenance',
        memberKeys: ['code.valorising_and_demonising', 'code.embedding_routinising'],
        iwa: false,
      }),
    ]);
    expect(imported.warnings.map((w) => w.message.split(' but ')[0])).toEqual([
      '"Valorising and demonising" has the name of the framework code lns.valorizing_and_demonizing',
      '"Embedding & routinising" has the name of the framework code lns.embedding_and_routinizing',
      '"Theorising" has the name of the framework code lns.theorizing',
    ]);
  });

  it('QualCoder: a UTF-8 BOM, non-codable categories', () => {
    const bytes = fixture('qualcoder-bom.qdc');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const imported = readCodebookQdc(bytes);
    expect(summary(imported)).toEqual([
      'Flags → code.flags (none)',
      'Ally enlisted → code.ally_enlisted (none)',
      'Confidentiality → code.confidentiality (none)',
      'Educating → code.educating (none)',
    ]);
    expect(imported.codebook.codes.find((c) => c.key === 'code.flags')?.isCodable).toBe(false);
    // the same file read as a string (BOM and all)
    expect(readCodebookQdc(bytes.toString('utf8')).codebook).toEqual(imported.codebook);
  });

  it('Taguette: an empty <Sets/>, uppercase GUIDs, flat tags', () => {
    const imported = readCodebookQdc(fixture('taguette-empty-sets.qdc'));
    expect(summary(imported)).toEqual([
      'interesting → code.interesting (none)',
      'work.first → code.work_first (none)',
      'policing → code.policing (none)',
    ]);
    expect(imported.codebook.codes.find((c) => c.key === 'code.interesting')?.guid).toBe(
      '3f2c6a1e-5b7d-5e8f-9a0b-1c2d3e4f5a61',
    );
    expect(imported.sets).toEqual([]);
    expect(imported.warnings.map((w) => [w.line, w.message.split(' but ')[0]])).toEqual([
      [2, '"policing" has the name of the framework code lns.policing'],
      [2, 'empty <Sets/> (the XSD wants at least one <Set>); ignored'],
    ]);
  });

  it('MAXQDA: codable parents keep their children', () => {
    const imported = readCodebookQdc(fixture('maxqda-codable-parents.qdc'));
    expect(studyCodes(imported)).toEqual([
      'code.redefining_treatment < -',
      'code.work_as_treatment < code.redefining_treatment',
      'code.get_well_first < code.redefining_treatment',
    ]);
    expect(
      imported.codebook.codes.find((c) => c.key === 'code.redefining_treatment')?.isCodable,
    ).toBe(true);
    expect(summary(imported).slice(3)).toEqual([
      'Forms of work → form (path)',
      'Operational work → form.operational (path)',
      'Conceptual work → form.conceptual (path)',
    ]);
  });

  it('UTF-16 with a BOM, and an encoding named in the XML declaration', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-16"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="C0DE0000-0000-4000-8000-000000000001" name="Rådgivning" isCodable="true"/></Codes></CodeBook>';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    expect(summary(readCodebookQdc(utf16))).toEqual(['Rådgivning → code.radgivning (none)']);
    const latin1 = Buffer.from(xml.replace('UTF-16', 'ISO-8859-1'), 'latin1');
    expect(summary(readCodebookQdc(latin1))).toEqual(['Rådgivning → code.radgivning (none)']);
  });

  it('a codebook inside a project file, and prefixed element names', () => {
    const project = `<?xml version="1.0"?><qda:Project xmlns:qda="urn:QDA-XML:project:1.0" name="p"><qda:CodeBook><qda:Codes><qda:Code guid="C0DE0000-0000-4000-8000-000000000001" name="Deterring" isCodable="1"><qda:NoteRef targetGUID="C0DE0000-0000-4000-8000-000000000009"/></qda:Code></qda:Codes></qda:CodeBook></qda:Project>`;
    const imported = readCodebookQdc(project);
    expect(imported.namespace).toBe('urn:QDA-XML:project:1.0');
    expect(summary(imported)).toEqual(['Deterring → code.deterring (none)']);
    expect(imported.warnings.map((w) => w.message.split(' but ')[0])).toEqual([
      'a project file: read its <CodeBook> only',
      '"Deterring" has the name of the framework code lns.deterring',
    ]);
  });

  it('liberal on attributes: missing or odd isCodable, bad colours, repeated or missing GUIDs', () => {
    const xml = `<CodeBook><Codes>
      <Code guid="c0de0000-0000-4000-8000-000000000001" name="A" color="red"/>
      <Code guid="c0de0000-0000-4000-8000-000000000001" name="B" isCodable="yes"/>
      <Code name="C" isCodable="false"/>
      <Code name="C" isCodable="true"><Memo>x</Memo></Code>
    </Codes></CodeBook>`;
    const imported = readCodebookQdc(xml);
    expect(studyCodes(imported)).toEqual([
      'code.a < -',
      'code.b < -',
      'code.c < -',
      'code.c_2 < -',
    ]);
    expect(imported.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
      '1: no namespace; read by element names',
      '2: isCodable is missing; read as true',
      '2: colour "red" is not #RRGGBB or #RGB; left out',
      '3: GUID c0de0000-0000-4000-8000-000000000001 is used twice; iwa gives this code a new one',
      '3: isCodable is "yes"; read as true',
      '4: <Code> has no guid; iwa gives it one',
      '5: <Code> has no guid; iwa gives it one',
      '5: <Memo> is not part of a code; ignored',
    ]);
  });
});

describe('readCodebookQdc: invalid files', () => {
  const problems = (input: string | Uint8Array) => {
    const result = safeReadCodebookQdc(input);
    expect(result.success).toBe(false);
    return result.error!.issues.map((i) => i.message);
  };

  it('names the line of XML that is not well-formed', () => {
    expect(problems(fixture('invalid-not-well-formed.qdc'))).toEqual([
      "line 5: not well-formed XML: Expected closing tag 'Code' (opened in line 4, col 5) instead of closing tag 'Codes'.",
    ]);
  });

  it('names the line and element of a code without a name (comments do not shift the count)', () => {
    const result = safeReadCodebookQdc(fixture('invalid-code-without-name.qdc'));
    expect(result.error!.issues).toEqual([
      expect.objectContaining({
        message: 'line 6: <Code> has no name (CodeBook/Codes[1]/Code[1]/Code[1])',
        params: { line: 6, element: 'CodeBook/Codes[1]/Code[1]/Code[1]' },
      }),
    ]);
  });

  it('refuses a DOCTYPE and never expands entities', () => {
    expect(problems(fixture('invalid-doctype-entities.qdc'))).toEqual([
      'line 2: the file declares a DOCTYPE; a REFI-QDA file has none, and iwa reads no DTD',
    ]);
    const imported = readCodebookQdc(
      '<CodeBook><Codes><Code guid="c0de0000-0000-4000-8000-000000000001" name="&amp;lol; &#233;&#x1F9ED; &unknown;" isCodable="true"/></Codes></CodeBook>',
    );
    expect(imported.mapping[0]?.name).toBe('&lol; é🧭 &unknown;');
  });

  it('rejects files that are not codebooks, and bytes that are not text', () => {
    expect(problems('<Project name="p"/>')).toEqual([
      'line 1: a <Project> without a <CodeBook> (Project)',
    ]);
    expect(problems('<html><body/></html>')).toEqual([
      'line 1: the root element is <html>, not <CodeBook> (html)',
    ]);
    expect(problems('<CodeBook origin="x"/>')).toEqual([
      'line 1: <CodeBook> has no <Codes> (CodeBook)',
    ]);
    expect(problems(Uint8Array.from([0x3c, 0xc3, 0x28]))).toEqual([
      'line 1: the bytes are not valid utf-8: byte 1 (0xc3) does not start a valid character',
    ]);
    expect(problems('')).toEqual(['line 1: not well-formed XML: Start tag expected.']);
  });

  it('throws a RefiError listing the problems from readCodebookQdc', () => {
    expect(() => readCodebookQdc(fixture('invalid-code-without-name.qdc'))).toThrow(RefiError);
    try {
      readCodebookQdc(fixture('invalid-code-without-name.qdc'));
    } catch (err) {
      expect((err as RefiError).code).toBe('invalid_qdc');
      expect((err as RefiError).message).toContain('line 6: <Code> has no name');
    }
  });
});

describe('frameworkKeyForName', () => {
  it('matches every framework label and key, and spelling variants, to one code', () => {
    for (const code of FRAMEWORK_CODES) expect(frameworkKeyForName(code.label)).toBe(code.key);
    expect(frameworkKeyForName('Cultural cognitive')).toBe('pillar.cultural_cognitive');
    expect(frameworkKeyForName('Mythologising')).toBe('lns.mythologizing');
    expect(frameworkKeyForName('ENABLING')).toBe('lns.enabling_work');
    expect(frameworkKeyForName('Creating')).toBe('purpose.creating');
    expect(frameworkKeyForName('Forms of creating work')).toBe('lns.creating');
    expect(frameworkKeyForName('Ally enlisted')).toBeUndefined();
    expect(frameworkCode('lns.creating')?.isCodable).toBe(false);
  });
});
