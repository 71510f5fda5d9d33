import {
  codingId,
  contentHash,
  createOffsetConverter,
  excerptId,
  sliceByCodePoints,
  turnAt,
  type ActorRef,
  type Coding,
  type DocumentBundle,
  type Excerpt,
  type Memo,
  type PerformerSource,
  type SpeakerRef,
  type StudyDocument,
  heapCheckpoint,
} from '@iwa/study';
import { frameworkCode } from '@iwa/taxonomy';
import { unpackTurns } from './qdpx-extension.ts';
import { chooseOffsetUnit } from './qdpx-offsets.ts';
import { projectStates, type ProjectState, type QdpxProject } from './qdpx-project-state.ts';
import { issueAt, zipIssue } from './qdpx-read-context.ts';
import {
  selectionPlace,
  type RawCoding,
  type RawSelection,
  type RawSource,
} from './qdpx-read-sources.ts';
import { sourceText } from './qdpx-source-text.ts';
import { emptySpeakerReport } from './qdpx-speaker-report.ts';
import { documentTurns, type SpeakerRule } from './qdpx-speakers.ts';
import {
  offsetSpaceOf,
  type DocumentOffsetUnit,
  type QdpxImportReport,
  type QdpxIssue,
  type QdpxOffsetUnit,
} from './qdpx-types.ts';
import { openZipReader, type ZipReader } from './qdpx-zip.ts';

/** One item of {@link iterateQdpxDocuments}. */
export type QdpxDocumentResult =
  | { readonly ok: true; readonly bundle: DocumentBundle; readonly offsetUnit: DocumentOffsetUnit }
  | { readonly ok: false; readonly source: string; readonly errors: QdpxIssue[] };

interface DocumentSpeakerStats {
  by: Record<SpeakerRule | 'extension', number>;
  byCase: number;
  participantUnresolved: number;
}

/** What one pass over the documents carries from document to document. */
interface PassContext {
  readonly reader: ZipReader;
  readonly unitVotes: Map<QdpxOffsetUnit, number>;
  /** Excerpt and coding ids of the selections and codings a pending memo is about (only those). */
  readonly excerptIdBySelection: Map<string, string>;
  readonly codingIdByGuid: Map<string, string>;
  readonly wantedSelections: ReadonlySet<string>;
  readonly wantedCodings: ReadonlySet<string>;
  /** The first unit detected (not indifferent), and whether another one was detected too. */
  firstUnit: QdpxOffsetUnit | undefined;
  mixed: boolean;
}

/** A document read: its bundle and what the report learns from it. */
interface DocumentRead {
  ok: true;
  bundle: DocumentBundle;
  offsetUnit: DocumentOffsetUnit;
  merged: number;
  folderCodings: number;
  entry: string | undefined;
  speakers: DocumentSpeakerStats;
}

/** The offset unit of a document: forced, or detected (the units detected so far break ties). */
function documentUnit(
  state: ProjectState,
  src: RawSource,
  read: {
    text: string;
    crlfAt: Parameters<typeof chooseOffsetUnit>[0]['crlfAt'];
    pass: PassContext;
  },
): DocumentOffsetUnit {
  if (state.forced !== undefined)
    return { documentId: src.docId, unit: state.forced, how: 'forced' };
  let preferred: QdpxOffsetUnit | undefined;
  let most = 0;
  for (const [u, n] of read.pass.unitVotes) if (n > most) [preferred, most] = [u, n];
  const choice = chooseOffsetUnit({
    text: read.text,
    crlfAt: read.crlfAt,
    spans: src.selections,
    ...(preferred === undefined ? {} : { preferred }),
  });
  if (choice.how === 'detected')
    read.pass.unitVotes.set(choice.unit, (read.pass.unitVotes.get(choice.unit) ?? 0) + 1);
  return { documentId: src.docId, unit: choice.unit, how: choice.how };
}

