import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdpxMapTemplate } from '@iwa/refi';
import { afterAll, describe, expect, it } from 'vitest';
import { openQdpx, validateSource } from '../src/index.ts';
// the generated REFI project of issue 16 (the refi package's test helper)
import { writeRefiProject } from '../../refi/test/refi-project.ts';

const root = mkdtempSync(join(tmpdir(), 'iwa-qdpx-map-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('iwa study map → edit → import --map', () => {
  it('lists every code path, variable, label and case, and an edited template imports', async () => {
    const project = await writeRefiProject();
    const qdpx = join(root, 'project.qdpx');
    writeFileSync(qdpx, project.bytes);
    const template = await qdpxMapTemplate(qdpx);
    if (!template.ok) throw new Error(JSON.stringify(template.errors));
    for (const needle of [
      '"Classroom practices/Educating": theme.educating',
      '"Cloutier/Structural": form.structural',
      'role: { dimension: role }',
      'employer: { dimension: <dimension> }',
      'Jobseeker: other',
      'Åsa Lindqvist',
    ])
      expect(template.text).toContain(needle);
    // as written, the template changes nothing
    const asIs = join(root, 'as-is.yaml');
    writeFileSync(asIs, template.text);
    const plain = await openQdpx(qdpx, { mapFile: asIs });
    if (!plain.ok) throw new Error(plain.errors.join('\n'));
    // the researcher's edits: a project code onto a framework purpose, a label onto a case
    const edited = template.text
      .replace(
        '  # "rq1_definition/practices/creating": theme.creating',
        '  "rq1_definition/practices/creating": purpose.creating',
      )
      .replace('  # Jobseeker: other', '  Jobseeker: ignore');
    const mapFile = join(root, 'map.yaml');
    writeFileSync(mapFile, edited);
    const opened = await openQdpx(qdpx, { mapFile });
    if (!opened.ok) throw new Error(opened.errors.join('\n'));
    const codes: string[] = [];
    let jobseekerSpeaker: string | undefined;
    for await (const item of opened.source.documents()) {
      if (!item.ok) throw new Error(item.errors.join('\n'));
      codes.push(...item.bundle.codings.map((c) => c.code));
      const ex = item.bundle.excerpts.find((e) => e.text.startsWith('I only heard'));
      if (ex) jobseekerSpeaker = ex.speaker?.id;
    }
    expect(codes).toContain('purpose.creating');
    expect(codes).not.toContain('theme.creating');
    expect(jobseekerSpeaker).toBe('case_worker');
    expect((await validateSource(opened.source)).ok).toBe(true);
    expect(opened.source.extra.speakers?.withSpeaker).toBe(project.expected.length);
  });
});
