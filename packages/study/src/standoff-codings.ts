import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { isKnownCodeKey, suggestCodeKeys } from './code-keys.ts';
import { codingId, excerptId, memoId } from './ids.ts';
import type { StudyIssue } from './issues.ts';
import {
  DateTime,
  EntityId,
  type ActorRef,
  type Coding,
  type DocumentBundle,
  type Excerpt,
  type Memo,
  type PerformerSource,
  type StudyDocument,
} from './model.ts';
import {
  CANONICAL_OFFSET_SPACE,
  createOffsetConverter,
  lineColumnAtUtf16,
  type OffsetConverter,
  type OffsetSpace,
} from './offsets.ts';
import { turnAt } from './transcript.ts';
import {
  closest,
  parseYamlSource,
  valueAt,
  zodIssuesToStudyIssues,
  type SourceLocation,
} from './yaml-source.ts';

/*
 * Standoff codings: who coded which span of which document with which codes, kept apart from
 * the transcripts, in YAML or CSV. A span is either `start`/`end` (code points into the
 * document text after front matter) or an `anchor`: an exact substring of the document, with
 * `occurrence` (1-based) when it appears more than once.
 */

/** The fields of a coding row, as YAML keys and CSV column names. */
export const CODING_FIELDS = [
  'document',
  'start',
  'end',
  'anchor',
  'occurrence',
  'codes',
  'coder',
  'performer',
  'memo',
  'excerpt',
  'at',
] as const;

/** One coding row, syntax-checked, not yet resolved against its document. */
export interface CodingRow {
  readonly file: string;
  /** Where the row starts. */
  readonly at: SourceLocation;
  /** Where each field given in the row is. */
  readonly fields: Readonly<Partial<Record<(typeof CODING_FIELDS)[number], SourceLocation>>>;
  readonly document: string;
  readonly start?: number;
  readonly end?: number;
  readonly anchor?: string;
  readonly occurrence?: number;
  readonly codes: readonly string[];
  readonly coder: string;
  readonly performer?: ActorRef;
  readonly memo?: string;
  readonly excerpt?: string;
  readonly codedAt?: string;
  /** How `start`/`end` count, when not code points on LF text (from the file's `offsets:`). */
  readonly offsetSpace?: OffsetSpace;
}

/** What checking coding rows needs from the study. */
export interface CodingRowContext {
  /** The study's own code keys (codebook extension). */
  readonly studyCodeKeys: ReadonlySet<string>;
  /** Actor id → typed reference. */
  readonly actors: ReadonlyMap<string, ActorRef>;
  /** Declared coder ids, or undefined when any coder id is accepted. */
  readonly coders: ReadonlySet<string> | undefined;
}

/**
 * The result of reading one codings file: the rows that passed their checks, and the issues of
 * the rest. The file is good when `errors` is empty; the good rows of a bad file are kept so
 * one run can also report anchor and offset errors.
 */
export interface CodingFileResult {
  readonly rows: CodingRow[];
  readonly errors: StudyIssue[];
  readonly warnings: StudyIssue[];
  /**
   * A CSV file's layout and where each of `rows` is in the text, so a reader can drop the rows
   * and read them again later with {@link rereadCodingsCsvRows}. Absent for YAML files.
   */
  readonly csv?: CsvLayout;
}

/** A CSV codings file's layout, and where each row read from it is. */
export interface CsvLayout {
  readonly delimiter: string;
  /** The header's columns, lower-cased. */
  readonly columns: readonly string[];
  /**
   * Per row of the result, the record's text as `[start, end)` in code units of the file's
   * normalised text and the line the record starts on; -1 when it could not be located (then
   * the row cannot be read again and must be kept).
   */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly lines: readonly number[];
}

const YId = z.union([z.string(), z.number()]).transform(String).pipe(EntityId);
const NonNegInt = z.int().nonnegative();

const YRow = z.strictObject({
  document: YId,
  start: NonNegInt.optional(),
  end: NonNegInt.optional(),
  anchor: z.string().min(1).optional(),
  occurrence: z.int().positive().optional(),
  codes: z.union([z.string().transform((s) => splitCodes(s)), z.array(z.string())]),
  coder: YId.optional(),
  performer: YId.optional(),
  memo: z.string().optional(),
  excerpt: YId.optional(),
  at: DateTime.optional(),
});

const YCodingsFile = z.strictObject({
  coder: YId.optional(),
  /** How `start`/`end` in this file count (default: code points on LF text). */
  offsets: z
    .strictObject({
      unit: z.enum(['code_point', 'utf16', 'utf8']),
      line_ends: z.enum(['lf', 'crlf']).optional(),
    })
    .optional(),
  codings: z.array(YRow),
});

