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
} from './api-types.ts';
import type { z } from 'zod';
import {
  DimensionsResponse as DimensionsSchema,
  StudiesResponse as StudiesSchema,
} from './api-types.ts';
import type { ExplorerApi } from './create-explorer-app.ts';
import type { DocumentSummaryResponse, StudySetupResponse } from './study-edit-types.ts';
import { fixtureApp } from '../test/fixture-app.ts';

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
