import { z } from 'zod';
import { contentHash } from './ids.ts';
import type { StudyIssue } from './issues.ts';
import type {
  DocumentBundle,
  Excerpt,
  Memo,
  Study,
  StudyDocument,
  StudyManifest,
} from './model.ts';
import { createOffsetConverter } from './offsets.ts';
import { parseYamlSource, zodIssuesToStudyIssues } from './yaml-source.ts';

/*
 * Pseudonymisation: real names replaced from a list before anything is written, as QualCoder
 * offers. Replacements change lengths, so every offset that points into a document (excerpts,
 * speaker turns) is recomputed, in code points, and every excerpt's text is again exactly its
 * slice of the new text. Ids stay as they are: codings, memos, relation evidence and phase
 * events keep pointing at the same excerpts.
 */

/** One line of a names file: a real name and what replaces it. */
export const PseudonymEntry = z
  .strictObject({
    /** The name as it appears in the texts, e.g. `Kari Nordmann`. */
    name: z.string().min(1, 'a name cannot be empty'),
    /** What replaces it, e.g. `M07` or `[manager, Nav office]`. */
    replacement: z.string().min(1, 'a replacement cannot be empty (an excerpt could vanish)'),
    /** Replace only whole words (default true: `Ann` does not change `Annual`). */
    whole_word: z.boolean().default(true),
    /** Ignore case (default false). */
    case_insensitive: z.boolean().default(false),
  })
  .transform(({ name, replacement, whole_word, case_insensitive }) => ({
    name,
    replacement,
    wholeWord: whole_word,
    caseInsensitive: case_insensitive,
  }));
export type PseudonymEntry = z.output<typeof PseudonymEntry>;

/**
 * A names file (YAML): a list of `{ name, replacement, whole_word?, case_insensitive? }`. Names
 * must be distinct (ignoring case where an entry ignores case).
 *
 * @example
 * - name: Kari Nordmann
 *   replacement: M07
 * - name: kari
 *   replacement: M07
 *   case_insensitive: true
 */
export const PseudonymList = z.array(PseudonymEntry).superRefine((entries, ctx) => {
  const exact = new Map<string, number>();
  const foldedAny = new Map<string, number>();
  const foldedIgnoringCase = new Map<string, number>();
  entries.forEach((e, i) => {
    const folded = e.name.toLowerCase();
    const other =
      exact.get(e.name) ??
      foldedIgnoringCase.get(folded) ??
      (e.caseInsensitive ? foldedAny.get(folded) : undefined);
    if (other !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'name'],
        message: `"${e.name}" is listed twice (also entry ${other + 1})`,
      });
    }
    exact.set(e.name, i);
    foldedAny.set(folded, i);
    if (e.caseInsensitive) foldedIgnoringCase.set(folded, i);
  });
});
export type PseudonymList = z.output<typeof PseudonymList>;
export type PseudonymListInput = z.input<typeof PseudonymList>;

/** The result of {@link readPseudonymList}. */
export type PseudonymListResult =
  | { readonly ok: true; readonly list: PseudonymList }
  | { readonly ok: false; readonly errors: StudyIssue[] };

/**
 * Reads a names file (YAML text, decoded) into a {@link PseudonymList}, or located issues.
 *
 * @param file the path shown in issues
 */
export function readPseudonymList(text: string, file: string): PseudonymListResult {
  const parsed = parseYamlSource(text, file);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const res = PseudonymList.safeParse(parsed.source.data ?? []);
  if (!res.success) {
    return {
      ok: false,
      errors: zodIssuesToStudyIssues(parsed.source, res.error.issues, [
        'name',
        'replacement',
        'whole_word',
        'case_insensitive',
      ]),
    };
  }
  return { ok: true, list: res.data };
}

/** How many times each listed name was replaced, by name. */
export type PseudonymCounts = Readonly<Record<string, number>>;

/** A text with its names replaced, and how to carry code point offsets over to it. */
export interface PseudonymisedText {
  readonly text: string;
  readonly counts: PseudonymCounts;
  /**
   * The new offset of an old start offset: a start inside a replaced name moves to the start of
   * its replacement, so an excerpt that cuts a name keeps the whole pseudonym.
   */
  mapStart(cp: number): number;
  /** The new offset of an old end offset: an end inside a replaced name moves to its end. */
  mapEnd(cp: number): number;
}

interface Replaced {
  /** Old span, code points. */
  readonly start: number;
  readonly end: number;
  /** New span, code points. */
  readonly newStart: number;
  readonly newEnd: number;
}

