import { createHash } from 'node:crypto';
import type { StudyIssue } from './issues.ts';
import {
  CODING_FIELDS,
  rereadCodingsCsvRows,
  type CodingFileResult,
  type CodingRow,
  type CodingRowContext,
  type CsvLayout,
  type CsvRowPlace,
} from './standoff-codings.ts';

/*
 * The coding rows of a study folder, held from reading the manifest until their document is
 * streamed. A CSV row is kept as where it is (its file, the `[start, end)` of its record and its
 * line: four numbers in typed arrays) and read again from its file when its document is
 * streamed; a YAML row, whose place in the file the YAML reader does not give, is kept packed
 * (see {@link PackedRow}). A study of 800,000 codings in CSV files thus holds about 16 bytes per
 * row for the whole import, instead of the rows.
 */

type CodingField = (typeof CODING_FIELDS)[number];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A coding row of a YAML codings file as the folder keeps it from reading the manifest until its
 * document is streamed (CSV rows are read again from their file instead, see {@link RowIndex}):
 * one object of fixed shape, its repeated strings shared, and the source locations of the row and
 * its fields packed in one flat string (`line,column;field,line,column;…`), unpacked only for the
 * document being read.
 */
class PackedRow {
  readonly file: string;
  readonly locations: string;
  readonly document: string;
  readonly codes: readonly string[];
  readonly coder: string;
  readonly start: number | undefined;
  readonly end: number | undefined;
  readonly anchor: string | undefined;
  readonly occurrence: number | undefined;
  readonly performer: CodingRow['performer'];
  readonly memo: string | undefined;
  readonly excerpt: string | undefined;
  readonly codedAt: string | undefined;
  readonly offsetSpace: CodingRow['offsetSpace'];

  /** Every field is set, so all packed rows share one shape. */
  constructor(row: CodingRow, locations: string, intern: (s: string) => string) {
    this.file = row.file;
    this.locations = locations;
    this.document = intern(row.document);
    this.codes = row.codes.map(intern);
    this.coder = intern(row.coder);
    this.start = row.start;
    this.end = row.end;
    this.anchor = row.anchor;
    this.occurrence = row.occurrence;
    this.performer = row.performer;
    this.memo = row.memo;
    this.excerpt = row.excerpt;
    this.codedAt = row.codedAt === undefined ? undefined : intern(row.codedAt);
    this.offsetSpace = row.offsetSpace;
  }
}

/** Packs a row; a row whose field locations name another file is kept as it is. */
function packRow(row: CodingRow, intern: (s: string) => string): PackedRow | CodingRow {
  // joined, not appended: `+=` leaves a tree of string pieces (several objects per row)
  const locations = [`${row.at.line},${row.at.column}`];
  for (const [i, f] of CODING_FIELDS.entries()) {
    const loc = row.fields[f];
    if (loc === undefined) continue;
    if (loc.file !== row.file || row.at.file !== row.file) return row;
    locations.push(`${i},${loc.line},${loc.column}`);
  }
  return new PackedRow(row, locations.join(';'), intern);
}

/** The row as the parser gave it, with its source locations. */
function unpackRow(packed: PackedRow | CodingRow): CodingRow {
  if (!(packed instanceof PackedRow)) return packed;
  const file = packed.file;
  const [head = '', ...rest] = packed.locations.split(';');
  const [line = 0, column = 0] = head.split(',').map(Number);
  const fields: Partial<Record<CodingField, SourceLocationOf>> = {};
  for (const part of rest) {
    const [i = 0, l = 0, c = 0] = part.split(',').map(Number);
    const f = CODING_FIELDS[i];
    if (f !== undefined) fields[f] = { file, line: l, column: c };
  }
  const row: Mutable<CodingRow> = {
    file,
    at: { file, line, column },
    fields,
    document: packed.document,
    codes: packed.codes,
    coder: packed.coder,
  };
  if (packed.start !== undefined) row.start = packed.start;
  if (packed.end !== undefined) row.end = packed.end;
  if (packed.anchor !== undefined) row.anchor = packed.anchor;
  if (packed.occurrence !== undefined) row.occurrence = packed.occurrence;
  if (packed.performer !== undefined) row.performer = packed.performer;
  if (packed.memo !== undefined) row.memo = packed.memo;
  if (packed.excerpt !== undefined) row.excerpt = packed.excerpt;
  if (packed.codedAt !== undefined) row.codedAt = packed.codedAt;
  if (packed.offsetSpace !== undefined) row.offsetSpace = packed.offsetSpace;
  return row;
}

type SourceLocationOf = CodingRow['at'];

/** A column of 32-bit integers that grows as it is appended to. */
class IntColumn {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): number {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  at(i: number): number {
    return this.data[i] ?? -1;
  }
}

/** The rows of one document, or why they could not be read again. */
export type DocumentRows =
  | { readonly ok: true; readonly rows: CodingRow[] }
  | { readonly ok: false; readonly errors: StudyIssue[] };

/** Reads a codings file of the folder as normalised text (the folder's reader). */
export type CodingsTextReader = (
  file: string,
) => Promise<{ ok: true; text: string } | { ok: false; errors: StudyIssue[] }>;

/** How many files' texts are kept while documents are streamed (rows of a document span a few). */
const CACHED_FILES = 4;

