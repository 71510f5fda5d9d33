import {
  listAuditEntries,
  listStudyDocuments,
  readStudy,
  readStudyRecord,
  setExcerptMemo,
  upsertCoding,
  writeDocuments,
  writeStudyManifest,
  type ChangeContext,
  type Graph,
} from '@iwa/graph';
import {
  codingId,
  contentHash,
  excerptId,
  type DocumentBundle,
  type StudyManifest,
} from '@iwa/study';
import { graphTest } from '@iwa/testing';
import { describe, expect } from 'vitest';
import {
  addRelation,
  codeRowsFor,
  deleteDocument,
  editCodebook,
  renameDocument,
  replaceDocument,
  saveActor,
} from '../src/index.ts';

const TEXT =
  'INT: Who kept the specialist out?\nM01: The senior psychiatrists kept the specialist out of the ward meetings.\nM01: So we asked the Nav office to write to the clinic director.\n';

function manifestOf(studyId: string): StudyManifest {
  return {
    id: studyId,
    name: 'Editing study',
    informants: [{ id: 'M01', pseudonym: 'Unit leader', positionId: 'manager_health' }],
    speakers: [{ id: 'INT', label: 'Interviewer', role: 'interviewer' }],
    positions: [{ id: 'manager_health', role: 'manager', sector: 'health' }],
    organisations: [],
    actorGroups: [],
    relations: [],
    coders: [],
    memos: [],
    codebook: { codes: [] },
    dimensions: {},
    variables: [],
    phaseEvents: [],
    sets: [],
    links: [],
  };
}

function bundleOf(text: string): DocumentBundle {
  const turns = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line === '') break;
    const len = [...line].length;
    const label = line.slice(0, line.indexOf(':'));
    turns.push({
      speaker:
        label === 'INT'
          ? { kind: 'speaker' as const, id: 'INT' }
          : { kind: 'informant' as const, id: label },
      start: at,
      contentStart: at + label.length + 2,
      end: at + len + 1,
    });
    at += len + 1;
  }
  return {
    document: {
      id: 'interview-1',
      title: 'Interview 1',
      kind: 'interview',
      participants: ['M01'],
      text,
      contentHash: contentHash(text),
      turns,
    },
    excerpts: [],
    codings: [],
    memos: [],
  };
}

async function seed(graph: Graph, studyId: string): Promise<void> {
  const manifest = manifestOf(studyId);
  await writeStudyManifest(graph, { manifest, codes: codeRowsFor(manifest) });
  await writeDocuments(graph, { studyId, bundles: [bundleOf(TEXT)] });
}

let n = 0;
const change = (coderId = 'hilde', undoOf?: string): ChangeContext => ({
  opId: `op-${process.pid}-${n++}`,
  coderId,
  at: new Date(Date.UTC(2026, 0, 2, 3, 4, n)).toISOString(),
  ...(undoOf === undefined ? {} : { undoOf }),
});

function span(quote: string, text = TEXT): { start: number; end: number } {
  const start = [...text.slice(0, text.indexOf(quote))].length;
  return { start, end: start + [...quote].length };
}

