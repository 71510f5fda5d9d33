import { describe, expect, it } from 'vitest';
import { qdpxMapTemplate, readQdpx } from '../src/index.ts';
import { writeRefiProject } from '@iwa/testing/refi-project';

/** The one-line `key: value` entries of a section of the template (enough for this test's edits). */
function entries(text: string, section: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  let inside = false;
  for (const line of lines) {
    if (/^[a-z]/i.test(line)) inside = line.startsWith(`${section}:`);
    else if (inside) {
      const m = /^ {2}("(?:[^"\\]|\\.)*"|[^#:"][^:]*): (\S[^#]*?)\s*(?:#.*)?$/.exec(line);
      if (m?.[1] && m[2]) out[m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1]] = m[2];
    }
  }
  return out;
}

describe('iwa study map → edit → import --map', () => {
  it('lists every code path, variable, label and case; as written it changes nothing; edited, it maps', async () => {
    const project = await writeRefiProject();
    const template = await qdpxMapTemplate(project.bytes);
    if (!template.ok) throw new Error(JSON.stringify(template.errors));
    for (const needle of [
      '# "Classroom practices/Educating": theme.educating',
      '# "Cloutier/Structural": form.structural',
      '# role: { dimension: role }',
      'Employment specialist: employment_specialist',
      '# employer: { dimension: <dimension> }',
      '# Jobseeker: other',
      '#   Åsa Lindqvist',
    ])
      expect(template.text).toContain(needle);
    expect(entries(template.text, 'codes')).toEqual({});
    expect(entries(template.text, 'speakers')).toEqual({});
    const edited = template.text
      .replace(
        '  # "rq1_definition/practices/creating": theme.creating',
        '  "rq1_definition/practices/creating": purpose.creating',
      )
      .replace('  # Jobseeker: other', '  Jobseeker: ignore');
    const mapping = { codes: entries(edited, 'codes'), speakers: entries(edited, 'speakers') };
    expect(mapping).toEqual({
      codes: { 'rq1_definition/practices/creating': 'purpose.creating' },
      speakers: { Jobseeker: 'ignore' },
    });
    const res = await readQdpx(project.bytes, { mapping });
    if (!res.ok) throw new Error(JSON.stringify(res.errors));
    const codes = res.study.codings.map((c) => c.code);
    expect(codes).toContain('purpose.creating');
    expect(codes).not.toContain('theme.creating');
    expect(res.study.excerpts.find((e) => e.text.startsWith('I only heard'))?.speaker?.id).toBe(
      'case_worker',
    );
  });
});
