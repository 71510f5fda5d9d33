import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStudy } from '@iwa/graph';
import { uniqueStudyId } from '@iwa/testing';
import { describe, expect, it } from 'vitest';
import { useCliTestContext } from './cli-test-context.ts';
import { makeStudyFolder } from './fixtures/make-study-folder.ts';
import { runIwa } from './run-cli.ts';

const ctx = useCliTestContext('export');
const { temp } = ctx;

describe('iwa codebook export --study', () => {
  it("writes the frameworks plus the study's own codes; an unknown study exits 2", () => {
    const studyId = uniqueStudyId('cb');
    ctx.track(studyId);
    const dir = join(temp, 'codebook-source');
    makeStudyFolder(dir, { studyId, interviews: 1 });
    expect(runIwa(['study', 'import', dir], { env: ctx.env }).status).toBe(0);
    const out = join(temp, 'study.qdc');
    const res = runIwa(['codebook', 'export', '--study', studyId, '--out', out], { env: ctx.env });
    expect(res.status).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('name="Redefining mental health treatment"');
    expect(xml).toContain('iwa key: form.operational');
    const missing = runIwa(
      ['codebook', 'export', '--study', 'no-such-study', '--out', join(temp, 'x.qdc')],
      { env: ctx.env },
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no study "no-such-study"');
  });
});

describe('iwa study export → .qdpx → iwa study import', () => {
  it('round-trips a study through REFI-QDA without loss, and twice gives the same file', async () => {
    const studyId = uniqueStudyId('rt');
    const copyId = `${studyId}-copy`;
    ctx.track(studyId);
    ctx.track(copyId);
    const dir = join(temp, 'source');
    makeStudyFolder(dir, { studyId, interviews: 2 });
    expect(runIwa(['study', 'import', dir], { env: ctx.env }).status).toBe(0);

    const out = join(temp, 'study.qdpx');
    const exported = runIwa(['study', 'export', studyId, '--out', out], { env: ctx.env });
    expect(exported.stderr).not.toMatch(/iwa: /);
    expect(exported.status).toBe(0);
    const again = join(temp, 'again.qdpx');
    expect(runIwa(['study', 'export', studyId, '--out', again], { env: ctx.env }).status).toBe(0);
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);

    const imported = runIwa(['study', 'import', out, '--study', copyId, '--json'], {
      env: ctx.env,
    });
    expect(imported.stderr).not.toMatch(/iwa: /);
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ offsetUnit: 'code_point' });

    const original = await readStudy(ctx.graph, { studyId });
    const copy = await readStudy(ctx.graph, { studyId: copyId });
    const text = (s: typeof original): string[] =>
      s.excerpts.map((e) => `${e.documentId}:${e.start}-${e.end}:${e.text}`).sort();
    expect(text(copy)).toEqual(text(original));
    const codes = (s: typeof original): string[] => {
      const byId = new Map(s.excerpts.map((e) => [e.id, e]));
      return s.codings
        .map(
          (c) =>
            `${byId.get(c.excerptId)?.documentId}:${byId.get(c.excerptId)?.start}:${c.code}:${c.coderId}`,
        )
        .sort();
    };
    expect(codes(copy)).toEqual(codes(original));
    expect(copy.informants).toEqual(original.informants);
    expect(copy.positions).toEqual(original.positions);
    expect(copy.relations.map((r) => `${r.type}:${r.from.id}->${r.to.id}`).sort()).toEqual(
      original.relations.map((r) => `${r.type}:${r.from.id}->${r.to.id}`).sort(),
    );
    expect(copy.phaseEvents.map((e) => e.type)).toEqual(original.phaseEvents.map((e) => e.type));
  });
});
