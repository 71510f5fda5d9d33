import {
  deleteCoding,
  getStudy,
  listAuditEntries,
  queryDocumentCodings,
  readStudy,
  setExcerptMemo,
  setPerformer,
  updateCoding,
  upsertCoding,
  writeDocuments,
  writeStudyManifest,
  type ChangeContext,
  type Graph,
} from '@iwa/graph';
import { codingId, contentHash, excerptId } from '@iwa/study';
import { graphTest } from '@iwa/testing';
import { describe, expect } from 'vitest';
import { tinyStudy } from '../fixtures/tiny-study.ts';

const TEXT = 'INT: How did it start?\nM01: We moved 🙂 the job specialist\u0301 into the team.\n';
const DOC = 'doc-wb';

/** The tiny study plus one document with speaker turns (an interviewer turn, then M01's). */
async function seed(graph: Graph, studyId: string): Promise<void> {
  const { manifest, codes, bundles } = tinyStudy(studyId);
  await writeStudyManifest(graph, { manifest, codes });
  const m01At = [...TEXT.slice(0, TEXT.indexOf('M01:'))].length;
  await writeDocuments(graph, {
    studyId,
    bundles: [
      ...bundles,
      {
        document: {
          id: DOC,
          kind: 'interview',
          participants: ['M01'],
          text: TEXT,
          contentHash: contentHash(TEXT),
          turns: [
            { speaker: { kind: 'speaker', id: 'INT' }, start: 0, contentStart: 5, end: m01At },
            {
              speaker: { kind: 'informant', id: 'M01' },
              start: m01At,
              contentStart: m01At + 5,
              end: [...TEXT].length,
            },
          ],
        },
        excerpts: [],
        codings: [],
        memos: [],
      },
    ],
  });
}

let n = 0;
const change = (coderId = 'hilde'): ChangeContext => ({
  opId: `op-${Date.now()}-${n++}`,
  coderId,
  at: '2026-01-02T03:04:05.000Z',
});

/** The code-point span of `quote` in TEXT. */
function span(quote: string): { start: number; end: number } {
  const start = [...TEXT.slice(0, TEXT.indexOf(quote))].length;
  return { start, end: start + [...quote].length };
}

