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

/**
 * The coding workbench: what the explorer writes, and the reads the Code view needs. `iwa serve`
 * gets it from `GraphExplorerData.workbench`; tests use a fixture.
 *
 * Contract for implementations (besides {@link ExplorerData}'s):
 * - Every write carries `opId` and `coderId`. Each change and its audit entry (who, when,
 *   before, after) are one transaction; a write whose `opId` was applied before returns
 *   `outcome: 'replayed'` and changes nothing.
 * - Offsets are code points into the stored (normalised) text; ids are the importer's, so the
 *   same span, code and coder is the same coding however it was made.
 * - Throw an error with `code: 'conflict'` for a write that does not fit the stored data (a span
 *   past the end of the text, a study id that is taken): 409.
 */
export interface WorkbenchData {
  /** The study's documents; null when the study is unknown. */
  documents(studyId: string): Promise<DocumentsResponse | null>;
  /** A document's excerpts with codings and memos (only `coder`'s in blind mode). */
  documentCodings(
    studyId: string,
    documentId: string,
    coder: string | undefined,
  ): Promise<DocumentCodingsResponse | null>;
  createCoding(studyId: string, req: CreateCodingRequest): Promise<CodingResult>;
  updateCoding(studyId: string, codingId: string, req: UpdateCodingRequest): Promise<CodingResult>;
  deleteCoding(studyId: string, codingId: string, req: DeleteCodingRequest): Promise<CodingResult>;
  setPerformer(studyId: string, excerptId: string, req: PerformerRequest): Promise<PerformerResult>;
  setMemo(studyId: string, excerptId: string, req: MemoRequest): Promise<MemoResult>;
  createStudy(req: CreateStudyRequest): Promise<CreateStudyResult>;
  addDocument(studyId: string, req: AddDocumentRequest): Promise<AddDocumentResult>;
  /** The audit trail, oldest first; null when the study is unknown. */
  audit(studyId: string, documentId: string | undefined): Promise<AuditResponse | null>;
}