/** Who speaks at a selection: the extension, a case SelectionRef, a turn label, the only case. */
function speakerResolver(
  state: ProjectState,
  src: RawSource,
  docTurns: ReturnType<typeof documentTurns> | undefined,
) {
  return (
    guid: string,
    start: number,
    extSpeaker: SpeakerRef | undefined,
  ): { speaker?: SpeakerRef; rule: SpeakerRule | 'extension' } => {
    if (state.ext !== undefined)
      return extSpeaker ? { speaker: extSpeaker, rule: 'extension' } : { rule: 'none' };
    const bySelection = state.speakerOfSelection.get(guid);
    if (bySelection !== undefined)
      return { speaker: { kind: 'informant', id: bySelection }, rule: 'selection_ref' };
    const turn = docTurns === undefined ? undefined : turnAt(docTurns.turns, start);
    if (turn !== undefined)
      return { speaker: turn.speaker, rule: docTurns?.wholeDocument ? 'only_case' : 'turn_label' };
    if (src.onlyCase !== undefined)
      return { speaker: { kind: 'informant', id: src.onlyCase }, rule: 'only_case' };
    return { rule: 'none' };
  };
}

/** A coding at a folder (not codable) or at a key without a family: counted, not carried. */
const atFolder = (c: RawCoding) => {
  const code = frameworkCode(c.key);
  return (code !== undefined && !code.isCodable) || !c.key.includes('.');
};

/** The excerpts and codings of one document, built selection by selection. */
class DocumentBuilder {
  readonly excerpts: Excerpt[] = [];
  readonly codings: Coding[] = [];
  readonly errors: QdpxIssue[] = [];
  readonly speakerStats: DocumentSpeakerStats;
  merged = 0;
  private readonly excerptBySpan = new Map<string, Excerpt>();
  private readonly codingIds = new Set<string>();
  private readonly converter: ReturnType<typeof createOffsetConverter>;
  private readonly speakerOf: ReturnType<typeof speakerResolver>;

  constructor(
    private readonly state: ProjectState,
    private readonly src: RawSource,
    private readonly doc: {
      text: string;
      crlfAt: Parameters<typeof createOffsetConverter>[1];
      offsetUnit: DocumentOffsetUnit;
      docTurns: ReturnType<typeof documentTurns> | undefined;
      pass: PassContext;
    },
  ) {
    this.converter = createOffsetConverter(doc.text, doc.crlfAt);
    this.speakerOf = speakerResolver(state, src, doc.docTurns);
    this.speakerStats = {
      by: { extension: 0, selection_ref: 0, turn_label: 0, only_case: 0, none: 0 },
      byCase: 0,
      participantUnresolved: doc.docTurns?.participantUnresolved ?? 0,
    };
  }

  get length(): number {
    return this.converter.length;
  }

  addCodings(excerpt: Excerpt, raws: readonly RawCoding[]): void {
    for (const c of raws) {
      if (atFolder(c)) continue; // counted apart
      const coderId = c.coderId;
      const id = this.state.ext?.codings[c.guid]?.id ?? codingId(excerpt.id, c.key, coderId);
      if (this.doc.pass.wantedCodings.has(c.guid)) this.doc.pass.codingIdByGuid.set(c.guid, id);
      if (this.codingIds.has(id)) continue;
      this.codingIds.add(id);
      this.codings.push({
        id,
        excerptId: excerpt.id,
        code: c.key,
        coderId,
        ...(c.at ? { at: c.at } : {}),
      });
    }
  }

  /** The performer and how it is known, for an excerpt whose speaker is known. */
  private performerOf(sel: RawSelection, speaker: SpeakerRef | undefined) {
    const state = this.state;
    const extEx = state.ext?.excerpts[sel.guid];
    const explicit = state.performerOf.get(sel.guid) ?? sel.performer;
    // the performer is the speaker unless the project says otherwise (a performer code, or a
    // SelectionRef the map or iwa's own cases read as the performer)
    const performer: ActorRef | undefined =
      explicit ??
      (state.ext === undefined && !state.performersRecorded && speaker?.kind === 'informant'
        ? { kind: 'informant', id: speaker.id }
        : undefined);
    // iwa's export names every performer by a SelectionRef: one who is the speaker is the
    // speaker's own work, so a copy without the extension (another tool's) reads the same
    const speakerPerforms =
      state.iwaCases &&
      explicit?.kind === 'informant' &&
      speaker?.kind === 'informant' &&
      explicit.id === speaker.id;
    const performerSource: PerformerSource =
      extEx?.performerSource ??
      (explicit !== undefined && !speakerPerforms
        ? 'explicit'
        : performer !== undefined
          ? 'speaker'
          : 'none');
    return { performer, performerSource };
  }

