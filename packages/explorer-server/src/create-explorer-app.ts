import { Hono } from 'hono';
import type { Context } from 'hono';
import type { BlankEnv, ExtractSchema, MergeSchemaPath } from 'hono/types';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import {
  ActorProfileResponse,
  ActorsQuery,
  AgreementQuery,
  AgreementReportQuery,
  AgreementReportResponse,
  AgreementResponse,
  AddDocumentRequest,
  AddDocumentResult,
  AuditQuery,
  AuditResponse,
  CodingResult,
  CreateCodingRequest,
  CreateStudyRequest,
  CreateStudyResult,
  DeleteCodingRequest,
  DocumentCodingsQuery,
  DocumentCodingsResponse,
  DocumentsResponse,
  MemoRequest,
  MemoResult,
  PerformerRequest,
  PerformerResult,
  UpdateCodingRequest,
  ActorsResponse,
  ClaimsResponse,
  CodersQuery,
  DimensionsResponse,
  DocumentQuery,
  DocumentResponse,
  ExcerptExportQuery,
  ExcerptQuery,
  ExcerptsResponse,
  HealthResponse,
  MatrixQuery,
  MatrixResponse,
  PhasesResponse,
  SearchQuery,
  SearchResponse,
  StudiesResponse,
  TokenResponse,
} from './api-types.ts';
import type { ApiErrorBody, ApiErrorCode } from './api-types.ts';
import type { ExplorerData } from './explorer-data.ts';
import { ExplorerError } from './explorer-error.ts';
import { parseId, parseQuery } from './query-params.ts';
import {
  SECURITY_HEADERS,
  bearerToken,
  hostAllowed,
  tokensEqual,
  withoutCredentials,
} from './security.ts';
import { StaticUi } from './static-ui.ts';
import type { WorkbenchData } from './workbench-data.ts';
import { auditCsv } from './audit-csv.ts';
import { agreementTableCsv, claimsCsv, phasesCsv } from './view-csv.ts';
import { matrixCsv } from '@iwa/services/analysis';
import { isStudyEditor, studyEditReads, studyEditWrites } from './study-edit-routes.ts';
import {
  MAX_BODY,
  MAX_DOCUMENT_BODY,
  json,
  jsonOk,
  jsonWritten,
  limit,
  notFound,
  query,
} from './typed-routes.ts';
import type { Ok, Written } from './typed-routes.ts';

/**
 * One structured log line. Entries carry the method, the path (never the query string), the
 * status and timings, and for failures the error's name and code: never excerpt text, request
 * bodies, headers or tokens.
 */
export interface ExplorerLogEntry {
  level: 'info' | 'error';
  event: 'request' | 'error';
  method: string;
  path: string;
  status?: number;
  ms?: number;
  errorName?: string;
  errorCode?: string;
  message?: string;
}

/** Receives the explorer's log lines; the default drops them. */
export type ExplorerLogger = (entry: ExplorerLogEntry) => void;

/** Options of {@link createExplorerApp}. */
export interface ExplorerAppOptions {
  data: ExplorerData;
  /**
   * The coding workbench (write routes and the Code view's reads). Default: `data.workbench`
   * when `data` has one (as `GraphExplorerData` does); without it those routes do not exist.
   */
  workbench?: WorkbenchData | undefined;
  /**
   * Allows non-GET requests that present `Authorization: Bearer <writeToken>`. Without it the
   * explorer is read-only: every other method is refused with 403.
   */
  writeToken?: string | undefined;
  /** The host the server is bound to; a loopback host admits only loopback `Host` headers. */
  host?: string | undefined;
  /** The folder of the built UI to serve (`iwa serve` passes the explorer app's `UI_DIR`). */
  uiDir: string;
  logger?: ExplorerLogger | undefined;
  /** Check every API response against its schema (for tests of an `ExplorerData`); a mismatch is a 500. */
  checkResponses?: boolean | undefined;
}

const STATUS: Readonly<Record<ApiErrorCode, ContentfulStatusCode>> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unavailable: 503,
  internal: 500,
};

const READ_METHODS = new Set(['GET', 'HEAD']);

function errorBody(code: ApiErrorCode, message: string): ApiErrorBody {
  return { error: { code, message } };
}

function fail<C extends Context>(c: C, code: ApiErrorCode, message: string): Response {
  return c.json(errorBody(code, message), STATUS[code]);
}

