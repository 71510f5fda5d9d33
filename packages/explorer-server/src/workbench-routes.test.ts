import { describe, expect, it } from 'vitest';
import { fixtureApp, getJson } from '../test/fixture-app.ts';
import { FIXTURE_DOC_TEXT, FixtureWorkbenchData } from '../test/fixture-workbench-data.ts';

const TOKEN = 'secret-write-token';

function setup(options: { writeToken?: string | undefined } = { writeToken: TOKEN }) {
  const workbench = new FixtureWorkbenchData();
  const app = fixtureApp({ workbench, ...options });
  const write = async (
    method: string,
    path: string,
    body: unknown,
    token: string | null = TOKEN,
  ) => {
    const res = await app.request(path, {
      method,
      headers: {
        'Content-Type': 'application/json',
        Host: '127.0.0.1',
        ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text.length > 0 ? (JSON.parse(text) as Record<string, unknown>) : null,
    };
  };
  return { app, workbench, write };
}

/** The code-point span of `quote` in the fixture document. */
function span(quote: string): { start: number; end: number } {
  const start = [...FIXTURE_DOC_TEXT.slice(0, FIXTURE_DOC_TEXT.indexOf(quote))].length;
  return { start, end: start + [...quote].length };
}

const coding = (over: Record<string, unknown> = {}) => ({
  opId: 'op-0000000001',
  coderId: 'hilde',
  documentId: 'doc-1',
  ...span('the job specialist\u0301'),
  code: 'form.operational',
  ...over,
});

describe('the workbench write routes', () => {
  it('need the write token: none configured is 403, missing 401, wrong 403', async () => {
    const readOnly = setup({ writeToken: undefined });
    expect(
      (await readOnly.write('POST', '/api/studies/fixture-ips/codings', coding())).status,
    ).toBe(403);
    const { write, workbench } = setup();
    const missing = await write('POST', '/api/studies/fixture-ips/codings', coding(), null);
    expect(missing.status).toBe(401);
    expect(
      (await write('POST', '/api/studies/fixture-ips/codings', coding(), 'wrong')).status,
    ).toBe(403);
    expect(workbench.codings.size).toBe(0);
  });

  it('creates a coding once: a retry with the same operation id is replayed', async () => {
    const { write, workbench } = setup();
    const first = await write('POST', '/api/studies/fixture-ips/codings', coding());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      outcome: 'created',
      coding: { text: 'the job specialist\u0301', code: 'form.operational', coderId: 'hilde' },
    });
    const again = await write('POST', '/api/studies/fixture-ips/codings', coding());
    expect(again).toMatchObject({ status: 200, body: { outcome: 'replayed' } });
    const same = await write(
      'POST',
      '/api/studies/fixture-ips/codings',
      coding({ opId: 'op-0000000002' }),
    );
    expect(same).toMatchObject({ status: 200, body: { outcome: 'unchanged' } });
    expect(workbench.codings.size).toBe(1);
    expect(workbench.entries).toHaveLength(1);
  });

  it('validates bodies and names the field at fault', async () => {
    const { write } = setup();
    const path = '/api/studies/fixture-ips/codings';
    const cases: [unknown, RegExp][] = [
      [coding({ end: 3, start: 3 }), /^end: /],
      [coding({ code: 'Form operational' }), /^code: /],
      [coding({ opId: 'x' }), /^opId: /],
      [coding({ coderId: '' }), /^coderId: /],
      [coding({ extra: 1 }), /^extra: unknown field/],
      [coding({ start: -1 }), /^start: /],
      ['{not json', /^body: not valid JSON/],
    ];
    for (const [body, message] of cases) {
      const res = await write('POST', path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as { error: { message: string } }).error.message).toMatch(message);
    }
    const past = await write('POST', path, coding({ end: 10_000 }));
    expect(past).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    const unknown = await write('POST', '/api/studies/nope/codings', coding());
    expect(unknown.status).toBe(404);
  });

  it('checks the path before the body, and takes only a body sent as JSON', async () => {
    const { app, write } = setup();
    const badId = await write('POST', '/api/studies/no%20such/codings', coding({ opId: 'x' }));
    expect(badId).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect((badId.body as { error: { message: string } }).error.message).toMatch(/^id: /);
    const badCoding = await write('PUT', '/api/studies/fixture-ips/codings/a%20b', {
      opId: 'op-0000000020',
      coderId: 'hilde',
    });
    expect((badCoding.body as { error: { message: string } }).error.message).toMatch(/^codingId: /);
    const text = await app.request('/api/studies/fixture-ips/codings', {
      method: 'POST',
      headers: {
        'Content-Type': 'text/plain',
        Host: '127.0.0.1',
        Authorization: `Bearer ${TOKEN}`,
      },
      body: JSON.stringify(coding()),
    });
    expect(text.status).toBe(400);
    expect(await text.json()).toEqual({
      error: {
        code: 'invalid_request',
        message: 'body: send JSON (Content-Type: application/json)',
      },
    });
  });

  it('edits and deletes; blind reads show one coder; the audit trail as JSON and CSV', async () => {
    const { app, write } = setup();
    const a = await write('POST', '/api/studies/fixture-ips/codings', coding());
    await write(
      'POST',
      '/api/studies/fixture-ips/codings',
      coding({ opId: 'op-ole-000001', coderId: 'ole', code: 'purpose.creating' }),
    );
    const id = (a.body?.coding as { id: string }).id;
    const edited = await write('PUT', `/api/studies/fixture-ips/codings/${id}`, {
      opId: 'op-0000000003',
      coderId: 'hilde',
      code: 'form.conceptual',
    });
    expect(edited).toMatchObject({
      status: 200,
      body: { outcome: 'changed', coding: { code: 'form.conceptual' } },
    });

    const blind = await getJson(app, '/api/studies/fixture-ips/documents/doc-1/codings?coder=ole');
    expect(blind.status).toBe(200);
    const codes = (
      blind.body as { excerpts: { codings: { coderId: string }[] }[] }
    ).excerpts.flatMap((x) => x.codings.map((c) => c.coderId));
    expect(codes).toEqual(['ole']);
    expect(
      (await getJson(app, '/api/studies/fixture-ips/documents/doc-1/codings?coder=a%20b')).status,
    ).toBe(400);

    const newId = (edited.body?.coding as { id: string }).id;
    const del = await write('DELETE', `/api/studies/fixture-ips/codings/${newId}`, {
      opId: 'op-0000000004',
      coderId: 'hilde',
    });
    expect(del.body).toMatchObject({ outcome: 'deleted' });
    const gone = await write('DELETE', `/api/studies/fixture-ips/codings/${newId}`, {
      opId: 'op-0000000005',
      coderId: 'hilde',
    });
    expect(gone.body).toMatchObject({ outcome: 'unchanged' });

    const trail = await getJson(app, '/api/studies/fixture-ips/audit');
    expect((trail.body as { entries: { action: string }[] }).entries.map((e) => e.action)).toEqual([
      'create_coding',
      'create_coding',
      'create_coding',
      'delete_coding',
    ]);
    const csv = await app.request('/api/studies/fixture-ips/audit?format=csv');
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('Content-Disposition')).toContain('fixture-ips-audit.csv');
    const lines = new TextDecoder('utf-8', { ignoreBOM: true })
      .decode(await csv.arrayBuffer())
      .split('\r\n');
    expect(lines[0]).toBe('\ufeffat,coder,action,document,excerpt,coding,before,after,id,undo_of');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain('"{""id"":');
    expect((await getJson(app, '/api/studies/nope/audit')).status).toBe(404);
  });

  it('creates studies and adds documents; a taken id is a conflict; big bodies are refused', async () => {
    const { write } = setup();
    const created = await write('POST', '/api/studies', {
      opId: 'op-0000000010',
      coderId: 'hilde',
      name: 'New study',
      informants: [{ id: 'A01', role: 'advisor', sector: 'nav' }],
    });
    expect(created).toMatchObject({
      status: 201,
      body: { outcome: 'created', studyId: 'new-study' },
    });
    const taken = await write('POST', '/api/studies', {
      opId: 'op-0000000011',
      coderId: 'hilde',
      name: 'x',
      id: 'fixture-ips',
    });
    expect(taken.status).toBe(409);
    const bad = await write('POST', '/api/studies', {
      opId: 'op-0000000012',
      coderId: 'hilde',
      name: '  ',
    });
    expect(bad.status).toBe(400);

    const doc = await write('POST', '/api/studies/fixture-ips/documents', {
      opId: 'op-0000000013',
      coderId: 'hilde',
      fileName: 'interview 2.txt',
      contentBase64: Buffer.from('M01: hello\r\n').toString('base64'),
    });
    expect(doc).toMatchObject({ status: 201, body: { documentId: 'doc-2' } });
    const exe = await write('POST', '/api/studies/fixture-ips/documents', {
      opId: 'op-0000000014',
      coderId: 'hilde',
      fileName: 'evil.exe',
      contentBase64: '',
    });
    expect((exe.body as { error: { message: string } }).error.message).toMatch(/^fileName: /);
    const huge = await write('PUT', '/api/studies/fixture-ips/excerpts/ex-1/memo', {
      opId: 'op-0000000015',
      coderId: 'hilde',
      text: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    const perf = await write('PUT', '/api/studies/fixture-ips/excerpts/ex-1/performer', {
      opId: 'op-0000000016',
      coderId: 'hilde',
      performer: { kind: 'organisation', id: 'nav-a' },
    });
    expect(perf.body).toMatchObject({ performerSource: 'explicit' });
  });

  it('lists documents, and answers 405 for a method a read route does not take', async () => {
    const { app } = setup();
    const docs = await getJson(app, '/api/studies/fixture-ips/documents');
    expect(docs.body).toEqual([{ id: 'doc-1', title: 'Interview 1', excerpts: 0 }]);
    const res = await app.request('/api/studies/fixture-ips/matrix', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, Host: '127.0.0.1' },
    });
    expect(res.status).toBe(405);
  });
});