  addSelection(sel: RawSelection): void {
    const { converter, src, doc } = this;
    const space = offsetSpaceOf(doc.offsetUnit.unit);
    const s = converter.fromSpace(sel.start, space);
    const e = converter.fromSpace(sel.end, space);
    if (s === undefined || e === undefined || e < s) {
      const unit = doc.offsetUnit.unit;
      this.errors.push({
        ...issueAt(
          'selection_out_of_range',
          `<PlainTextSelection> ${sel.start}–${sel.end} (${unit}) does not fit the text of "${src.name ?? src.guid}" (${converter.toSpace(converter.length, space)} ${unit} units long)`,
          {
            hint: 'the selection runs past the end of its text, or the offsets count another unit (try the offsetUnit option)',
          },
        ),
        ...selectionPlace(src, sel),
      });
      return;
    }
    const extEx = this.state.ext?.excerpts[sel.guid];
    const spanKey = `${s}:${e}`;
    const existing = extEx === undefined ? this.excerptBySpan.get(spanKey) : undefined;
    if (existing !== undefined) {
      this.merged++;
      if (doc.pass.wantedSelections.has(sel.guid))
        doc.pass.excerptIdBySelection.set(sel.guid, existing.id);
      this.addCodings(existing, sel.codings);
      return;
    }
    const { speaker, rule } = this.speakerOf(sel.guid, s, extEx?.speaker);
    this.speakerStats.by[rule]++;
    if (speaker?.kind === 'informant') this.speakerStats.byCase++;
    const { performer, performerSource } = this.performerOf(sel, speaker);
    const id = extEx?.id ?? excerptId(this.state.studyId, src.docId, { start: s, end: e });
    const excerpt: Excerpt = {
      id,
      documentId: src.docId,
      start: s,
      end: e,
      text: sliceByCodePoints(doc.text, s, e),
      ...(speaker ? { speaker } : {}),
      ...(performer ? { performer } : {}),
      performerSource,
      ...(sel.name !== undefined ? { name: sel.name } : {}),
      ...(sel.description !== undefined ? { description: sel.description } : {}),
      ...(sel.user !== undefined ? { creatingUser: sel.user } : {}),
      ...(sel.at !== undefined ? { createdAt: sel.at } : {}),
    };
    this.excerpts.push(excerpt);
    this.excerptBySpan.set(spanKey, excerpt);
    if (doc.pass.wantedSelections.has(sel.guid)) doc.pass.excerptIdBySelection.set(sel.guid, id);
    this.addCodings(excerpt, sel.codings);
  }

  /** Codings of the whole source: on the whole-text excerpt (made when no selection spans it). */
  addSourceCodings(): void {
    const { src, state, doc } = this;
    if (src.sourceCodings.length === 0) return;
    const end = this.converter.length;
    let whole = this.excerptBySpan.get(`0:${end}`);
    if (whole === undefined) {
      const { speaker, rule } = this.speakerOf('', 0, undefined);
      this.speakerStats.by[rule]++;
      if (speaker?.kind === 'informant') this.speakerStats.byCase++;
      whole = {
        id: excerptId(state.studyId, src.docId, { start: 0, end }),
        documentId: src.docId,
        start: 0,
        end,
        text: doc.text,
        ...(speaker ? { speaker } : {}),
        ...(speaker?.kind === 'informant' && !state.performersRecorded
          ? { performer: { kind: 'informant', id: speaker.id }, performerSource: 'speaker' }
          : { performerSource: 'none' }),
      };
      this.excerpts.push(whole);
    }
    this.addCodings(whole, src.sourceCodings);
  }
}

