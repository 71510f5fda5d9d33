import { readFileSync } from 'node:fs';
import { defineCodebook, FRAMEWORK_CODES, frameworkCodebook } from '@iwa/taxonomy';
import { describe, expect, it } from 'vitest';
import { validateQdc } from '../test/xsd.ts';
import { writeCodebookQdc } from './codebook-export.ts';

const study = defineCodebook({
  name: 'IPS managers & advisors',
  version: '1.2.0',
  codes: [
    {
      key: 'theme.redefining_treatment',
      label: 'Redefining mental health treatment',
      isCodable: false,
      color: '#8DD3C7',
    },
    {
      key: 'code.work_as_treatment',
      label: 'Work as "treatment" <in parallel>',
      definition: 'Employment belongs inside treatment & not after it.\nSecond line.',
      parent: 'theme.redefining_treatment',
    },
    {
      key: 'flag.confidentiality',
      label: 'Confidentiality',
      guid: 'C0DE0000-0000-4000-8000-00000000000A',
    },
    { key: 'code.teaching_courses', label: 'Teaching IPS courses', parent: 'lns.educating' },
  ],
});

describe('writeCodebookQdc', () => {
  it('writes .qdc files that are valid against the REFI-QDA Codebook XSD', async () => {
    for (const codebook of [
      frameworkCodebook(),
      study,
      defineCodebook({
        name: 'no frameworks',
        frameworks: [],
        codes: [{ key: 'code.a', label: 'A' }],
      }),
    ]) {
      const result = await validateQdc(writeCodebookQdc(codebook));
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    }
  });

  it('is checked by a validator that does reject invalid files', async () => {
    const taguette = readFileSync(
      new URL('../test/fixtures/qdc/taguette-empty-sets.qdc', import.meta.url),
      'utf8',
    );
    const result = await validateQdc(taguette);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/Sets.*Missing child element|Expected is \( .*Set \)/);
    const misordered = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0">
  <Codes>
    <Code guid="c0de0000-0000-4000-8000-000000000001" name="A" isCodable="true">
      <Code guid="c0de0000-0000-4000-8000-000000000002" name="B" isCodable="true"/>
      <Description>after its child: out of order</Description>
    </Code>
  </Codes>
</CodeBook>`;
    expect((await validateQdc(misordered)).valid).toBe(false);
  });

  it('is deterministic: two exports are byte-identical', () => {
    expect(writeCodebookQdc(study)).toBe(writeCodebookQdc(study));
    expect(writeCodebookQdc(frameworkCodebook())).toBe(
      writeCodebookQdc(defineCodebook({ name: 'Institutional work frameworks', version: '1.0.0' })),
    );
  });

  it('writes UTF-8 text without a BOM, the root in the codebook namespace with name and version', () => {
    const xml = writeCodebookQdc(study);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="iwa codebook: IPS managers &amp; advisors (version 1.2.0)">',
      ),
    ).toBe(true);
    expect(xml.charCodeAt(0)).not.toBe(0xfeff);
    expect(xml.endsWith('</CodeBook>\n')).toBe(true);
  });

  it('nests codes under their parents, folders not codable, with colours, descriptions and escaping', () => {
    const xml = writeCodebookQdc(study);
    expect(xml.match(/<Code /g)).toHaveLength(FRAMEWORK_CODES.length + 4);
    expect(xml).toContain(
      '<Code guid="dbf7eca9-3b9c-5643-821b-3635ad87b8de" name="Forms of work (Cloutier et al. 2015)" isCodable="false">',
    );
    expect(xml).toContain('name="Structural work" isCodable="true" color="#4E79A7"');
    expect(xml).toContain(
      'name="Work as &quot;treatment&quot; &lt;in parallel&gt;" isCodable="true">',
    );
    expect(xml).toContain(
      '<Description>Employment belongs inside treatment &amp; not after it.\nSecond line.\n\niwa key: code.work_as_treatment</Description>',
    );
    expect(xml).toContain('guid="c0de0000-0000-4000-8000-00000000000a" name="Confidentiality"');
    // the study code sits inside the framework code it refines
    const educating = xml.indexOf('name="Educating"');
    const teaching = xml.indexOf('name="Teaching IPS courses"');
    expect(teaching).toBeGreaterThan(educating);
    expect(xml.slice(educating, teaching)).not.toContain('</Code>\n      <Code');
  });

  it('writes exactly this for a small codebook', () => {
    const small = defineCodebook({
      name: 'small',
      frameworks: ['pillar'],
      codes: [
        { key: 'theme.rules', label: 'Rules', isCodable: false },
        {
          key: 'flag.missing_rule',
          label: 'Missing rule',
          parent: 'theme.rules',
          color: '#abc',
          definition: 'No law backs it.',
        },
        { key: 'code.guidelines', label: 'Guidelines only', parent: 'pillar.regulative' },
      ],
    });
    expect(writeCodebookQdc(small)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="utf-8"?>
      <CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="iwa codebook: small (version 1.0.0)">
        <Codes>
          <Code guid="f08c9469-5d87-50d4-b4ff-3ee96bb63b1c" name="Pillars of institutions (Scott 2014)" isCodable="false">
            <Description>Which part of the institution the work acts on: its rules, its norms or its shared beliefs.

      Source: Scott 2014, ch. 3.

      iwa key: pillar</Description>
            <Code guid="1ffce50d-2982-5afb-8969-a4d1cdae4633" name="Regulative pillar" isCodable="true" color="#7B1FA2">
              <Description>Institutions as explicit rules backed by monitoring and sanctions: people comply because it pays, or because breaking the rules is punished.

      Source: Scott 2014, ch. 3, Table 3.1.

      iwa key: pillar.regulative</Description>
              <Code guid="807133ec-dd68-5f8f-915b-4808f4c6dfd5" name="Guidelines only" isCodable="true">
                <Description>iwa key: code.guidelines</Description>
              </Code>
            </Code>
            <Code guid="ac7e93bd-00a9-508a-9389-a03962c5f7c8" name="Normative pillar" isCodable="true" color="#EF6C00">
              <Description>Institutions as values and norms that say what is desirable and how things ought to be done, creating binding expectations and obligations.

      Source: Scott 2014, ch. 3, Table 3.1.

      iwa key: pillar.normative</Description>
            </Code>
            <Code guid="a1c7a7c2-9ac5-5701-aebc-be220f744627" name="Cultural-cognitive pillar" isCodable="true" color="#00838F">
              <Description>Institutions as shared frames and categories that make up social reality: people follow them because other ways of acting are hard to conceive.

      Source: Scott 2014, ch. 3, Table 3.1.

      iwa key: pillar.cultural_cognitive</Description>
            </Code>
          </Code>
          <Code guid="469ddc5f-a430-5eca-be25-01791587517f" name="Rules" isCodable="false">
            <Description>iwa key: theme.rules</Description>
            <Code guid="4b3e535e-ea8a-539a-9cb9-0bd115370a4c" name="Missing rule" isCodable="true" color="#AABBCC">
              <Description>No law backs it.

      iwa key: flag.missing_rule</Description>
            </Code>
          </Code>
        </Codes>
      </CodeBook>
      "
    `);
  });
});
