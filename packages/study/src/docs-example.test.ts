import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue } from './issues.ts';
import { readStudyFolder } from './study-folder.ts';

/**
 * docs/study-format.md promises a complete small example. Write its files out exactly as the
 * page shows them and read the folder, so the page can never drift from the reader.
 */
describe('the example in docs/study-format.md', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('reads without errors or warnings', async () => {
    const page = await readFile(new URL('../../../docs/study-format.md', import.meta.url), 'utf8');
    const example = page.slice(
      page.indexOf('## A complete small example'),
      page.indexOf('## study.yaml'),
    );
    const blocks = [...example.matchAll(/^`([^`]+)`[^\n]*:\n\n```[a-z]*\n([\s\S]*?)```$/gm)];
    expect(blocks.map((b) => b[1])).toEqual([
      'study.yaml',
      'transcripts/interviews/A07.txt',
      'transcripts/interviews/M07.md',
      'codings.yaml',
      'codings/ole.csv',
    ]);
    dir = await mkdtemp(path.join(tmpdir(), 'iwa-docs-example-'));
    for (const [, file, body] of blocks) {
      const target = path.join(dir, file!);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, body!);
    }
    const res = await readStudyFolder(dir);
    if (!res.ok) throw new Error(res.errors.map(formatIssue).join('\n'));
    expect(res.warnings.map(formatIssue)).toEqual([]);
    const { study } = res;
    expect(study.documents.map((d) => d.id)).toEqual(['A07', 'M07']);
    expect(study.excerpts.map((e) => e.text)).toContain(
      'Yes, at the Nav regional office and at the DPS.',
    );
    const boundary = study.excerpts.find((e) => e.performerSource === 'explicit');
    expect(boundary?.performer).toEqual({ kind: 'actor_group', id: 'dps_clinicians' });
    expect(study.relations.filter((r) => r.type === 'employed_by')).toHaveLength(3);
  });
});
