import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePath } from '@iwa/examples';
import { readStudy, setExcerptMemo, upsertCoding } from '@iwa/graph';
import { buildQdpx, writeQdpx } from '@iwa/refi';
import { openQdpx, openStudyFolder, runImport, validateSource } from '@iwa/services';
import type { Study } from '@iwa/study';
import { describe, expect, it } from 'vitest';
import { useCliTestContext } from './cli-test-context.ts';

/*
 * Exports lose nothing iwa holds (issue 16, bullet 6): each demo study, with work added in the
 * explorer's workbench by a browser coder (a coding and a memo on an excerpt), goes
 * iwa → .qdpx → iwa into a new study, and the copy holds the same coders, codings, memos with
 * their links, cases and relations. Every coder who coded is a <User> of the project.
 */
const t = useCliTestContext('qdpx-roundtrip');

async function importFolder(id: 'ips-norway' | 'collab-meetings', studyId: string): Promise<void> {
  const opened = await openStudyFolder(examplePath(id), { studyId });
  if (!opened.ok) throw new Error(opened.errors.join('; '));
  const validated = await validateSource(opened.source);
  if (!validated.ok) throw new Error(validated.errors.join('; '));
  await runImport(t.graph, opened.source, { validated });
}

async function importFile(file: string, studyId: string): Promise<void> {
  const opened = await openQdpx(file, { studyId });
  if (!opened.ok) throw new Error(opened.errors.join('; '));
  const validated = await validateSource(opened.source);
  if (!validated.ok) throw new Error(validated.errors.join('; '));
  await runImport(t.graph, opened.source, { validated });
}

/** Everything compared, with excerpts named by document and span (ids are the study's own). */
function comparable(s: Study) {
  const span = new Map(s.excerpts.map((e) => [e.id, `${e.documentId}@${e.start}-${e.end}`]));
  const target = (a: { kind: string; id: string }) =>
    `${a.kind}:${a.kind === 'excerpt' ? (span.get(a.id) ?? `missing ${a.id}`) : a.id}`;
  return {
    // the declared coders and everyone who coded (a browser coder is declared by the export)
    coders: [...new Set([...s.coders.map((c) => c.id), ...s.codings.map((c) => c.coderId)])].sort(),
    coderNames: s.coders.filter((c) => c.name !== undefined).map((c) => `${c.id}=${c.name}`),
    documents: s.documents.map((d) => `${d.id}|${d.title ?? ''}|${d.contentHash}`).sort(),
    excerpts: s.excerpts
      .map(
        (e) =>
          `${span.get(e.id)}|${e.speaker?.kind}:${e.speaker?.id}|${e.performer?.kind}:${e.performer?.id}|${e.performerSource}`,
      )
      .sort(),
    codings: s.codings.map((c) => `${span.get(c.excerptId)}|${c.code}|${c.coderId}`).sort(),
    memos: s.memos
      .map((m) => `${m.author ?? ''}|${m.text}|${m.about.map(target).sort().join(',')}`)
      .sort(),
    informants: s.informants,
    positions: s.positions,
    organisations: s.organisations,
    relations: s.relations.map((r) => `${r.type}:${r.from.id}->${r.to.id}`).sort(),
    phaseEvents: s.phaseEvents.map((e) => `${e.organisationId}:${e.type}:${e.date ?? ''}`).sort(),
  };
}

describe.each(['ips-norway', 'collab-meetings'] as const)(
  'iwa → .qdpx → iwa on %s with a browser coder',
  (example) => {
    it('keeps every coder in <Users>, every coding and every memo with its link', async () => {
      const studyId = t.track(`${example}-rt${process.pid}`);
      const copyId = t.track(`${example}-rtcopy${process.pid}`);
      await importFolder(example, studyId);
      const before = await readStudy(t.graph, { studyId });
      // the workbench: a browser coder codes a passage and writes a memo on an excerpt
      const doc = before.documents[0]!;
      const excerpt = before.excerpts.find((e) => e.documentId === doc.id)!;
      const code = before.codings.find((c) => c.excerptId === excerpt.id)!.code;
      const change = (n: number, coderId = 'browser-ana') => ({
        opId: `op-${example}-${n}`,
        coderId,
        at: '2026-03-02T10:00:00.000Z',
      });
      await upsertCoding(t.graph, {
        studyId,
        documentId: doc.id,
        start: excerpt.start,
        end: excerpt.end,
        code,
        change: change(1),
      });
      await setExcerptMemo(t.graph, {
        studyId,
        excerptId: excerpt.id,
        text: 'Compare with the Nav side of the same meeting.',
        change: change(2),
      });
      // a second browser coder who only codes (no memo, no excerpt of their own)
      const other = before.excerpts.find((e) => e.documentId === doc.id && e.id !== excerpt.id)!;
      await upsertCoding(t.graph, {
        studyId,
        documentId: doc.id,
        start: other.start,
        end: other.end,
        code,
        change: change(3, 'browser:ben.k'),
      });
      const original = await readStudy(t.graph, { studyId });
      expect(original.codings.some((c) => c.coderId === 'browser:ben.k')).toBe(true);
      expect(original.codings.some((c) => c.coderId === 'browser-ana')).toBe(true);
      expect(original.memos.some((m) => m.about.some((a) => a.id === excerpt.id))).toBe(true);

      // every coder who coded is a <User>, and every Coding's creatingUser is one of them
      const { projectXml } = buildQdpx(original, { origin: 'iwa' });
      const users = new Set(
        [...projectXml.matchAll(/<User guid="([0-9a-f-]+)"[^>]* id="([^"]+)"/g)].map((m) => m[2]),
      );
      for (const coder of new Set(original.codings.map((c) => c.coderId)))
        expect(users, coder).toContain(coder);
      const userGuids = new Set(
        [...projectXml.matchAll(/<User guid="([0-9a-f-]+)"/g)].map((m) => m[1]),
      );
      for (const m of projectXml.matchAll(/<Coding [^>]*creatingUser="([0-9a-f-]+)"/g))
        expect(userGuids).toContain(m[1]);

      const file = join(t.temp, `${example}.qdpx`);
      writeFileSync(file, await writeQdpx(original, { origin: 'iwa' }));
      await importFile(file, copyId);
      const copy = await readStudy(t.graph, { studyId: copyId });
      expect(comparable(copy)).toEqual(comparable(original));
      // the copy knows every coder who coded, by the id they coded under
      const coded = [...new Set(original.codings.map((c) => c.coderId))].sort();
      expect(
        copy.coders
          .map((c) => c.id)
          .filter((id) => coded.includes(id))
          .sort(),
      ).toEqual(coded);
    });
  },
);
