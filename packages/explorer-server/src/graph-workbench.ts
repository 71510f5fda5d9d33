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
  PerformerRequest,
  PerformerResult,
  UpdateCodingRequest,
} from './api-types.ts';
import { ExplorerError } from './explorer-error.ts';
import type { WorkbenchData } from './workbench-data.ts';
import {
  documentText,
  importNewStudy,
  speakerLabels,
  studyIdFromName,
  transcriptBundle,
} from './workbench-import.ts';

const change = (req: { opId: string; coderId: string }): ChangeContext => ({
  opId: req.opId,
  coderId: req.coderId,
  at: new Date().toISOString(),
});

/** The coding workbench on a Neo4j graph, through `@iwa/graph`'s workbench writes. */
export class GraphWorkbench implements WorkbenchData {
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
        `id: the study has a document ${documentId}; give the new one another id`,
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
}