/** The document element of a source, with iwa's extension's fields where it has them. */
function documentOf(
  state: ProjectState,
  src: RawSource,
  read: { text: string; turns: StudyDocument['turns'] },
): StudyDocument {
  const extDoc = state.ext?.documents[src.guid];
  return {
    id: src.docId,
    ...(extDoc?.untitled || src.name === undefined ? {} : { title: src.name }),
    kind: extDoc?.kind ?? 'interview',
    ...(extDoc?.date === undefined ? {} : { date: extDoc.date }),
    participants: src.participants,
    text: read.text,
    contentHash: contentHash(read.text),
    turns: extDoc === undefined ? read.turns : unpackTurns(extDoc.turns),
    ...(src.description !== undefined ? { description: src.description } : {}),
    ...(src.variables !== undefined ? { variables: src.variables } : {}),
    ...(extDoc
      ? extDoc.sourcePath === undefined
        ? {}
        : { sourcePath: extDoc.sourcePath }
      : 'entry' in src.text
        ? { sourcePath: src.text.entry }
        : {}),
    ...(src.user !== undefined ? { creatingUser: src.user } : {}),
    ...(src.at !== undefined ? { createdAt: src.at } : {}),
  };
}

/** Reads one source into a document bundle, or the issues of its selections. */
async function readDocument(
  state: ProjectState,
  src: RawSource,
  pass: PassContext,
): Promise<DocumentRead | { ok: false; source: string; errors: QdpxIssue[] }> {
  const label = src.name ?? src.guid;
  const normal = await sourceText(pass.reader, src);
  if (!normal.ok) return { ok: false, source: label, errors: normal.errors };
  const text = normal.text;
  const offsetUnit = documentUnit(state, src, { text, crlfAt: normal.crlfAt, pass });
  const length = createOffsetConverter(text, normal.crlfAt).length;
  const docTurns =
    state.ext === undefined && state.speakerRules !== undefined
      ? documentTurns(text, state.speakerRules, { onlyCase: src.onlyCase, length })
      : undefined;
  const builder = new DocumentBuilder(state, src, {
    text,
    crlfAt: normal.crlfAt,
    offsetUnit,
    docTurns,
    pass,
  });
  for (const sel of src.selections) builder.addSelection(sel);
  builder.addSourceCodings();
  if (builder.errors.length > 0) return { ok: false, source: label, errors: builder.errors };
  return {
    ok: true,
    bundle: {
      document: documentOf(state, src, { text, turns: docTurns?.turns ?? [] }),
      excerpts: builder.excerpts,
      codings: builder.codings,
      memos: [],
    },
    offsetUnit,
    merged: builder.merged,
    folderCodings: [...src.sourceCodings, ...src.selections.flatMap((s) => s.codings)].filter(
      atFolder,
    ).length,
    entry: 'entry' in src.text ? src.text.entry : undefined,
    speakers: builder.speakerStats,
  };
}

/** The memos about this document's selections and codings, now that their ids are known. */
function memosOf(state: ProjectState, index: number, pass: PassContext): Memo[] {
  const memos: Memo[] = [];
  for (const p of state.pendingMemos) {
    if (p.lastSource !== index) continue;
    const about = [...p.memo.about];
    for (const s of p.selections) {
      const id = pass.excerptIdBySelection.get(s);
      if (id !== undefined) about.push({ kind: 'excerpt', id });
    }
    for (const c of p.codings) {
      const id = pass.codingIdByGuid.get(c);
      if (id !== undefined) about.push({ kind: 'coding', id });
    }
    memos.push({ ...p.memo, about });
  }
  return memos;
}

