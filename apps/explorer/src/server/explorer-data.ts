import type {
  ActorProfileResponse,
  AgreementQuery,
  AgreementReportQuery,
  AgreementReportResponse,
  AgreementResponse,
  ActorsQuery,
  ActorsResponse,
  ClaimsResponse,
  DimensionsResponse,
  DocumentResponse,
  ExcerptQuery,
  ExcerptsResponse,
  MatrixQuery,
  MatrixResponse,
  PhasesResponse,
  StudiesResponse,
} from '../shared/api-types.ts';

/** What `GET /api/health` reports about the database (the URI without credentials). */
export interface DatabaseInfo {
  uri: string;
  serverVersion: string;
}

/**
 * Everything the explorer reads, one method per API route. The app that starts the explorer
 * (`iwa serve`) implements it with `@iwa/graph` queries, `@iwa/analysis` statistics and
 * `@iwa/phases` profiles; the explorer's tests implement it with a fixture.
 *
 * Contract for implementations:
 * - Return `null` when the study (or the document / actor) does not exist: the route answers 404.
 * - Throw an error whose `code` is `'unavailable'` when the database cannot be reached (a
 *   `GraphError('unavailable')` does): 503. A `code` of `'not_found'` gives 404, and
 *   `'invalid_request'` gives 400 (for example an unknown dimension key; name the parameter at
 *   the start of the message: `rows: unknown position dimension "x"`). Anything else is a 500.
 * - Queries arrive validated (`MatrixQuery` etc. in `../shared/api-types.ts`); keys inside them
 *   (a dimension, a code) may still be unknown to the study.
 * - Every method only reads. Writes go through the coding workbench (`WorkbenchData`, workbench-data.ts).
 */
export interface ExplorerData {
  /** The database the data comes from; throws (`code: 'unavailable'`) when it is down. */
  health(): Promise<DatabaseInfo>;
  /** Every study with its counts. */
  listStudies(): Promise<StudiesResponse>;
  /** The study's position dimensions and code families, in display order. */
  dimensions(studyId: string): Promise<DimensionsResponse | null>;
  /** The position × code-family table, with margins and statistics. */
  matrix(studyId: string, query: MatrixQuery): Promise<MatrixResponse | null>;
  /** The excerpts behind a cell, a margin, or a list of ids; one page. */
  excerpts(studyId: string, query: ExcerptQuery): Promise<ExcerptsResponse | null>;
  /** The actor-position graph, optionally only one relation type. */
  actors(studyId: string, query: ActorsQuery): Promise<ActorsResponse | null>;
  /** One actor's work profile and first excerpts; null when the study or actor is unknown. */
  actorProfile(studyId: string, actorId: string): Promise<ActorProfileResponse | null>;
  /** Every organisation's phase events and expected-versus-observed profile. */
  phases(studyId: string): Promise<PhasesResponse | null>;
  /** The study's claim checks with their numbers. */
  claims(studyId: string): Promise<ClaimsResponse | null>;
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
}
