import { randomUUID } from 'node:crypto';
import {
  codersMissingFrom,
  isStoredBundle,
  queryStoredDocumentCoders,
  recordImportRun,
  writeDocuments,
  writeStudyClaims,
  writeStudyManifest,
  type DocumentWriteResult,
  type Graph,
  type ManifestWriteResult,
} from '@iwa/graph';
import type { DocumentBundle } from '@iwa/study';
import { DomainError } from '@iwa/taxonomy';
import { codeRowsFor } from './code-rows.ts';
import type { ImportSource } from './import-source.ts';
import { checkManifestPhases, syncPhaseEvents } from './phase-service.ts';
import { InFlight } from './in-flight.ts';

/** Running totals an import reports while it goes and at the end. */
export interface ImportTotals {
  documents: { created: number; changed: number; unchanged: number };
  excerpts: number;
  codings: number;
  memos: number;
}

export interface ImportProgress {
  /** Called before writing starts, with the totals found by the validation pass. */
  start(totals: { documents: number; excerpts: number; codings: number }): void;
  /** Called after each batch is committed. */
  update(done: { documents: number; excerpts: number; codings: number }): void;
  stop(): void;
}

/** The result of checking a source without writing (`--dry-run`, and the first pass of every import). */
export type ValidationResult =
  | { ok: true; documents: number; excerpts: number; codings: number }
  | { ok: false; errors: string[] };

/** Reads every document once and collects every error; nothing is written. */
export async function validateSource(source: ImportSource): Promise<ValidationResult> {
  const errors: string[] = [...checkManifestPhases(source.manifest)];
  const ids = new Set<string>();
  let documents = 0;
  let excerpts = 0;
  let codings = 0;
  for await (const item of source.documents()) {
    if (!item.ok) {
      errors.push(...item.errors);
      continue;
    }
    const id = item.bundle.document.id;
    if (ids.has(id))
      errors.push(`document id ${id} appears twice: give each transcript its own id`);
    ids.add(id);
    documents += 1;
    excerpts += item.bundle.excerpts.length;
    codings += item.bundle.codings.length;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, documents, excerpts, codings };
}

export interface ImportOutcome {
  studyId: string;
  manifest: ManifestWriteResult;
  totals: ImportTotals;
  validated: { documents: number; excerpts: number; codings: number };
  elapsedMs: number;
  /** Phase events appended to the store, and histories kept because they differ. */
  phases: { appended: number; warnings: string[] };
}

/** A stored document an import would replace, with the codings of coders the input lacks. */
export interface CodingLoss {
  documentId: string;
  /**
   * Coders with codings or memos on the stored document and none on it in the input, with their
   * counts (a memo without an author belongs to `unknown`).
   */
  coders: { coderId: string; codings: number; memos: number }[];
}

/**
 * An import refused because it would delete codings (issue #9): replacing a changed document
 * deletes its excerpts and codings, so codings by coders who are not in the input (another
 * coder's file, work done in the explorer's workbench) would be lost. `code` is `conflict`.
 */
export class ImportRefusedError extends DomainError<'conflict'> {
  override readonly name = 'ImportRefusedError';
  readonly losses: readonly CodingLoss[];

  constructor(studyId: string, losses: readonly CodingLoss[]) {
    super('conflict', refusalMessage(studyId, losses));
    this.losses = losses;
  }
}

const LISTED = 20;

function refusalMessage(studyId: string, losses: readonly CodingLoss[]): string {
  const total = losses.reduce((s, l) => s + l.coders.reduce((t, c) => t + c.codings, 0), 0);
  const memos = losses.reduce((s, l) => s + l.coders.reduce((t, c) => t + c.memos, 0), 0);
  const work = (codings: number, memoCount: number): string =>
    [
      ...(codings > 0 || memoCount === 0 ? [`${codings} coding${codings === 1 ? '' : 's'}`] : []),
      ...(memoCount > 0 ? [`${memoCount} memo${memoCount === 1 ? '' : 's'}`] : []),
    ].join(' and ');
  const coders = [...new Set(losses.flatMap((l) => l.coders.map((c) => c.coderId)))].sort();
  const lines = losses
    .slice(0, LISTED)
    .map(
      (l) =>
        `  document ${l.documentId}: ${l.coders.map((c) => `${c.coderId} (${work(c.codings, c.memos)})`).join(', ')}`,
    );
  if (losses.length > LISTED) lines.push(`  … and ${losses.length - LISTED} more documents`);
  return [
    `this import would replace ${losses.length} document${losses.length === 1 ? '' : 's'} of study ${studyId} and remove ${work(total, memos)} by ${coders.join(', ')}, who ${coders.length === 1 ? 'has' : 'have'} no codings or memos on ${losses.length === 1 ? 'it' : 'them'} in this input:`,
    ...lines,
    `Nothing was written. Import every coder's files together (iwa study import a.qdpx b.qdpx …), add the missing coders' codings to the input, or import with --replace to accept the removal.`,
  ].join('\n');
}

/**
 * Finds the stored documents this import would replace (their input differs from what was
 * written last) whose stored codings include coders with no codings on them in the input.
 * Reads the source once; only documents that hold codings in the graph are looked at.
 */