describe('the workbench edits a study as an import of the edited study.yaml would', () => {
  graphTest(
    'creates, nests, renames, merges and retires study codes',
    async ({ graph, studyId }) => {
      await seed(graph, studyId);
      const created = await editCodebook(graph, {
        studyId,
        change: change(),
        edit: { op: 'create', family: 'theme', label: 'Gatekeeping by doctors', colour: '#aa3355' },
      });
      expect(created).toMatchObject({
        outcome: 'changed',
        after: { key: 'theme.gatekeeping_by_doctors', label: 'Gatekeeping by doctors' },
      });
      await editCodebook(graph, {
        studyId,
        change: change(),
        edit: {
          op: 'create',
          family: 'theme',
          label: 'Meeting exclusion',
          parent: 'theme.gatekeeping_by_doctors',
        },
      });
      await editCodebook(graph, {
        studyId,
        change: change(),
        edit: { op: 'create', family: 'theme', label: 'Exclusion' },
      });
      const renamed = await editCodebook(graph, {
        studyId,
        change: change(),
        edit: {
          op: 'update',
          key: 'theme.meeting_exclusion',
          label: 'Kept out of meetings',
          description: 'Doctors keep the specialist out of ward meetings',
        },
      });
      expect(renamed.outcome).toBe('changed');
      // a code cannot be put inside itself
      await expect(
        editCodebook(graph, {
          studyId,
          change: change(),
          edit: {
            op: 'update',
            key: 'theme.gatekeeping_by_doctors',
            parent: 'theme.meeting_exclusion',
          },
        }),
      ).rejects.toMatchObject({ code: 'invalid_query' });
      // framework codes are fixed
      await expect(
        editCodebook(graph, {
          studyId,
          change: change(),
          edit: { op: 'retire', key: 'form.relational' },
        }),
      ).rejects.toMatchObject({ code: 'invalid_query' });

      // code a span with the code that will be merged away, by two coders
      const s = span('The senior psychiatrists kept the specialist out of the ward meetings.');
      for (const coder of ['hilde', 'ola']) {
        await upsertCoding(graph, {
          studyId,
          documentId: 'interview-1',
          ...s,
          code: 'theme.exclusion',
          change: change(coder),
        });
      }
      await upsertCoding(graph, {
        studyId,
        documentId: 'interview-1',
        ...s,
        code: 'theme.meeting_exclusion',
        change: change('hilde'),
      });
      // retiring a used code is refused; nothing changes
      await expect(
        editCodebook(graph, {
          studyId,
          change: change(),
          edit: { op: 'retire', key: 'theme.exclusion' },
        }),
      ).rejects.toMatchObject({ code: 'conflict' });
      const merged = await editCodebook(graph, {
        studyId,
        change: change(),
        edit: { op: 'merge', key: 'theme.exclusion', into: 'theme.meeting_exclusion' },
      });
      expect(merged.outcome).toBe('changed');

      const study = await readStudy(graph, { studyId });
      expect(study.codebook.codes).toEqual([
        { key: 'theme.gatekeeping_by_doctors', label: 'Gatekeeping by doctors', colour: '#aa3355' },
        {
          key: 'theme.meeting_exclusion',
          label: 'Kept out of meetings',
          parent: 'theme.gatekeeping_by_doctors',
          description: 'Doctors keep the specialist out of ward meetings',
        },
      ]);
      const x = excerptId(studyId, 'interview-1', s);
      // hilde's two codings became one; ola's moved, with the importer's id for the new code
      expect(study.codings.map((c) => c.id).sort()).toEqual(
        [
          codingId(x, 'theme.meeting_exclusion', 'hilde'),
          codingId(x, 'theme.meeting_exclusion', 'ola'),
        ].sort(),
      );
      const record = await readStudyRecord(graph, { studyId });
      expect((record?.codebook as { codes: unknown[] }).codes).toHaveLength(2);

      // an unused code retires
      await editCodebook(graph, {
        studyId,
        change: change(),
        edit: { op: 'create', family: 'flag', label: 'Check later' },
      });
      await editCodebook(graph, {
        studyId,
        change: change(),
        edit: { op: 'retire', key: 'flag.check_later' },
      });
      expect((await readStudy(graph, { studyId })).codebook.codes.map((c) => c.key)).toEqual([
        'theme.gatekeeping_by_doctors',
        'theme.meeting_exclusion',
      ]);
      const { entries } = await listAuditEntries(graph, { studyId });
      expect(entries.map((e) => e.action)).toEqual([
        'create_code',
        'create_code',
        'create_code',
        'update_code',
        'create_coding',
        'create_coding',
        'create_coding',
        'merge_code',
        'create_code',
        'retire_code',
      ]);
    },
  );

  graphTest(
    'adds actors, positions, attributes and a relation from a passage',
    async ({ graph, studyId }) => {
      await seed(graph, studyId);
      await saveActor(graph, {
        studyId,
        change: change(),
        actor: {
          kind: 'organisation',
          id: 'nav-north',
          name: 'Nav North',
          organisationKind: 'nav_local',
          sector: 'nav',
        },
      });
      await saveActor(graph, {
        studyId,
        change: change(),
        actor: {
          kind: 'actor_group',
          id: 'senior-psychiatrists',
          label: 'Senior psychiatrists',
          groupKind: 'group',
          role: 'senior_doctor',
        },
      });
      await saveActor(graph, {
        studyId,
        change: change(),
        actor: {
          kind: 'informant',
          id: 'A02',
          pseudonym: 'Advisor North',
          role: 'advisor',
          sector: 'nav',
          organisationId: 'nav-north',
          variables: { years_in_post: 4, gender: 'f' },
        },
      });
      // the id space is shared by all actors
      await expect(
        saveActor(graph, {
          studyId,
          change: change(),
          actor: { kind: 'organisation', id: 'A02', name: 'x', organisationKind: 'nav_local' },
        }),
      ).rejects.toMatchObject({ code: 'invalid_query' });
      // an existing informant gets another position; its old one stays for others
      await saveActor(graph, {
        studyId,
        change: change(),
        actor: {
          kind: 'informant',
          id: 'M01',
          pseudonym: 'Unit leader',
          role: 'manager',
          sector: 'health',
          level: 'local',
        },
      });
      const s = span('So we asked the Nav office to write to the clinic director.');
      const coded = await upsertCoding(graph, {
        studyId,
        documentId: 'interview-1',
        ...s,
        code: 'form.relational',
        change: change(),
      });
      // evidence must be a coded passage
      await expect(
        addRelation(graph, {
          studyId,
          change: change(),
          relation: {
            type: 'enlists',
            from: { kind: 'informant', id: 'M01' },
            to: { kind: 'organisation', id: 'nav-north' },
            evidence: ['no-such-excerpt'],
          },
        }),
      ).rejects.toMatchObject({ code: 'not_found' });
      const rel = await addRelation(graph, {
        studyId,
        change: change(),
        relation: {
          type: 'enlists',
          from: { kind: 'informant', id: 'M01' },
          to: { kind: 'organisation', id: 'nav-north' },
          evidence: [coded.coding.excerptId],
        },
      });
      expect(rel.outcome).toBe('changed');

      const study = await readStudy(graph, { studyId });
      expect(study.organisations).toEqual([
        { id: 'nav-north', name: 'Nav North', kind: 'nav_local', sector: 'nav' },
      ]);
      expect(study.actorGroups).toEqual([
        {
          id: 'senior-psychiatrists',
          label: 'Senior psychiatrists',
          kind: 'group',
          role: 'senior_doctor',
        },
      ]);
      expect(study.dimensions.role).toEqual(['senior_doctor']);
      expect(study.informants.find((i) => i.id === 'A02')).toEqual({
        id: 'A02',
        pseudonym: 'Advisor North',
        positionId: 'advisor_nav',
        variables: { years_in_post: 4, gender: 'f' },
      });
      expect(study.informants.find((i) => i.id === 'M01')?.positionId).toBe('manager_health_local');
      expect(study.positions.map((p) => p.id).sort()).toEqual([
        'advisor_nav',
        'manager_health',
        'manager_health_local',
      ]);
      expect(study.relations.map((r) => [r.type, r.from.id, r.to.id, r.evidence])).toEqual(
        expect.arrayContaining([
          ['employed_by', 'A02', 'nav-north', []],
          ['enlists', 'M01', 'nav-north', [coded.coding.excerptId]],
        ]),
      );
    },
  );

  graphTest(
    'renames, replaces (with the import rule) and deletes documents; undo and memo entries',
    async ({ graph, studyId }) => {
      await seed(graph, studyId);
      const renameOp = change();
      expect(
        (
          await renameDocument(graph, {
            studyId,
            documentId: 'interview-1',
            title: 'Unit leader, first interview',
            change: renameOp,
          })
        ).outcome,
      ).toBe('changed');
      expect(await listStudyDocuments(graph, { studyId })).toEqual([
        { id: 'interview-1', title: 'Unit leader, first interview', excerpts: 0 },
      ]);
      // the undo names the entry it takes back
      await renameDocument(graph, {
        studyId,
        documentId: 'interview-1',
        title: 'Interview 1',
        change: change('hilde', renameOp.opId),
      });
      await expect(
        renameDocument(graph, {
          studyId,
          documentId: 'interview-1',
          title: 'X',
          change: change('hilde', 'no-such-op'),
        }),
      ).rejects.toMatchObject({ code: 'not_found' });

      const s = span('The senior psychiatrists kept the specialist out of the ward meetings.');
      const c = await upsertCoding(graph, {
        studyId,
        documentId: 'interview-1',
        ...s,
        code: 'form.relational',
        change: change('ola'),
      });
      await setExcerptMemo(graph, {
        studyId,
        excerptId: c.coding.excerptId,
        text: 'First note',
        change: change('ola'),
      });
      await setExcerptMemo(graph, {
        studyId,
        excerptId: c.coding.excerptId,
        text: 'Second note',
        change: change('ola'),
      });

      const newer = { ...bundleOf(TEXT.replace('ward meetings', 'weekly ward meetings')) };
      await expect(
        replaceDocument(graph, {
          studyId,
          bundle: newer,
          discardCodings: false,
          change: change(),
          fileName: 'interview-1.txt',
        }),
      ).rejects.toThrow(/1 coding and 1 memo by ola/);
      await expect(
        replaceDocument(graph, {
          studyId,
          bundle: newer,
          discardCodings: false,
          change: change(),
          fileName: 'interview-1.txt',
        }),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect((await readStudy(graph, { studyId })).codings).toHaveLength(1);
      const replaced = await replaceDocument(graph, {
        studyId,
        bundle: newer,
        discardCodings: true,
        change: change(),
        fileName: 'interview-1.txt',
      });
      expect(replaced).toEqual({
        outcome: 'changed',
        removed: [{ coderId: 'ola', codings: 1, memos: 1 }],
      });
      const after = await readStudy(graph, { studyId });
      expect(after.documents[0]?.text).toContain('weekly ward meetings');
      expect(after.codings).toEqual([]);

      await deleteDocument(graph, { studyId, documentId: 'interview-1', change: change() });
      expect(await listStudyDocuments(graph, { studyId })).toEqual([]);

      const { entries } = await listAuditEntries(graph, { studyId });
      expect(entries.map((e) => [e.action, e.undoOf ?? null])).toEqual([
        ['rename_document', null],
        ['rename_document', renameOp.opId],
        ['create_coding', null],
        ['set_memo', null],
        ['set_memo', null],
        ['replace_document', null],
        ['delete_document', null],
      ]);
      const memoEdits = entries.filter((e) => e.action === 'set_memo');
      expect(memoEdits.map((e) => [e.before, e.after])).toEqual([
        [null, { text: 'First note', author: 'ola' }],
        [
          { text: 'First note', author: 'ola' },
          { text: 'Second note', author: 'ola' },
        ],
      ]);
      expect(entries.at(-1)?.before).toMatchObject({
        title: 'Interview 1',
        excerpts: 0,
        codings: [],
      });
    },
  );

  graphTest(
    'replaces a document in one transaction: when its audit entry fails, the old document stays whole',
    async ({ graph, studyId }) => {
      await seed(graph, studyId);
      await saveActor(graph, {
        studyId,
        change: change(),
        actor: {
          kind: 'organisation',
          id: 'nav-north',
          name: 'Nav North',
          organisationKind: 'nav_local',
          sector: 'nav',
        },
      });
      const coded = await upsertCoding(graph, {
        studyId,
        documentId: 'interview-1',
        ...span('So we asked the Nav office to write to the clinic director.'),
        code: 'form.relational',
        change: change('ola'),
      });
      await setExcerptMemo(graph, {
        studyId,
        excerptId: coded.coding.excerptId,
        text: 'Enlisting the Nav office',
        change: change('ola'),
      });
      await addRelation(graph, {
        studyId,
        change: change(),
        relation: {
          type: 'enlists',
          from: { kind: 'informant', id: 'M01' },
          to: { kind: 'organisation', id: 'nav-north' },
          evidence: [coded.coding.excerptId],
        },
      });
      const before = await readStudy(graph, { studyId });
      const { total: entriesBefore } = await listAuditEntries(graph, { studyId });

      // the second half fails: the audit entry names an undo of an entry that does not exist,
      // after the new text has been written in the same transaction
      const newer = bundleOf(TEXT.replace('clinic director', 'hospital director'));
      await expect(
        replaceDocument(graph, {
          studyId,
          bundle: newer,
          discardCodings: true,
          change: change('hilde', 'no-such-op'),
          fileName: 'interview-1.txt',
        }),
      ).rejects.toMatchObject({ code: 'not_found' });
      const after = await readStudy(graph, { studyId });
      expect(after.documents, 'the old text is stored').toEqual(before.documents);
      expect(after.excerpts, 'its excerpts stay').toEqual(before.excerpts);
      expect(after.codings, 'its codings stay').toEqual(before.codings);
      expect(after.memos, 'its memos stay').toEqual(before.memos);
      expect(after.relations, 'the relation keeps the passage as its evidence').toEqual(
        before.relations,
      );
      expect(after.relations[0]?.evidence).toEqual([coded.coding.excerptId]);
      const { entries, total } = await listAuditEntries(graph, { studyId });
      expect(total, 'no audit entry was written').toBe(entriesBefore);
      expect(entries.map((e) => e.action)).not.toContain('replace_document');

      // the same replace, done right, changes all of it at once
      const done = await replaceDocument(graph, {
        studyId,
        bundle: newer,
        discardCodings: true,
        change: change(),
        fileName: 'interview-1.txt',
      });
      expect(done).toEqual({
        outcome: 'changed',
        removed: [{ coderId: 'ola', codings: 1, memos: 1 }],
      });
      const replaced = await readStudy(graph, { studyId });
      expect(replaced.documents[0]?.text).toContain('hospital director');
      expect(replaced.codings).toEqual([]);
      expect(replaced.relations[0]?.evidence).toEqual([]);
    },
  );
});
