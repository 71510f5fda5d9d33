import {
  appendAuditEntry,
  deleteCoding,
  getStudy,
  hasAuditEntry,
  listAuditEntries,
  listStudyDocuments,
  queryDocument,
  queryDocumentCodings,
  queryStudySpeakers,
  queryDocumentSummary,
  readStudyManifestTx,
  setExcerptMemo,
  setPerformer,
  updateCoding,
  upsertCoding,
  writeDocuments,
  type ChangeContext,
  type Graph,
} from '@iwa/graph';
import type {
  AddDocumentRequest,
  AddDocumentResult,
  AuditResponse,
  CodingResult,
  CreateCodingRequest,
  CreateStudyRequest,
  CreateStudyResult,
  DeleteCodingRequest,
  DocumentCodingsResponse,
  DocumentsResponse,
  MemoRequest,
  MemoResult,
  PerformerActor,
  PerformerRequest,
  PerformerResult,
  UpdateCodingRequest,
} from './api-types.ts';
import type {
  ActorRequest,
  CodebookEditRequest,
  DeleteDocumentResult,
  DocumentSummaryResponse,
  PlainChangeRequest,
  RelationRequest,
  RenameDocumentRequest,
  ReplaceDocumentRequest,
  ReplaceDocumentResult,
  StudyEditResult,
  StudySetupResponse,
} from './study-edit-types.ts';
import type { z } from 'zod';
import {
  addRelation,
  deleteActor,
  deleteDocument,
  editCodebook,
  removeRelation,
  renameDocument,
  replaceDocument,
  saveActor,
} from '@iwa/services';
import { ExplorerError } from './explorer-error.ts';
import type { StudyEditor } from './study-edit-routes.ts';
import type { WorkbenchData } from './workbench-data.ts';
import {
  documentText,
  importNewStudy,
  speakerLabels,
  studyIdFromName,
  transcriptBundle,
} from './workbench-import.ts';

const change = (req: {
  opId: string;
  coderId: string;
  undoOf?: string | undefined;
}): ChangeContext => ({
  opId: req.opId,
  coderId: req.coderId,
  at: new Date().toISOString(),
  ...(req.undoOf === undefined ? {} : { undoOf: req.undoOf }),
});

/** The coding workbench on a Neo4j graph, through `@iwa/graph`'s workbench writes. */
export class GraphWorkbench implements WorkbenchData, StudyEditor {
  readonly #graph: Graph;
  readonly #changed: (studyId: string) => void;

  /** `changed` is told of every study a write changed (to drop cached analyses). */
  constructor(graph: Graph, changed: (studyId: string) => void = () => undefined) {
    this.#graph = graph;
    this.#changed = changed;
  }

