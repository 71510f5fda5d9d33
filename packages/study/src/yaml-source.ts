import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import type { StudyIssue, StudyIssueCode } from './issues.ts';
import { lineColumnAtUtf16 } from './offsets.ts';

/** A path into parsed YAML (map keys and sequence indices). */
export type YamlPath = readonly (string | number)[];

/** Where something is in a file. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A parsed YAML file that can say where any path is, for precise issues. `data` is the plain
 * JavaScript value (YAML 1.2 core schema: `2019-09` stays a string, `yes` stays a string).
 */
export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  /** The location of the value at `path` (or of its key with `{ key: true }`). */
  locate(path: YamlPath, options?: { key?: boolean }): SourceLocation;
  /** An issue located at `path`. */
  issue(path: YamlPath, init: IssueInit): StudyIssue;
}

/** The parts of an issue a caller supplies; location is added. */
export interface IssueInit {
  readonly code: StudyIssueCode;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly severity?: 'error' | 'warning';
  readonly key?: boolean;
}

/** Either a parsed YAML source or the syntax errors that stopped it. */
export type YamlParseResult =
  | { readonly ok: true; readonly source: YamlSource }
  | { readonly ok: false; readonly errors: StudyIssue[] };

/**
 * Parses YAML text (already decoded and normalised) and keeps what is needed to locate paths.
 * Syntax errors (bad indentation, duplicate keys, tabs) come back as `invalid_yaml` issues.
 *
 * @param file the path shown in issues, relative to the study folder
 * @param lineOffset lines before `text` in the real file (front matter starts on line 2)
 */
export function parseYamlSource(text: string, file: string, lineOffset = 0): YamlParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // where each line starts, found once: locating is then a binary search, not a scan of the
  // text up to the offset (a 2 MB study.yaml locates tens of thousands of references)
  let lineStarts: number[] | undefined;
  const at = (offset: number): SourceLocation => {
    lineStarts ??= startsOfLines(text);
    const { line, column } = lineColumnAt(text, lineStarts, offset);
    return { file, line: line + lineOffset, column };
  };
  if (doc.errors.length > 0) {
    const seen = new Set<number>();
    return {
      ok: false,
      errors: doc.errors
        .filter((e) => !seen.has(e.pos[0]) && seen.add(e.pos[0]) !== undefined)
        .map((e) => ({
          severity: 'error' as const,
          code: 'invalid_yaml' as const,
          ...at(e.pos[0]),
          message: `invalid YAML: ${firstLine(e.message)}`,
          hint: yamlHint(e.code),
        })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // The yaml library refuses to expand an alias bomb ("billion laughs") with a ReferenceError;
    // it is bad input, so it becomes an issue, located at the first alias.
    if (!(err instanceof ReferenceError)) throw err;
    const alias = /(^|[\s[{,:-])\*[^\s,\]}]/.exec(text);
    return {
      ok: false,
      errors: [
        {
          severity: 'error',
          code: 'invalid_yaml',
          ...at(alias === null ? 0 : alias.index + (alias[1] ?? '').length),
          message: 'invalid YAML: its aliases (*name) expand to too many nodes; refused',
          hint: 'write values out instead of reusing them through many nested &anchors and *aliases',
        },
      ],
    };
  }
  const locate = (path: YamlPath, options: { key?: boolean } = {}): SourceLocation => {
    const offset = offsetOf(doc, path, options.key === true);
    return at(offset);
  };
  return {
    ok: true,
    source: {
      file,
      data,
      locate,
      issue(path, init) {
        return {
          severity: init.severity ?? 'error',
          code: init.code,
          message: init.message,
          ...(init.hint === undefined ? {} : { hint: init.hint }),
          ...locate(path, init.key === true ? { key: true } : {}),
          path: [...path],
        };
      },
    },
  };
}

/** The offset each line of `text` starts at (LF line ends: the text is normalised). */
function startsOfLines(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** {@link lineColumnAtUtf16} by binary search over the line starts. */
function lineColumnAt(
  text: string,
  starts: readonly number[],
  u16: number,
): { line: number; column: number } {
  const stop = Math.min(u16, text.length);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= stop) lo = mid;
    else hi = mid - 1;
  }
  const lineStart = starts[lo] ?? 0;
  return { line: lo + 1, column: lineColumnAtUtf16(text.slice(lineStart, stop), stop).column };
}

