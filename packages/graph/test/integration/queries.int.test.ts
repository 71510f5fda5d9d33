import {
  queryActorGraph,
  queryCodedUnits,
  queryCooccurrence,
  queryExcerpts,
  queryMatrix,
  writeDocuments,
  writeStudyManifest,
  type CoderRule,
  type Graph,
} from '@iwa/graph';
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
  graphTest('the matrix counts by speaker and by performer', async ({ graph, studyId }) => {
    await load(graph, studyId);
    const bySpeaker = await queryMatrix(graph, {
      studyId,
      rows: { kind: 'position', dimension: 'role' },
      cols: { kind: 'codes', family: 'form' },
      split: { kind: 'codes', family: 'purpose' },
    });
    // the advisor's excerpt has no purpose code, so the split drops it
    expect(bySpeaker).toEqual([
      {
        row: 'manager',
        col: 'form.operational',
        split: 'purpose.creating',
        excerpts: 1,
        informants: 1,
        documents: 1,
      },
    ]);
    const byPerformer = await queryMatrix(graph, {
      studyId,
      by: 'performer',
      rows: { kind: 'position', dimension: 'sector' },
      cols: { kind: 'codes', family: 'form' },
    });
    expect(byPerformer).toEqual([
      { row: 'nav', col: 'form.conceptual', split: null, excerpts: 1, informants: 1, documents: 1 },
      {
        row: 'nav',
        col: 'form.operational',
        split: null,
        excerpts: 1,
        informants: 1,
        documents: 1,
      },
    ]);
    const rolesByPerformer = await queryMatrix(graph, {
      studyId,
      by: 'performer',
      rows: { kind: 'position', dimension: 'role' },
      cols: { kind: 'codes', family: 'form' },
      where: [{ kind: 'position', dimension: 'sector', value: 'nav' }],
    });
    expect(rolesByPerformer.map((r) => [r.row, r.col])).toEqual([
      ['manager', 'form.operational'],
      ['organisation', 'form.conceptual'],
    ]);
  });

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

  graphTest('co-occurrence and the actor graph', async ({ graph, studyId }) => {
    await load(graph, studyId);
    const pairs = await queryCooccurrence(graph, { studyId, familyA: 'form', familyB: 'purpose' });
    expect(pairs).toEqual([
      { a: 'form.conceptual', b: 'purpose.creating', n1: 1, n2: 1, n12: 0, c: 0 },
      { a: 'form.operational', b: 'purpose.creating', n1: 1, n2: 1, n12: 1, c: 1 },
    ]);
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
        const rows = await queryMatrix(graph, {
          studyId,
          rows: { kind: 'position', dimension: 'role' },
          cols: { kind: 'codes', family: 'form' },
          where: [
            { kind: 'position', dimension: 'sector', value },
            { kind: 'code', code: value },
          ],
        });
        expect(rows).toEqual([]);
        const ex = await queryExcerpts(graph, {
          studyId: value,
          coders: { coders: [value], need: 'any' },
          where: [{ source: { kind: 'codes', family: value }, values: [value] }],
        });
        expect(ex.total).toBe(0);
      }
      // a hostile family name is refused before it reaches Cypher
      await expect(
        queryMatrix(graph, {
          studyId,
          rows: { kind: 'position', dimension: 'role' },
          cols: { kind: 'codes', family: 'form`) DELETE' },
        }),
      ).rejects.toMatchObject({ code: 'query_failed' });
      const units = await queryCodedUnits(graph, { studyId });
      expect(units).toHaveLength(2);
    },
  );
});