/** The API code for an error thrown by a handler or an `ExplorerData` method. */
function apiCodeOf(err: unknown): ApiErrorCode {
  const code = (err as { code?: unknown } | null)?.code;
  // invalid_query: a ServiceError for a name the study does not know (did-you-mean message)
  if (code === 'invalid_request' || code === 'invalid_query') return 'invalid_request';
  if (code === 'not_found') return 'not_found';
  if (code === 'conflict') return 'conflict';
  if (code === 'unavailable') return 'unavailable';
  return 'internal';
}

const NoQuery = z.strictObject({});

function workbenchOf(data: ExplorerData): WorkbenchData | undefined {
  return (data as { workbench?: WorkbenchData }).workbench;
}

/**
 * The explorer as a Hono app: the JSON API under `/api` and the built UI at `/`. Use
 * {@link createExplorerServer} to listen on a port; tests call `app.request()` directly.
 */
export function createExplorerApp(options: ExplorerAppOptions): Hono {
  const { data, writeToken } = options;
  const workbench = options.workbench ?? workbenchOf(data);
  const log: ExplorerLogger = options.logger ?? (() => undefined);
  const boundHost = options.host ?? '127.0.0.1';
  const ui = new StaticUi(options.uiDir);
  const app = new Hono();

  /** Sends `body` as JSON, checked against `schema` when asked to. */
  const send = <S extends z.ZodType>(c: Context, schema: S, body: z.output<S> | null) => {
    if (body === null) return fail(c, 'not_found', 'not found');
    if (options.checkResponses === true) {
      const checked = schema.safeParse(body);
      if (!checked.success) {
        throw new ExplorerError(
          'invalid_option',
          `response does not match its schema: ${z.prettifyError(checked.error)}`,
        );
      }
    }
    return c.json(body);
  };

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
    log({
      level: 'info',
      event: 'request',
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });

  app.use('*', async (c, next) => {
    if (!hostAllowed(new URL(c.req.url).host, boundHost)) {
      return fail(c, 'forbidden', 'this server answers only requests addressed to localhost');
    }
    if (READ_METHODS.has(c.req.method)) return next();
    if (writeToken === undefined) {
      return fail(
        c,
        'forbidden',
        'the explorer is read-only (it was started without a write token)',
      );
    }
    const presented = bearerToken(c.req.header('Authorization'));
    if (presented === undefined) {
      c.header('WWW-Authenticate', 'Bearer');
      return fail(c, 'unauthorized', 'this method needs Authorization: Bearer <write token>');
    }
    if (!tokensEqual(presented, writeToken)) return fail(c, 'forbidden', 'wrong write token');
    return next();
  });

  // No compression: the explorer serves this machine (or a LAN), where gzip costs more CPU time
  // than it saves in transfer, and CPU time is what the p95 under concurrent clients is made of.

  const api = new Hono();

  /** The typed twin of `send`: a 200 JSON answer whose type the route's type carries. */
  const ok: Ok = (c, schema, body) => {
    if (options.checkResponses === true) send(c, schema, body);
    return jsonOk(c, body);
  };
  /** A write's answer: 201 when it created something, else 200 (typed as `ok` is). */
  const written: Written = (c, schema, body) => {
    if (options.checkResponses === true) send(c, schema, body);
    return jsonWritten(c, body);
  };

  api.route(
    '/',
    healthRoutes(ok, async () => {
      const db = await data.health();
      return {
        ok: true,
        writable: writeToken !== undefined && workbench !== undefined,
        neo4j: { uri: withoutCredentials(db.uri), serverVersion: db.serverVersion },
      };
    }),
  );

  api.route('/', analysisRoutes(data, ok));
  api.route('/', searchRoutes(data, ok));
  addRetrievalRoutes(api, data, send);

  if (workbench !== undefined) {
    addAuditCsvRoute(api, workbench);
    api.route('/', workbenchReads(workbench, ok));
    api.route('/', workbenchWrites(workbench, ok, written));
  }
  if (isStudyEditor(workbench)) {
    api.route('/', studyEditReads(workbench, ok));
    api.route('/', studyEditWrites(workbench, ok));
  }

  api.route('/', tokenRoutes(ok));

  api.all('*', (c) =>
    app.routes.some((r) => r.method === 'GET' && routeMatches(r.path, c.req.path))
      ? fail(c, 'method_not_allowed', `${c.req.method} is not allowed here`)
      : fail(c, 'not_found', `no API route ${c.req.path}`),
  );

  app.route('/api', api);

  app.get('*', async (c) => {
    const file = await ui.get(c.req.path);
    if (file === null) {
      return c.req.path === '/'
        ? c.text('The explorer UI is not built: run `pnpm --filter @iwa/explorer build`.', 503)
        : c.text('Not found', 404);
    }
    c.header('Content-Type', file.contentType);
    c.header('Cache-Control', file.cacheControl);
    return c.body(file.body);
  });

  app.all('*', (c) => c.text('Not found', 404));

  app.onError((err, c) => {
    const code = apiCodeOf(err);
    const name = err instanceof Error ? err.name : typeof err;
    const errorCode = (err as { code?: unknown }).code;
    log({
      level: 'error',
      event: 'error',
      method: c.req.method,
      path: c.req.path,
      status: STATUS[code],
      errorName: name,
      ...(typeof errorCode === 'string' ? { errorCode } : {}),
      ...(code === 'internal' ? { message: withoutCredentials(err.message).slice(0, 200) } : {}),
    });
    if (code === 'internal') return fail(c, 'internal', 'internal error (see the server log)');
    if (code === 'unavailable') return fail(c, 'unavailable', 'the database is unavailable');
    return fail(c, code, err.message);
  });

  return app;
}