/**
 * Reads a YAML codings file: a mapping with `codings:` (a list of rows) and an optional
 * file-wide `coder:`.
 */
export function parseCodingsYaml(
  text: string,
  file: string,
  ctx: CodingRowContext,
): CodingFileResult {
  const parsed = parseYamlSource(text, file);
  if (!parsed.ok) return { rows: [], errors: parsed.errors, warnings: [] };
  const src = parsed.source;
  const res = YCodingsFile.safeParse(src.data ?? {});
  if (!res.success) {
    return {
      rows: [],
      warnings: [],
      errors: zodIssuesToStudyIssues(src, res.error.issues, [...CODING_FIELDS, 'codings']),
    };
  }
  const checker = new RowChecker(file, ctx);
  const offsets = res.data.offsets;
  const space: OffsetSpace | undefined =
    offsets === undefined ? undefined : { unit: offsets.unit, lineEnds: offsets.line_ends ?? 'lf' };
  res.data.codings.forEach((r, i) => {
    const fields: Partial<Record<(typeof CODING_FIELDS)[number], SourceLocation>> = {};
    for (const f of CODING_FIELDS)
      if (r[f] !== undefined) fields[f] = src.locate(['codings', i, f]);
    checker.check({
      at: src.locate(['codings', i]),
      fields,
      raw: {
        document: r.document,
        start: r.start,
        end: r.end,
        anchor: r.anchor,
        occurrence: r.occurrence,
        codes: r.codes,
        codeAt: Array.isArray(valueAt(src.data, ['codings', i, 'codes']))
          ? r.codes.map((_, j) => src.locate(['codings', i, 'codes', j]))
          : undefined,
        coder: r.coder ?? res.data.coder,
        coderAt: r.coder === undefined ? src.locate(['coder']) : fields.coder,
        performer: r.performer,
        memo: r.memo,
        excerpt: r.excerpt,
        codedAt: r.at,
        offsetSpace: space,
      },
    });
  });
  return checker.result();
}

/**
 * Reads a CSV codings file. The first line names the columns (any order; see
 * {@link CODING_FIELDS}); `document`, `codes` and `coder` are required, and `start`+`end` or
 * `anchor`. Codes in one cell are separated by `;`, `,`, `|` or spaces. A header line with `;`
 * and no `,` selects `;` as the delimiter (as spreadsheet programs in many locales write).
 */