/**
 * Turns zod issues from validating `source.data` into located study issues, with messages
 * that name the field and hints that say what is allowed.
 *
 * @param knownFields field names to suggest from when a key is not recognised
 */
export function zodIssuesToStudyIssues(
  source: YamlSource,
  issues: readonly z.core.$ZodIssue[],
  knownFields: readonly string[] = [],
): StudyIssue[] {
  const out: StudyIssue[] = [];
  for (const zi of issues) {
    const path = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = describePath(path);
    if (zi.code === 'unrecognized_keys') {
      for (const key of zi.keys) {
        const suggestion = closest(key, knownFields);
        out.push(
          source.issue([...path, key], {
            code: 'unknown_field',
            key: true,
            message: `unknown field "${key}"${where === '' ? '' : ` in ${where}`}`,
            hint:
              suggestion === undefined
                ? 'remove it, or check docs/study-format.md for the fields allowed here'
                : `did you mean "${suggestion}"?`,
          }),
        );
      }
      continue;
    }
    const value = valueAt(source.data, path);
    const missing = value === undefined;
    let message: string;
    let hint: string | undefined;
    if (missing && zi.code === 'invalid_type') {
      message = `${where === '' ? 'a value' : where} is required`;
      hint = `add it (expected ${zi.expected})`;
    } else if (zi.code === 'invalid_value') {
      message = `${where}: ${JSON.stringify(value)} is not allowed`;
      hint = `use one of: ${zi.values.map((v) => String(v)).join(', ')}`;
    } else if (value === null && path[path.length - 1] === 'colour') {
      message = `${where} is empty`;
      hint = "YAML reads an unquoted # as a comment: write colour: '#3366cc'";
    } else {
      message = `${where === '' ? 'value' : where}: ${zi.message}`;
      hint = undefined;
    }
    // A missing field is reported where its parent object is.
    const locPath = missing ? path.slice(0, -1) : path;
    out.push(
      source.issue(locPath, {
        code: 'invalid_value',
        message,
        hint,
      }),
    );
  }
  return out;
}

/** `informants[2].position`-style rendering of a path. */
export function describePath(path: YamlPath): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s;
}

/** The plain value at `path` in `data`, or undefined. */
export function valueAt(data: unknown, path: YamlPath): unknown {
  let cur: unknown = data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/** The candidate closest in spelling to `word` (edit distance ≤ 2 or a third of its length). */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 3));
  for (const c of candidates) {
    // the edit distance is at least the difference in length: skip hopeless candidates before
    // paying length × length for them (a megabyte-long word would otherwise take seconds)
    if (Math.abs(c.length - word.length) > Math.min(limit, bestD)) continue;
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD && d <= limit) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] ?? 0;
      row[j] = Math.min(up + 1, (row[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length] ?? 0;
}

function offsetOf(doc: Document, path: YamlPath, wantKey: boolean): number {
  let node: unknown = doc.contents;
  let best = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && (isScalar(p.key) ? p.key.value === step : p.key === step),
      );
      if (pair === undefined) return best;
      const keyStart = rangeStart(pair.key);
      if (last && wantKey && keyStart !== undefined) return keyStart;
      node = pair.value;
      best = rangeStart(node) ?? keyStart ?? best;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
      best = rangeStart(node) ?? best;
    } else {
      return best;
    }
  }
  return best;
}

function rangeStart(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
  const range = (node as YamlNode).range;
  return range?.[0];
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a mapping; remove or rename the second one';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation: items of one list or mapping must line up';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a "key: value" line probably lacks its colon or a value needs quotes';
    default:
      return 'quote values that contain ": " or start with # or *';
  }
}