/**
 * The read routes of the analyses (studies, dimensions, matrix, excerpts, actors, phases,
 * claims, agreement) and of a document, chained so that the app's type carries each route's
 * query and answer (the UI's `hc<ExplorerApi>` client reads them): each parses its id and
 * query, and answers from `data`.
 */
function analysisRoutes(data: ExplorerData, ok: Ok) {
  const id = (c: Context) => parseId('id', c.req.param('id'));
  return (
    new Hono()
      .get('/studies', query(NoQuery), async (c) =>
        ok(c, StudiesResponse, await data.listStudies()),
      )
      .get('/studies/:id/dimensions', query(NoQuery), async (c) => {
        const res = await data.dimensions(id(c));
        return res === null ? notFound(c) : ok(c, DimensionsResponse, res);
      })
      .get('/studies/:id/matrix', query(MatrixQuery, ['where']), async (c) => {
        const res = await data.matrix(id(c), c.req.valid('query'));
        return res === null ? notFound(c) : ok(c, MatrixResponse, res);
      })
      // the matrix as CSV: the services' matrixCsv, the file `iwa matrix --format csv` prints
      .get('/studies/:id/matrix/export', query(MatrixQuery, ['where']), async (c) => {
        const report = await data.matrix(id(c), c.req.valid('query'));
        return report === null ? notFound(c) : csvFile(c, [id(c), 'matrix'], matrixCsv(report));
      })
      .get('/studies/:id/excerpts', query(ExcerptQuery, ['where']), async (c) => {
        const res = await data.excerpts(id(c), c.req.valid('query'));
        return res === null ? notFound(c) : ok(c, ExcerptsResponse, res);
      })
      .get('/studies/:id/actors', query(ActorsQuery), async (c) => {
        const res = await data.actors(id(c), c.req.valid('query'));
        return res === null ? notFound(c) : ok(c, ActorsResponse, res);
      })
      .get('/studies/:id/actors/:actorId/profile', query(CodersQuery), async (c) => {
        const actorId = parseId('actorId', c.req.param('actorId'));
        const res = await data.actorProfile(id(c), actorId, c.req.valid('query'));
        return res === null ? notFound(c) : ok(c, ActorProfileResponse, res);
      })
      .get('/studies/:id/phases', query(CodersQuery), async (c) => {
        const res = await data.phases(id(c), c.req.valid('query'));
        return res === null ? notFound(c) : ok(c, PhasesResponse, res);
      })
      .get('/studies/:id/claims', query(CodersQuery), async (c) => {
        const res = await data.claims(id(c), c.req.valid('query'));
        return res === null ? notFound(c) : ok(c, ClaimsResponse, res);
      })
      .get('/studies/:id/agreement', query(AgreementQuery), async (c) => {
        const res = await data.agreement(id(c), c.req.valid('query'));
        return res === null ? notFound(c) : ok(c, AgreementResponse, res);
      })
      // the CSV files of the phases, claims and agreement views, from the same answer as their JSON
      .get('/studies/:id/phases/export', query(CodersQuery), async (c) => {
        const res = await data.phases(id(c), c.req.valid('query'));
        return res === null ? notFound(c) : csvFile(c, [id(c), 'phases'], phasesCsv(res));
      })
      .get('/studies/:id/claims/export', query(CodersQuery), async (c) => {
        const res = await data.claims(id(c), c.req.valid('query'));
        return res === null ? notFound(c) : csvFile(c, [id(c), 'claims'], claimsCsv(res));
      })
      .get('/studies/:id/agreement/export', query(AgreementQuery), async (c) => {
        const res = await data.agreement(id(c), c.req.valid('query'));
        if (res === null) return notFound(c);
        return csvFile(c, [id(c), 'agreement', res.unit, res.family ?? ''], agreementTableCsv(res));
      })
      .get('/studies/:id/agreement/report', query(AgreementReportQuery), async (c) => {
        const res = (await data.agreementReport?.(id(c), c.req.valid('query'))) ?? null;
        return res === null ? notFound(c) : ok(c, AgreementReportResponse, res);
      })
      .get('/studies/:id/documents/:docId', query(DocumentQuery), async (c) => {
        const docId = parseId('docId', c.req.param('docId'));
        const { highlight } = c.req.valid('query');
        const doc = await data.document(id(c), docId);
        if (doc === null) return notFound(c);
        if (highlight !== undefined && highlight.end > [...doc.text].length) {
          throw new ExplorerError('invalid_request', 'highlight: beyond the end of the document');
        }
        return ok(c, DocumentResponse, doc);
      })
  );
}

