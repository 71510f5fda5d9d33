import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue } from './issues.ts';
import { iterateStudyDocuments, readStudyManifest } from './study-folder.ts';

/**
 * A generated corpus: 40 interviews of about 150 turns each (with emoji, so code points and
 * UTF-16 differ) and 30 anchored codings per interview. Streams it and checks every excerpt.
 */
describe('a larger study folder', () => {
  let dir = '';
  const DOCS = 40;
  const TURNS = 150;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'iwa-large-'));
    await mkdir(path.join(dir, 'transcripts'));
    const informants = Array.from({ length: DOCS }, (_, i) => `M${String(i + 1).padStart(3, '0')}`);
    await writeFile(
      path.join(dir, 'study.yaml'),
      [
        'study: { id: large, name: Generated corpus }',
        'positions:',
        '  - { id: mgr, role: manager, sector: health }',
        'informants:',
        ...informants.map((id) => `  - { id: ${id}, position: mgr }`),
      ].join('\n'),
    );
    const rows = ['document,anchor,codes,coder'];
    for (const id of informants) {
      const lines: string[] = [];
      for (let t = 0; t < TURNS; t++) {
        lines.push(`I: Question ${t} to ${id} about the steering group 👩🏽‍⚕️?`);
        lines.push(
          `${id}: Answer ${t} from ${id}: we met the DPS 𝔘 in week ${t} and agreed on step ${t}.`,
        );
      }
      await writeFile(path.join(dir, 'transcripts', `${id}.txt`), lines.join('\n'));
      for (let t = 0; t < TURNS; t += 5) {
        rows.push(
          `${id},"we met the DPS 𝔘 in week ${t} and agreed on step ${t}.",form.operational;purpose.creating,kari`,
        );
      }
    }
    await writeFile(path.join(dir, 'codings.csv'), rows.join('\n'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams every document with its excerpts, speakers and codings', async () => {
    const m = await readStudyManifest(dir);
    if (!m.ok) throw new Error(m.errors.map(formatIssue).join('\n'));
    let documents = 0;
    let excerpts = 0;
    let codings = 0;
    for await (const item of iterateStudyDocuments(m.folder)) {
      if (!item.ok) throw new Error(item.errors.map(formatIssue).join('\n'));
      const { document, excerpts: ex } = item.bundle;
      documents++;
      excerpts += ex.length;
      codings += item.bundle.codings.length;
      expect(document.turns).toHaveLength(TURNS * 2);
      for (const e of ex) {
        expect([...document.text].slice(e.start, e.end).join('')).toBe(e.text);
        expect(e.performer).toEqual({ kind: 'informant', id: document.id });
      }
    }
    expect(documents).toBe(DOCS);
    expect(excerpts).toBe(DOCS * (TURNS / 5));
    expect(codings).toBe(excerpts * 2);
  });
});
