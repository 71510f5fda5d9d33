import fc from 'fast-check';
import { expect } from 'vitest';
import { ApiErrorBody } from '../src/api-types.ts';
import { SECURITY_HEADERS } from '../src/security.ts';

/**
 * Structure-aware HTTP requests for fuzzing the explorer API: real routes with valid, borderline
 * and hostile path segments, query strings made of the parameters the API knows (valid values
 * mixed with garbage) and of unknown ones, writes with and without the token, JSON bodies that
 * are nearly right, random JSON, or not JSON at all, and Host headers the server must refuse.
 */

/** Values the generator mixes in, read from the server under test so that some requests hit. */
export interface ApiVocabulary {
  studyIds: string[];
  documentIds: string[];
  excerptIds: string[];
  codingIds: string[];
  actorIds: string[];
  positionKeys: string[];
  positionValues: string[];
  families: string[];
  codeKeys: string[];
  coders: string[];
}

export interface FuzzRequest {
  method: string;
  /** Path and query, as sent (`/api/studies/x/matrix?rows=role`). */
  target: string;
  host: string;
  headers: Record<string, string>;
  body?: string;
}

const ROUTES = [
  'GET /api/health',
  'GET /api/studies',
  'GET /api/studies/:id/dimensions',
  'GET /api/studies/:id/matrix',
  'GET /api/studies/:id/excerpts',
  'GET /api/studies/:id/actors',
  'GET /api/studies/:id/actors/:actorId/profile',
  'GET /api/studies/:id/phases',
  'GET /api/studies/:id/claims',
  'GET /api/studies/:id/documents',
  'GET /api/studies/:id/documents/:docId',
  'GET /api/studies/:id/documents/:docId/codings',
  'GET /api/studies/:id/audit',
  'GET /api/studies/:id/agreement',
  'POST /api/studies',
  'POST /api/studies/:id/documents',
  'POST /api/studies/:id/codings',
  'PUT /api/studies/:id/codings/:codingId',
  'DELETE /api/studies/:id/codings/:codingId',
  'PUT /api/studies/:id/excerpts/:excerptId/performer',
  'PUT /api/studies/:id/excerpts/:excerptId/memo',
  'GET /',
  'GET /assets/:file',
] as const;

const HOSTILE_SEGMENTS = [
  '..',
  '%2e%2e',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  "x' OR 1=1 //",
  'x`}) DETACH DELETE n //',
  '$studyId',
  '%F0%9F%99%82',
  '%ED%A0%BD', // an encoded lone surrogate
  '%',
  'a'.repeat(201),
  ' ',
  'MATCH (n) RETURN n',
  '__proto__',
  'constructor',
];

const hostile = fc.constantFrom(...HOSTILE_SEGMENTS);

/** The text with lone surrogates replaced (encodeURIComponent throws on them). */
function wellFormed(s: string): string {
  return s.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}
const randomText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const snake = fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/);
const number = fc.oneof(
  fc.nat({ max: 300 }).map(String),
  fc.constantFrom('-1', '1e3', '0x10', '9999999999', '1.5', '', 'NaN', ' 3'),
);

function pick(values: readonly string[], fallback: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return values.length > 0 ? fc.oneof(fc.constantFrom(...values), fallback) : fallback;
}

function segment(valid: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: pick(valid, snake) },
    { weight: 2, arbitrary: hostile },
    { weight: 2, arbitrary: randomText.map((s) => encodeURIComponent(wellFormed(s))) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.:~-]{1,20}$/) },
  );
}

