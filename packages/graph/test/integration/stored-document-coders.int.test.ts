import {
  bundleHash,
  queryStoredDocumentCoders,
  writeDocuments,
  writeStudyManifest,
} from '@iwa/graph';
import { graphTest } from '@iwa/testing';
import { describe, expect } from 'vitest';
import { tinyStudy } from '../fixtures/tiny-study.ts';

describe('queryStoredDocumentCoders', () => {
  graphTest(
    'lists coded documents with their payload hash and codings and memos per coder; ids narrow it',
    async ({ graph, studyId }) => {
      const { manifest, codes, bundles } = tinyStudy(studyId);
      // a memo by a coder who coded nothing on that document, and one without an author
      const last = bundles[bundles.length - 1]!;
      last.memos.push(
        { id: 'memo-ida', text: 'Ask about the steering group.', about: [], author: 'ida' },
        { id: 'memo-anon', text: 'Check the date.', about: [] },
      );
      expect(await queryStoredDocumentCoders(graph, { studyId })).toEqual([]);
      await writeStudyManifest(graph, { manifest, codes });
      await writeDocuments(graph, { studyId, bundles });

      const expected = bundles
        .filter((b) => b.codings.length > 0 || b.memos.length > 0)
        .map((b) => {
          const perCoder = new Map<string, { codings: number; memos: number }>();
          const of = (id: string) => perCoder.get(id) ?? { codings: 0, memos: 0 };
          for (const c of b.codings)
            perCoder.set(c.coderId, { ...of(c.coderId), codings: of(c.coderId).codings + 1 });
          for (const m of b.memos) {
            const id = m.author ?? 'unknown';
            perCoder.set(id, { ...of(id), memos: of(id).memos + 1 });
          }
          return {
            id: b.document.id,
            payloadHash: bundleHash(b),
            coders: [...perCoder]
              .sort(([a], [z]) => (a < z ? -1 : 1))
              .map(([coderId, n]) => ({ coderId, ...n })),
          };
        })
        .sort((a, z) => (a.id < z.id ? -1 : 1));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.flatMap((d) => d.coders).filter((c) => c.memos > 0)).toHaveLength(2);
      expect(await queryStoredDocumentCoders(graph, { studyId })).toEqual(expected);

      const [one] = expected;
      expect(await queryStoredDocumentCoders(graph, { studyId, ids: [one!.id] })).toEqual([one]);
      expect(
        await queryStoredDocumentCoders(graph, { studyId, ids: ['no-such-document'] }),
      ).toEqual([]);
    },
  );

  graphTest(
    'writeDocuments refuses, inside its transaction, to replace a document whose coders are missing from the input',
    async ({ graph, studyId }) => {
      const { manifest, codes, bundles } = tinyStudy(studyId);
      await writeStudyManifest(graph, { manifest, codes });
      await writeDocuments(graph, { studyId, bundles });
      const before = await queryStoredDocumentCoders(graph, { studyId });

      // the first document again, changed, with its codings by coder-a gone
      const [first] = bundles;
      const changed = {
        ...first!,
        document: { ...first!.document, title: 'Renamed' },
        codings: [],
      };
      await expect(writeDocuments(graph, { studyId, bundles: [changed] })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining(`${first!.document.id} (coder-a)`) as unknown,
      });
      expect(await queryStoredDocumentCoders(graph, { studyId })).toEqual(before);

      // accepted with replace: the document is replaced and its codings are gone
      const res = await writeDocuments(graph, { studyId, bundles: [changed], replace: true });
      expect(res.documents.changed).toBe(1);
      expect((await queryStoredDocumentCoders(graph, { studyId })).map((d) => d.id)).not.toContain(
        first!.document.id,
      );
    },
  );
});
