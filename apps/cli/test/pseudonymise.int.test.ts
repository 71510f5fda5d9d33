import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStudy } from '@iwa/graph';
import { uniqueStudyId } from '@iwa/testing';
import { describe, expect, it } from 'vitest';
import { useCliTestContext } from './cli-test-context.ts';
import { makeStudyFolder } from './fixtures/make-study-folder.ts';
import { runIwa } from './run-cli.ts';

const ctx = useCliTestContext('pseudonymise');

describe('iwa study import --pseudonymise', () => {
  it('replaces names in every stored text and keeps every excerpt equal to its slice', async () => {
    const studyId = ctx.track(uniqueStudyId('pseudo'));
    const dir = join(ctx.temp, 'study');
    makeStudyFolder(dir, { studyId, interviews: 2 });
    const names = join(ctx.temp, 'names.yaml');
    writeFileSync(
      names,
      '- name: director\n  replacement: Director D1\n- name: psychiatrist\n  replacement: P🙂1\n',
    );
    const res = runIwa(['study', 'import', dir, '--pseudonymise', names], { env: ctx.env });
    expect(res.stderr).not.toMatch(/iwa: /);
    expect(res.status).toBe(0);
    const study = await readStudy(ctx.graph, { studyId });
    const texts = study.documents.map((d) => d.text).join('\n');
    expect(texts).not.toMatch(/\bdirector\b|psychiatrist/);
    expect(texts).toContain('Director D1');
    expect(texts).toContain('P🙂1');
    const byId = new Map(study.documents.map((d) => [d.id, [...d.text]]));
    for (const e of study.excerpts) {
      expect(byId.get(e.documentId)?.slice(e.start, e.end).join('')).toBe(e.text);
    }
    expect(study.excerpts.some((e) => e.text.includes('Director D1'))).toBe(true);

    const bad = join(ctx.temp, 'bad-names.yaml');
    writeFileSync(bad, '- replacement: nobody\n');
    const refused = runIwa(
      [
        'study',
        'import',
        dir,
        '--study',
        ctx.track(uniqueStudyId('pseudo-bad')),
        '--pseudonymise',
        bad,
      ],
      { env: ctx.env },
    );
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('bad-names.yaml');
  });
});