function queryValue(name: string, v: ApiVocabulary): fc.Arbitrary<string> {
  const position = pick(v.positionKeys, snake);
  const valid: Record<string, fc.Arbitrary<string>> = {
    rows: position,
    rowDim: position,
    row: pick(v.positionValues, snake),
    cols: pick(v.families, snake),
    split: fc.oneof(pick(v.families, snake), pick(v.codeKeys, snake)),
    col: pick(v.codeKeys, snake),
    by: fc.constantFrom('speaker', 'performer', 'nobody'),
    unit: fc.constantFrom('excerpts', 'informant', 'documents', 'character'),
    where: fc.oneof(
      fc
        .tuple(position, fc.constantFrom('=', '!='), pick(v.positionValues, snake))
        .map(([d, op, x]) => `${d}${op}${x}`),
      pick(v.codeKeys, snake),
      fc.tuple(position, snake).map(([d, x]) => `${d}=${x}|${x}`),
    ),
    coderRule: fc.constantFrom('pooled', 'agreed', 'any'),
    ids: fc
      .array(pick(v.excerptIds, fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/)), { maxLength: 6 })
      .map((a) => a.join(',')),
    limit: number,
    offset: number,
    relation: fc.constantFrom('enlists', 'advises', 'employed_by', 'knows'),
    highlight: fc.tuple(number, number).map(([a, b]) => `${a},${b}`),
    coder: pick(v.coders, snake),
    documentId: pick(v.documentIds, snake),
    format: fc.constantFrom('json', 'csv', 'xml'),
    coders: fc.array(pick(v.coders, snake), { maxLength: 3 }).map((a) => a.join(',')),
    family: pick(v.families, snake),
    minOverlap: fc.oneof(
      fc.constantFrom('0.5', '1', '0', '.25', '1.5', '-0.1', 'NaN', '0.0000001'),
      fc.double({ noNaN: true }).map(String),
    ),
  };
  return fc.oneof(
    { weight: 5, arbitrary: (Object.hasOwn(valid, name) ? valid[name] : undefined) ?? randomText },
    { weight: 1, arbitrary: randomText },
    { weight: 1, arbitrary: hostile },
  );
}

const QUERY_NAMES = [
  'rows',
  'cols',
  'split',
  'by',
  'unit',
  'where',
  'row',
  'rowDim',
  'col',
  'ids',
  'limit',
  'offset',
  'relation',
  'highlight',
  'coder',
  'documentId',
  'format',
  'coders',
  'coderRule',
  'family',
  'minOverlap',
];

function queryString(v: ApiVocabulary): fc.Arbitrary<string> {
  const param = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...QUERY_NAMES) },
    { weight: 1, arbitrary: randomText },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'where[]', '') },
  );
  const pairs = fc.array(
    param.chain((name) => queryValue(name, v).map((value) => [name, value] as const)),
    { maxLength: 7 },
  );
  return fc.oneof(
    {
      weight: 6,
      arbitrary: pairs.map((p) => {
        const s = new URLSearchParams(p.map(([a, b]): [string, string] => [a, b])).toString();
        return s ? `?${s}` : '';
      }),
    },
    // raw: not percent-encoded, or with a broken encoding
    { weight: 1, arbitrary: fc.constantFrom('?where=%', '?limit=%ZZ', '?&&=&', '?rows', '?a=b=c') },
  );
}

/** A query string the route accepts (values may still name nothing in the study). */
function validQuery(template: string, v: ApiVocabulary): fc.Arbitrary<string> {
  const position = pick(v.positionKeys, snake);
  const family = pick(v.families, snake);
  const code = pick(v.codeKeys, fc.constant('form.operational'));
  const by = fc.constantFrom('speaker', 'performer');
  const where = fc.array(queryValue('where', v), { maxLength: 2 });
  const encode = (o: Record<string, string | string[] | undefined>): string => {
    const q = new URLSearchParams();
    for (const [k, x] of Object.entries(o)) {
      for (const value of Array.isArray(x) ? x : x === undefined ? [] : [x]) q.append(k, value);
    }
    const text = q.toString();
    return text ? `?${text}` : '';
  };
  const coders = fc.option(
    fc.array(pick(v.coders, snake), { minLength: 1, maxLength: 3 }).map((a) => a.join(',')),
    { nil: undefined },
  );
  const coderRule = fc.option(fc.constantFrom('pooled', 'agreed'), { nil: undefined });
  if (template.endsWith('/matrix'))
    return fc
      .record({
        rows: position,
        cols: family,
        split: fc.option(family, { nil: undefined }),
        by,
        unit: fc.constantFrom('excerpts', 'informants', 'documents'),
        where,
        coders,
        coderRule,
      })
      .map(encode);
  if (template.endsWith('/excerpts'))
    return fc
      .record({
        by,
        where: fc.array(
          fc.oneof(
            code,
            fc.tuple(position, pick(v.positionValues, snake)).map(([d, x]) => `${d}=${x}`),
          ),
          { maxLength: 3 },
        ),
        limit: fc.integer({ min: 1, max: 200 }).map(String),
        offset: fc.nat({ max: 100 }).map(String),
        coders,
        coderRule,
      })
      .map(encode);
  if (template.endsWith('/actors'))
    return fc
      .record({
        relation: fc.option(fc.constantFrom('enlists', 'advises', 'dual_employment'), {
          nil: undefined,
        }),
        coders,
      })
      .map(encode);
  if (template.endsWith('/profile') || template.endsWith('/phases') || template.endsWith('/claims'))
    return fc.record({ coders, coderRule }).map(encode);
  if (template.endsWith('/:docId'))
    return fc
      .option(fc.tuple(fc.nat({ max: 50 }), fc.nat({ max: 50 })), { nil: undefined })
      .map((h) => encode({ highlight: h ? `${Math.min(...h)},${Math.max(...h)}` : undefined }));
  if (template.endsWith('/codings'))
    return fc.record({ coder: fc.option(pick(v.coders, snake), { nil: undefined }) }).map(encode);
  if (template.endsWith('/agreement'))
    return fc
      .record({
        coders: fc.option(
          fc.array(pick(v.coders, snake), { minLength: 1, maxLength: 3 }).map((a) => a.join(',')),
          { nil: undefined },
        ),
        family: fc.option(family, { nil: undefined }),
        unit: fc.constantFrom('segment', 'character'),
      })
      .chain((q) =>
        (q.unit === 'segment'
          ? fc.option(fc.constantFrom('0.1', '0.5', '0.9', '1'), { nil: undefined })
          : fc.constant(undefined)
        ).map((minOverlap) => encode({ ...q, minOverlap })),
      );
  if (template.endsWith('/audit'))
    return fc.record({ format: fc.constantFrom('json', 'csv') }).map(encode);
  return fc.constant('');
}

