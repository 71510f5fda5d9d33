import { frameworkCode } from '@iwa/taxonomy';
import { describe, expect, it } from 'vitest';
import { readQdpx, type QdpxReadResult } from '../src/index.ts';
import { MANAGER_INTERVIEW, NAV_INTERVIEW, P, pos, zip } from './qdpx-fixtures.ts';

/*
 * One fixture per quirk of real REFI-QDA files (shared/refi-qda.md §7). Each asserts the text of
 * every excerpt exactly.
 */

function ok(res: QdpxReadResult) {
  if (!res.ok) throw new Error(JSON.stringify(res.errors, null, 2));
  return res;
}

const texts = (res: { study: { excerpts: { text: string }[] } }) =>
  res.study.excerpts.map((e) => e.text);

const NAV_PASSAGES = [
  'I join their Monday meeting 👍 and we go through who wants a job.',
  'The team leader decided that work is part of the treatment plan 📝',
  'More of them ask about work now 🙂.',
];
const MANAGER_PASSAGES = [
  'We invited Nav to Re\u0301sumé day 🚀',
  'put the employment specialist on the staff list',
];

describe('NVivo for Windows', () => {
  // UTF-16 offsets with CRLF counted as 2 and the BOM not counted; `Sources/`; one selection per
  // (span, code); the coder on the Coding, not the selection; an annotation as Link(Note → selection).
  const u = 'utf16_crlf' as const;
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="${P}" name="IPS Nav" origin="NVivo 12.6">
  <Users>
    <User guid="7c1a0b52-1f6e-4d2a-9b7e-3f0c2d1e4a01" name="Ingrid"/>
    <User guid="7c1a0b52-1f6e-4d2a-9b7e-3f0c2d1e4a02" name="Tor"/>
  </Users>
  <CodeBook><Codes>
    <Code guid="0b7b2c1e-5d4f-4a3b-8c2d-1e0f9a8b7c00" name="Forms of work" isCodable="false">
    <Code guid="0b7b2c1e-5d4f-4a3b-8c2d-1e0f9a8b7c01" name="Operational work" isCodable="true"/>
    <Code guid="0b7b2c1e-5d4f-4a3b-8c2d-1e0f9a8b7c02" name="Relational work" isCodable="true"/>
    <Code guid="0b7b2c1e-5d4f-4a3b-8c2d-1e0f9a8b7c03" name="Structural work" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a801" name="N05" plainTextPath="internal://5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a801.txt">
      <PlainTextSelection guid="aa000000-0000-4000-8000-000000000001" ${pos(NAV_INTERVIEW, NAV_PASSAGES[0]!, u)} creatingUser="7c1a0b52-1f6e-4d2a-9b7e-3f0c2d1e4a02">
        <Coding guid="cc000000-0000-4000-8000-000000000001" creatingUser="7c1a0b52-1f6e-4d2a-9b7e-3f0c2d1e4a01"><CodeRef targetGUID="0b7b2c1e-5d4f-4a3b-8c2d-1e0f9a8b7c01"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="aa000000-0000-4000-8000-000000000002" ${pos(NAV_INTERVIEW, NAV_PASSAGES[0]!, u)} creatingUser="7c1a0b52-1f6e-4d2a-9b7e-3f0c2d1e4a02">
        <Coding guid="cc000000-0000-4000-8000-000000000002" creatingUser="7c1a0b52-1f6e-4d2a-9b7e-3f0c2d1e4a01"><CodeRef targetGUID="0b7b2c1e-5d4f-4a3b-8c2d-1e0f9a8b7c02"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="aa000000-0000-4000-8000-000000000003" ${pos(NAV_INTERVIEW, NAV_PASSAGES[1]!, u)}>
        <Coding guid="cc000000-0000-4000-8000-000000000003" creatingUser="7c1a0b52-1f6e-4d2a-9b7e-3f0c2d1e4a02"><CodeRef targetGUID="0b7b2c1e-5d4f-4a3b-8c2d-1e0f9a8b7c03"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="aa000000-0000-4000-8000-000000000004" ${pos(NAV_INTERVIEW, NAV_PASSAGES[2]!, u)}>
        <Coding guid="cc000000-0000-4000-8000-000000000004" creatingUser="7c1a0b52-1f6e-4d2a-9b7e-3f0c2d1e4a02"><CodeRef targetGUID="0b7b2c1e-5d4f-4a3b-8c2d-1e0f9a8b7c01"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="ee000000-0000-4000-8000-000000000001" name="Annotation" plainTextPath="internal://ee000000-0000-4000-8000-000000000001.txt" creatingUser="7c1a0b52-1f6e-4d2a-9b7e-3f0c2d1e4a01"/>
  </Notes>
  <Links>
    <Link guid="dd000000-0000-4000-8000-000000000001" originGUID="ee000000-0000-4000-8000-000000000001" targetGUID="aa000000-0000-4000-8000-000000000003"/>
  </Links>
</Project>
`;
  const files = {
    'project.qde': qde,
    'Sources/5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a801.txt': NAV_INTERVIEW,
    'Sources/ee000000-0000-4000-8000-000000000001.txt':
      '\uFEFFThe decision sits with the team leader, not with Nav.',
  };

  it('detects UTF-16 offsets with CRLF as 2, reads Sources/, merges per-code selections', async () => {
    const res = ok(await readQdpx(await zip(files)));
    expect(res.report.offsetUnit).toBe('utf16_crlf');
    expect(res.report.documentOffsetUnits).toEqual([
      { documentId: 'n05', unit: 'utf16_crlf', how: 'detected' },
    ]);
    expect(texts(res)).toEqual(NAV_PASSAGES);
    expect(res.study.documents[0]?.text.startsWith('I: How')).toBe(true);
    expect(res.study.documents[0]?.text).not.toContain('\r');
    expect(
      res.study.codings.filter((c) => c.excerptId === res.study.excerpts[0]?.id).map((c) => c.code),
    ).toEqual(['form.operational', 'form.relational']);
    expect(res.report.warnings.some((w) => w.code === 'duplicate')).toBe(true);
    // the full path of names is a framework's (folder "Forms of work" › "Operational work")
    expect(res.report.mapped.map((m) => [m.path, m.key, m.by])).toEqual([
      ['Forms of work', 'form', 'path'],
      ['Forms of work/Operational work', 'form.operational', 'path'],
      ['Forms of work/Relational work', 'form.relational', 'path'],
      ['Forms of work/Structural work', 'form.structural', 'path'],
    ]);
  });

  it('takes the coder from Coding@creatingUser, not from the selection', async () => {
    const res = ok(await readQdpx(await zip(files)));
    expect(res.study.coders).toEqual([
      { id: 'ingrid', name: 'Ingrid' },
      { id: 'tor', name: 'Tor' },
    ]);
    const first = res.study.codings.filter((c) => c.excerptId === res.study.excerpts[0]?.id);
    expect(first.map((c) => c.coderId)).toEqual(['ingrid', 'ingrid']);
    expect(res.study.excerpts[0]?.creatingUser).toBe('tor');
  });

  it('reads an annotation Link(Note → selection) as a memo about the excerpt', async () => {
    const res = ok(await readQdpx(await zip(files)));
    expect(res.study.memos).toEqual([
      {
        id: 'memo-ee000000-0000-4000-8000-000000000001',
        title: 'Annotation',
        text: 'The decision sits with the team leader, not with Nav.',
        about: [{ kind: 'excerpt', id: res.study.excerpts[1]?.id }],
        author: 'ingrid',
      },
    ]);
  });

  it('reads the offsets in a forced unit when told to (and reports it)', async () => {
    const res = ok(await readQdpx(await zip(files), { offsetUnit: 'code_point' }));
    expect(res.report.documentOffsetUnits[0]?.how).toBe('forced');
    expect(res.report.offsetUnit).toBe('code_point');
    expect(texts(res)).not.toEqual(NAV_PASSAGES);
  });
});

describe('NVivo for Mac', () => {
  it('ignores sources/.root and reads hex-ASCII GUIDs', async () => {
    const guid = '4d30322d-696e-7465-7276-696577303031';
    const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="${P}" name="IPS managers" origin="NVivo 12 Mac">
  <CodeBook><Codes><Code guid="636f6465-2d6f-7065-7261-74696f6e616c" name="Operational" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="${guid}" name="M02" plainTextPath="internal://${guid}.txt">
      <PlainTextSelection guid="73656c2d-3030-3031-2d61-626364656630" ${pos(MANAGER_INTERVIEW, MANAGER_PASSAGES[1]!, 'code_point')}>
        <Coding guid="636f642d-3030-3031-2d61-626364656630"><CodeRef targetGUID="636f6465-2d6f-7065-7261-74696f6e616c"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>`;
    const res = ok(
      await readQdpx(
        await zip({
          'project.qde': qde,
          'sources/.root': '',
          [`sources/${guid}.txt`]: MANAGER_INTERVIEW,
        }),
        {
          defaultCoderId: 'coder_1',
        },
      ),
    );
    expect(texts(res)).toEqual([MANAGER_PASSAGES[1]]);
    // a bare name is never merged into a framework code (issue 16): "Operational" stays the project's
    expect(res.study.codings.map((c) => [c.code, c.coderId])).toEqual([
      ['theme.operational', 'coder_1'],
    ]);
    expect(res.study.coders).toEqual([{ id: 'coder_1' }]);
  });
});

