import { describe, expect, it } from 'vitest';
import { fixtureApp, getJson } from '../test/fixture-app.ts';
import { IPS_FIXTURE_STUDY } from '../test/fixture-study.ts';
import type { ExplorerLogEntry } from './create-explorer-app.ts';
import {
  CONTENT_SECURITY_POLICY,
  bearerToken,
  hostAllowed,
  tokensEqual,
  withoutCredentials,
} from './security.ts';

const TOKEN = 'write-token-0123456789abcdef';
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Every GET route of the app with its parameters filled in, plus paths that match none. */
function concretePaths(app: ReturnType<typeof fixtureApp>): string[] {
  const routes = app.routes
    .filter((r) => r.method === 'GET' && r.path.startsWith('/api/') && !r.path.includes('*'))
    .map((r) =>
      r.path.replace(':id', 'fixture-ips').replace(':actorId', 'A01').replace(':docId', 'doc-A01'),
    );
  return [
    ...new Set(routes),
    '/api/studies/fixture-ips/excerpts/1',
    '/api/anything',
    '/',
    '/assets/x.js',
  ];
}

describe('read-only unless started with a write token', () => {
  it('has a route for every endpoint of the contract', () => {
    expect(concretePaths(fixtureApp())).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/studies',
        '/api/studies/fixture-ips/dimensions',
        '/api/studies/fixture-ips/matrix',
        '/api/studies/fixture-ips/excerpts',
        '/api/studies/fixture-ips/actors',
        '/api/studies/fixture-ips/actors/A01/profile',
        '/api/studies/fixture-ips/phases',
        '/api/studies/fixture-ips/claims',
        '/api/studies/fixture-ips/documents/doc-A01',
      ]),
    );
  });

  it('refuses every non-GET request without a configured token (403)', async () => {
    const app = fixtureApp();
    for (const path of concretePaths(app)) {
      for (const method of WRITE_METHODS) {
        const res = await app.request(path, {
          method,
          headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
          ...(method === 'OPTIONS' ? {} : { body: '{}' }),
        });
        expect([401, 403], `${method} ${path}`).toContain(res.status);
        expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
      }
    }
  });

  it('with a token: 401 without it, 403 with a wrong one, and never a 2xx', async () => {
    const app = fixtureApp({ writeToken: TOKEN });
    for (const path of concretePaths(app)) {
      for (const method of WRITE_METHODS) {
        const none = await app.request(path, { method });
        expect(none.status, `${method} ${path}`).toBe(401);
        expect(none.headers.get('WWW-Authenticate')).toBe('Bearer');
        const wrong = await app.request(path, {
          method,
          headers: { Authorization: `Bearer ${TOKEN}x` },
        });
        expect(wrong.status, `${method} ${path}`).toBe(403);
        const right = await app.request(path, {
          method,
          headers: { Authorization: `Bearer ${TOKEN}` },
        });
        // No route writes yet: the right token reaches the router, which has nothing to do.
        expect([404, 405], `${method} ${path}`).toContain(right.status);
      }
    }
  });

  it('answers 405 for a write method on a read route once authorised', async () => {
    const app = fixtureApp({ writeToken: TOKEN });
    const res = await app.request('/api/studies', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(405);
  });

  it('compares tokens in constant time over their hashes', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
    expect(bearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`Basic ${TOKEN}`)).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('security headers and CORS', () => {
  it('sets the CSP and friends on API, error and UI responses', async () => {
    const app = fixtureApp();
    for (const path of ['/api/studies', '/api/nothing', '/api/studies/x%20y/claims', '/']) {
      const res = await app.request(path, { headers: { Origin: 'http://evil.example' } });
      expect(res.headers.get('Content-Security-Policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
      expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('answers a loopback-bound server only under loopback host names (DNS rebinding)', async () => {
    const app = fixtureApp();
    expect((await app.request('http://127.0.0.1:4000/api/studies')).status).toBe(200);
    expect((await app.request('http://localhost:4000/api/studies')).status).toBe(200);
    expect((await app.request('http://evil.example:4000/api/studies')).status).toBe(403);
    expect(hostAllowed('evil.example', '0.0.0.0')).toBe(true);
    expect(hostAllowed('[::1]:8080', '::1')).toBe(true);
  });

  it('keeps credentials out of URIs', () => {
    expect(withoutCredentials('neo4j+s://user:pw@x.databases.example:7687')).toBe(
      'neo4j+s://x.databases.example:7687',
    );
    expect(withoutCredentials('bolt://localhost:7687')).toBe('bolt://localhost:7687');
  });
});

describe('logs', () => {
  it('carry no excerpt text, no query string and no token', async () => {
    const entries: ExplorerLogEntry[] = [];
    const app = fixtureApp({ writeToken: TOKEN, logger: (e) => entries.push(e) });
    const paths = [
      '/api/studies/fixture-ips/excerpts?row=advisor&rowDim=role&col=form.conceptual&split=purpose.maintaining',
      '/api/studies/fixture-ips/actors/A04/profile',
      '/api/studies/fixture-ips/documents/doc-A04?highlight=1,2',
      '/api/studies/fixture-ips/matrix?rows=nope&cols=form',
    ];
    for (const path of paths) await getJson(app, path);
    await app.request('/api/studies', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    await app.request('/api/studies', {
      method: 'DELETE',
      headers: { Authorization: 'Bearer wrong-token' },
    });
    const logged = JSON.stringify(entries);
    expect(entries.length).toBeGreaterThanOrEqual(paths.length);
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain('wrong-token');
    expect(logged).not.toContain('?');
    for (const e of IPS_FIXTURE_STUDY.excerpts) expect(logged).not.toContain(e.text.slice(0, 30));
  });
});