/** `GET /health`: the database the explorer reads, and whether it takes writes. */
function healthRoutes(ok: Ok, health: () => Promise<HealthResponse>) {
  return new Hono().get('/health', query(NoQuery), async (c) =>
    ok(c, HealthResponse, await health()),
  );
}
type HealthRoutes = ReturnType<typeof healthRoutes>;

/**
 * `POST /token`: a write token check for the UI's token prompt. The write guard answers 401/403
 * for a missing or wrong token, so reaching this handler means the token is right. It reads no
 * body.
 */
function tokenRoutes(ok: Ok) {
  return new Hono().post('/token', (c) => ok(c, TokenResponse, { ok: true }));
}
type TokenRoutes = ReturnType<typeof tokenRoutes>;

/** `GET /studies/:id/search`: full-text search (issue 18, item 5), when `data` has it. */
function searchRoutes(data: ExplorerData, ok: Ok) {
  return new Hono().get('/studies/:id/search', query(SearchQuery), async (c) => {
    const id = parseId('id', c.req.param('id'));
    const res = (await data.search?.(id, c.req.valid('query'))) ?? null;
    return res === null ? notFound(c) : ok(c, SearchResponse, res);
  });
}

/** The coding workbench's reads for the Code view: documents, a document's codings, the audit. */
function workbenchReads(wb: WorkbenchData, ok: Ok) {
  const id = (c: Context) => parseId('id', c.req.param('id'));
  return new Hono()
    .get('/studies/:id/documents', query(NoQuery), async (c) => {
      const res = await wb.documents(id(c));
      return res === null ? notFound(c) : ok(c, DocumentsResponse, res);
    })
    .get('/studies/:id/documents/:docId/codings', query(DocumentCodingsQuery), async (c) => {
      const docId = parseId('docId', c.req.param('docId'));
      const res = await wb.documentCodings(id(c), docId, c.req.valid('query').coder);
      return res === null ? notFound(c) : ok(c, DocumentCodingsResponse, res);
    })
    .get('/studies/:id/audit', query(AuditQuery), async (c) => {
      // `format=csv` was answered by the route of addAuditCsvRoute, registered before this one
      const res = await wb.audit(id(c), c.req.valid('query').documentId);
      return res === null ? notFound(c) : ok(c, AuditResponse, res);
    });
}

/**
 * `GET /studies/:id/audit?format=csv`: the audit trail as a CSV file. It is its own handler,
 * registered before the typed JSON route of the same path (which any other query reaches), so
 * that route's answer stays JSON for the typed client.
 */
function addAuditCsvRoute(api: Hono, wb: WorkbenchData): void {
  api.get('/studies/:id/audit', async (c, next) => {
    const id = parseId('id', c.req.param('id'));
    const { format, documentId } = parseQuery(c.req.queries(), AuditQuery);
    if (format !== 'csv') return next();
    const trail = await wb.audit(id, documentId);
    if (trail === null) return fail(c, 'not_found', 'not found');
    return csvFile(c, [id, 'audit'], auditCsv(trail.entries));
  });
}

/** The routes whose types the app carries, under `/api` (see {@link ExplorerApi}). */
type AnalysisRoutes = ReturnType<typeof analysisRoutes>;
type SearchRoutes = ReturnType<typeof searchRoutes>;
type WorkbenchReads = ReturnType<typeof workbenchReads>;
type StudyEditReads = ReturnType<typeof studyEditReads>;
type WorkbenchWrites = ReturnType<typeof workbenchWrites>;
type StudyEditWrites = ReturnType<typeof studyEditWrites>;

/**
 * The explorer API's type, for Hono's typed client: `hc<ExplorerApi>(origin)` gives each
 * typed route its path, parameters, query and answer (type only: the UI imports no server code).
 * It covers every JSON route: the reads (health, the analyses, search, the workbench's and the
 * study editor's reads) and the writes (the workbench's, the study editor's and the token check)
 * with their JSON bodies; the workbench's and the study editor's routes exist only on a server
 * with a workbench. The file downloads are not typed.
 */