export async function findCodingLosses(graph: Graph, source: ImportSource): Promise<CodingLoss[]> {
  const stored = new Map(
    (await queryStoredDocumentCoders(graph, { studyId: source.manifest.id })).map((d) => [d.id, d]),
  );
  if (stored.size === 0) return [];
  const losses: CodingLoss[] = [];
  for await (const item of source.documents()) {
    if (!item.ok) continue;
    const doc = stored.get(item.bundle.document.id);
    if (doc === undefined) continue;
    const missing = codersMissingFrom(doc, item.bundle);
    // hash only when something could be lost: an unchanged document is skipped, never replaced
    if (missing.length === 0 || isStoredBundle(doc.payloadHash, item.bundle)) continue;
    losses.push({ documentId: doc.id, coders: missing });
  }
  return losses;
}

/** Batch limits: a transaction holds whole documents, up to about this many codings. */
const BATCH_CODINGS = 5_000;
const BATCH_DOCUMENTS = 50;
/**
 * Batches written at once: while one commits, the next is written, and Neo4j uses both cores
 * (floor (a) of the bench: two in flight loaded 1.9× as fast as one at a time). Batches hold
 * different documents; a deadlock on a shared code or actor node is retried by the driver.
 */
const BATCHES_IN_FLIGHT = 2;

/**
 * Imports a validated source: the manifest first, then documents in batches, each batch one
 * transaction (a document is written whole or not at all). Unchanged documents are skipped,
 * so a re-run after a crash converges and a re-import of the same input changes nothing.
 *
 * A changed document is replaced whole. Before anything is written, the import looks for
 * replaced documents whose stored codings include coders who have none on them in the input
 * (another coder's work, workbench codings) and throws {@link ImportRefusedError} unless
 * `replace` is true.
 */
export async function runImport(
  graph: Graph,
  source: ImportSource,
  options: {
    progress?: ImportProgress;
    validated: { documents: number; excerpts: number; codings: number };
    /** Replace documents even when that removes other coders' codings (default: refuse). */
    replace?: boolean;
  },
): Promise<ImportOutcome> {
  const started = new Date();
  const t0 = performance.now();
  const studyId = source.manifest.id;
  if (options.replace !== true) {
    const losses = await findCodingLosses(graph, source);
    if (losses.length > 0) throw new ImportRefusedError(studyId, losses);
  }
  const manifest = await writeStudyManifest(graph, {
    manifest: source.manifest,
    codes: codeRowsFor(source.manifest),
  });
  const totals: ImportTotals = {
    documents: { created: 0, changed: 0, unchanged: 0 },
    excerpts: 0,
    codings: 0,
    memos: 0,
  };
  const done = { documents: 0, excerpts: 0, codings: 0 };
  options.progress?.start(options.validated);
  let batch: DocumentBundle[] = [];
  let batchCodings = 0;
  const writes = new InFlight(BATCHES_IN_FLIGHT);
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const bundles = batch;
    const codings = batchCodings;
    batch = [];
    batchCodings = 0;
    await writes.add(async () => {
      const res: DocumentWriteResult = await writeDocuments(graph, {
        studyId,
        bundles,
        replace: options.replace === true,
      });
      totals.documents.created += res.documents.created;
      totals.documents.changed += res.documents.changed;
      totals.documents.unchanged += res.documents.unchanged;
      totals.excerpts += res.excerpts;
      totals.codings += res.codings;
      totals.memos += res.memos;
      done.documents += bundles.length;
      done.excerpts += bundles.reduce((s, b) => s + b.excerpts.length, 0);
      done.codings += codings;
      options.progress?.update(done);
    });
  };
  try {
    for await (const item of source.documents()) {
      if (!item.ok)
        throw new Error(`the source changed while importing: ${item.errors.join('; ')}`);
      batch.push(item.bundle);
      batchCodings += item.bundle.codings.length;
      if (batchCodings >= BATCH_CODINGS || batch.length >= BATCH_DOCUMENTS) await flush();
    }
    await flush();
    await writes.drain();
  } finally {
    // nothing is still writing when the import returns or fails
    await writes.settle();
    options.progress?.stop();
  }
  if (source.claims !== undefined) await writeStudyClaims(graph, { studyId, text: source.claims });
  const phases = await syncPhaseEvents(graph, source.manifest);
  const ended = new Date();
  await recordImportRun(graph, {
    studyId,
    run: {
      id: `run-${randomUUID()}`,
      source: source.description,
      contentHash: await source.contentHash(),
      startedAt: started.toISOString(),
      endedAt: ended.toISOString(),
      status: 'completed',
      counts: {
        documentsCreated: totals.documents.created,
        documentsChanged: totals.documents.changed,
        documentsUnchanged: totals.documents.unchanged,
        excerptsWritten: totals.excerpts,
        codingsWritten: totals.codings,
        nodesCreated: manifest.nodes.created,
        nodesChanged: manifest.nodes.changed,
        phaseEventsAppended: phases.appended,
      },
      ...(source.extra.offsetUnit ? { offsetUnit: source.extra.offsetUnit } : {}),
      ...(source.extra.notCarried ? { notCarried: source.extra.notCarried } : {}),
    },
  });
  return {
    studyId,
    manifest,
    totals,
    validated: options.validated,
    elapsedMs: performance.now() - t0,
    phases,
  };
}
