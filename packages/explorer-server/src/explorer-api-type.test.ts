import { hc } from 'hono/client';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  ActorProfileResponse,
  ActorsResponse,
  AgreementReportResponse,
  AgreementResponse,
  ApiErrorBody,
  AuditResponse,
  ClaimsResponse,
  DimensionsResponse,
  DocumentCodingsResponse,
  DocumentResponse,
  DocumentsResponse,
  ExcerptsResponse,
  HealthResponse,
  MatrixQuery,
  MatrixResponse,
  PhasesResponse,
  SearchResponse,
  StudiesResponse,
  MatrixQuery as MatrixSchema,
  CreateStudyRequest as CreateStudySchema,
} from './api-types.ts';
import type { z } from 'zod';
import {
  DimensionsResponse as DimensionsSchema,
  StudiesResponse as StudiesSchema,
} from './api-types.ts';
import type { ExplorerApi } from './create-explorer-app.ts';
import type {
  DeleteDocumentResult,
  DocumentSummaryResponse,
  ReplaceDocumentResult,
  StudyEditResult,
  StudySetupResponse,
} from './study-edit-types.ts';
import type {
  ActorRequest,
  CodebookEditRequest,
  PlainChangeRequest,
  RelationRequest,
  RenameDocumentRequest,
  ReplaceDocumentRequest,
} from './study-edit-types.ts';
import type {
  AddDocumentRequest,
  AddDocumentResult,
  CodingResult,
  CreateCodingRequest,
  CreateStudyRequest,
  CreateStudyResult,
  DeleteCodingRequest,
  MemoRequest,
  MemoResult,
  PerformerRequest,
  PerformerResult,
  TokenResponse,
  UpdateCodingRequest,
} from './api-types.ts';
import { CodingResult as CodingSchema } from './api-types.ts';
import { fixtureApp } from '../test/fixture-app.ts';
import { FixtureWorkbenchData } from '../test/fixture-workbench-data.ts';

// The UI's client is `hc<ExplorerApi>`: what it infers for each route must be the API contract's
// type. `tsc --noEmit` (pnpm typecheck) fails on a drift; vitest runs the calls below.
const client = hc<ExplorerApi>('http://localhost');
const studies = client.api.studies;
const study = studies[':id'];

describe('ExplorerApi: the answers the typed client infers are the contract types', () => {
  it('types every analysis route with its zod type', () => {
    // the path the client builds is the server's route
    expect(study.dimensions.$url({ param: { id: 'a b' }, query: {} }).pathname).toBe(
      '/api/studies/a%20b/dimensions',
    );
    expectTypeOf<
      InferResponseType<typeof client.api.health.$get, 200>
    >().toEqualTypeOf<HealthResponse>();
    expectTypeOf<InferResponseType<typeof studies.$get, 200>>().toEqualTypeOf<StudiesResponse>();
    expectTypeOf<
      InferResponseType<typeof study.dimensions.$get, 200>
    >().toEqualTypeOf<DimensionsResponse>();
    expectTypeOf<
      InferResponseType<typeof study.matrix.$get, 200>
    >().toEqualTypeOf<MatrixResponse>();
    expectTypeOf<
      InferResponseType<typeof study.excerpts.$get, 200>
    >().toEqualTypeOf<ExcerptsResponse>();
    expectTypeOf<
      InferResponseType<typeof study.actors.$get, 200>
    >().toEqualTypeOf<ActorsResponse>();
    expectTypeOf<
      InferResponseType<(typeof study.actors)[':actorId']['profile']['$get'], 200>
    >().toEqualTypeOf<ActorProfileResponse>();
    expectTypeOf<
      InferResponseType<typeof study.phases.$get, 200>
    >().toEqualTypeOf<PhasesResponse>();
    expectTypeOf<
      InferResponseType<typeof study.claims.$get, 200>
    >().toEqualTypeOf<ClaimsResponse>();
    expectTypeOf<
      InferResponseType<typeof study.agreement.$get, 200>
    >().toEqualTypeOf<AgreementResponse>();
    expectTypeOf<
      InferResponseType<typeof study.agreement.report.$get, 200>
    >().toEqualTypeOf<AgreementReportResponse>();
    expectTypeOf<
      InferResponseType<(typeof study.documents)[':docId']['$get'], 200>
    >().toEqualTypeOf<DocumentResponse>();
    expectTypeOf<InferResponseType<typeof study.matrix.$get, 404>>().toEqualTypeOf<ApiErrorBody>();
  });

  it('types search and the reads of the workbench and the study editor', () => {
    type Doc = (typeof study.documents)[':docId'];
    expectTypeOf<
      InferResponseType<typeof study.search.$get, 200>
    >().toEqualTypeOf<SearchResponse>();
    expectTypeOf<
      InferResponseType<typeof study.documents.$get, 200>
    >().toEqualTypeOf<DocumentsResponse>();
    expectTypeOf<
      InferResponseType<Doc['codings']['$get'], 200>
    >().toEqualTypeOf<DocumentCodingsResponse>();
    expectTypeOf<
      InferResponseType<Doc['summary']['$get'], 200>
    >().toEqualTypeOf<DocumentSummaryResponse>();
    // an entry's `before`/`after` are `unknown` in the contract, which Hono's JSONParsed makes
    // `never`: the client's type is narrower than the contract's, and still one of its values
    type Audit = InferResponseType<typeof study.audit.$get, 200>;
    expectTypeOf<Audit>().toExtend<AuditResponse>();
    expectTypeOf<keyof Audit['entries'][number]>().toEqualTypeOf<
      keyof AuditResponse['entries'][number]
    >();
    expectTypeOf<
      InferResponseType<typeof study.setup.$get, 200>
    >().toEqualTypeOf<StudySetupResponse>();
  });

  it('types a route query with the names of its zod query', () => {
    type Sent = InferRequestType<typeof study.matrix.$get>['query'];
    expectTypeOf<keyof Sent>().toEqualTypeOf<keyof MatrixQuery>();
    // the client sends the schema's input: a defaulted parameter may be left out, a number is
    // sent as its digits, a repeatable parameter as strings
    expectTypeOf<Sent>().toEqualTypeOf<z.input<typeof MatrixSchema>>();
    expectTypeOf<{ rows: string; cols: string }>().toExtend<Sent>();
    type Page = InferRequestType<typeof study.excerpts.$get>['query'];
    expectTypeOf<{ limit: '20'; where: string[] }>().toExtend<Page>();
  });

  it('reaches the routes it types, and their answers parse with the schemas', async () => {
    const app = fixtureApp();
    const local = hc<ExplorerApi>('http://localhost', {
      fetch: (input: string | URL | Request, init?: RequestInit) => app.request(input, init),
    });
    const page = local.api.studies[':id'];
    const dims = await page.dimensions.$get({ param: { id: 'fixture-ips' }, query: {} });
    expect(dims.status).toBe(200);
    if (dims.status !== 200) return;
    expect(DimensionsSchema.parse(await dims.json()).dimensions.length).toBeGreaterThan(0);
    const list = await local.api.studies.$get({ query: {} });
    expect(list.status).toBe(200);
    expect(StudiesSchema.parse(await list.json()).map((s) => s.id)).toContain('fixture-ips');
    const missing = await page.dimensions.$get({ param: { id: 'no-such-study' }, query: {} });
    expect(missing.status).toBe(404);
  });
});

