import { z } from 'zod';
import type { StudyIssue } from './issues.ts';
import {
  DocumentKind,
  EntityId,
  PartialDate,
  VariableValue,
  type SpeakerRef,
  type SpeakerTurn,
  type StudyDocument,
} from './model.ts';
import { codePointLength } from './offsets.ts';
import { closest, parseYamlSource, zodIssuesToStudyIssues } from './yaml-source.ts';

/*
 * Transcripts: `.txt` or `.md` files with speaker labels at the start of a line.
 *
 *   M07: We started with a steering group.      plain label, then ": "
 *   [M07] We started with a steering group.     bracketed label
 *   **M07:** We started with a steering group.  bold label (Markdown); **M07**: works too
 *   Ward manager 2: We started in May.          a declared label of up to five words
 *
 * A label opens a speaker turn that runs to the next label. A label is a known speaker id or
 * alias (informants and `speakers` in study.yaml; `Interviewer`, `I` and `Int` by default).
 * A label-shaped word that is not known is an error when it looks like a speaker id (letters
 * then digits: `M7`, `A09`), and ordinary text otherwise (`Note: …`). Optional YAML front
 * matter between `---` lines sets id, title, kind, date, participants, description, variables.
 */

const FrontMatter = z.strictObject({
  id: z.union([z.string(), z.number()]).transform(String).pipe(EntityId).optional(),
  title: z.string().optional(),
  kind: DocumentKind.optional(),
  date: z.union([z.string(), z.number()]).transform(String).pipe(PartialDate).optional(),
  participants: z
    .array(z.union([z.string(), z.number()]).transform(String).pipe(EntityId))
    .optional(),
  description: z.string().optional(),
  variables: z.record(z.string(), VariableValue).optional(),
});

const FRONT_MATTER_FIELDS = Object.keys(FrontMatter.shape);

/** What a transcript reader needs to know about the study. */
export interface TranscriptContext {
  /** The file path shown in issues, relative to the study folder. */
  readonly file: string;
  /** The document id when the front matter gives none (the file name without extension). */
  readonly defaultId: string;
  /** Speaker label (id or alias) → speaker. */
  readonly speakerLabels: ReadonlyMap<string, SpeakerRef>;
}

/** A parsed transcript: a document without its content hash, plus where its body starts. */
export interface ParsedTranscript {
  readonly document: Omit<StudyDocument, 'contentHash'>;
  /** Lines of front matter before the body (0 without front matter), for locating body lines. */
  readonly bodyLineOffset: number;
  /** Code points of front matter before the body (0 without front matter). */
  readonly bodyStart: number;
}

/** The result of parsing a transcript. */
export type TranscriptResult =
  | { readonly ok: true; readonly value: ParsedTranscript; readonly warnings: StudyIssue[] }
  | { readonly ok: false; readonly errors: StudyIssue[] };

const LABEL_WORD = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const LOOKS_LIKE_SPEAKER_ID = /^[A-Za-z]{1,4}[0-9]{1,4}$/;
const BOLD = /^\*\*([^*\n]+?)\*\*(:?)[ \t]*/;
const BRACKET = /^\[([^\]\n]+)\](:?)[ \t]*/;
const PLAIN = /^([A-Za-z][A-Za-z0-9_.-]*):(?:[ \t]+|$)/;
/** A declared label of up to five words (`Ward manager 2:`, `Åsa Lindqvist:`), before ": ". */
const PLAIN_WORDS =
  /^([\p{L}\p{N}][\p{L}\p{M}\p{N}_.'’-]*(?:[ \t]+[\p{L}\p{M}\p{N}_.'’-]+){0,4}):(?:[ \t]+|$)/u;

/**
 * Parses a transcript's normalised text (no BOM, LF line ends) into a document with speaker
 * turns. Offsets are code points into the body (the text after any front matter).
 */
