import { examplePath } from '@iwa/examples';
import { createGraph, deleteStudy, type Graph } from '@iwa/graph';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXCERPT_CSV_HEADER,
  excerptsCsv,
  excerptsDocx,
  listExcerpts,
  openStudyFolder,
  retrieveExcerpts,
  runImport,
  searchStudy,
  ServiceError,
  validateSource,
} from '../src/index.ts';

/*
 * Full-text search and retrieval on the demo studies in this run's Neo4j: the index (migration 3)
 * must find exactly the documents and places a plain scan of the imported texts finds, and only
 * in the study asked; a retrieval must list every excerpt of a code across documents, and its
 * CSV and Word exports must hold each of them.
 */

let graph: Graph;
const ips = uniqueStudyId('search-ips');
const collab = uniqueStudyId('search-collab');
const texts = new Map<string, string>();

async function importExample(name: 'ips-norway' | 'collab-meetings', studyId: string) {
  const opened = await openStudyFolder(examplePath(name), { studyId });
  if (!opened.ok) throw new Error(opened.errors.join('\n'));
  if (name === 'ips-norway') {
    for await (const item of opened.source.documents()) {
      if (item.ok) texts.set(item.bundle.document.id, item.bundle.document.text);
    }
  }
  const validated = await validateSource(opened.source);
  if (!validated.ok) throw new Error(validated.errors.join('\n'));
  await runImport(graph, opened.source, { validated });
}

/**
 * The oracle: where a word (or phrase) stands in each text, by a regular expression: a whole
 * word (an apostrophe or full stop between letters joins words: "didn't", "3.5"), a single word
 * also in its possessive ("Nav's").
 */
function scan(phrase: string): Map<string, number[]> {
  const possessive = phrase.includes(' ') ? '' : "(?:['’]s)?";
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_]|[\\p{L}\\p{N}]['’.])${phrase.split(' ').join('[^\\p{L}\\p{N}_]+')}${possessive}(?![\\p{L}\\p{N}_]|['’.][\\p{L}\\p{N}])`,
    'giu',
  );
  const found = new Map<string, number[]>();
  for (const [id, text] of texts) {
    const at = [...text.matchAll(pattern)].map((m) => [...text.slice(0, m.index)].length);
    if (at.length > 0) found.set(id, at);
  }
  return found;
}

beforeAll(async () => {
  graph = createGraph(testGraphConfig(), { appName: 'iwa-services-search-test' });
  await importExample('ips-norway', ips);
  await importExample('collab-meetings', collab);
}, 300_000);

afterAll(async () => {
  await deleteStudy(graph, { studyId: ips });
  await deleteStudy(graph, { studyId: collab });
  await graph.close();
}, 120_000);

describe('searchStudy (Neo4j full-text index)', () => {
  it.each(['specialist', 'employment specialist', 'Nav'])(
    '"%s": the documents and places a scan of the texts finds',
    async (word) => {
      const expected = scan(word);
      expect(expected.size).toBeGreaterThan(0);
      const report = await searchStudy(graph, {
        studyId: ips,
        query: word.includes(' ') ? `"${word}"` : word,
        limit: 10_000,
      });
      expect(new Set(report.documents.map((d) => d.id))).toEqual(new Set(expected.keys()));
      const places = new Map<string, number[]>();
      for (const h of report.hits)
        places.set(h.documentId, [...(places.get(h.documentId) ?? []), h.start]);
      expect(places).toEqual(expected);
      expect(report.total).toBe([...expected.values()].flat().length);
      for (const h of report.hits) {
        const text = [...(texts.get(h.documentId) ?? '')];
        expect(text.slice(h.start, h.end).join('').toLowerCase()).toMatch(
          new RegExp(`^${word.toLowerCase()}(['’]s)?$`),
        );
        // context within the speaker's turn: never a speaker label
        expect(`${h.before}${h.after}`).not.toMatch(/\*\*[A-Z]+\d*:\*\*/);
      }
    },
  );

  it('needs every term, stays in its study, and pages the hits', async () => {
    const both = await searchStudy(graph, { studyId: ips, query: 'specialist desk' });
    const specialist = scan('specialist');
    const desk = scan('desk');
    expect(new Set(both.documents.map((d) => d.id))).toEqual(
      new Set([...specialist.keys()].filter((id) => desk.has(id))),
    );
    const none = await searchStudy(graph, { studyId: collab, query: 'Fjordvik' });
    expect(scan('Fjordvik').size).toBeGreaterThan(0);
    expect(none.documents).toEqual([]);
    const page = await searchStudy(graph, { studyId: ips, query: 'the', limit: 5, offset: 5 });
    const all = await searchStudy(graph, { studyId: ips, query: 'the', limit: 10_000 });
    expect(page.total).toBe(all.total);
    expect(page.hits).toEqual(all.hits.slice(5, 10));
  });

  it('treats query syntax as words and refuses an empty query', async () => {
    const odd = await searchStudy(graph, { studyId: ips, query: 'specialist) OR (NOT' });
    expect(odd.terms).toEqual(['specialist', 'or', 'not']);
    await expect(searchStudy(graph, { studyId: ips, query: '?!' })).rejects.toBeInstanceOf(
      ServiceError,
    );
    await expect(
      searchStudy(graph, { studyId: 'no-such-study', query: 'x' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('retrieveExcerpts and its exports', () => {
  it('lists every excerpt of a code across documents, as the paged list does', async () => {
    const all = await retrieveExcerpts(graph, { studyId: ips, where: ['form.operational'] });
    const paged = await listExcerpts(graph, {
      studyId: ips,
      where: ['form.operational'],
      limit: 10_000,
      context: 200,
    });
    expect(all.total).toBeGreaterThan(10);
    expect(all.items).toEqual(paged.items);
    expect(all.items).toHaveLength(all.total);
    expect(new Set(all.items.map((x) => x.documentId)).size).toBeGreaterThan(3);
    for (const x of all.items) expect(x.codes).toContain('form.operational');
  });

  it('exports the retrieval as CSV and .docx holding every excerpt', async () => {
    const page = await retrieveExcerpts(graph, {
      studyId: ips,
      where: ['form.relational', 'role=manager'],
    });
    expect(page.total).toBeGreaterThan(0);
    const csv = excerptsCsv(page);
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(EXCERPT_CSV_HEADER.join(','));
    for (const x of page.items) expect(csv).toContain(x.id);
    const docx = await excerptsDocx(page, { studyName: 'IPS Norway' });
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
    expect(value).toContain(
      `${page.total} excerpt(s) where form.relational & speaker.role=manager; ${page.coders.description}`,
    );
    const flat = value.replace(/\s+/g, ' ');
    for (const x of page.items) expect(flat).toContain(x.text.replace(/\s+/g, ' '));
  });
});