export function parseCodingsCsv(
  text: string,
  file: string,
  ctx: CodingRowContext,
): CodingFileResult {
  const firstLine = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: CsvRecord[];
  try {
    records = parseCsv(text, {
      delimiter,
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = typeof err['lines'] === 'number' ? err['lines'] : 1;
    return {
      rows: [],
      warnings: [],
      errors: [
        {
          severity: 'error',
          code: 'invalid_csv',
          file,
          line,
          message: `invalid CSV: ${err.message}`,
          hint: 'quote a cell that contains the delimiter, a quote or a line break, and double quotes inside it ("")',
        },
      ],
    };
  }
  const header = records[0];
  if (header === undefined) return { rows: [], errors: [], warnings: [] };
  const { columns, errors } = checkCodingsHeader(header, { file, delimiter });
  if (errors.length > 0) return { rows: [], errors, warnings: [] };

  const checker = new RowChecker(file, ctx);
  const layout = {
    delimiter,
    columns,
    starts: [] as number[],
    ends: [] as number[],
    lines: [] as number[],
  };
  // csv-parse's raw records, blank lines included, are the text in order: each starts where
  // the one before ends (checked, so a record that is not found is kept as a row instead)
  let at = header.raw.length;
  for (const rec of records.slice(1)) {
    const start = text.startsWith(rec.raw, at) ? at : -1;
    if (start >= 0) at += rec.raw.length;
    if (readCodingsCsvRow(rec, { file, delimiter, columns, checker })) {
      layout.starts.push(start);
      layout.ends.push(start < 0 ? -1 : start + rec.raw.length);
      layout.lines.push(startLine(rec));
    }
  }
  return { ...checker.result(), csv: layout };
}

/** A row of a CSV codings file to read again: where its record is (see {@link CsvLayout}). */
export interface CsvRowPlace {
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

/**
 * Reads rows of a CSV codings file again from the places {@link parseCodingsCsv} gave, with the
 * same checks and the same source locations, in the order given. The rows of one stretch of
 * the file are parsed together. Returns undefined when a row is not what it was (the file
 * changed since it was read).
 */
export function rereadCodingsCsvRows(
  text: string,
  file: string,
  options: {
    ctx: CodingRowContext;
    layout: Pick<CsvLayout, 'delimiter' | 'columns'>;
    places: readonly CsvRowPlace[];
  },
): CodingRow[] | undefined {
  const { ctx, layout, places } = options;
  const { delimiter, columns } = layout;
  if (places.length === 0) return [];
  let from = Infinity;
  let to = -1;
  let length = 0;
  for (const p of places) {
    from = Math.min(from, p.start);
    to = Math.max(to, p.end);
    length += p.end - p.start;
  }
  // one parse of the stretch when the rows are close together, else one parse per row
  const stretches: [number, number][] =
    to - from <= 4 * length + 4096 ? [[from, to]] : places.map((p) => [p.start, p.end]);
  const wanted = new Map(places.map((p) => [p.start, p]));
  const found = new Map<number, CodingRow>();
  for (const [a, b] of stretches) {
    let records: CsvRecord[];
    try {
      records = parseCsv(text.slice(a, b), {
        delimiter,
        info: true,
        raw: true,
        skip_empty_lines: true,
        relax_column_count: true,
      }) as unknown as CsvRecord[];
    } catch (err) {
      if (err instanceof CsvError) return undefined;
      throw err;
    }
    let at = a;
    for (const rec of records) {
      const place = wanted.get(at);
      at += rec.raw.length;
      if (place === undefined || at !== place.end) continue;
      // the record's line in the file: csv-parse counted from the stretch's start
      const again = {
        ...rec,
        info: { ...rec.info, lines: rec.info.lines + place.line - startLine(rec) },
      };
      const checker = new RowChecker(file, ctx);
      if (!readCodingsCsvRow(again, { file, delimiter, columns, checker })) return undefined;
      const row = checker.result().rows[0];
      if (row !== undefined) found.set(place.start, row);
    }
  }
  const rows: CodingRow[] = [];
  for (const p of places) {
    const row = found.get(p.start);
    if (row === undefined) return undefined;
    rows.push(row);
  }
  return rows;
}

/** One record as csv-parse returns it with `info` and `raw`. */
interface CsvRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/** The header's columns, lower-cased; errors for unknown columns and missing required ones. */
function checkCodingsHeader(
  header: CsvRecord,
  csv: { file: string; delimiter: string },
): { columns: string[]; errors: StudyIssue[] } {
  const { file, delimiter } = csv;
  const headerLine = startLine(header);
  const headerCols = fieldColumns(stripEnds(header.raw), delimiter);
  const errors: StudyIssue[] = [];
  const columns = header.record.map((c) => c.trim().toLowerCase());
  columns.forEach((c, j) => {
    if (!(CODING_FIELDS as readonly string[]).includes(c)) {
      const suggestion = closest(c, CODING_FIELDS);
      errors.push({
        severity: 'error',
        code: 'unknown_field',
        file,
        line: headerLine,
        column: headerCols[j]?.column ?? 1,
        message: `unknown column "${header.record[j] ?? ''}"`,
        hint: `${suggestion === undefined ? '' : `did you mean "${suggestion}"? `}columns are ${CODING_FIELDS.join(', ')}`,
      });
    }
  });
  for (const required of ['document', 'codes', 'coder'] as const) {
    if (!columns.includes(required)) {
      errors.push({
        severity: 'error',
        code: 'invalid_value',
        file,
        line: headerLine,
        column: 1,
        message: `the header has no "${required}" column`,
        hint: `add a ${required} column; columns are ${CODING_FIELDS.join(', ')}`,
      });
    }
  }
  if (!columns.includes('anchor') && !(columns.includes('start') && columns.includes('end'))) {
    errors.push({
      severity: 'error',
      code: 'invalid_value',
      file,
      line: headerLine,
      column: 1,
      message: 'the header has neither an "anchor" column nor "start" and "end" columns',
      hint: 'add anchor (the exact excerpt text), or start and end (code point offsets)',
    });
  }
  return { columns, errors };
}

/** Reads one data row into the checker (or records why it cannot); true when it was a good row. */
function readCodingsCsvRow(
  rec: CsvRecord,
  csv: { file: string; delimiter: string; columns: readonly string[]; checker: RowChecker },
): boolean {
  const { file, delimiter, columns, checker } = csv;
  const line = startLine(rec);
  const cols = fieldColumns(stripEnds(rec.raw), delimiter);
  const cell: Partial<Record<(typeof CODING_FIELDS)[number], string>> = {};
  const fields: Partial<Record<(typeof CODING_FIELDS)[number], SourceLocation>> = {};
  columns.forEach((c, j) => {
    const v = rec.record[j]?.trim();
    if (v === undefined || v === '') return;
    const f = c as (typeof CODING_FIELDS)[number];
    cell[f] = c === 'anchor' || c === 'memo' ? (rec.record[j] ?? v) : v;
    const pos = cols[j];
    fields[f] = { file, line: line + (pos?.lineDelta ?? 0), column: pos?.column ?? 1 };
  });
  if (
    rec.record.length > columns.length &&
    rec.record.slice(columns.length).some((v) => v.trim() !== '')
  ) {
    checker.fail({
      severity: 'error',
      code: 'invalid_csv',
      file,
      line,
      column: cols[columns.length]?.column ?? 1,
      message: `row has ${rec.record.length} cells but the header has ${columns.length} columns`,
      hint: 'quote cells that contain the delimiter',
    });
    return false;
  }
  const int = (f: 'start' | 'end' | 'occurrence'): number | undefined | null => {
    const v = cell[f];
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) {
      checker.fail({
        severity: 'error',
        code: 'invalid_value',
        ...(fields[f] ?? { file, line, column: 1 }),
        message: `${f} "${v}" is not a whole number`,
        hint: f === 'occurrence' ? 'occurrence counts from 1' : 'offsets count code points from 0',
      });
      return null;
    }
    return Number(v);
  };
  const start = int('start');
  const end = int('end');
  const occurrence = int('occurrence');
  if (start === null || end === null || occurrence === null) return false;
  if (occurrence === 0) {
    checker.fail({
      severity: 'error',
      code: 'invalid_value',
      ...(fields.occurrence ?? { file, line, column: 1 }),
      message: 'occurrence 0 does not exist',
      hint: 'occurrence counts from 1',
    });
    return false;
  }
  if (cell.at !== undefined && !DateTime.safeParse(cell.at).success) {
    checker.fail({
      severity: 'error',
      code: 'invalid_value',
      ...(fields.at ?? { file, line, column: 1 }),
      message: `at "${cell.at}" is not an ISO date-time`,
      hint: 'write e.g. 2024-05-02T10:15:00Z',
    });
    return false;
  }
  return checker.check({
    at: { file, line, column: 1 },
    fields,
    raw: {
      document: cell.document,
      start,
      end,
      anchor: cell.anchor,
      occurrence,
      codes: splitCodes(cell.codes ?? ''),
      coder: cell.coder,
      coderAt: fields.coder,
      performer: cell.performer,
      memo: cell.memo,
      excerpt: cell.excerpt,
      codedAt: cell.at,
    },
  });
}

interface RawRow {
  readonly document: string | undefined;
  readonly start: number | undefined;
  readonly end: number | undefined;
  readonly anchor: string | undefined;
  readonly occurrence: number | undefined;
  readonly codes: readonly string[];
  readonly coder: string | undefined;
  readonly coderAt: SourceLocation | undefined;
  readonly performer: string | undefined;
  readonly memo: string | undefined;
  readonly excerpt: string | undefined;
  readonly codedAt: string | undefined;
  /** Where each code is, when the codes are a YAML list. */
  readonly codeAt?: readonly SourceLocation[] | undefined;
  readonly offsetSpace?: OffsetSpace | undefined;
}

class RowChecker {
  private readonly rows: CodingRow[] = [];
  private readonly errors: StudyIssue[] = [];

  constructor(
    private readonly file: string,
    private readonly ctx: CodingRowContext,
  ) {}

  fail(issue: StudyIssue): void {
    this.errors.push(issue);
  }

  result(): CodingFileResult {
    return { rows: this.rows, errors: this.errors, warnings: [] };
  }

  check(input: {
    at: SourceLocation;
    fields: Partial<Record<(typeof CODING_FIELDS)[number], SourceLocation>>;
    raw: RawRow;
  }): boolean {
    const { at, fields, raw } = input;
    const before = this.errors.length;
    const err = (
      loc: SourceLocation | undefined,
      code: StudyIssue['code'],
      [message, hint]: readonly [string, string],
    ): void => {
      this.errors.push({ severity: 'error', code, ...(loc ?? at), message, hint });
    };
    if (raw.document === undefined) {
      err(at, 'invalid_value', [
        'the row names no document',
        'give the document id (its file name without extension, or the id in its front matter)',
      ]);
    }
    const hasSpan = raw.start !== undefined || raw.end !== undefined;
    if (hasSpan && (raw.start === undefined || raw.end === undefined)) {
      err(fields.start ?? fields.end, 'invalid_span', [
        `give both start and end (only ${raw.start === undefined ? 'end' : 'start'} is set)`,
        'start is the first code point, end the one after the last',
      ]);
    } else if (raw.start !== undefined && raw.end !== undefined && raw.end <= raw.start) {
      err(fields.end, 'invalid_span', [
        `end ${raw.end} is not after start ${raw.start}`,
        'end is exclusive: the excerpt is text[start, end)',
      ]);
    }
    if (!hasSpan && raw.anchor === undefined) {
      err(at, 'invalid_span', [
        'the row has neither start/end nor anchor',
        'quote the exact excerpt text as anchor, or give start and end',
      ]);
    }
    if (raw.occurrence !== undefined && raw.anchor === undefined) {
      err(fields.occurrence, 'invalid_value', [
        'occurrence needs an anchor',
        'remove occurrence, or add the anchor text',
      ]);
    }
    if (raw.codes.length === 0) {
      err(fields.codes ?? at, 'invalid_value', [
        'the row has no codes',
        'list at least one code key, e.g. form.relational',
      ]);
    }
    const codes = [...new Set(raw.codes)];
    for (const code of codes) {
      const codeLoc = raw.codeAt?.[raw.codes.indexOf(code)] ?? fields.codes;
      if (!isKnownCodeKey(code, this.ctx.studyCodeKeys)) {
        const suggestions = suggestCodeKeys(code, this.ctx.studyCodeKeys);
        const ownFamily = /^(theme|flag)\./.test(code);
        err(codeLoc, 'unknown_code', [
          `unknown code "${code}"`,
          `${suggestions.length > 0 ? `did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}? ` : ''}${ownFamily ? 'declare it under codebook: in study.yaml' : "codes are framework keys (form.*, purpose.*, lns.*, pillar.*) or the study's theme.*/flag.* codes"}`,
        ]);
      }
    }
    if (raw.coder === undefined) {
      err(at, 'invalid_value', [
        'the row names no coder',
        'add coder: <id> to the row, or a file-wide coder: at the top of the file',
      ]);
    } else if (this.ctx.coders !== undefined && !this.ctx.coders.has(raw.coder)) {
      const suggestion = closest(raw.coder, this.ctx.coders);
      err(raw.coderAt, 'unknown_coder', [
        `unknown coder "${raw.coder}"`,
        `${suggestion === undefined ? '' : `did you mean "${suggestion}"? `}declare it under coders: in study.yaml`,
      ]);
    }
    let performer: ActorRef | undefined;
    if (raw.performer !== undefined) {
      performer = this.ctx.actors.get(raw.performer);
      if (performer === undefined) {
        const suggestion = closest(raw.performer, this.ctx.actors.keys());
        err(fields.performer, 'unknown_actor', [
          `unknown performer "${raw.performer}"`,
          `${suggestion === undefined ? '' : `did you mean "${suggestion}"? `}a performer is an informant, organisation or actor group id from study.yaml`,
        ]);
      }
    }
    if (raw.excerpt !== undefined && !EntityId.safeParse(raw.excerpt).success) {
      err(fields.excerpt, 'invalid_value', [
        `excerpt id "${raw.excerpt}" has characters ids cannot have`,
        'use letters, digits and _ . : - only',
      ]);
    }
    if (this.errors.length > before || raw.document === undefined || raw.coder === undefined)
      return false;
    this.rows.push({
      file: this.file,
      at,
      fields,
      document: raw.document,
      codes,
      coder: raw.coder,
      ...(raw.start === undefined ? {} : { start: raw.start }),
      ...(raw.end === undefined ? {} : { end: raw.end }),
      ...(raw.anchor === undefined ? {} : { anchor: raw.anchor }),
      ...(raw.occurrence === undefined ? {} : { occurrence: raw.occurrence }),
      ...(performer === undefined ? {} : { performer }),
      ...(raw.memo === undefined ? {} : { memo: raw.memo }),
      ...(raw.excerpt === undefined ? {} : { excerpt: raw.excerpt }),
      ...(raw.codedAt === undefined ? {} : { codedAt: raw.codedAt }),
      ...(raw.offsetSpace === undefined ? {} : { offsetSpace: raw.offsetSpace }),
    });
    return true;
  }
}

/** The result of resolving a document's coding rows. */
export type ResolveResult =
  | { readonly ok: true; readonly bundle: DocumentBundle; readonly warnings: StudyIssue[] }
  | { readonly ok: false; readonly errors: StudyIssue[] };

/** What resolving one document's rows reads, and where its errors go. */
interface ResolveEnv {
  readonly text: string;
  readonly conv: OffsetConverter;
  /** The document's file, for messages. */
  readonly file: string;
  readonly bodyLineOffset: number;
  readonly errors: StudyIssue[];
}

/** Rows on one span of the document: one excerpt. */
interface SpanGroup {
  start: number;
  end: number;
  rows: CodingRow[];
  id?: string;
  idRow?: CodingRow;
}

type Span = { start: number; end: number };

/**
 * The span a row's start/end give, in code points; `null` when they are wrong (the error is
 * recorded), undefined when the row gives none.
 */
function givenSpan(row: CodingRow, env: ResolveEnv): Span | null | undefined {
  const { conv, file, errors } = env;
  if (row.start === undefined || row.end === undefined) return undefined;
  const space = row.offsetSpace ?? CANONICAL_OFFSET_SPACE;
  const s = conv.fromSpace(row.start, space);
  const e = conv.fromSpace(row.end, space);
  if (s === undefined || e === undefined) {
    const which = s === undefined ? 'start' : 'end';
    const value = row[which] ?? 0;
    const past = value > conv.toSpace(conv.length, space);
    errors.push({
      severity: 'error',
      code: past ? 'offset_out_of_range' : 'invalid_span',
      ...(row.fields[which] ?? row.at),
      message: past
        ? `${which} ${value} is past the end of ${file} (${conv.toSpace(conv.length, space)} ${describeSpace(space)})`
        : `${which} ${value} (${describeSpace(space)}) falls inside a character of ${file}`,
      hint: "offsets count Unicode code points in the text after its front matter, with the BOM and CRs removed (or as the file's offsets: says); or give the anchor text instead",
    });
    return null;
  }
  return { start: s, end: e };
}

/**
 * The span of a row's anchor text (the occurrence it names), checked against its start/end
 * when it gives both; undefined when it is wrong (the error is recorded).
 */
function anchorSpan(
  row: CodingRow & { anchor: string },
  given: Span | undefined,
  env: ResolveEnv,
): Span | undefined {
  const { text, conv, file, errors } = env;
  const u16 = { unit: 'utf16', lineEnds: 'lf' } as const;
  const bodyLine = (index16: number): number =>
    lineColumnAtUtf16(text, index16).line + env.bodyLineOffset;
  const found: number[] = [];
  for (let i = text.indexOf(row.anchor); i >= 0; i = text.indexOf(row.anchor, i + 1)) found.push(i);
  const loc = row.fields.anchor ?? row.at;
  const shown = preview(row.anchor);
  if (found.length === 0) {
    errors.push({
      severity: 'error',
      code: 'anchor_not_found',
      ...loc,
      message: `anchor text "${shown}" not found in ${file}`,
      hint: nearMissHint(text, row.anchor, bodyLine),
    });
    return undefined;
  }
  if (row.occurrence === undefined && found.length > 1) {
    const lines = linesOf(text, found.slice(0, MAX_LINES_SHOWN)).map((l) => l + env.bodyLineOffset);
    const more = found.length > MAX_LINES_SHOWN ? ', …' : '';
    errors.push({
      severity: 'error',
      code: 'anchor_ambiguous',
      ...loc,
      message: `anchor text "${shown}" appears ${found.length} times in ${file} (lines ${lines.join(', ')}${more})`,
      hint: `add occurrence: 1 to ${found.length} to pick one, make the anchor longer, or give start/end`,
    });
    return undefined;
  }
  const k = (row.occurrence ?? 1) - 1;
  const at16 = found[k];
  if (at16 === undefined) {
    errors.push({
      severity: 'error',
      code: 'anchor_not_found',
      ...(row.fields.occurrence ?? loc),
      message: `occurrence ${row.occurrence ?? 1} of "${shown}" requested, but it appears ${found.length} time${found.length === 1 ? '' : 's'} in ${file}`,
      hint: `use an occurrence from 1 to ${found.length}`,
    });
    return undefined;
  }
  const s = conv.fromSpace(at16, u16);
  const e = conv.fromSpace(at16 + row.anchor.length, u16);
  if (s === undefined || e === undefined) {
    errors.push({
      severity: 'error',
      code: 'invalid_span',
      ...loc,
      message: `anchor text "${shown}" starts or ends inside a character`,
      hint: 'include the whole emoji or character pair in the anchor',
    });
    return undefined;
  }
  if (given !== undefined && (given.start !== s || given.end !== e)) {
    errors.push({
      severity: 'error',
      code: 'span_mismatch',
      ...(row.fields.start ?? loc),
      message: `start/end ${row.start}–${row.end} do not match the anchor, found at ${s}–${e}`,
      hint: 'give either the anchor or start/end, or correct the offsets',
    });
    return undefined;
  }
  return { start: s, end: e };
}

/** Rows grouped by the span they resolve to; a span named by two excerpt ids is an error. */
function groupRowsBySpan(rows: readonly CodingRow[], env: ResolveEnv): Map<string, SpanGroup> {
  const { file, errors } = env;
  const groups = new Map<string, SpanGroup>();
  for (const row of rows) {
    const given = givenSpan(row, env);
    if (given === null) continue;
    const span =
      row.anchor !== undefined ? anchorSpan({ ...row, anchor: row.anchor }, given, env) : given;
    if (span === undefined) continue;
    const key = `${span.start}:${span.end}`;
    const group = groups.get(key) ?? { ...span, rows: [] };
    groups.set(key, group);
    group.rows.push(row);
    if (row.excerpt !== undefined) {
      if (group.id !== undefined && group.id !== row.excerpt) {
        errors.push({
          severity: 'error',
          code: 'span_mismatch',
          ...(row.fields.excerpt ?? row.at),
          message: `excerpt ids "${group.id}" and "${row.excerpt}" name the same span ${span.start}–${span.end} of ${file}`,
          hint: 'one span is one excerpt: use the same id in both rows',
        });
        continue;
      }
      group.id = row.excerpt;
      group.idRow = row;
    }
  }

  return groups;
}

/** Explicit excerpt ids must name one span. */
function checkExcerptIds(groups: ReadonlyMap<string, SpanGroup>, env: ResolveEnv): void {
  const { file, errors } = env;
  const byId = new Map<string, SpanGroup>();
  for (const g of groups.values()) {
    if (g.id === undefined) continue;
    const other = byId.get(g.id);
    if (other !== undefined) {
      errors.push({
        severity: 'error',
        code: 'span_mismatch',
        ...(g.idRow?.fields.excerpt ?? g.rows[0]?.at ?? { file }),
        message: `excerpt id "${g.id}" names two spans of ${file}: ${other.start}–${other.end} and ${g.start}–${g.end}`,
        hint: 'give each excerpt its own id',
      });
    }
    byId.set(g.id, g);
  }
}

/** The performer of a span's rows (one at most), else its speaker when an informant. */
function performerOf(
  g: SpanGroup,
  speaker: Excerpt['speaker'],
  env: ResolveEnv,
): { performer: ActorRef | undefined; performerSource: PerformerSource } {
  const { file, errors } = env;
  let performer: ActorRef | undefined;
  let performerRow: CodingRow | undefined;
  for (const row of g.rows) {
    if (row.performer === undefined) continue;
    if (
      performer !== undefined &&
      (performer.id !== row.performer.id || performer.kind !== row.performer.kind)
    ) {
      errors.push({
        severity: 'error',
        code: 'conflicting_performer',
        ...(row.fields.performer ?? row.at),
        message: `performer "${row.performer.id}" conflicts with "${performer.id}" given for the same excerpt at ${performerRow?.at.file ?? file}:${performerRow?.at.line ?? 0}`,
        hint: 'an excerpt has one performer; split it into two excerpts if two actors do the work',
      });
      continue;
    }
    performer = row.performer;
    performerRow = row;
  }
  let performerSource: PerformerSource = 'explicit';
  if (performer === undefined) {
    if (speaker?.kind === 'informant') {
      performer = { kind: 'informant', id: speaker.id };
      performerSource = 'speaker';
    } else {
      performerSource = 'none';
    }
  }
  return { performer, performerSource };
}

/** The codings and memos of one excerpt's rows; a coding given twice is a warning. */
function codingsOfExcerpt(
  g: SpanGroup,
  id: string,
  out: { codings: Coding[]; memos: Memo[]; warnings: StudyIssue[] },
): void {
  const { codings, memos, warnings } = out;
  const seen = new Set<string>();
  for (const row of g.rows) {
    for (const code of row.codes) {
      const cid = codingId(id, code, row.coder);
      if (seen.has(cid)) {
        warnings.push({
          severity: 'warning',
          code: 'duplicate_coding',
          ...(row.fields.codes ?? row.at),
          message: `${row.coder} applies ${code} to this excerpt twice`,
          hint: 'remove the repeated row or code',
        });
        continue;
      }
      seen.add(cid);
      codings.push({
        id: cid,
        excerptId: id,
        code,
        coderId: row.coder,
        ...(row.codedAt === undefined ? {} : { at: row.codedAt }),
      });
    }
    if (row.memo !== undefined && row.memo.trim() !== '') {
      const about = [{ kind: 'excerpt' as const, id }];
      const mid = memoId(about, row.memo);
      if (!memos.some((m) => m.id === mid)) {
        memos.push({
          id: mid,
          text: row.memo,
          about,
          author: row.coder,
          ...(row.codedAt === undefined ? {} : { createdAt: row.codedAt }),
        });
      }
    }
  }
}

/**
 * Resolves coding rows against their document: finds anchors, checks offsets, merges rows on
 * the same span into one excerpt, gives excerpts their speaker and performer (the speaker of
 * the turn containing the start unless the row names one), and derives ids.
 */
export function resolveCodingRows(
  document: StudyDocument,
  rows: readonly CodingRow[],
  options: {
    readonly studyId: string;
    /** Lines of front matter before the text, so issues name file lines. */
    readonly bodyLineOffset?: number;
    /** Code point offsets of the LFs that were CRLF in the file (for `line_ends: crlf`). */
    readonly crlfAt?: readonly number[];
  },
): ResolveResult {
  const { studyId } = options;
  const errors: StudyIssue[] = [];
  const warnings: StudyIssue[] = [];
  const text = document.text;
  const conv = createOffsetConverter(text, options.crlfAt ?? []);
  const env: ResolveEnv = {
    text,
    conv,
    file: document.sourcePath ?? document.id,
    bodyLineOffset: options.bodyLineOffset ?? 0,
    errors,
  };
  const groups = groupRowsBySpan(rows, env);
  checkExcerptIds(groups, env);

  const excerpts: Excerpt[] = [];
  const codings: Coding[] = [];
  const memos: Memo[] = [];
  const sorted = [...groups.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const g of sorted) {
    const id = g.id ?? excerptId(studyId, document.id, g);
    const speaker = turnAt(document.turns, g.start)?.speaker;
    const { performer, performerSource } = performerOf(g, speaker, env);
    const first = g.rows[0];
    excerpts.push({
      id,
      documentId: document.id,
      start: g.start,
      end: g.end,
      text: conv.slice(g.start, g.end),
      performerSource,
      ...(speaker === undefined ? {} : { speaker }),
      ...(performer === undefined ? {} : { performer }),
      ...(first === undefined ? {} : { creatingUser: first.coder }),
    });
    codingsOfExcerpt(g, id, { codings, memos, warnings });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, bundle: { document, excerpts, codings, memos }, warnings };
}

function describeSpace(space: OffsetSpace): string {
  const unit =
    space.unit === 'code_point'
      ? 'code points'
      : space.unit === 'utf16'
        ? 'UTF-16 units'
        : 'UTF-8 bytes';
  return space.lineEnds === 'crlf' ? `${unit}, CRLF counted as 2` : unit;
}

/** Splits a cell of codes on `;`, `,`, `|` and white space. */
export function splitCodes(cell: string): string[] {
  return cell.split(/[\s;,|]+/).filter((c) => c !== '');
}

function preview(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}

function nearMissHint(text: string, anchor: string, lineOf: (i: number) => number): string {
  // The anchor's words with any run of white space between them, ignoring case: one linear
  // regular-expression scan, so a miss in a huge document costs no more than the search itself.
  const words = anchor.split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return 'check spelling, or give start/end';
  const pattern = new RegExp(
    words.map((w) => w.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('\\s+'),
    'iu',
  );
  const m = pattern.exec(text);
  if (m !== null) {
    return `on line ${lineOf(m.index)} it appears with different case or spacing: "${preview(m[0])}"; copy it exactly, or give start/end`;
  }
  return 'check spelling, or give start/end';
}

/** How many lines an "appears N times" message lists. */
const MAX_LINES_SHOWN = 10;

/** The 1-based lines of ascending UTF-16 indices, in one pass over the text. */
function linesOf(text: string, indices: readonly number[]): number[] {
  const out: number[] = [];
  let line = 1;
  let i = 0;
  for (const at of indices) {
    for (; i < at && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    out.push(line);
  }
  return out;
}

function stripEnds(raw: string): string {
  return raw.replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, '');
}

function startLine(rec: { raw: string; info: { lines: number } }): number {
  const body = stripEnds(rec.raw);
  let breaks = 0;
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 10) breaks++;
  return rec.info.lines - breaks;
}

/** Where each field of one CSV record starts: lines after the record start and a 1-based column. */
function fieldColumns(raw: string, delimiter: string): { lineDelta: number; column: number }[] {
  const out: { lineDelta: number; column: number }[] = [];
  let lineDelta = 0;
  let lineStart = 0;
  let fieldStart = true;
  let quoted = false;
  for (let i = 0; i <= raw.length; i++) {
    if (fieldStart) {
      out.push({ lineDelta, column: [...raw.slice(lineStart, i)].length + 1 });
      fieldStart = false;
    }
    const ch = raw[i];
    if (ch === undefined) break;
    if (quoted) {
      if (ch === '"' && raw[i + 1] === '"') i++;
      else if (ch === '"') quoted = false;
      else if (ch === '\n') {
        lineDelta++;
        lineStart = i + 1;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === delimiter) {
      fieldStart = true;
    }
  }
  return out;
}