  #after<T extends { outcome: string }>(studyId: string, res: T): T {
    if (res.outcome !== 'unchanged' && res.outcome !== 'replayed') this.#changed(studyId);
    return res;
  }

  async documents(studyId: string): Promise<DocumentsResponse | null> {
    if (!(await getStudy(this.#graph, { studyId }))) return null;
    return listStudyDocuments(this.#graph, { studyId });
  }

  async documentCodings(
    studyId: string,
    documentId: string,
    coder: string | undefined,
  ): Promise<DocumentCodingsResponse | null> {
    if (!(await queryDocument(this.#graph, { studyId, documentId }))) return null;
    const excerpts = await queryDocumentCodings(this.#graph, {
      studyId,
      documentId,
      coderId: coder,
    });
    return { documentId, excerpts };
  }

  async createCoding(studyId: string, req: CreateCodingRequest): Promise<CodingResult> {
    const res = await upsertCoding(this.#graph, {
      studyId,
      documentId: req.documentId,
      start: req.start,
      end: req.end,
      code: req.code,
      change: change(req),
    });
    return this.#after(studyId, res);
  }

  async updateCoding(
    studyId: string,
    codingId: string,
    req: UpdateCodingRequest,
  ): Promise<CodingResult> {
    const res = await updateCoding(this.#graph, {
      studyId,
      codingId,
      code: req.code,
      start: req.start,
      end: req.end,
      change: change(req),
    });
    return this.#after(studyId, res);
  }

  async deleteCoding(
    studyId: string,
    codingId: string,
    req: DeleteCodingRequest,
  ): Promise<CodingResult> {
    return this.#after(
      studyId,
      await deleteCoding(this.#graph, { studyId, codingId, change: change(req) }),
    );
  }

  async setPerformer(
    studyId: string,
    excerptId: string,
    req: PerformerRequest,
  ): Promise<PerformerResult> {
    const res = await setPerformer(this.#graph, {
      studyId,
      excerptId,
      performer: req.performer,
      change: change(req),
    });
    return this.#after(studyId, {
      outcome: res.outcome,
      performer: res.state.performer,
      performerSource: res.state.performerSource,
    });
  }

  async setMemo(studyId: string, excerptId: string, req: MemoRequest): Promise<MemoResult> {
    return this.#after(
      studyId,
      await setExcerptMemo(this.#graph, {
        studyId,
        excerptId,
        text: req.text,
        change: change(req),
      }),
    );
  }

  async createStudy(req: CreateStudyRequest): Promise<CreateStudyResult> {
    const studyId = req.id ?? studyIdFromName(req.name);
    if (await getStudy(this.#graph, { studyId })) {
      if (await hasAuditEntry(this.#graph, { studyId, opId: req.opId }))
        return { outcome: 'replayed', studyId };
      throw new ExplorerError('conflict', `id: a study with the id ${studyId} exists`);
    }
    await importNewStudy(this.#graph, studyId, req);
    await appendAuditEntry(this.#graph, {
      studyId,
      entry: {
        id: req.opId,
        at: new Date().toISOString(),
        coderId: req.coderId,
        action: 'create_study',
        documentId: null,
        excerptId: null,
        codingId: null,
        before: null,
        after: { id: studyId, name: req.name, informants: req.informants ?? [] },
      },
    });
    this.#changed(studyId);
    return { outcome: 'created', studyId };
  }

  async addDocument(studyId: string, req: AddDocumentRequest): Promise<AddDocumentResult> {
    const speakers = await queryStudySpeakers(this.#graph, { studyId });
    if (speakers === undefined) throw new ExplorerError('not_found', `no study ${studyId}`);
    const text = await documentText(req.fileName, Buffer.from(req.contentBase64, 'base64'));
    const { bundle, warnings } = transcriptBundle({
      fileName: req.fileName,
      text,
      id: req.id,
      title: req.title,
      labels: speakerLabels(speakers),
    });
    const documentId = bundle.document.id;
    if (await queryDocument(this.#graph, { studyId, documentId })) {
      if (await hasAuditEntry(this.#graph, { studyId, opId: req.opId }))
        return { outcome: 'replayed', documentId, warnings };
      throw new ExplorerError(
        'conflict',
        `the study has a document ${documentId} already: to put this file in its place, use Replace on that document; to keep both, rename the file before adding it`,
      );
    }
    await writeDocuments(this.#graph, { studyId, bundles: [bundle] });
    await appendAuditEntry(this.#graph, {
      studyId,
      entry: {
        id: req.opId,
        at: new Date().toISOString(),
        coderId: req.coderId,
        action: 'add_document',
        documentId,
        excerptId: null,
        codingId: null,
        before: null,
        after: {
          id: documentId,
          fileName: req.fileName,
          contentHash: bundle.document.contentHash,
          turns: bundle.document.turns.length,
        },
      },
    });
    this.#changed(studyId);
    return { outcome: 'created', documentId, warnings };
  }

  async audit(studyId: string, documentId: string | undefined): Promise<AuditResponse | null> {
    if (!(await getStudy(this.#graph, { studyId }))) return null;
    return listAuditEntries(this.#graph, { studyId, documentId });
  }

  // ---------------------------------------------------------------------------------------------
  // The study built in the browser (StudyEditor): codebook, actors, relations, documents

  async setup(studyId: string): Promise<StudySetupResponse | null> {
    if (!(await getStudy(this.#graph, { studyId }))) return null;
    const m = await this.#graph.readTransaction((tx) => readStudyManifestTx(tx, { studyId }));
    const employer = new Map(
      m.relations
        .filter((r) => r.type === 'employed_by' && r.primary)
        .map((r) => [r.from.id, r.to.id]),
    );
    return {
      codes: m.codebook.codes,
      positions: m.positions,
      informants: m.informants.map((i) => ({ ...i, organisationId: employer.get(i.id) ?? null })),
      organisations: m.organisations,
      actorGroups: m.actorGroups,
      relations: m.relations
        .filter((r) => r.type !== 'employed_by')
        .map((r) => ({ id: r.id, type: r.type, from: r.from, to: r.to, evidence: r.evidence })),
    };
  }

  async editCodebook(studyId: string, req: CodebookEditRequest): Promise<StudyEditResult> {
    const res = await editCodebook(this.#graph, { studyId, change: change(req), edit: req.edit });
    return this.#after(studyId, res);
  }

  async saveActor(studyId: string, req: ActorRequest): Promise<StudyEditResult> {
    const res = await saveActor(this.#graph, { studyId, change: change(req), actor: req.actor });
    return this.#after(studyId, res);
  }

  async deleteActor(
    studyId: string,
    actor: PerformerActor,
    req: PlainChangeRequest,
  ): Promise<StudyEditResult> {
    const res = await deleteActor(this.#graph, { studyId, change: change(req), actor });
    return this.#after(studyId, res);
  }

  async addRelation(studyId: string, req: RelationRequest): Promise<StudyEditResult> {
    const res = await addRelation(this.#graph, {
      studyId,
      change: change(req),
      relation: {
        type: req.type,
        from: req.from,
        to: req.to,
        evidence: req.evidence,
        participation: req.participation,
        note: req.note,
      },
    });
    return this.#after(studyId, res);
  }

  async removeRelation(
    studyId: string,
    relationId: string,
    req: PlainChangeRequest,
  ): Promise<StudyEditResult> {
    const res = await removeRelation(this.#graph, { studyId, change: change(req), relationId });
    return this.#after(studyId, res);
  }

  async documentSummary(
    studyId: string,
    documentId: string,
  ): Promise<DocumentSummaryResponse | null> {
    const s = await queryDocumentSummary(this.#graph, { studyId, documentId });
    return s === null
      ? null
      : {
          id: documentId,
          title: s.title ?? documentId,
          excerpts: s.excerpts,
          memos: s.memos,
          codings: s.codings,
        };
  }

  async renameDocument(
    studyId: string,
    documentId: string,
    req: RenameDocumentRequest,
  ): Promise<StudyEditResult> {
    const res = await renameDocument(this.#graph, {
      studyId,
      documentId,
      title: req.title,
      change: change(req),
    });
    return this.#after(studyId, { outcome: res.outcome, after: { title: res.title } });
  }

  async replaceDocument(
    studyId: string,
    documentId: string,
    req: z.output<typeof ReplaceDocumentRequest>,
  ): Promise<ReplaceDocumentResult> {
    const stored = await queryDocumentSummary(this.#graph, { studyId, documentId });
    if (stored === null) throw new ExplorerError('not_found', `no document ${documentId}`);
    const speakers = await queryStudySpeakers(this.#graph, { studyId });
    if (speakers === undefined) throw new ExplorerError('not_found', `no study ${studyId}`);
    const text = await documentText(req.fileName, Buffer.from(req.contentBase64, 'base64'));
    const { bundle, warnings } = transcriptBundle({
      fileName: req.fileName,
      text,
      id: documentId,
      title: stored.title ?? undefined,
      labels: speakerLabels(speakers),
    });
    const res = await replaceDocument(this.#graph, {
      studyId,
      bundle,
      discardCodings: req.discardCodings,
      change: change(req),
      fileName: req.fileName,
    });
    return this.#after(studyId, { ...res, documentId, warnings });
  }

  async deleteDocument(
    studyId: string,
    documentId: string,
    req: PlainChangeRequest,
  ): Promise<DeleteDocumentResult> {
    const res = await deleteDocument(this.#graph, { studyId, documentId, change: change(req) });
    return this.#after(studyId, { outcome: res.outcome, documentId });
  }
}
