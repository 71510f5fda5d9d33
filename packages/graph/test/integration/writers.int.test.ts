import { getStudy, writeDocuments, writeStudyManifest, GraphError } from '@iwa/graph';
import { graphTest } from '@iwa/testing';
import { describe, expect } from 'vitest';
import { tinyStudy } from '../fixtures/tiny-study.ts';

describe('writers against a real Neo4j', () => {
  graphTest(
    'writes a study, and a second write of the same input changes nothing',
    async ({ graph, studyId }) => {
      const { manifest, codes, bundles } = tinyStudy(studyId);
      const first = await writeStudyManifest(graph, { manifest, codes });
      expect(first.study.created).toBe(1);
      expect(first.nodes).toEqual({ created: 10, changed: 0, unchanged: 0 });
      expect(first.relations).toEqual({ written: 2, removed: 0 });
      const docs = await writeDocuments(graph, { studyId, bundles });
      expect(docs).toEqual({
        documents: { created: 2, changed: 0, unchanged: 0 },
        excerpts: 2,
        codings: 3,
        memos: 0,
      });

      const again = await writeStudyManifest(graph, { manifest, codes });
      expect(again.study).toEqual({ created: 0, changed: 0, unchanged: 1 });
      expect(again.nodes).toEqual({ created: 0, changed: 0, unchanged: 10 });
      const docsAgain = await writeDocuments(graph, { studyId, bundles });
      expect(docsAgain.documents).toEqual({ created: 0, changed: 0, unchanged: 2 });

      expect(await getStudy(graph, { studyId })).toMatchObject({
        documents: 2,
        excerpts: 2,
        codings: 3,
        informants: 2,
      });
      const rows = await graph.read(
        `MATCH (e:Excerpt {studyId: $studyId})-[:SPOKEN_BY]->(i:Informant)-[:HOLDS]->(p:Position)
       MATCH (e)-[:PERFORMED_BY]->(a)
       RETURN e.documentId AS doc, e.start AS start, e.end AS end, e.text AS text, i.id AS speaker, p.role AS role, a.id AS performer
       ORDER BY doc`,
        { studyId },
      );
      expect(rows).toEqual([
        {
          doc: 'doc-A01',
          start: 5,
          end: 72,
          text: 'I teach the teams what IPS means and why work is part of treatment.',
          speaker: 'A01',
          role: 'advisor',
          performer: 'nav-a',
        },
        {
          doc: 'doc-M01',
          start: 28,
          end: 99,
          text: 'We moved the job specialist into the treatment team 🙂 and it took time.',
          speaker: 'M01',
          role: 'manager',
          performer: 'M01',
        },
      ]);
    },
  );

  graphTest(
    'a changed document has its excerpts and codings replaced cleanly',
    async ({ graph, studyId }) => {
      const { manifest, codes, bundles } = tinyStudy(studyId);
      await writeStudyManifest(graph, { manifest, codes });
      await writeDocuments(graph, { studyId, bundles });
      const [m, a] = bundles;
      const changed = { ...m!, codings: m!.codings.slice(0, 1) };
      const res = await writeDocuments(graph, { studyId, bundles: [changed, a!] });
      expect(res.documents).toEqual({ created: 0, changed: 1, unchanged: 1 });
      expect(await getStudy(graph, { studyId })).toMatchObject({ excerpts: 2, codings: 2 });
    },
  );

  graphTest('a batch with one bad document writes nothing at all', async ({ graph, studyId }) => {
    const { manifest, codes, bundles } = tinyStudy(studyId);
    await writeStudyManifest(graph, { manifest, codes });
    const [m, a] = bundles;
    const bad = { ...a!, codings: [{ ...a!.codings[0]!, id: 'cd-bad', code: 'form.unknown' }] };
    await expect(writeDocuments(graph, { studyId, bundles: [m!, bad] })).rejects.toSatisfy(
      (e) => e instanceof GraphError && e.code === 'not_found',
    );
    expect(await getStudy(graph, { studyId })).toMatchObject({
      documents: 0,
      excerpts: 0,
      codings: 0,
    });
  });

  graphTest('relations that leave the manifest are removed', async ({ graph, studyId }) => {
    const { manifest, codes } = tinyStudy(studyId);
    await writeStudyManifest(graph, { manifest, codes });
    const res = await writeStudyManifest(graph, {
      manifest: { ...manifest, relations: manifest.relations.slice(0, 1) },
      codes,
    });
    expect(res.relations).toEqual({ written: 1, removed: 1 });
  });
});
