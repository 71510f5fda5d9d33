import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

const BUDGET = 350 * 1024;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('the running explorer', () => {
  it('serves the UI with the security headers and closed CORS', async () => {
    const res = await fetch(`${h.server.url}/`, { headers: { Origin: 'http://example.test' } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('changes nothing without the write token: every non-GET request is refused', async () => {
    const s = h.e2e.studyId;
    const paths = [
      '/api/health',
      '/api/studies',
      `/api/studies/${s}`,
      `/api/studies/${s}/dimensions`,
      `/api/studies/${s}/matrix`,
      `/api/studies/${s}/excerpts`,
      `/api/studies/${s}/actors`,
      `/api/studies/${s}/actors/x/profile`,
      `/api/studies/${s}/phases`,
      `/api/studies/${s}/claims`,
      `/api/studies/${s}/documents/x`,
      '/',
    ];
    for (const path of paths) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await fetch(`${h.server.url}${path}`, {
          method,
          body: '{}',
          headers: { 'Content-Type': 'application/json' },
        });
        expect([401, 403], `${method} ${path}`).toContain(res.status);
      }
    }
  });

  it('follows a hash that changed before the page listened for hash changes', async () => {
    // The race that made a CI run fail: the test set the hash while the page was still starting,
    // between the app's first render and the moment it attached its hashchange listener, and the
    // page stayed on the matrix. Here the hash changes, without an event, just before the app
    // attaches its listener: the app must read the hash it finds, not only listen for changes.
    const page = await h.context.newPage();
    await page.addInitScript(() => {
      const attach = window.addEventListener.bind(window);
      window.addEventListener = ((type: string, ...rest: [EventListener, unknown?]) => {
        if (type === 'hashchange' && !location.hash.startsWith('#/actors'))
          history.replaceState(null, '', '#/actors');
        return attach(type, ...(rest as [EventListener]));
      }) as typeof window.addEventListener;
    });
    try {
      await page.goto(`${h.server.url}/#/matrix`);
      await expect
        .poll(() => page.locator('#tab-actors').getAttribute('aria-selected'))
        .toBe('true');
      await page.locator('#panel-actors').waitFor();
    } finally {
      await page.close();
    }
  });

  it('keeps excerpt text out of its logs', () => {
    expect(h.logs.length).toBeGreaterThan(0);
    const logged = JSON.stringify(h.logs);
    expect(logged).not.toContain(h.e2e.hostileExcerpt.text.slice(0, 20));
  });

  it('ships at most 350 KB of gzipped JavaScript', async () => {
    const assets = fileURLToPath(new URL('../dist-ui/assets/', import.meta.url));
    const files = (await readdir(assets)).filter((f) => f.endsWith('.js'));
    const sizes = await Promise.all(
      files.map(async (f) => ({
        f,
        gz: gzipSync(await readFile(join(assets, f)), { level: 9 }).length,
      })),
    );
    const total = sizes.reduce((n, s) => n + s.gz, 0);
    const entry = sizes.filter((s) => s.f.startsWith('index-')).reduce((n, s) => n + s.gz, 0);
    // Printed so the numbers appear in CI logs.
    process.stdout.write(
      `explorer JS gzipped: entry ${(entry / 1024).toFixed(1)} KB, all chunks ${(total / 1024).toFixed(1)} KB\n`,
    );
    expect(entry).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });
});