describe('the coding workbench against a real Neo4j', () => {
  graphTest(
    'codes a span as an import would, once however often it is sent',
    async ({ graph, studyId }) => {
      await seed(graph, studyId);
      const quote = 'We moved 🙂 the job specialist\u0301';
      const s = span(quote);
      const op = change();
      const first = await upsertCoding(graph, {
        studyId,
        documentId: DOC,
        ...s,
        code: 'form.operational',
        change: op,
      });
      expect(first.outcome).toBe('created');
      const xid = excerptId(studyId, DOC, s);
      expect(first.coding).toMatchObject({
        id: codingId(xid, 'form.operational', 'hilde'),
        excerptId: xid,
        text: quote,
        ...s,
      });
      // the same request again (a retry), and the same coding under a new operation id
      expect(
        (
          await upsertCoding(graph, {
            studyId,
            documentId: DOC,
            ...s,
            code: 'form.operational',
            change: op,
          })
        ).outcome,
      ).toBe('replayed');
      expect(
        (
          await upsertCoding(graph, {
            studyId,
            documentId: DOC,
            ...s,
            code: 'form.operational',
            change: change(),
          })
        ).outcome,
      ).toBe('unchanged');
      const [x] = await queryDocumentCodings(graph, { studyId, documentId: DOC });
      expect(x).toMatchObject({
        id: xid,
        speaker: { kind: 'informant', id: 'M01' },
        performer: { kind: 'informant', id: 'M01' },
        performerSource: 'speaker',
      });
      expect(x?.codings).toHaveLength(1);
      // the stored excerpt reads back through the model like an imported one
      const study = await readStudy(graph, { studyId });
      expect(study.excerpts.find((e) => e.id === xid)).toMatchObject({
        start: s.start,
        end: s.end,
        text: quote,
        speaker: { kind: 'informant', id: 'M01' },
      });
      const rows = await graph.read(
        'MATCH (e:Excerpt {studyId: $studyId, id: $xid})-[:SPOKEN_BY]->(i:Informant) MATCH (e)-[:IN]->(d:Document) RETURN i.id AS i, d.id AS d',
        { studyId, xid },
      );
      expect(rows).toEqual([{ i: 'M01', d: DOC }]);
      const audit = await listAuditEntries(graph, { studyId });
      expect(audit.total).toBe(1);
      expect(audit.entries[0]).toMatchObject({
        id: op.opId,
        action: 'create_coding',
        coderId: 'hilde',
        before: null,
        after: { text: quote, code: 'form.operational' },
      });
    },
  );

  graphTest('refuses spans outside the text and unknown codes', async ({ graph, studyId }) => {
    await seed(graph, studyId);
    const base = { studyId, documentId: DOC, code: 'form.operational' };
    await expect(
      upsertCoding(graph, { ...base, start: 5, end: 5, change: change() }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      upsertCoding(graph, { ...base, start: 0, end: [...TEXT].length + 1, change: change() }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      upsertCoding(graph, { ...base, code: 'form.nope', start: 0, end: 3, change: change() }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      upsertCoding(graph, { ...base, documentId: 'nope', start: 0, end: 3, change: change() }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await listAuditEntries(graph, { studyId })).total).toBe(0);
  });

  graphTest(
    'edits, deletes, sets performer and memo, each with its audit entry',
    async ({ graph, studyId }) => {
      await seed(graph, studyId);
      const before = await getStudy(graph, { studyId });
      const s = span('the job specialist\u0301');
      const a = await upsertCoding(graph, {
        studyId,
        documentId: DOC,
        ...s,
        code: 'form.operational',
        change: change(),
      });
      await upsertCoding(graph, {
        studyId,
        documentId: DOC,
        ...s,
        code: 'purpose.creating',
        change: change('ole'),
      });
      const xid = a.coding.excerptId;

      const perf = await setPerformer(graph, {
        studyId,
        excerptId: xid,
        performer: { kind: 'organisation', id: 'nav-a' },
        change: change(),
      });
      expect(perf.state).toEqual({
        performer: { kind: 'organisation', id: 'nav-a' },
        performerSource: 'explicit',
      });
      await expect(
        setPerformer(graph, {
          studyId,
          excerptId: xid,
          performer: { kind: 'organisation', id: 'x' },
          change: change(),
        }),
      ).rejects.toMatchObject({ code: 'not_found' });
      const memo = await setExcerptMemo(graph, {
        studyId,
        excerptId: xid,
        text: 'hands-on work',
        change: change(),
      });
      expect(memo.outcome).toBe('changed');
      expect(
        (
          await setExcerptMemo(graph, {
            studyId,
            excerptId: xid,
            text: 'hands-on work',
            change: change(),
          })
        ).outcome,
      ).toBe('unchanged');

      // blind coding: ole sees only ole's coding and no memo of hilde's
      const blind = await queryDocumentCodings(graph, { studyId, documentId: DOC, coderId: 'ole' });
      expect(blind.flatMap((x) => x.codings.map((c) => c.coderId))).toEqual(['ole']);
      expect(blind[0]?.memos).toEqual([]);
      const all = await queryDocumentCodings(graph, { studyId, documentId: DOC });
      expect(all[0]?.performer).toEqual({ kind: 'organisation', id: 'nav-a' });
      expect(all[0]?.memos.map((m) => m.text)).toEqual(['hands-on work']);

      // an edit of the code: a new coding, the old one gone
      const edited = await updateCoding(graph, {
        studyId,
        codingId: a.coding.id,
        code: 'form.conceptual',
        change: change(),
      });
      expect(edited.outcome).toBe('changed');
      expect(edited.coding.code).toBe('form.conceptual');
      const codes = (
        await queryDocumentCodings(graph, { studyId, documentId: DOC })
      )[0]?.codings.map((c) => c.code);
      expect(codes).toEqual(['form.conceptual', 'purpose.creating']);

      // deleting both codings removes the excerpt and its memo; deleting again changes nothing
      for (const c of (await queryDocumentCodings(graph, { studyId, documentId: DOC }))[0]
        ?.codings ?? []) {
        expect(
          (await deleteCoding(graph, { studyId, codingId: c.id, change: change() })).outcome,
        ).toBe('deleted');
      }
      expect(
        (await deleteCoding(graph, { studyId, codingId: a.coding.id, change: change() })).outcome,
      ).toBe('unchanged');
      expect(await queryDocumentCodings(graph, { studyId, documentId: DOC })).toEqual([]);
      const left = await graph.read(
        'MATCH (n {studyId: $studyId}) WHERE (n:Excerpt OR n:Memo) AND n.documentId = $doc RETURN count(n) AS n',
        { studyId, doc: DOC },
      );
      expect(left).toEqual([{ n: 0 }]);
      expect(await getStudy(graph, { studyId })).toMatchObject({
        excerpts: before?.excerpts,
        codings: before?.codings,
      });
      const audit = await listAuditEntries(graph, { studyId, documentId: DOC });
      expect(audit.entries.map((e) => e.action)).toEqual([
        'create_coding',
        'create_coding',
        'set_performer',
        'set_memo',
        'update_coding',
        'delete_coding',
        'delete_coding',
      ]);
      expect(audit.entries.at(-1)).toMatchObject({
        after: { excerptRemoved: true },
        before: { memos: ['hands-on work'] },
      });
    },
  );
});