describe('ATLAS.ti', () => {
  // <ProjectName>.qde; uppercase and braced GUIDs; CRLF stored but counted as one; namespace 0:4;
  // external video as relative:///; an annotation as a bare Description.
  const stored = NAV_INTERVIEW.replace(/^\uFEFF/, '');
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:0:4" name="IPS study" origin="ATLAS.ti 26.1.1" basePath="/Users/someone/Documents">
  <Users><User guid="A1B2C3D4-0000-4000-8000-00000000000A" name="Researcher"/></Users>
  <CodeBook><Codes>
    <Code guid="B0000000-0000-4000-8000-000000000002" name="Team meetings" isCodable="true" color="#3A7"/>
    <Code guid="B0000000-0000-4000-8000-0000000000F1" name="Lawrence &amp; Suddaby" isCodable="false"><Code guid="B0000000-0000-4000-8000-0000000000F2" name="Maintaining" isCodable="false">
    <Code guid="{B0000000-0000-4000-8000-000000000001}" name="Valorising &amp; demonising" isCodable="true"/>
    </Code></Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="C0000000-0000-4000-8000-000000000001" name="N05 interview" plainTextPath="internal://C0000000-0000-4000-8000-000000000001.txt">
      <PlainTextSelection guid="D0000000-0000-4000-8000-000000000001" ${pos(stored, NAV_PASSAGES[0]!, 'code_point')} creatingUser="A1B2C3D4-0000-4000-8000-00000000000A">
        <Description>Weekly routine, not a one-off.</Description>
        <Coding guid="E0000000-0000-4000-8000-000000000001" creatingUser="A1B2C3D4-0000-4000-8000-00000000000A"><CodeRef targetGUID="B0000000-0000-4000-8000-000000000002"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="D0000000-0000-4000-8000-000000000002" ${pos(stored, NAV_PASSAGES[2]!, 'code_point')} creatingUser="A1B2C3D4-0000-4000-8000-00000000000A">
        <Coding guid="E0000000-0000-4000-8000-000000000002" creatingUser="A1B2C3D4-0000-4000-8000-00000000000A"><CodeRef targetGUID="{B0000000-0000-4000-8000-000000000001}"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <VideoSource guid="C0000000-0000-4000-8000-000000000002" name="Team meeting" path="relative:///C0000000-0000-4000-8000-000000000002.mov">
      <VideoSelection guid="D0000000-0000-4000-8000-000000000003" begin="1000" end="1000"/>
      <VideoSelection guid="D0000000-0000-4000-8000-000000000004" begin="2000" end="9000"/>
    </VideoSource>
  </Sources>
</Project>`;

  it('reads <Name>.qde, uppercase/braced GUIDs, CRLF counted as one, and reports the video', async () => {
    const res = ok(
      await readQdpx(
        await zip({
          'IPS study.qde': qde,
          'sources/C0000000-0000-4000-8000-000000000001.txt': stored,
        }),
      ),
    );
    expect(res.report.offsetUnit).toBe('code_point');
    expect(texts(res)).toEqual([NAV_PASSAGES[0], NAV_PASSAGES[2]]);
    expect(res.study.excerpts[0]?.description).toBe('Weekly routine, not a one-off.');
    expect(res.study.codings.map((c) => [c.code, c.coderId])).toEqual([
      ['theme.team_meetings', 'researcher'],
      ['lns.valorizing_and_demonizing', 'researcher'],
    ]);
    expect(res.study.codebook.codes).toEqual([
      { key: 'theme.team_meetings', label: 'Team meetings', colour: '#3A7' },
    ]);
    expect(res.report.unmapped).toEqual([
      {
        name: 'Team meetings',
        path: 'Team meetings',
        guid: 'b0000000-0000-4000-8000-000000000002',
        key: 'theme.team_meetings',
        by: 'none',
        line: 5,
      },
    ]);
    expect(res.report.notCarried).toEqual([
      { element: 'VideoSource', count: 1, reason: expect.any(String) as string },
      { element: 'VideoSelection', count: 2, reason: expect.any(String) as string },
    ]);
    // the 0:4 namespace is one of the urn:QDA-XML:project:* family, read like 1.0
    expect(res.study.name).toBe('IPS study');
  });
});

describe('MAXQDA', () => {
  // Variables inside the TextSource (placement 3); duplicate source names; only
  // modifiedDateTime; codable parents; a selection with a Description and no Coding; a PDF.
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="${P}" name="IPS MAXQDA" origin="MAXQDA 24.7" modifiedDateTime="2024-04-02T10:00:00">
  <Users><User guid="F0000000-0000-4000-8000-000000000001" name="MX"/></Users>
  <CodeBook><Codes>
    <Code guid="F1000000-0000-4000-8000-000000000001" name="Collaboration" isCodable="true">
      <Code guid="F1000000-0000-4000-8000-000000000002" name="Shared routines" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="F2000000-0000-4000-8000-000000000001" name="Role" typeOfVariable="Text"/>
    <Variable guid="F2000000-0000-4000-8000-000000000002" name="Sector" typeOfVariable="Text"/>
    <Variable guid="F2000000-0000-4000-8000-000000000003" name="Age group" typeOfVariable="Text"/>
  </Variables>
  <Sources>
    <TextSource guid="F3000000-0000-4000-8000-000000000001" name="Interview" plainTextPath="internal://F3000000-0000-4000-8000-000000000001.txt" modifiedDateTime="2024-04-01T09:00:00">
      <PlainTextSelection guid="F4000000-0000-4000-8000-000000000001" ${pos(MANAGER_INTERVIEW, MANAGER_PASSAGES[0]!, 'code_point')}>
        <Coding guid="F5000000-0000-4000-8000-000000000001" creatingUser="F0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="F1000000-0000-4000-8000-000000000001"/></Coding>
        <Coding guid="F5000000-0000-4000-8000-000000000002" creatingUser="F0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="F1000000-0000-4000-8000-000000000002"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="F4000000-0000-4000-8000-000000000002" ${pos(MANAGER_INTERVIEW, MANAGER_PASSAGES[1]!, 'code_point')}>
        <Description>Check with the clinic manager.</Description>
      </PlainTextSelection>
      <VariableValue><VariableRef targetGUID="F2000000-0000-4000-8000-000000000001"/><TextValue>Manager</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="F2000000-0000-4000-8000-000000000002"/><TextValue>Health</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="F2000000-0000-4000-8000-000000000003"/><TextValue>50-59</TextValue></VariableValue>
    </TextSource>
    <TextSource guid="F3000000-0000-4000-8000-000000000002" name="Interview" plainTextPath="internal://F3000000-0000-4000-8000-000000000002.txt">
      <PlainTextSelection guid="F4000000-0000-4000-8000-000000000003" ${pos(NAV_INTERVIEW, NAV_PASSAGES[1]!, 'code_point')}>
        <Coding guid="F5000000-0000-4000-8000-000000000003" creatingUser="F0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="F1000000-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <PDFSource guid="F3000000-0000-4000-8000-000000000003" name="Agreement.pdf" path="internal://F3000000-0000-4000-8000-000000000003.pdf">
      <PDFSelection guid="F4000000-0000-4000-8000-000000000009" page="1" firstX="10" firstY="10" secondX="200" secondY="90"/>
    </PDFSource>
  </Sources>
</Project>`;

  it('reads file variables inside the source as the interviewee and position; codable parents; uncoded selections', async () => {
    const res = ok(
      await readQdpx(
        await zip({
          'project.qde': qde,
          'sources/F3000000-0000-4000-8000-000000000001.txt': MANAGER_INTERVIEW,
          'sources/F3000000-0000-4000-8000-000000000002.txt': NAV_INTERVIEW.replace(
            /^\uFEFF/,
            '',
          ).replace(/\r\n/g, '\n'),
          'sources/F3000000-0000-4000-8000-000000000003.pdf': '%PDF-1.4',
        }),
      ),
    );
    expect(texts(res)).toEqual([MANAGER_PASSAGES[0], MANAGER_PASSAGES[1], NAV_PASSAGES[1]]);
    expect(res.study.documents.map((d) => [d.id, d.title, d.participants])).toEqual([
      ['interview', 'Interview', ['interview']],
      ['interview_2', 'Interview', []],
    ]);
    expect(res.study.informants).toEqual([
      {
        id: 'interview',
        pseudonym: 'Interview',
        positionId: 'pos-manager-health',
        variables: { 'Age group': '50-59' },
      },
    ]);
    expect(res.study.positions).toEqual([
      { id: 'pos-manager-health', role: 'manager', sector: 'health' },
    ]);
    expect(res.study.excerpts[1]?.description).toBe('Check with the clinic manager.');
    expect(res.study.codebook.codes).toEqual([
      { key: 'theme.collaboration', label: 'Collaboration' },
      { key: 'theme.shared_routines', label: 'Shared routines', parent: 'theme.collaboration' },
    ]);
    expect(res.study.codings.map((c) => c.code)).toEqual([
      'theme.collaboration',
      'theme.shared_routines',
      'theme.collaboration',
    ]);
    expect(res.report.notCarried).toEqual([
      { element: 'PDFSource', count: 1, reason: expect.any(String) as string },
      { element: 'PDFSelection', count: 1, reason: expect.any(String) as string },
    ]);
  });
});

