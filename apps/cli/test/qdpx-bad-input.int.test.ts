import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getStudy } from '@iwa/graph';
import { uniqueStudyId } from '@iwa/testing';
import { describe, expect, it } from 'vitest';
import { useCliTestContext } from './cli-test-context.ts';
import { makeStudyFolder } from './fixtures/make-study-folder.ts';
import { runIwa } from './run-cli.ts';

const ctx = useCliTestContext('qdpx-bad');
const { temp } = ctx;

describe('iwa study import of a broken .qdpx', () => {
  it('a file that is not a zip, or a truncated project: a clear error, exit 2, nothing written', async () => {
    const studyId = ctx.track(uniqueStudyId('qdpx-src'));
    const dir = join(temp, 'src');
    makeStudyFolder(dir, { studyId, interviews: 1 });
    expect(runIwa(['study', 'import', dir], { env: ctx.env }).status).toBe(0);
    const good = join(temp, 'good.qdpx');
    expect(runIwa(['study', 'export', studyId, '--out', good], { env: ctx.env }).status).toBe(0);

    const notZip = join(temp, 'not-a-zip.qdpx');
    writeFileSync(notZip, 'this is a text file, not a REFI-QDA project\n');
    const truncated = join(temp, 'truncated.qdpx');
    const bytes = readFileSync(good);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));

    for (const file of [notZip, truncated]) {
      const target = ctx.track(uniqueStudyId('qdpx-bad'));
      const res = runIwa(['study', 'import', file, '--study', target], { env: ctx.env });
      expect(res.status, res.stderr).toBe(2);
      expect(res.stderr).toContain(file);
      expect(res.stderr).toContain('nothing was written');
      expect(await getStudy(ctx.graph, { studyId: target })).toBeUndefined();
    }
  });
});
