import type {
  ActorProfileResponse,
  AgreementQuery,
  AgreementReportQuery,
  AgreementReportResponse,
  AgreementResponse,
  ActorsQuery,
  ActorsResponse,
  ClaimsResponse,
  CodersQuery,
  DimensionsResponse,
  DocumentResponse,
  ExcerptExportQuery,
  ExcerptQuery,
  ExcerptsResponse,
  MatrixQuery,
  MatrixResponse,
  PhasesResponse,
  SearchQuery,
  SearchResponse,
  StudiesResponse,
} from './api-types.ts';

/** A file the explorer sends as a download. */
export interface DownloadFile {
  fileName: string;
  contentType: string;
  body: Uint8Array | string;
}

/** What `GET /api/health` reports about the database (the URI without credentials). */
export interface DatabaseInfo {
  uri: string;
  serverVersion: string;
}

/**
 * Everything the explorer reads, one method per API route. The app that starts the explorer
 * (`iwa serve`) implements it with the use cases of `@iwa/services`, the ones the CLI runs, so
 * a number the explorer shows is the number `iwa` prints; the explorer's unit tests implement
 * the non-analysis routes with a fixture.
 *
 * Contract for implementations:
 * - Return `null` when the study (or the document / actor) does not exist: the route answers 404;
 *   or throw an error whose `code` is `'not_found'` with a message for the researcher (naming the
 *   nearest known study, "did you mean …").
 * - Throw an error whose `code` is `'unavailable'` when the database cannot be reached (a
 *   `GraphError('unavailable')` does): 503. A `code` of `'invalid_request'` or `'invalid_query'`
 *   (a `ServiceError` for an unknown dimension, value, coder…) gives 400 with its message.
 *   Anything else is a 500.
 * - Queries arrive validated (`MatrixQuery` etc. in `../shared/api-types.ts`); names inside them
 *   (a dimension, a code, a coder) may still be unknown to the study.
 * - Every method only reads. Writes go through the coding workbench (`WorkbenchData`, workbench-data.ts).
 */
export interface ExplorerData {
  /** The database the data comes from; throws (`code: 'unavailable'`) when it is down. */
  health(): Promise<DatabaseInfo>;
  /** Every study with its counts. */
  listStudies(): Promise<StudiesResponse>;
  /** The study's dimensions, code families and coders, in display order. */
  dimensions(studyId: string): Promise<DimensionsResponse | null>;
  /** The matrix report of `iwa matrix`: one table over all units, then one per split value. */
  matrix(studyId: string, query: MatrixQuery): Promise<MatrixResponse | null>;
  /** The excerpts that satisfy the conditions (a cell's `where`), or a list of ids; one page. */
  excerpts(studyId: string, query: ExcerptQuery): Promise<ExcerptsResponse | null>;
  /** The actor-position graph, optionally only one relation type. */
  actors(studyId: string, query: ActorsQuery): Promise<ActorsResponse | null>;
  /** One actor's work profile and first excerpts; null when the study or actor is unknown. */
  actorProfile(
    studyId: string,
    actorId: string,
    query: CodersQuery,
  ): Promise<ActorProfileResponse | null>;
  /** Every organisation's phase events and expected-versus-observed profile. */
  phases(studyId: string, query: CodersQuery): Promise<PhasesResponse | null>;
  /** The study's claim checks with their numbers. */
  claims(studyId: string, query: CodersQuery): Promise<ClaimsResponse | null>;
  /** A document's full text and speaker turns; null when the study or document is unknown. */
  document(studyId: string, documentId: string): Promise<DocumentResponse | null>;
  /**
   * Agreement between the study's coders; `invalid_request` for a coder or family the study
   * does not have (`coders: unknown coder "x"`).
   */
  agreement(studyId: string, query: AgreementQuery): Promise<AgreementResponse | null>;
  /** The tables of `iwa agreement` (agreement-response.ts); optional: without it the route is 404. */
  agreementReport?(
    studyId: string,
    query: AgreementReportQuery,
  ): Promise<AgreementReportResponse | null>;
  /** Full-text search with keyword in context (`searchStudy`); optional: without it, 404. */
  search?(studyId: string, query: SearchQuery): Promise<SearchResponse | null>;
  /**
   * Every excerpt the filters select, as CSV or .docx (`retrieveExcerpts`, `excerptsCsv`,
   * `excerptsDocx`); optional: without it, 404.
   */
  exportExcerpts?(studyId: string, query: ExcerptExportQuery): Promise<DownloadFile | null>;
}
