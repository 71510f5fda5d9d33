import {
  deleteStudy,
  getStudy,
  writeDocuments,
  writeStudyManifest,
  type DeleteProgress,
  type Graph,
} from '@iwa/graph';
import { graphTest } from '@iwa/testing';
import { codedStudy } from '@iwa/testing/coded-study';
import { describe, expect } from 'vitest';

/*
 * Deleting a study too large for one transaction: the batch size stands in for the server's
 * transaction memory (an 800k-coding study is deleted by the bench, `pnpm bench --full`). Each
 * batch is its own transaction of at most `batchSize` relationships or nodes, relationships
 * first; a deletion that stops half-way is finished by running it again; nothing of another
 * study is touched.
 */

async function write(graph: Graph, studyId: string, seed: number): Promise<void> {
  const study = codedStudy(studyId, seed);
  await writeStudyManifest(graph, { manifest: study.manifest, codes: study.codes });
  await writeDocuments(graph, { studyId, bundles: study.bundles });
}

/** Everything stored under a study id: its nodes and the relationships that touch them. */
async function held(graph: Graph, studyId: string): Promise<{ nodes: number; rels: number }> {
  const [row] = await graph.read(
    `MATCH (n) WHERE n.studyId = $studyId OR (n:Study AND n.id = $studyId)
     OPTIONAL MATCH (n)-[r]-()
     RETURN count(DISTINCT n) AS nodes, count(DISTINCT r) AS rels`,
    { studyId },
  );
  return { nodes: Number(row?.nodes), rels: Number(row?.rels) };
}

const BATCH = 40;

describe('deleteStudy in bounded transactions', () => {
  graphTest(
    'a study of many batches: relationships first, no batch above the limit, the neighbour untouched',
    async ({ graph, studyId }) => {
      const neighbour = `${studyId}-neighbour`;
      try {
        await write(graph, studyId, 7);
        await write(graph, neighbour, 8);
        const before = await held(graph, studyId);
        const neighbourBefore = await held(graph, neighbour);
        const summary = await getStudy(graph, { studyId });
        // far more than one batch: the deletion has to take many transactions
        expect(summary?.codings).toBeGreaterThan(5 * BATCH);
        expect(before.rels).toBeGreaterThan(10 * BATCH);

        const progress: DeleteProgress[] = [];
        const removed = await deleteStudy(graph, {
          studyId,
          batchSize: BATCH,
          onProgress: (p) => progress.push({ ...p }),
        });

        expect(removed).toBe(before.nodes);
        expect(await held(graph, studyId)).toEqual({ nodes: 0, rels: 0 });
        expect(await getStudy(graph, { studyId })).toBeUndefined();
        expect(await held(graph, neighbour)).toEqual(neighbourBefore);

        // one report per committed batch, none larger than the batch size
        expect(progress.length).toBeGreaterThan(before.rels / BATCH);
        let last = { relationships: 0, nodes: 0 };
        for (const p of progress) {
          const step = p.relationships - last.relationships + (p.nodes - last.nodes);
          expect(step).toBeGreaterThan(0);
          expect(step).toBeLessThanOrEqual(BATCH);
          last = p;
        }
        expect(last.relationships).toBe(before.rels);
        // the excerpts lose every relationship before the first excerpt node goes
        const firstNode = progress.findIndex((p) => p.nodes > 0);
        expect(progress[firstNode]?.label).toBe('Excerpt');
        const excerptRels = progress[firstNode - 1]?.relationships ?? 0;
        expect(excerptRels).toBeGreaterThan(summary?.codings ?? 0);
      } finally {
        await deleteStudy(graph, { studyId: neighbour });
      }
    },
  );

  graphTest(
    'a deletion that stopped half-way is finished by running it again',
    async ({ graph, studyId }) => {
      await write(graph, studyId, 11);
      const before = await held(graph, studyId);
      let batches = 0;
      const stop = new Error('stopped after three batches');
      await expect(
        deleteStudy(graph, {
          studyId,
          batchSize: BATCH,
          onProgress: () => {
            batches += 1;
            if (batches === 3) throw stop;
          },
        }),
      ).rejects.toBe(stop);
      const midway = await held(graph, studyId);
      // three committed batches are gone, the rest is still there
      expect(midway.rels).toBe(before.rels - 3 * BATCH);
      expect(midway.nodes).toBe(before.nodes);

      expect(await deleteStudy(graph, { studyId, batchSize: BATCH })).toBe(before.nodes);
      expect(await held(graph, studyId)).toEqual({ nodes: 0, rels: 0 });
    },
  );

  graphTest(
    'a batch size that is not a positive integer is refused',
    async ({ graph, studyId }) => {
      await expect(deleteStudy(graph, { studyId, batchSize: 0 })).rejects.toThrow(RangeError);
      await expect(deleteStudy(graph, { studyId, batchSize: 2.5 })).rejects.toThrow(
        /positive integer/,
      );
    },
  );
});