export type ExplorerApi = Hono<
  BlankEnv,
  MergeSchemaPath<
    | ExtractSchema<AnalysisRoutes>
    | ExtractSchema<HealthRoutes>
    | ExtractSchema<SearchRoutes>
    | ExtractSchema<WorkbenchReads>
    | ExtractSchema<StudyEditReads>
    | ExtractSchema<WorkbenchWrites>
    | ExtractSchema<StudyEditWrites>
    | ExtractSchema<TokenRoutes>,
    '/api'
  >,
  '/'
>;

/** A CSV download named from its parts (`ips-norway-agreement-segment-form.csv`). */
function csvFile(c: Context, parts: readonly string[], body: string): Response {
  const name = parts
    .filter((p) => p.length > 0)
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
  return c.body(body);
}

type Send = <S extends z.ZodType>(c: Context, schema: S, body: z.output<S> | null) => Response;

/**
 * The coding workbench's token-guarded writes (its reads: {@link workbenchReads}), chained so
 * that the app's type carries each write's JSON body and answer: a new study or document, and
 * a coding, performer or memo. A study, document or coding that was created answers 201; every
 * other answer (a replay, a change, a memo created by its PUT) is a 200.
 */
function workbenchWrites(wb: WorkbenchData, ok: Ok, written: Written) {
  const id = (c: Context) => parseId('id', c.req.param('id'));
  return new Hono()
    .post('/studies', limit(MAX_BODY), json(CreateStudyRequest), async (c) =>
      written(c, CreateStudyResult, await wb.createStudy(c.req.valid('json'))),
    )
    .post('/studies/:id/documents', limit(MAX_DOCUMENT_BODY), json(AddDocumentRequest), async (c) =>
      written(c, AddDocumentResult, await wb.addDocument(id(c), c.req.valid('json'))),
    )
    .post('/studies/:id/codings', limit(MAX_BODY), json(CreateCodingRequest), async (c) =>
      written(c, CodingResult, await wb.createCoding(id(c), c.req.valid('json'))),
    )
    .put(
      '/studies/:id/codings/:codingId',
      limit(MAX_BODY),
      json(UpdateCodingRequest),
      async (c) => {
        const codingId = parseId('codingId', c.req.param('codingId'));
        return ok(c, CodingResult, await wb.updateCoding(id(c), codingId, c.req.valid('json')));
      },
    )
    .delete(
      '/studies/:id/codings/:codingId',
      limit(MAX_BODY),
      json(DeleteCodingRequest),
      async (c) => {
        const codingId = parseId('codingId', c.req.param('codingId'));
        const res = await wb.deleteCoding(id(c), codingId, c.req.valid('json'));
        return ok(c, CodingResult, res);
      },
    )
    .put(
      '/studies/:id/excerpts/:excerptId/performer',
      limit(MAX_BODY),
      json(PerformerRequest),
      async (c) => {
        const excerptId = parseId('excerptId', c.req.param('excerptId'));
        const res = await wb.setPerformer(id(c), excerptId, c.req.valid('json'));
        return ok(c, PerformerResult, res);
      },
    )
    .put('/studies/:id/excerpts/:excerptId/memo', limit(MAX_BODY), json(MemoRequest), async (c) => {
      const excerptId = parseId('excerptId', c.req.param('excerptId'));
      return ok(c, MemoResult, await wb.setMemo(id(c), excerptId, c.req.valid('json')));
    });
}

/** Retrieval (issue 18, item 5): a retrieval as a file (search: {@link searchRoutes}). */
function addRetrievalRoutes(api: Hono, data: ExplorerData, send: Send): void {
  api.get('/studies/:id/excerpts/export', async (c) => {
    const id = parseId('id', c.req.param('id'));
    const query = parseQuery(c.req.queries(), ExcerptExportQuery, ['where']);
    const file = await data.exportExcerpts?.(id, query);
    if (file === undefined || file === null) return send(c, z.unknown(), null);
    c.header('Content-Type', file.contentType);
    c.header('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return c.body(typeof file.body === 'string' ? file.body : new Uint8Array(file.body));
  });
}

/** Whether a concrete path matches a Hono route pattern with `:param` segments. */
function routeMatches(pattern: string, path: string): boolean {
  const a = pattern.split('/');
  const b = path.split('/');
  return a.length === b.length && a.every((seg, i) => seg.startsWith(':') || seg === b[i]);
}