/** The JSON body a write route's client call sends (`$post({ param, json })`). */
type Body<F> = InferRequestType<F> extends { json: infer J } ? J : never;

describe('ExplorerApi: the writes, their JSON bodies and answers', () => {
  type Coding = (typeof study.codings)[':codingId'];
  type Excerpt = (typeof study.excerpts)[':excerptId'];
  type Doc = (typeof study.documents)[':docId'];

  it('types the workbench writes with the schemas of their bodies and answers', () => {
    // the body is the schema's input (a defaulted field may be left out), the answer its output
    expectTypeOf<Body<typeof studies.$post>>().toEqualTypeOf<z.input<typeof CreateStudySchema>>();
    expectTypeOf<Body<typeof studies.$post>>().toEqualTypeOf<CreateStudyRequest>();
    expectTypeOf<InferResponseType<typeof studies.$post, 201>>().toEqualTypeOf<CreateStudyResult>();
    expectTypeOf<InferResponseType<typeof studies.$post, 200>>().toEqualTypeOf<CreateStudyResult>();
    expectTypeOf<Body<typeof study.documents.$post>>().toEqualTypeOf<AddDocumentRequest>();
    expectTypeOf<
      InferResponseType<typeof study.documents.$post, 201>
    >().toEqualTypeOf<AddDocumentResult>();
    expectTypeOf<Body<typeof study.codings.$post>>().toEqualTypeOf<CreateCodingRequest>();
    expectTypeOf<
      InferResponseType<typeof study.codings.$post, 201>
    >().toEqualTypeOf<CodingResult>();
    expectTypeOf<
      InferResponseType<typeof study.codings.$post, 200>
    >().toEqualTypeOf<CodingResult>();
    expectTypeOf<Body<Coding['$put']>>().toEqualTypeOf<UpdateCodingRequest>();
    expectTypeOf<InferResponseType<Coding['$put'], 200>>().toEqualTypeOf<CodingResult>();
    expectTypeOf<Body<Coding['$delete']>>().toEqualTypeOf<DeleteCodingRequest>();
    expectTypeOf<InferResponseType<Coding['$delete'], 200>>().toEqualTypeOf<CodingResult>();
    expectTypeOf<Body<Excerpt['performer']['$put']>>().toEqualTypeOf<PerformerRequest>();
    expectTypeOf<
      InferResponseType<Excerpt['performer']['$put'], 200>
    >().toEqualTypeOf<PerformerResult>();
    expectTypeOf<Body<Excerpt['memo']['$put']>>().toEqualTypeOf<MemoRequest>();
    expectTypeOf<InferResponseType<Excerpt['memo']['$put'], 200>>().toEqualTypeOf<MemoResult>();
    // the path's parameters are named as the server's route names them
    expectTypeOf<keyof InferRequestType<Coding['$put']>['param']>().toEqualTypeOf<
      'id' | 'codingId'
    >();
  });

  it("types the study editor's writes and the token check", () => {
    type Actor = (typeof study.actors)[':kind'][':actorId'];
    expectTypeOf<Body<typeof study.codebook.$post>>().toEqualTypeOf<CodebookEditRequest>();
    expectTypeOf<Body<typeof study.actors.$post>>().toEqualTypeOf<ActorRequest>();
    expectTypeOf<Body<Actor['$delete']>>().toEqualTypeOf<PlainChangeRequest>();
    expectTypeOf<keyof InferRequestType<Actor['$delete']>['param']>().toEqualTypeOf<
      'id' | 'kind' | 'actorId'
    >();
    expectTypeOf<Body<typeof study.relations.$post>>().toEqualTypeOf<RelationRequest>();
    expectTypeOf<
      Body<(typeof study.relations)[':relationId']['$delete']>
    >().toEqualTypeOf<PlainChangeRequest>();
    expectTypeOf<Body<Doc['$put']>>().toEqualTypeOf<RenameDocumentRequest>();
    expectTypeOf<Body<Doc['file']['$put']>>().toEqualTypeOf<ReplaceDocumentRequest>();
    expectTypeOf<Body<Doc['$delete']>>().toEqualTypeOf<PlainChangeRequest>();
    expectTypeOf<
      InferResponseType<Doc['file']['$put'], 200>
    >().toEqualTypeOf<ReplaceDocumentResult>();
    expectTypeOf<InferResponseType<Doc['$delete'], 200>>().toEqualTypeOf<DeleteDocumentResult>();
    // a study edit's `after` is `unknown` in the contract, any JSON value to the client
    type Edits = [
      typeof study.codebook.$post,
      typeof study.actors.$post,
      Actor['$delete'],
      typeof study.relations.$post,
      (typeof study.relations)[':relationId']['$delete'],
      Doc['$put'],
    ];
    type Edited = { [K in keyof Edits]: InferResponseType<Edits[K], 200> }[number];
    expectTypeOf<Edited>().toExtend<StudyEditResult>();
    expectTypeOf<keyof Edited>().toEqualTypeOf<keyof StudyEditResult>();
    // the token check reads no body
    expectTypeOf<keyof InferRequestType<typeof client.api.token.$post>>().toEqualTypeOf<never>();
    expectTypeOf<
      InferResponseType<typeof client.api.token.$post, 200>
    >().toEqualTypeOf<TokenResponse>();
  });

  it('sends the writes it types: the answers parse, a bad body is a 400 in the error shape', async () => {
    const token = 'secret-write-token';
    const app = fixtureApp({ workbench: new FixtureWorkbenchData(), writeToken: token });
    const local = hc<ExplorerApi>('http://127.0.0.1', {
      fetch: (input: string | URL | Request, init?: RequestInit) => app.request(input, init),
      headers: { Authorization: `Bearer ${token}` },
    });
    const page = local.api.studies[':id'];
    const param = { id: 'fixture-ips' };
    const change = { opId: 'op-typed-0001', coderId: 'hilde' };
    const body = { ...change, documentId: 'doc-1', start: 5, end: 7, code: 'form.operational' };
    const created = await page.codings.$post({ param, json: body });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const coding = CodingSchema.parse(await created.json()).coding;
    expect(coding).toMatchObject({ documentId: 'doc-1', code: 'form.operational' });
    const again = await page.codings.$post({ param, json: body });
    expect(again.status).toBe(200);
    expect(again.ok && (await again.json()).outcome).toBe('replayed');

    const codingId = coding?.id ?? '';
    const changed = await page.codings[':codingId'].$put({
      param: { ...param, codingId },
      json: { ...change, opId: 'op-typed-0002', code: 'form.conceptual' },
    });
    expect(changed.status).toBe(200);
    const bad = await page.codings[':codingId'].$delete({
      param: { ...param, codingId },
      json: { ...change, opId: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { code: 'invalid_request', message: expect.stringMatching(/^opId: /) as string },
    });

    const checked = await local.api.token.$post();
    expect(checked.status).toBe(200);
    expect(await checked.json()).toEqual({ ok: true });
    const wrong = await local.api.token.$post(undefined, {
      headers: { Authorization: 'Bearer wrong' },
    });
    expect(wrong.status).toBe(403);
  });
});