const jsonish = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('', '{', 'null', '[]', '{"opId":', '\u0000', '{"__proto__":{"x":1}}'),
);

function writeBody(route: string, v: ApiVocabulary): fc.Arbitrary<string> {
  const change = {
    opId: fc.oneof(fc.stringMatching(/^[a-z0-9]{8,20}$/), randomText),
    coderId: pick(v.coders, fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/)),
  };
  const offset = fc.oneof(
    fc.nat({ max: 400 }),
    fc.constantFrom(-1, 1.5, 1e12, Number.MAX_SAFE_INTEGER),
  );
  const bodies: Record<string, fc.Arbitrary<object>> = {
    'POST /api/studies': fc.record(
      {
        ...change,
        id: segment([]),
        name: randomText,
        description: randomText,
        informants: fc.array(
          fc.record({ id: segment([]), role: snake, sector: snake, pseudonym: randomText }),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [] },
    ),
    'POST /api/studies/:id/documents': fc.record(
      {
        ...change,
        fileName: fc.oneof(
          fc.constantFrom('a.txt', 'b.md', 'c.docx', '../x.txt', 'd.exe', 'e.TXT'),
          randomText,
        ),
        contentBase64: fc.oneof(
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('base64')),
          fc.string({ maxLength: 40 }).map((s) => Buffer.from(s).toString('base64')),
          randomText,
        ),
        title: randomText,
      },
      { requiredKeys: [] },
    ),
    'POST /api/studies/:id/codings': fc.record(
      {
        ...change,
        documentId: pick(v.documentIds, snake),
        start: offset,
        end: offset,
        code: pick(v.codeKeys, randomText),
      },
      { requiredKeys: [] },
    ),
    'PUT /api/studies/:id/codings/:codingId': fc.record(
      { ...change, code: pick(v.codeKeys, randomText), start: offset, end: offset },
      { requiredKeys: [] },
    ),
    'DELETE /api/studies/:id/codings/:codingId': fc.record(change, { requiredKeys: [] }),
    'PUT /api/studies/:id/excerpts/:excerptId/performer': fc.record(
      {
        ...change,
        performer: fc.oneof(
          fc.constant(null),
          fc.record({
            kind: fc.constantFrom('informant', 'organisation', 'actor_group', 'alien'),
            id: pick(v.actorIds, snake),
          }),
        ),
      },
      { requiredKeys: [] },
    ),
    'PUT /api/studies/:id/excerpts/:excerptId/memo': fc.record(
      { ...change, text: fc.oneof(randomText, fc.constant('')) },
      { requiredKeys: [] },
    ),
  };
  const structured = bodies[route];
  const valid = validWriteBody(route, v);
  return structured
    ? fc.oneof(
        { weight: 4, arbitrary: structured.map((b) => JSON.stringify(b)) },
        { weight: 4, arbitrary: valid.map((b) => JSON.stringify(b)) },
        { weight: 1, arbitrary: jsonish },
      )
    : jsonish;
}

