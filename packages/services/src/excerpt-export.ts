import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Graph } from '@iwa/graph';
import { toCsv } from './csv.ts';
import { listExcerpts, type ExcerptsPage, type ExcerptsRequest } from './study-excerpts.ts';
import type { StudyVocabulary } from './study-vocabulary.ts';

/** The most excerpts one retrieval exports (the graph's page limit). */
export const MAX_RETRIEVAL = 100_000;

/**
 * Every excerpt a filter selects (a code, or any set of conditions) across the study's
 * documents, with `context` code points around each: what the explorer's Retrieve tab shows
 * and exports, and what `iwa excerpts --format csv|docx` writes.
 */
export async function retrieveExcerpts(
  graph: Graph,
  request: Omit<ExcerptsRequest, 'limit' | 'offset'>,
  vocabulary?: StudyVocabulary,
): Promise<ExcerptsPage> {
  return listExcerpts(
    graph,
    { ...request, limit: MAX_RETRIEVAL, offset: 0, context: request.context ?? 200 },
    vocabulary,
  );
}

type Actor = ExcerptsPage['items'][number]['speaker'];

function actorText(a: Actor): string {
  return a === null ? '' : a.label === a.id ? a.id : `${a.label} (${a.id})`;
}

/** The columns of {@link excerptsCsv}. */
export const EXCERPT_CSV_HEADER = [
  'document',
  'document_title',
  'start',
  'end',
  'speaker',
  'performer',
  'codes',
  'coders',
  'before',
  'text',
  'after',
  'excerpt_id',
] as const;

/**
 * Retrieved excerpts as CSV, one row an excerpt in document order (offsets in code points,
 * codes and coders separated by `; `, the formula guard on every text field).
 */
export function excerptsCsv(page: Pick<ExcerptsPage, 'items'>): string {
  return toCsv(
    EXCERPT_CSV_HEADER,
    page.items.map((x) => [
      x.documentId,
      x.documentTitle,
      x.start,
      x.end,
      actorText(x.speaker),
      actorText(x.performer),
      x.codes.join('; '),
      x.coders.join('; '),
      x.before,
      x.text,
      x.after,
      x.id,
    ]),
    { bom: true },
  );
}

/** Options of {@link excerptsDocx}. */
export interface ExcerptsDocxOptions {
  /** The study's name, for the title. */
  studyName: string;
  /** A label for a code id (the vocabulary's), default the id. */
  codeLabel?: (code: string) => string;
}

/**
 * Retrieved excerpts as a Word document: a title naming the study, the filters and the coders,
 * then each excerpt under its document, offsets and speaker, its text in bold between its
 * context in grey, and its codes.
 */
export async function excerptsDocx(
  page: Pick<ExcerptsPage, 'items' | 'where' | 'coders' | 'total'>,
  options: ExcerptsDocxOptions,
): Promise<Uint8Array> {
  const label = options.codeLabel ?? ((c: string) => c);
  const children: Paragraph[] = [
    new Paragraph({
      text: `${options.studyName}: retrieved excerpts`,
      heading: HeadingLevel.TITLE,
    }),
    new Paragraph({
      children: [
        new TextRun({
          text: `${page.total} excerpt(s)${page.where.length > 0 ? ` where ${page.where.join(' & ')}` : ''}; ${page.coders.description}.`,
          italics: true,
        }),
      ],
    }),
  ];
  for (const x of page.items) {
    const who = actorText(x.speaker);
    const performer =
      x.performer !== null && x.performer.id !== x.speaker?.id
        ? `, performed by ${actorText(x.performer)}`
        : '';
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        text: `${x.documentTitle} · ${x.start}–${x.end}${who === '' ? '' : ` · ${who}`}${performer}`,
      }),
      new Paragraph({
        children: [
          ...(x.before === '' ? [] : [new TextRun({ text: `…${x.before}`, color: '777777' })]),
          new TextRun({ text: x.text, bold: true }),
          ...(x.after === '' ? [] : [new TextRun({ text: `${x.after}…`, color: '777777' })]),
        ],
      }),
      new Paragraph({
        children: [
          new TextRun({
            text: `Codes: ${x.codes.map(label).join('; ')}${x.coders.length > 0 ? ` (coded by ${x.coders.join(', ')})` : ''}`,
            size: 18,
          }),
        ],
      }),
    );
  }
  const doc = new Document({
    creator: 'iwa',
    title: `${options.studyName}: retrieved excerpts`,
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