/** Adds what one document read to the report: merges, folder codings, speakers, counts, unit. */
function reportDocument(
  report: QdpxImportReport,
  read: DocumentRead & { src: RawSource; forced: QdpxOffsetUnit | undefined; pass: PassContext },
): void {
  const { bundle, entry } = read;
  const place = entry === undefined ? {} : { entry };
  if (read.merged > 0) {
    report.warnings.push({
      code: 'duplicate',
      message: `${read.merged} selections of "${bundle.document.id}" repeat the span of another (one selection per code, as NVivo writes); merged into one excerpt each`,
      ...place,
    });
  }
  if (read.folderCodings > 0) {
    const i = report.notCarried.findIndex((n) => n.element === 'Coding (at a framework folder)');
    const prev = report.notCarried[i];
    if (prev) report.notCarried[i] = { ...prev, count: prev.count + read.folderCodings };
    else {
      report.notCarried.push({
        element: 'Coding (at a framework folder)',
        count: read.folderCodings,
        reason:
          'codings at a framework folder (e.g. "Forms of work") name no codable code; code a child instead',
      });
    }
  }
  const sp = report.speakers;
  const stats = read.speakers;
  const total = Object.values(stats.by).reduce((a, b) => a + b, 0);
  sp.excerpts += total;
  sp.withSpeaker += total - stats.by.none;
  sp.byCase += stats.byCase;
  sp.by.extension += stats.by.extension;
  sp.by.selection_ref += stats.by.selection_ref;
  sp.by.turn_label += stats.by.turn_label;
  sp.by.only_case += stats.by.only_case;
  if (total > 0 && stats.by.none === total && sp.documentsWithout.length < 20)
    sp.documentsWithout.push(bundle.document.id);
  if (stats.participantUnresolved > 0) {
    report.warnings.push({
      code: 'defaulted',
      message: `${stats.participantUnresolved} turns of "${bundle.document.id}" are labelled as the participant (R:, Respondent:, …) but the source is linked to ${read.src.participants.length} cases, not one; those turns have no speaker`,
      hint: 'link the source to its one participant (a case SourceRef), or name the label in the map under speakers:',
      ...place,
    });
  }
  report.documentOffsetUnits.push(read.offsetUnit);
  report.counts.documents = (report.counts.documents ?? 0) + 1;
  report.counts.excerpts = (report.counts.excerpts ?? 0) + bundle.excerpts.length;
  report.counts.codingsImported = (report.counts.codingsImported ?? 0) + bundle.codings.length;
  report.counts.memos = (report.counts.memos ?? 0) + bundle.memos.length;
  const pass = read.pass;
  if (read.offsetUnit.how !== 'indifferent') {
    if (pass.firstUnit === undefined) pass.firstUnit = read.offsetUnit.unit;
    else if (pass.firstUnit !== read.offsetUnit.unit) pass.mixed = true;
  }
  report.offsetUnit = pass.mixed ? 'mixed' : (pass.firstUnit ?? read.forced ?? 'code_point');
}

/** Restores the report to what the manifest found, before a pass over the documents. */
function resetReport(report: QdpxImportReport, state: ProjectState): void {
  report.warnings.splice(0, report.warnings.length, ...state.manifestReport.warnings);
  report.notCarried.splice(0, report.notCarried.length, ...state.manifestReport.notCarried);
  Object.assign(report.counts, state.manifestReport.counts);
  report.documentOffsetUnits.splice(0);
  report.speakers = emptySpeakerReport(state.speakerRules);
}

/**
 * Reads the documents of a project one at a time, in project order: each source text is read
 * from the archive, decoded (strict UTF-8, BOM stripped, CRLF → LF), its offset unit chosen
 * (or forced), its selections turned into excerpts (one per span; NVivo's one-selection-per-code
 * is merged) and their Codings into codings. Memory holds one source text at a time.
 *
 * Importers must treat any `ok: false` item as a failed read of the whole project.
 */
export async function* iterateQdpxDocuments(
  project: QdpxProject,
): AsyncGenerator<QdpxDocumentResult, void, undefined> {
  const state = projectStates.get(project);
  if (state === undefined) {
    throw new TypeError('iterateQdpxDocuments needs a project returned by readQdpxManifest');
  }
  const opened = await openZipReader(state.input, state.limits);
  if (!opened.ok) {
    yield { ok: false, source: '', errors: [zipIssue(opened.problem)] };
    return;
  }
  await using reader = opened.reader;
  const report = project.report;
  // each pass (validation, then import) reports afresh: what the manifest found, then per document
  resetReport(report, state);
  const pass: PassContext = {
    reader,
    unitVotes: new Map(),
    excerptIdBySelection: new Map(),
    codingIdByGuid: new Map(),
    wantedSelections: new Set(state.pendingMemos.flatMap((p) => p.selections)),
    wantedCodings: new Set(state.pendingMemos.flatMap((p) => p.codings)),
    firstUnit: undefined,
    mixed: false,
  };
  for (const [index, src] of state.sources.entries()) {
    heapCheckpoint();
    const result = await readDocument(state, src, pass);
    if (!result.ok) {
      yield result;
      continue;
    }
    const bundle: DocumentBundle = { ...result.bundle, memos: memosOf(state, index, pass) };
    reportDocument(report, { ...result, bundle, src, forced: state.forced, pass });
    yield { ok: true, bundle, offsetUnit: result.offsetUnit };
  }
}
