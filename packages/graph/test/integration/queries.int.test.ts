import {
  queryActorGraph,
  queryCodedUnits,
  queryExcerpts,
  aggregateUnits,
  writeDocuments,
  writeStudyManifest,
  type CoderRule,
  type Graph,
} from '@iwa/graph';
import { codingId, excerptId } from '@iwa/study';
import { graphTest } from '@iwa/testing';
import { describe, expect } from 'vitest';
import { tinyStudy } from '../fixtures/tiny-study.ts';

const CODER_A: CoderRule = { coders: ['coder-a'], need: 'any' };

async function load(graph: Graph, studyId: string): Promise<void> {
  const { manifest, codes, bundles } = tinyStudy(studyId);
  await writeStudyManifest(graph, { manifest, codes });
  await writeDocuments(graph, { studyId, bundles });
}

describe('read queries against a real Neo4j', () => {
  graphTest('coded units carry both positions and the codes', async ({ graph, studyId }) => {
    await load(graph, studyId);
    const units = await queryCodedUnits(graph, { studyId });
    expect(units).toHaveLength(2);
    const advisor = units.find((u) => u.speakerId === 'A01');
    expect(advisor).toMatchObject({
      documentId: 'doc-A01',
      performerId: 'nav-a',
      performerKind: 'organisation',
      codes: ['form.conceptual'],
      coders: ['coder-a'],
    });
    expect(advisor?.speaker).toMatchObject({
      role: 'advisor',
      sector: 'nav',
      level: 'regional',
      authority: 'advisory',
    });
    expect(advisor?.performer).toMatchObject({
      role: 'organisation',
      sector: 'nav',
      employerKind: 'nav_local',
    });
    const manager = units.find((u) => u.speakerId === 'M01');
    expect(manager?.speaker).toMatchObject({ role: 'manager', employerKind: 'nav_local' });
  });

  graphTest('a cell opens onto its excerpts, with context', async ({ graph, studyId }) => {
    await load(graph, studyId);
    const res = await queryExcerpts(graph, {
      studyId,
      coders: CODER_A,
      where: [
        { source: { kind: 'actorId', of: 'speaker' }, values: ['M01'] },
        { source: { kind: 'codes', family: 'form' }, values: ['operational'] },
      ],
      context: 10,
    });
    expect(res.total).toBe(1);
    expect(res.items[0]).toMatchObject({
      documentId: 'doc-M01',
      text: 'We moved the job specialist into the treatment team 🙂 and it took time.',
      before: 'art?\nM01: ',
      after: '\n',
      speaker: { id: 'M01', kind: 'informant', position: { role: 'manager' } },
      codes: ['form.operational', 'purpose.creating'],
    });
    const none = await queryExcerpts(graph, {
      studyId,
      coders: CODER_A,
      where: [{ source: { kind: 'codes', family: 'pillar' }, values: ['normative'] }],
    });
    expect(none).toEqual({ total: 0, items: [] });
  });

  graphTest(
    'an excerpt the interviewer speaks has no speaker actor, and its performer still counts',
    async ({ graph, studyId }) => {
      const { manifest, codes, bundles } = tinyStudy(studyId);
      const doc = bundles[0]!;
      const quote = 'How did it start?';
      const start = [...doc.document.text.slice(0, doc.document.text.indexOf(quote))].length;
      const span = { start, end: start + [...quote].length };
      const id = excerptId(studyId, doc.document.id, span);
      doc.excerpts.push({
        id,
        documentId: doc.document.id,
        ...span,
        text: quote,
        speaker: { kind: 'speaker', id: 'INT' },
        performer: { kind: 'organisation', id: 'nav-a' },
        performerSource: 'explicit',
      });
      doc.codings.push({
        id: codingId(id, 'form.operational', 'coder-a'),
        excerptId: id,
        code: 'form.operational',
        coderId: 'coder-a',
      });
      await writeStudyManifest(graph, { manifest, codes });
      await writeDocuments(graph, { studyId, bundles });
      const every = { ...CODER_A, every: true };
      const bySpeaker = await aggregateUnits(graph, {
        studyId,
        coders: every,
        rows: { kind: 'actorId', of: 'speaker' },
        cols: { kind: 'codes', family: 'form' },
      });
      // three coded excerpts, two of them spoken by an informant
      expect(bySpeaker.matched).toBe(3);
      expect(
        bySpeaker.tables[0]?.cells.sort(
          (a, b) => a.row.localeCompare(b.row) || a.col.localeCompare(b.col),
        ),
      ).toEqual([
        { row: 'A01', col: 'conceptual', n: 1 },
        { row: 'M01', col: 'operational', n: 1 },
      ]);
      const byPerformer = await aggregateUnits(graph, {
        studyId,
        coders: every,
        rows: { kind: 'actorId', of: 'performer' },
        cols: { kind: 'codes', family: 'form' },
      });
      expect(
        byPerformer.tables[0]?.cells.sort(
          (a, b) => a.row.localeCompare(b.row) || a.col.localeCompare(b.col),
        ),
      ).toEqual([
        { row: 'M01', col: 'operational', n: 1 },
        { row: 'nav-a', col: 'conceptual', n: 1 },
        { row: 'nav-a', col: 'operational', n: 1 },
      ]);
      const informants = await aggregateUnits(graph, {
        studyId,
        coders: CODER_A,
        unit: 'informants',
        by: 'speaker',
      });
      expect(informants.matched).toBe(2);
    },
  );

  graphTest('the actor graph', async ({ graph, studyId }) => {
    await load(graph, studyId);
    const actors = await queryActorGraph(graph, { studyId });
    expect(actors.nodes.map((n) => `${n.kind}:${n.id}`)).toEqual([
      'informant:A01',
      'informant:M01',
      'organisation:dps-a',
      'organisation:nav-a',
    ]);
    expect(actors.edges.map((e) => [e.type, e.source, e.target, e.dualEmployment])).toEqual([
      ['employed_by', 'M01', 'nav-a', false],
      ['enlists', 'A01', 'M01', false],
    ]);
    const onlyEnlists = await queryActorGraph(graph, { studyId, relations: ['enlists'] });
    expect(onlyEnlists.edges).toHaveLength(1);
  });

  graphTest(
    'study values with quotes, backticks, braces or Cypher cannot change a query',
    async ({ graph, studyId }) => {
      await load(graph, studyId);
      const hostile = [
        "x' OR 1=1 //",
        'a`) DETACH DELETE (n',
        '} RETURN 1 //',
        'MATCH (n) DETACH DELETE n',
      ];
      for (const value of hostile) {
        const counts = await aggregateUnits(graph, {
          studyId,
          coders: CODER_A,
          rows: { kind: 'actor', of: 'speaker', values: { M01: [value] } },
          cols: { kind: 'codes', family: 'form' },
          where: [
            { source: { kind: 'actor', of: 'speaker', values: { M01: [value] } }, values: ['nav'] },
            { source: { kind: 'codes', family: 'form' }, values: [value] },
          ],
        });
        expect(counts.matched).toBe(0);
        const ex = await queryExcerpts(graph, {
          studyId: value,
          coders: { coders: [value], need: 'any' },
          where: [{ source: { kind: 'codes', family: value }, values: [value] }],
        });
        expect(ex.total).toBe(0);
      }
      const units = await queryCodedUnits(graph, { studyId });
      expect(units).toHaveLength(2);
    },
  );
});