/** The coding rows of a study folder by document; see the comment at the top of this file. */
export class CodingRowIndex {
  /** Each codings file, with a hash of the text its rows' places were taken from. */
  private readonly files: {
    file: string;
    layout: Pick<CsvLayout, 'delimiter' | 'columns'> | undefined;
    hash: string;
  }[] = [];
  private readonly csvFile = new IntColumn();
  private readonly csvStart = new IntColumn();
  private readonly csvEnd = new IntColumn();
  private readonly csvLine = new IntColumn();
  private readonly packed: (PackedRow | CodingRow)[] = [];
  /** Document id → its rows: a CSV row's index (≥ 0), or -1 - the index of a packed row. */
  private readonly byDocument = new Map<string, number[]>();
  private readonly strings = new Map<string, string>();
  private readonly texts = new Map<number, string>();

  constructor(
    private readonly ctx: CodingRowContext,
    private readonly readText: CodingsTextReader,
  ) {}

  private readonly intern = (x: string): string => {
    const known = this.strings.get(x);
    if (known !== undefined) return known;
    this.strings.set(x, x);
    return x;
  };

  /** Adds the good rows of one codings file (its text as read), in the file's order. */
  addFile(file: { name: string; text: string }, res: CodingFileResult): void {
    const f = this.files.length;
    const csv = res.csv;
    this.files.push({
      file: file.name,
      layout: csv === undefined ? undefined : { delimiter: csv.delimiter, columns: csv.columns },
      hash: hashOf(file.text),
    });
    res.rows.forEach((row, i) => {
      const start = csv?.starts[i] ?? -1;
      let ref: number;
      if (csv !== undefined && start >= 0) {
        ref = this.csvFile.push(f);
        this.csvStart.push(start);
        this.csvEnd.push(csv.ends[i] ?? -1);
        this.csvLine.push(csv.lines[i] ?? -1);
      } else {
        ref = -this.packed.push(packRow(row, this.intern));
      }
      const document = this.intern(row.document);
      const list = this.byDocument.get(document);
      if (list === undefined) this.byDocument.set(document, [ref]);
      else list.push(ref);
    });
  }

  /** Each document the rows name, with its number of rows, in the order first named. */
  *documents(): Generator<[string, number]> {
    for (const [id, refs] of this.byDocument) yield [id, refs.length];
  }

  /** The rows of a document, in the files' order, as the codings files gave them. */
  async read(documentId: string): Promise<DocumentRows> {
    return this.readRefs(this.byDocument.get(documentId) ?? []);
  }

  /** The first row naming a document. */
  async first(
    documentId: string,
  ): Promise<{ ok: true; row: CodingRow } | { ok: false; errors: StudyIssue[] } | undefined> {
    const ref = this.byDocument.get(documentId)?.[0];
    if (ref === undefined) return undefined;
    const read = await this.readRefs([ref]);
    if (!read.ok) return read;
    const row = read.rows[0];
    return row === undefined ? undefined : { ok: true, row };
  }

  private async readRefs(refs: readonly number[]): Promise<DocumentRows> {
    const places = new Map<number, CsvRowPlace[]>();
    for (const ref of refs) {
      if (ref < 0) continue;
      const f = this.csvFile.at(ref);
      const list = places.get(f) ?? [];
      list.push({
        start: this.csvStart.at(ref),
        end: this.csvEnd.at(ref),
        line: this.csvLine.at(ref),
      });
      places.set(f, list);
    }
    const read = new Map<number, CodingRow[]>();
    for (const [f, list] of places) {
      const { file, layout } = this.files[f] ?? { file: '', layout: undefined };
      const text = await this.text(f);
      if (!text.ok) return text;
      const rows =
        layout === undefined
          ? undefined
          : rereadCodingsCsvRows(text.text, file, { ctx: this.ctx, layout, places: list });
      if (rows === undefined) return changed(file);
      read.set(f, rows.reverse());
    }
    const rows: CodingRow[] = [];
    for (const ref of refs) {
      const row = ref < 0 ? unpack(this.packed[-ref - 1]) : read.get(this.csvFile.at(ref))?.pop();
      if (row !== undefined) rows.push(row);
    }
    return { ok: true, rows };
  }

  /** A codings file's text, from the few kept (the most recently used). */
  private async text(
    f: number,
  ): Promise<{ ok: true; text: string } | { ok: false; errors: StudyIssue[] }> {
    const kept = this.texts.get(f);
    if (kept !== undefined) {
      this.texts.delete(f);
      this.texts.set(f, kept);
      return { ok: true, text: kept };
    }
    const { file, hash } = this.files[f] ?? { file: '', hash: '' };
    const read = await this.readText(file);
    if (!read.ok) return read;
    if (hashOf(read.text) !== hash) return changed(file);
    this.texts.set(f, read.text);
    for (const old of this.texts.keys()) {
      if (this.texts.size <= CACHED_FILES) break;
      this.texts.delete(old);
    }
    return read;
  }
}

/** The error for a codings file that is not what it was when the manifest was read. */
function changed(file: string): { ok: false; errors: StudyIssue[] } {
  return {
    ok: false,
    errors: [
      {
        severity: 'error',
        code: 'invalid_csv',
        file,
        message:
          'the file changed while the study was being read; its coding rows were not read again',
        hint: 'run the command again once the file is saved',
      },
    ],
  };
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

function unpack(packed: PackedRow | CodingRow | undefined): CodingRow | undefined {
  return packed === undefined ? undefined : unpackRow(packed);
}
