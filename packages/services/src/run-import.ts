import { randomUUID } from 'node:crypto';
import {
  recordImportRun,
  writeDocuments,
  writeStudyClaims,
  writeStudyManifest,
  type DocumentWriteResult,
  type Graph,
  type ManifestWriteResult,
} from '@iwa/graph';
import type { DocumentBundle } from '@iwa/study';
import { codeRowsFor } from './code-rows.ts';
import type { ImportSource } from './import-source.ts';
import { checkManifestPhases, syncPhaseEvents } from './phase-service.ts';

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

/** Batch limits: a transaction holds whole documents, up to about this many codings. */
const BATCH_CODINGS = 5_000;
const BATCH_DOCUMENTS = 50;

/**
 * Imports a validated source: the manifest first, then documents in batches, each batch one
 * transaction (a document is written whole or not at all). Unchanged documents are skipped,
 * so a re-run after a crash converges and a re-import of the same input changes nothing.
 */
export async function runImport(
  graph: Graph,
  source: ImportSource,
  options: {
    progress?: ImportProgress;
    validated: { documents: number; excerpts: number; codings: number };
  },
): Promise<ImportOutcome> {
  const started = new Date();
  const t0 = performance.now();
  const studyId = source.manifest.id;
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
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const res: DocumentWriteResult = await writeDocuments(graph, { studyId, bundles: batch });
    totals.documents.created += res.documents.created;
    totals.documents.changed += res.documents.changed;
    totals.documents.unchanged += res.documents.unchanged;
    totals.excerpts += res.excerpts;
    totals.codings += res.codings;
    totals.memos += res.memos;
    done.documents += batch.length;
    done.excerpts += batch.reduce((s, b) => s + b.excerpts.length, 0);
    done.codings += batchCodings;
    options.progress?.update(done);
    batch = [];
    batchCodings = 0;
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
  } finally {
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
