import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStudyFolder, validateSource } from '@iwa/services';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCast, generateInterviews } from './generate-corpus.ts';
import { writeStudyFolder } from './write-study-folder.ts';

describe('the synthetic corpus', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('is the same for the same seed and differs for another', () => {
    const first = (seed: number) => {
      const options = { interviews: 5, seed };
      return [...generateInterviews(buildCast(options), options)].map((i) => i.text).join('');
    };
    expect(first(1)).toBe(first(1));
    expect(first(1)).not.toBe(first(2));
  });

  it('writes a study folder that iwa reads without errors, with the counts it reports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'iwa-bench-corpus-'));
    dirs.push(dir);
    const stats = await writeStudyFolder(dir, { interviews: 12, seed: 7, secondCoderShare: 0.5 });
    const opened = await openStudyFolder(dir);
    if (!opened.ok) throw new Error(opened.errors.join('\n'));
    const validated = await validateSource(opened.source);
    expect(validated).toEqual({
      ok: true,
      documents: 12,
      excerpts: stats.excerpts,
      codings: stats.codings,
    });
    expect(stats.doubleCoded).toBeGreaterThan(0);
  });
});
