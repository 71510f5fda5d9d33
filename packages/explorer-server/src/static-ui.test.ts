import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp } from '../test/fixture-app.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'explorer-ui-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.env'), 'x');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the built UI', () => {
  it('serves index.html uncached and hashed assets for a year', async () => {
    const app = fixtureApp({ uiDir: dir });
    const index = await app.request('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('Cache-Control')).toBe('no-cache');
    const js = await app.request('/assets/index-abc.js');
    expect(js.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('Cache-Control')).toContain('immutable');
  });

  it('serves nothing outside the folder or of an unknown type', async () => {
    const app = fixtureApp({ uiDir: dir });
    for (const path of [
      '/secret.env',
      '/../package.json',
      '/%2e%2e/package.json',
      '/assets/none.js',
    ]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it('says how to build the UI when it is missing', async () => {
    const res = await fixtureApp({ uiDir: join(dir, 'none') }).request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/not built/);
  });
});
