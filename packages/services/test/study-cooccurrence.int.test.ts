import { writeDocuments, writeStudyManifest } from '@iwa/graph';
import { graphTest } from '@iwa/testing';
import { codedStudy, CODERS, type CodedStudy } from '@iwa/testing/coded-study';
import { describe, expect } from 'vitest';
import { cooccurrenceReport, type CoderRequest } from '../src/index.ts';

/*
 * Co-occurrence against a hand count: n1, n2 and n12 of every pair of form and purpose codes,
 * counted again in TypeScript from what the generated three-coder study wrote (never from what
 * Neo4j returns), for each coder choice and with a filter.
 */

function handCount(
  study: CodedStudy,
  coders: readonly string[],
  need: number,
  keep: (codes: string[]) => boolean = () => true,
): Map<string, { n1: number; n2: number; n12: number }> {
  const units = study.excerpts
    .map((x) => {
      const tally = new Map<string, number>();
      for (const coder of coders)
        for (const c of new Set(x.codes[coder] ?? [])) tally.set(c, (tally.get(c) ?? 0) + 1);
      return [...tally].filter(([, n]) => n >= need).map(([c]) => c);
    })
    .filter((codes) => codes.length > 0 && keep(codes));
  const count = (pred: (codes: string[]) => boolean): number => units.filter(pred).length;
  const out = new Map<string, { n1: number; n2: number; n12: number }>();
  const forms = [...new Set(units.flat().filter((c) => c.startsWith('form.')))];
  const purposes = [...new Set(units.flat().filter((c) => c.startsWith('purpose.')))];
  for (const a of forms)
    for (const b of purposes)
      out.set(`${a}|${b}`, {
        n1: count((u) => u.includes(a)),
        n2: count((u) => u.includes(b)),
        n12: count((u) => u.includes(a) && u.includes(b)),
      });
  return out;
}

describe('cooccurrenceReport counts as a hand count does', () => {
  graphTest('every pair of form × purpose, per coder choice', async ({ graph, studyId }) => {
    const study = codedStudy(studyId, 7);
    await writeStudyManifest(graph, { manifest: study.manifest, codes: study.codes });
    await writeDocuments(graph, { studyId, bundles: study.bundles });
    const choices: [CoderRequest, readonly string[], number][] = [
      [{}, CODERS, 1],
      [{ coders: ['kari'] }, ['kari'], 1],
      [{ coders: ['ane', 'jonas'], rule: 'agreed' }, ['ane', 'jonas'], 2],
    ];
    for (const [request, coders, need] of choices) {
      const report = await cooccurrenceReport(graph, {
        studyId,
        a: 'form',
        b: 'purpose',
        coders: request,
      });
      const got = new Map(report.pairs.map((p) => [`${p.a}|${p.b}`, p]));
      const want = handCount(study, coders, need);
      expect(want.size).toBeGreaterThan(4);
      expect([...got.keys()].sort(), JSON.stringify(request)).toEqual([...want.keys()].sort());
      for (const [key, w] of want) {
        const g = got.get(key);
        expect({ n1: g?.n1, n2: g?.n2, n12: g?.n12 }, `${JSON.stringify(request)} ${key}`).toEqual(
          w,
        );
        expect(g?.c).toBeCloseTo(w.n12 / (w.n1 + w.n2 - w.n12), 12);
      }
    }
    // with a filter that requires a code: only excerpts coded structural count
    const filtered = await cooccurrenceReport(graph, {
      studyId,
      a: 'form',
      b: 'purpose',
      where: ['form=structural'],
    });
    const want = handCount(study, CODERS, 1, (codes) => codes.includes('form.structural'));
    expect(filtered.pairs.length).toBe(want.size);
    for (const p of filtered.pairs)
      expect({ n1: p.n1, n2: p.n2, n12: p.n12 }).toEqual(want.get(`${p.a}|${p.b}`));
  });
});