/** A body the route accepts as it is (the ids may still name nothing in the study). */
function validWriteBody(route: string, v: ApiVocabulary): fc.Arbitrary<object> {
  const change = {
    opId: fc.stringMatching(/^[a-z0-9]{8,20}$/),
    coderId: pick(v.coders, fc.constantFrom('fuzz-coder')),
  };
  const span = fc
    .tuple(fc.nat({ max: 200 }), fc.integer({ min: 1, max: 60 }))
    .map(([start, length]) => ({ start, end: start + length }));
  const code = pick(v.codeKeys, fc.constant('form.operational'));
  if (route === 'POST /api/studies/:id/codings')
    return fc
      .record({ ...change, documentId: pick(v.documentIds, snake), code, span })
      .map(({ span: x, ...r }) => ({ ...r, ...x }));
  if (route === 'PUT /api/studies/:id/codings/:codingId')
    return fc.record({ ...change, code }, { requiredKeys: ['opId', 'coderId'] });
  if (route === 'DELETE /api/studies/:id/codings/:codingId') return fc.record(change);
  if (route === 'PUT /api/studies/:id/excerpts/:excerptId/memo')
    return fc.record({ ...change, text: fc.string({ maxLength: 80 }) });
  if (route === 'PUT /api/studies/:id/excerpts/:excerptId/performer')
    return fc.record({
      ...change,
      performer: fc.option(
        fc.record({ kind: fc.constant('informant'), id: pick(v.actorIds, snake) }),
        { nil: null },
      ),
    });
  if (route === 'POST /api/studies')
    return fc.record({ ...change, name: fc.string({ minLength: 1, maxLength: 40 }) });
  if (route === 'POST /api/studies/:id/documents')
    return fc.record({
      ...change,
      fileName: fc.constantFrom('note.txt', 'note.md'),
      contentBase64: fc
        .string({ minLength: 1, maxLength: 200 })
        .map((t) => Buffer.from(`Interviewer: ${t}`).toString('base64')),
    });
  return fc.constant({});
}

/** One request. `token` is the server's write token (or undefined for a read-only server). */
export function apiRequest(
  v: ApiVocabulary,
  options: { token?: string; hosts?: string[]; routes?: readonly string[] } = {},
): fc.Arbitrary<FuzzRequest> {
  const routes = options.routes ?? ROUTES;
  const goodHosts = options.hosts ?? ['127.0.0.1', 'localhost'];
  const host = fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...goodHosts) },
    { weight: 1, arbitrary: fc.constantFrom('evil.example', 'attacker.test:80', '10.0.0.1') },
  );
  const auth = fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    ...(options.token ? [{ weight: 3, arbitrary: fc.constant(`Bearer ${options.token}`) }] : []),
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'Bearer wrong-token-0000000000',
        'Basic YTpi',
        'Bearer ',
        'bearer',
      ),
    },
  );
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain') },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  return fc.constantFrom(...routes).chain((route) => {
    const [routeMethod, template] = route.split(' ') as [string, string];
    const method = fc.oneof(
      { weight: 8, arbitrary: fc.constant(routeMethod) },
      { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') },
    );
    const parts = template.split('/').map((p) => {
      if (p === ':id') return segment(v.studyIds);
      if (p === ':docId') return segment(v.documentIds);
      if (p === ':excerptId') return segment(v.excerptIds);
      if (p === ':codingId') return segment(v.codingIds);
      if (p === ':actorId') return segment(v.actorIds);
      if (p === ':file') return segment(['index.js', 'x.css', 'index.html']);
      return fc.constant(p);
    });
    return fc
      .record({
        method,
        path: fc.tuple(...parts).map((ps) => ps.join('/')),
        query: fc.oneof(
          { weight: 1, arbitrary: queryString(v) },
          { weight: 3, arbitrary: validQuery(template, v) },
        ),
        host,
        auth,
        contentType,
        body: writeBody(route, v),
      })
      .map((r): FuzzRequest => {
        const headers: Record<string, string> = {};
        if (r.auth !== undefined) headers.Authorization = r.auth;
        const hasBody = r.method !== 'GET' && r.method !== 'HEAD' && r.method !== 'OPTIONS';
        if (hasBody && r.contentType !== undefined) headers['Content-Type'] = r.contentType;
        return {
          method: r.method,
          target: r.path + r.query,
          host: r.host,
          headers,
          ...(hasBody ? { body: r.body } : {}),
        };
      });
  });
}