describe('Quirkos-style file variables and named cases with a mapping file', () => {
  // Placement 2: a nameless Case with exactly one SourceRef holds the file's variables.
  // Placement 1: a named Case with variables and SourceRefs is the informant.
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<qda:Project xmlns:qda="${P}" name="Kommune og Nav" origin="Quirkos 2.5">
  <qda:CodeBook><qda:Codes>
    <qda:Code guid="a0000000-0000-4000-8000-000000000001" name="Daglige rutiner" isCodable="true"/>
    <qda:Code guid="${frameworkCode('purpose.creating')?.guid}" name="Skape" isCodable="true"/>
    <qda:Code guid="a0000000-0000-4000-8000-000000000003" name="Relasjoner" isCodable="false">
      <qda:Code guid="a0000000-0000-4000-8000-000000000004" name="Tillit" isCodable="true"/>
    </qda:Code>
  </qda:Codes></qda:CodeBook>
  <qda:Variables>
    <qda:Variable guid="b0000000-0000-4000-8000-000000000001" name="Stilling" typeOfVariable="Text"/>
    <qda:Variable guid="b0000000-0000-4000-8000-000000000002" name="Sektor" typeOfVariable="Text"/>
    <qda:Variable guid="b0000000-0000-4000-8000-000000000003" name="Dobbel tilsetting" typeOfVariable="Boolean"/>
  </qda:Variables>
  <qda:Cases>
    <qda:Case guid="c0000000-0000-4000-8000-000000000001">
      <qda:VariableValue><qda:VariableRef targetGUID="b0000000-0000-4000-8000-000000000001"/><qda:TextValue>Leder</qda:TextValue></qda:VariableValue>
      <qda:VariableValue><qda:VariableRef targetGUID="b0000000-0000-4000-8000-000000000002"/><qda:TextValue>Helse</qda:TextValue></qda:VariableValue>
      <qda:SourceRef targetGUID="d0000000-0000-4000-8000-000000000001"/>
    </qda:Case>
    <qda:Case guid="c0000000-0000-4000-8000-000000000002" name="Rådgiver Nord">
      <qda:VariableValue><qda:VariableRef targetGUID="b0000000-0000-4000-8000-000000000001"/><qda:TextValue>Rådgiver</qda:TextValue></qda:VariableValue>
      <qda:VariableValue><qda:VariableRef targetGUID="b0000000-0000-4000-8000-000000000002"/><qda:TextValue>Nav</qda:TextValue></qda:VariableValue>
      <qda:VariableValue><qda:VariableRef targetGUID="b0000000-0000-4000-8000-000000000003"/><qda:BooleanValue>true</qda:BooleanValue></qda:VariableValue>
      <qda:SourceRef targetGUID="d0000000-0000-4000-8000-000000000002"/>
    </qda:Case>
  </qda:Cases>
  <qda:Sources>
    <qda:TextSource guid="d0000000-0000-4000-8000-000000000001" name="Leder 2" plainTextPath="internal://d0000000-0000-4000-8000-000000000001.txt">
      <qda:PlainTextSelection guid="e0000000-0000-4000-8000-000000000001" ${pos(MANAGER_INTERVIEW, MANAGER_PASSAGES[0]!, 'code_point')}>
        <qda:Coding guid="f0000000-0000-4000-8000-000000000001"><qda:CodeRef targetGUID="a0000000-0000-4000-8000-000000000001"/></qda:Coding>
        <qda:Coding guid="f0000000-0000-4000-8000-000000000002"><qda:CodeRef targetGUID="${frameworkCode('purpose.creating')?.guid}"/></qda:Coding>
      </qda:PlainTextSelection>
    </qda:TextSource>
    <qda:TextSource guid="d0000000-0000-4000-8000-000000000002" name="Nav 5" plainTextPath="internal://d0000000-0000-4000-8000-000000000002.txt">
      <qda:PlainTextSelection guid="e0000000-0000-4000-8000-000000000002" ${pos(NAV_INTERVIEW, NAV_PASSAGES[2]!, 'code_point')}>
        <qda:Coding guid="f0000000-0000-4000-8000-000000000003"><qda:CodeRef targetGUID="a0000000-0000-4000-8000-000000000004"/></qda:Coding>
      </qda:PlainTextSelection>
    </qda:TextSource>
  </qda:Sources>
</qda:Project>`;
  const mapping = {
    codes: { 'Daglige rutiner': 'form.operational' },
    variables: {
      Stilling: { dimension: 'role' as const, values: { Leder: 'manager', Rådgiver: 'advisor' } },
      Sektor: { dimension: 'sector' as const, values: { Helse: 'health', Nav: 'nav' } },
      'Dobbel tilsetting': 'dualEmployment' as const,
    },
  };

  it('maps the nameless single-source case and the named case to informants and positions', async () => {
    const res = ok(
      await readQdpx(
        await zip({
          'project.qde': qde,
          'sources/d0000000-0000-4000-8000-000000000001.txt': MANAGER_INTERVIEW,
          'sources/d0000000-0000-4000-8000-000000000002.txt': NAV_INTERVIEW.replace(/\r\n/g, '\n'),
        }),
        { mapping, defaultCoderId: 'quirkos_user' },
      ),
    );
    expect(texts(res)).toEqual([MANAGER_PASSAGES[0], NAV_PASSAGES[2]]);
    expect(res.study.informants).toEqual([
      { id: 'radgiver_nord', pseudonym: 'Rådgiver Nord', positionId: 'pos-advisor-nav-dual' },
      { id: 'leder_2', pseudonym: 'Leder 2', positionId: 'pos-manager-health' },
    ]);
    expect(res.study.positions).toEqual([
      { id: 'pos-advisor-nav-dual', role: 'advisor', sector: 'nav', dualEmployment: true },
      { id: 'pos-manager-health', role: 'manager', sector: 'health' },
    ]);
    expect(res.study.documents.map((d) => d.participants)).toEqual([
      ['leder_2'],
      ['radgiver_nord'],
    ]);
    expect(res.study.codings.map((c) => c.code)).toEqual([
      'form.operational',
      'purpose.creating',
      'theme.tillit',
    ]);
    expect(res.report.mapped.map((m) => [m.name, m.key, m.by])).toEqual([
      ['Daglige rutiner', 'form.operational', 'mapping'],
      ['Skape', 'purpose.creating', 'guid'],
    ]);
    expect(res.report.unmapped.map((m) => m.key)).toEqual(['theme.relasjoner', 'theme.tillit']);
    expect(res.study.codebook.codes).toEqual([
      { key: 'theme.relasjoner', label: 'Relasjoner', isCodable: false },
      { key: 'theme.tillit', label: 'Tillit', parent: 'theme.relasjoner' },
    ]);
  });

  it('rejects a mapping that names a key that is neither a framework nor a study code', async () => {
    const res = await readQdpx(await zip({ 'project.qde': qde }), {
      mapping: { codes: { Skape: 'lns.made_up' } },
    });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.errors[0]?.code).toBe('invalid_mapping');
  });
});

describe('QualCoder', () => {
  // lowercase sources/ with BOM texts; a BOM on project.qde; `internal:/`; a Note with
  // PlainTextContent referenced from the source; several Codings in one selection; categories
  // as isCodable="false".
  const stored = `\uFEFF${MANAGER_INTERVIEW}`;
  const qde = `\uFEFF<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="${P}" name="QualCoder project" origin="QualCoder 3.6">
  <Users><User guid="11111111-2222-4333-8444-555555555555" name="default"/></Users>
  <CodeBook><Codes>
    <Code guid="21111111-2222-4333-8444-555555555555" name="Institutional work" isCodable="false">
      <Code guid="31111111-2222-4333-8444-555555555555" name="Conceptual work" isCodable="true"/>
      <Code guid="41111111-2222-4333-8444-555555555555" name="Embedding and routinising" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="51111111-2222-4333-8444-555555555555" name="M02.txt" plainTextPath="internal:/51111111-2222-4333-8444-555555555555.txt" creatingUser="11111111-2222-4333-8444-555555555555" creationDateTime="2024-01-05T12:00:00Z">
      <PlainTextSelection guid="61111111-2222-4333-8444-555555555555" ${pos(stored, 'agreed on one shared routine', 'code_point')} creatingUser="11111111-2222-4333-8444-555555555555">
        <Coding guid="71111111-2222-4333-8444-555555555555" creatingUser="11111111-2222-4333-8444-555555555555" creationDateTime="2024-01-06T10:00:00Z"><CodeRef targetGUID="31111111-2222-4333-8444-555555555555"/></Coding>
        <Coding guid="81111111-2222-4333-8444-555555555555" creatingUser="11111111-2222-4333-8444-555555555555"><CodeRef targetGUID="41111111-2222-4333-8444-555555555555"/></Coding>
      </PlainTextSelection>
      <NoteRef targetGUID="91111111-2222-4333-8444-555555555555"/>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="91111111-2222-4333-8444-555555555555" name="Memo for M02" creatingUser="11111111-2222-4333-8444-555555555555"><PlainTextContent>Routine first, then the staff list.</PlainTextContent></Note>
  </Notes>
</Project>`;

  it('reads BOM texts, internal:/ paths, several codings per selection and source notes', async () => {
    const res = ok(
      await readQdpx(
        await zip({
          'project.qde': qde,
          'sources/51111111-2222-4333-8444-555555555555.txt': stored,
        }),
        {
          // the project's own folder is no framework's: its codes map only by the map
          mapping: {
            codes: {
              'Institutional work/Conceptual work': 'form.conceptual',
              'Embedding and routinising': 'lns.embedding_and_routinizing',
            },
          },
        },
      ),
    );
    expect(texts(res)).toEqual(['agreed on one shared routine']);
    expect(res.study.documents[0]?.text).toBe(MANAGER_INTERVIEW);
    expect(res.study.codings.map((c) => [c.code, c.coderId, c.at])).toEqual([
      ['form.conceptual', 'default', '2024-01-06T10:00:00Z'],
      ['lns.embedding_and_routinizing', 'default', undefined],
    ]);
    expect(res.study.memos).toEqual([
      {
        id: 'memo-91111111-2222-4333-8444-555555555555',
        title: 'Memo for M02',
        text: 'Routine first, then the staff list.',
        about: [{ kind: 'document', id: 'm02_txt' }],
        author: 'default',
      },
    ]);
    expect(res.study.codebook.codes).toEqual([
      { key: 'theme.institutional_work', label: 'Institutional work', isCodable: false },
    ]);
  });
});

describe('Taguette', () => {
  // UTF-8 byte offsets; uppercase deterministic GUIDs; an empty <Sets/>; a plain path without
  // internal:// and a non-GUID file name.
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="${P}" name="taguette" origin="Taguette 1.4.1">
  <CodeBook><Codes><Code guid="51B2B2B7-0001-5000-8000-000000000001" name="routines" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="51B2B2B7-0002-5000-8000-000000000001" name="manager" plainTextPath="sources/manager_interview.txt">
      <PlainTextSelection guid="51B2B2B7-0003-5000-8000-000000000001" ${pos(MANAGER_INTERVIEW, MANAGER_PASSAGES[0]!, 'utf8')}>
        <Coding guid="51B2B2B7-0004-5000-8000-000000000001"><CodeRef targetGUID="51B2B2B7-0001-5000-8000-000000000001"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="51B2B2B7-0003-5000-8000-000000000002" ${pos(MANAGER_INTERVIEW, MANAGER_PASSAGES[1]!, 'utf8')}>
        <Coding guid="51B2B2B7-0004-5000-8000-000000000002"><CodeRef targetGUID="51B2B2B7-0001-5000-8000-000000000001"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
  <Sets/>
</Project>`;

  it('detects UTF-8 byte offsets and tolerates an empty <Sets/>', async () => {
    const res = ok(
      await readQdpx(
        await zip({ 'project.qde': qde, 'sources/manager_interview.txt': MANAGER_INTERVIEW }),
      ),
    );
    expect(res.report.offsetUnit).toBe('utf8');
    expect(texts(res)).toEqual(MANAGER_PASSAGES);
    expect(res.study.sets).toEqual([]);
    expect(res.report.warnings.some((w) => w.message.includes('empty <Sets/>'))).toBe(true);
  });
});

