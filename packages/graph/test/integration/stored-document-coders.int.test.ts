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
    'lists coded documents with their payload hash and codings per coder; ids narrow it',
    async ({ graph, studyId }) => {
      const { manifest, codes, bundles } = tinyStudy(studyId);
      expect(await queryStoredDocumentCoders(graph, { studyId })).toEqual([]);
      await writeStudyManifest(graph, { manifest, codes });
      await writeDocuments(graph, { studyId, bundles });

      const expected = bundles
        .filter((b) => b.codings.length > 0)
        .map((b) => {
          const perCoder = new Map<string, number>();
          for (const c of b.codings) perCoder.set(c.coderId, (perCoder.get(c.coderId) ?? 0) + 1);
          return {
            id: b.document.id,
            payloadHash: bundleHash(b),
            coders: [...perCoder]
              .sort(([a], [z]) => (a < z ? -1 : 1))
              .map(([coderId, codings]) => ({ coderId, codings })),
          };
        })
        .sort((a, z) => (a.id < z.id ? -1 : 1));
      expect(expected.length).toBeGreaterThan(0);
      expect(await queryStoredDocumentCoders(graph, { studyId })).toEqual(expected);

      const [one] = expected;
      expect(await queryStoredDocumentCoders(graph, { studyId, ids: [one!.id] })).toEqual([one]);
      expect(
        await queryStoredDocumentCoders(graph, { studyId, ids: ['no-such-document'] }),
      ).toEqual([]);
    },
  );
});