/** Statuses the API may answer a request with; a 5xx is always a failure of the server. */
const ALLOWED = new Set([200, 201, 400, 401, 403, 404, 405, 409, 413]);

/**
 * What must hold for every response: no server error, the security headers, and on `/api` a
 * JSON body (an error body with a code and a message for every 4xx).
 */
export async function expectWellFormed(
  req: FuzzRequest,
  res: Response,
  token?: string,
): Promise<void> {
  const text = await res.text();
  const where = `${req.method} ${req.target} (Host ${req.host})`;
  expect(ALLOWED.has(res.status), `${where} → ${res.status}: ${text.slice(0, 300)}`).toBe(true);
  for (const name of Object.keys(SECURITY_HEADERS)) {
    expect(res.headers.get(name), `${where}: header ${name}`).not.toBeNull();
  }
  const path = req.target.split('?')[0] ?? '';
  if (path.startsWith('/api/') || res.status === 403) {
    expect(res.headers.get('Content-Type') ?? '', where).toMatch(/^(application\/json|text\/csv)/);
    if (res.status >= 400) {
      const body = ApiErrorBody.safeParse(JSON.parse(text));
      expect(body.success, `${where}: error body ${text.slice(0, 300)}`).toBe(true);
      expect(body.data?.error.message.length ?? 0, where).toBeGreaterThan(0);
    }
  }
  if (res.status === 401) expect(res.headers.get('WWW-Authenticate'), where).toBe('Bearer');
  if (!['127.0.0.1', 'localhost'].some((h) => req.host.startsWith(h))) {
    expect(res.status, `${where}: a foreign Host must be refused`).toBe(403);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD' && res.status < 300) {
    expect(token, `${where}: a write succeeded on a read-only server`).toBeDefined();
    expect(req.headers.Authorization, `${where}: a write without the token succeeded`).toBe(
      `Bearer ${token}`,
    );
  }
}

/** The fetch `Request` for a fuzz request, addressed to its Host (for `app.request`). */
export function toRequest(req: FuzzRequest): Request {
  return new Request(`http://${req.host}${req.target}`, {
    method: req.method,
    headers: req.headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
}

type Fetch = (req: Request) => Promise<Response> | Response;

async function getJsonOf(fetch: Fetch, target: string): Promise<unknown> {
  const res = await fetch(new Request(`http://127.0.0.1${target}`));
  return res.ok ? await res.json() : null;
}

/** Reads ids and keys from the server under test, so generated requests hit real data too. */
export async function collectVocabulary(fetch: Fetch, studyIds: string[]): Promise<ApiVocabulary> {
  const v: ApiVocabulary = {
    studyIds,
    documentIds: [],
    excerptIds: [],
    codingIds: [],
    actorIds: [],
    positionKeys: [],
    positionValues: [],
    families: [],
    codeKeys: [],
    coders: [],
  };
  const add = (list: string[], value: unknown): void => {
    if (typeof value === 'string' && !list.includes(value) && list.length < 40) list.push(value);
  };
  for (const id of studyIds) {
    const dims = (await getJsonOf(fetch, `/api/studies/${id}/dimensions`)) as {
      position: { key: string; values: { key: string }[] }[];
      families: { key: string; codes: { key: string }[] }[];
    } | null;
    for (const d of dims?.position ?? []) {
      add(v.positionKeys, d.key);
      for (const x of d.values) add(v.positionValues, x.key);
    }
    for (const f of dims?.families ?? []) {
      add(v.families, f.key);
      for (const c of f.codes) add(v.codeKeys, c.key);
    }
    const actors = (await getJsonOf(fetch, `/api/studies/${id}/actors`)) as {
      nodes?: { id: string }[];
    } | null;
    for (const a of actors?.nodes ?? []) add(v.actorIds, a.id);
    const docs = (await getJsonOf(fetch, `/api/studies/${id}/documents`)) as
      { id: string }[] | null;
    for (const d of (docs ?? []).slice(0, 5)) {
      add(v.documentIds, d.id);
      const coded = (await getJsonOf(fetch, `/api/studies/${id}/documents/${d.id}/codings`)) as {
        excerpts: { id: string; codings: { id: string; coderId: string }[] }[];
      } | null;
      for (const e of coded?.excerpts ?? []) {
        add(v.excerptIds, e.id);
        for (const c of e.codings) {
          add(v.codingIds, c.id);
          add(v.coders, c.coderId);
        }
      }
    }
  }
  return v;
}