export function parseTranscript(text: string, ctx: TranscriptContext): TranscriptResult {
  const errors: StudyIssue[] = [];
  const warnings: StudyIssue[] = [];
  let body = text;
  let bodyLineOffset = 0;
  let fm: z.infer<typeof FrontMatter> = {};

  if (text.startsWith('---\n') || text === '---') {
    const close = /^(---|\.\.\.)[ \t]*$/m;
    const rest = text.slice(4);
    const m = close.exec(rest);
    if (m === null) {
      return {
        ok: false,
        errors: [
          {
            severity: 'error',
            code: 'invalid_front_matter',
            file: ctx.file,
            line: 1,
            column: 1,
            message: 'front matter opened with --- is never closed',
            hint: 'end it with a line containing only ---, or remove the first line if it is not front matter',
          },
        ],
      };
    }
    const yamlText = rest.slice(0, m.index);
    const afterClose = 4 + m.index + m[0].length;
    body = text.slice(text.charCodeAt(afterClose) === 10 ? afterClose + 1 : afterClose);
    bodyLineOffset = 1 + countLines(yamlText) + 1;
    const parsed = parseYamlSource(yamlText, ctx.file, 1);
    if (!parsed.ok) return { ok: false, errors: parsed.errors };
    const data = parsed.source.data ?? {};
    const res = FrontMatter.safeParse(data);
    if (!res.success) {
      return {
        ok: false,
        errors: zodIssuesToStudyIssues(parsed.source, res.error.issues, FRONT_MATTER_FIELDS).map(
          (i) => ({ ...i, code: i.code === 'invalid_value' ? 'invalid_front_matter' : i.code }),
        ),
      };
    }
    fm = res.data;
    (fm.participants ?? []).forEach((p, j) => {
      const ref = ctx.speakerLabels.get(p);
      if (ref?.kind !== 'informant' || ref.id !== p) {
        const informants = [...ctx.speakerLabels.values()]
          .filter((s) => s.kind === 'informant')
          .map((s) => s.id);
        const suggestion = closest(p, informants);
        errors.push(
          parsed.source.issue(['participants', j], {
            code: 'unknown_informant',
            message: `participant "${p}" is not an informant`,
            hint:
              suggestion === undefined
                ? 'declare the informant in study.yaml, or fix the id'
                : `did you mean "${suggestion}"?`,
          }),
        );
      }
    });
  }

  const turns: SpeakerTurn[] = [];
  const informantSpeakers: string[] = [];
  let cp = 0;
  let lineNo = bodyLineOffset;
  for (const line of body.split('\n')) {
    lineNo++;
    const label = matchLabel(line, ctx.speakerLabels);
    if (label !== undefined) {
      const ref = ctx.speakerLabels.get(label.name);
      if (ref !== undefined) {
        const start = cp;
        const previous = turns[turns.length - 1];
        if (previous !== undefined) turns[turns.length - 1] = { ...previous, end: start };
        turns.push({
          speaker: ref,
          start,
          contentStart: start + codePointLength(line.slice(0, label.length)),
          end: start,
        });
        if (ref.kind === 'informant' && !informantSpeakers.includes(ref.id)) {
          informantSpeakers.push(ref.id);
        }
      } else if (LOOKS_LIKE_SPEAKER_ID.test(label.name)) {
        const suggestion = closest(label.name, ctx.speakerLabels.keys());
        errors.push({
          severity: 'error',
          code: 'unknown_speaker',
          file: ctx.file,
          line: lineNo,
          column: label.column,
          message: `unknown speaker "${label.name}"`,
          hint: `${suggestion === undefined ? '' : `did you mean "${suggestion}"? `}declare "${label.name}" as an informant (or under speakers:, or as an alias) in study.yaml`,
        });
      }
    }
    cp += codePointLength(line) + 1;
  }
  const bodyLength = codePointLength(body);
  const lastTurn = turns[turns.length - 1];
  if (lastTurn !== undefined) turns[turns.length - 1] = { ...lastTurn, end: bodyLength };

  if (errors.length > 0) return { ok: false, errors };
  if (body.trim() === '') {
    warnings.push({
      severity: 'warning',
      code: 'empty_document',
      file: ctx.file,
      message: 'the transcript is empty',
    });
  } else if (turns.length === 0) {
    warnings.push({
      severity: 'warning',
      code: 'no_speaker_turns',
      file: ctx.file,
      line: bodyLineOffset + 1,
      column: 1,
      message: 'no speaker labels found, so excerpts have no speaker and no default performer',
      hint: 'start each turn with a label such as "M07: ", "[M07] " or "**M07:** "',
    });
  }

  const participants = fm.participants ?? informantSpeakers;
  const document: Omit<StudyDocument, 'contentHash'> = {
    id: fm.id ?? ctx.defaultId,
    kind: fm.kind ?? 'interview',
    participants,
    text: body,
    turns,
    sourcePath: ctx.file,
    ...(fm.title === undefined ? {} : { title: fm.title }),
    ...(fm.date === undefined ? {} : { date: fm.date }),
    ...(fm.description === undefined ? {} : { description: fm.description }),
    ...(fm.variables === undefined ? {} : { variables: fm.variables }),
  };
  const bodyStart = codePointLength(text.slice(0, text.length - body.length));
  return { ok: true, value: { document, bodyLineOffset, bodyStart }, warnings };
}

/** The speaker turn containing code point `cp`, if any. */
export function turnAt(turns: readonly SpeakerTurn[], cp: number): SpeakerTurn | undefined {
  let lo = 0;
  let hi = turns.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const t = turns[mid];
    if (t === undefined) return undefined;
    if (cp < t.start) hi = mid - 1;
    else if (cp >= t.end) lo = mid + 1;
    else return t;
  }
  return undefined;
}

interface LabelMatch {
  readonly name: string;
  /** UTF-16 length of the label and the spaces after it. */
  readonly length: number;
  /** 1-based column of the name. */
  readonly column: number;
}

/** A label as declared: spaces collapsed, composed (NFC), as study.yaml's aliases are. */
function labelName(raw: string): string {
  return raw.trim().replace(/:$/, '').trim().replace(/\s+/g, ' ').normalize('NFC');
}

function matchLabel(line: string, known: ReadonlyMap<string, unknown>): LabelMatch | undefined {
  for (const [re, column] of [
    [BOLD, 3],
    [BRACKET, 2],
  ] as const) {
    const m = re.exec(line);
    if (m?.[1] !== undefined) {
      const name = labelName(m[1]);
      if (LABEL_WORD.test(name) || known.has(name)) return { name, length: m[0].length, column };
    }
  }
  // a declared label of several words or with diacritics; an undeclared one is ordinary text
  const words = PLAIN_WORDS.exec(line);
  if (words?.[1] !== undefined && known.has(labelName(words[1])))
    return { name: labelName(words[1]), length: words[0].length, column: 1 };
  const m = PLAIN.exec(line);
  if (m?.[1] !== undefined) return { name: m[1], length: m[0].length, column: 1 };
  return undefined;
}

function countLines(s: string): number {
  if (s === '') return 0;
  let n = 1;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return s.endsWith('\n') ? n - 1 : n;
}