describe('QualCoder editor drift and inline text', () => {
  it('detects UTF-16 offsets on LF text and reads PlainTextContent, a dateTime without Z', async () => {
    const text = MANAGER_INTERVIEW;
    const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="${P}" name="inline">
  <CodeBook><Codes><Code guid="01234567-89ab-4cde-8f01-23456789abcd" name="Structural" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="11234567-89ab-4cde-8f01-23456789abcd" name="M02" creationDateTime="2019-09-25T10:00:00">
      <PlainTextContent>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</PlainTextContent>
      <PlainTextSelection guid="21234567-89ab-4cde-8f01-23456789abcd" name="put the employment specialist on the staff list" ${pos(text, MANAGER_PASSAGES[1]!, 'utf16')}>
        <Coding guid="31234567-89ab-4cde-8f01-23456789abcd"><CodeRef targetGUID="01234567-89ab-4cde-8f01-23456789abcd"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>`;
    const res = ok(await readQdpx(await zip({ 'project.qde': qde })));
    expect(res.report.offsetUnit).toBe('utf16');
    expect(texts(res)).toEqual([MANAGER_PASSAGES[1]]);
    expect(res.study.documents[0]?.createdAt).toBe('2019-09-25T10:00:00');
    expect(res.study.documents[0]?.sourcePath).toBeUndefined();
  });
});