const WORD = String.raw`[\p{L}\p{M}\p{N}_]`;
// only syntax characters and `/` may be escaped under the `u` flag (`\\-` is an error there)
const escape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

interface CompiledEntry {
  readonly entry: PseudonymEntry;
  readonly pattern: RegExp;
  readonly length: number;
}

function compile(list: PseudonymList): CompiledEntry[] {
  return list.map((entry) => ({
    entry,
    length: [...entry.replacement].length,
    pattern: new RegExp(
      entry.wholeWord ? `(?<!${WORD})${escape(entry.name)}(?!${WORD})` : escape(entry.name),
      entry.caseInsensitive ? 'giu' : 'gu',
    ),
  }));
}

/**
 * Replaces the listed names in one text: all matches of all names are found, then taken from
 * left to right, the longest first where several start at the same place (`Kari Nordmann`
 * before `Kari`); a match that overlaps one already taken is skipped. One pass: a replacement is
 * never itself searched for names.
 */
export function pseudonymiseText(text: string, list: PseudonymList): PseudonymisedText {
  return replaceNames(text, compile(list));
}

function replaceNames(text: string, compiled: readonly CompiledEntry[]): PseudonymisedText {
  const found: { start16: number; end16: number; c: CompiledEntry }[] = [];
  for (const c of compiled) {
    // every occurrence, overlapping ones too ("ann Ann" inside "Nordmann Ann ann" must not hide
    // the "Ann ann" after it): restart one character after each match start
    c.pattern.lastIndex = 0;
    for (let m = c.pattern.exec(text); m !== null; m = c.pattern.exec(text)) {
      if (m[0] !== '') found.push({ start16: m.index, end16: m.index + m[0].length, c });
      c.pattern.lastIndex = m.index + ((text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
    }
  }
  found.sort((a, b) => a.start16 - b.start16 || b.end16 - a.end16);
  const conv = createOffsetConverter(text);
  const u16 = { unit: 'utf16', lineEnds: 'lf' } as const;
  const replaced: Replaced[] = [];
  const counts: Record<string, number> = {};
  let out = '';
  let last16 = 0;
  let delta = 0;
  for (const f of found) {
    if (f.start16 < last16) continue; // overlaps a longer or earlier match already taken
    const start = conv.fromSpace(f.start16, u16) ?? 0;
    const end = conv.fromSpace(f.end16, u16) ?? start;
    out += text.slice(last16, f.start16) + f.c.entry.replacement;
    last16 = f.end16;
    const newStart = start + delta;
    const newEnd = newStart + f.c.length;
    replaced.push({ start, end, newStart, newEnd });
    delta += f.c.length - (end - start);
    counts[f.c.entry.name] = (counts[f.c.entry.name] ?? 0) + 1;
  }
  out += text.slice(last16);

  /** The last replaced span that starts before `cp`, by binary search. */
  const spanBefore = (cp: number): Replaced | undefined => {
    let lo = 0;
    let hi = replaced.length - 1;
    let best: Replaced | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const r = replaced[mid];
      if (r === undefined) break;
      if (r.start < cp) {
        best = r;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  };
  const map = (cp: number, inside: (r: Replaced) => number): number => {
    const r = spanBefore(cp);
    if (r === undefined) return cp;
    if (cp < r.end) return inside(r);
    return r.newEnd + (cp - r.end);
  };
  return {
    text: out,
    counts,
    mapStart: (cp) => map(cp, (r) => r.newStart),
    mapEnd: (cp) => map(cp, (r) => r.newEnd),
  };
}

/** What {@link pseudonymise} returns: the same kind of value, and the replacement counts. */
export interface Pseudonymised<T> {
  readonly value: T;
  readonly counts: PseudonymCounts;
}

function addCounts(into: Record<string, number>, counts: PseudonymCounts): void {
  for (const [name, n] of Object.entries(counts)) into[name] = (into[name] ?? 0) + n;
}

/** Replaces names in an optional free-text field. */
function field<T extends string | undefined>(
  value: T,
  compiled: readonly CompiledEntry[],
  counts: Record<string, number>,
): T {
  if (value === undefined) return value;
  const res = replaceNames(value, compiled);
  addCounts(counts, res.counts);
  return res.text as T;
}

function memoOf(memo: Memo, compiled: readonly CompiledEntry[], counts: Record<string, number>) {
  return {
    ...memo,
    text: field(memo.text, compiled, counts),
    ...(memo.title === undefined ? {} : { title: field(memo.title, compiled, counts) }),
  };
}

/** A document and its excerpts, pseudonymised together. */
function documentOf(
  document: StudyDocument,
  excerpts: readonly Excerpt[],
  ctx: { compiled: readonly CompiledEntry[]; counts: Record<string, number> },
): { document: StudyDocument; excerpts: Excerpt[] } {
  const { compiled, counts } = ctx;
  const res = replaceNames(document.text, compiled);
  addCounts(counts, res.counts);
  const conv = createOffsetConverter(res.text);
  const newDocument: StudyDocument = {
    ...document,
    text: res.text,
    contentHash: contentHash(res.text),
    turns: document.turns.map((t) => ({
      ...t,
      start: res.mapStart(t.start),
      contentStart: res.mapStart(t.contentStart),
      end: res.mapStart(t.end),
    })),
    ...(document.title === undefined ? {} : { title: field(document.title, compiled, counts) }),
    ...(document.description === undefined
      ? {}
      : { description: field(document.description, compiled, counts) }),
  };
  const newExcerpts = excerpts.map((e): Excerpt => {
    const start = res.mapStart(e.start);
    const end = res.mapEnd(e.end);
    return {
      ...e,
      start,
      end,
      text: conv.slice(start, end),
      ...(e.name === undefined ? {} : { name: field(e.name, compiled, counts) }),
      ...(e.description === undefined
        ? {}
        : { description: field(e.description, compiled, counts) }),
    };
  });
  return { document: newDocument, excerpts: newExcerpts };
}

/**
 * Replaces names in the free-text fields of a study manifest: the study's description, memo
 * titles and texts, and the notes of relations and phase events. Ids, labels and the names of
 * organisations, positions and coders are the researcher's own choices in study.yaml and are
 * left as they are.
 */
export function pseudonymiseManifest(
  manifest: StudyManifest,
  list: PseudonymList,
): Pseudonymised<StudyManifest> {
  const compiled = compile(list);
  const counts: Record<string, number> = {};
  const value: StudyManifest = {
    ...manifest,
    ...(manifest.description === undefined
      ? {}
      : { description: field(manifest.description, compiled, counts) }),
    memos: manifest.memos.map((m) => memoOf(m, compiled, counts)),
    relations: manifest.relations.map((r) =>
      r.note === undefined ? r : { ...r, note: field(r.note, compiled, counts) },
    ),
    phaseEvents: manifest.phaseEvents.map((p) =>
      p.note === undefined ? p : { ...p, note: field(p.note, compiled, counts) },
    ),
  };
  return { value, counts };
}

/**
 * Replaces the listed names in a document bundle (what the streaming readers yield) or in a
 * whole study: the document text (offsets of excerpts and speaker turns recomputed, excerpt
 * texts re-sliced, content hash recomputed), document titles and descriptions, excerpt names
 * and descriptions, and memo titles and texts; for a study also the manifest's free text (see
 * {@link pseudonymiseManifest}). Pure: the input is not changed.
 *
 * An excerpt whose start or end falls inside a replaced name grows to hold the whole
 * replacement. Ids never change.
 *
 * @example
 * const list = PseudonymList.parse([{ name: 'Kari Nordmann', replacement: 'M07' }]);
 * const { value: bundle, counts } = pseudonymise(item.bundle, list);
 */
export function pseudonymise<T extends DocumentBundle | Study>(
  input: T,
  list: PseudonymList,
): Pseudonymised<T> {
  const compiled = compile(list);
  const counts: Record<string, number> = {};
  if ('document' in input) {
    const { document, excerpts } = documentOf(input.document, input.excerpts, {
      compiled,
      counts,
    });
    const value: DocumentBundle = {
      ...input,
      document,
      excerpts,
      memos: input.memos.map((m) => memoOf(m, compiled, counts)),
    };
    return { value: value as T, counts };
  }
  const study: Study = input;
  const manifest = pseudonymiseManifest(study, list);
  addCounts(counts, manifest.counts);
  const byDocument = new Map<string, Excerpt[]>();
  for (const e of study.excerpts) {
    const l = byDocument.get(e.documentId) ?? [];
    l.push(e);
    byDocument.set(e.documentId, l);
  }
  const documents: StudyDocument[] = [];
  const excerpts = new Map<string, Excerpt>();
  for (const d of study.documents) {
    const res = documentOf(d, byDocument.get(d.id) ?? [], { compiled, counts });
    documents.push(res.document);
    for (const e of res.excerpts) excerpts.set(e.id, e);
  }
  const value: Study = {
    ...study,
    ...manifest.value,
    documents,
    // keep the study's order; excerpts of documents the study lacks are left as they are
    excerpts: study.excerpts.map((e) => excerpts.get(e.id) ?? e),
    codings: study.codings,
  };
  return { value: value as T, counts };
}
