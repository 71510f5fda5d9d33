import { describe, expect, it } from 'vitest';
import { FixtureExplorerData } from '../test/fixture-explorer-data.ts';
import { NO_UI } from '../test/fixture-app.ts';
import { createExplorerServer } from './create-explorer-server.ts';
import { ExplorerError } from './explorer-error.ts';

describe('createExplorerServer', () => {
  it('listens on 127.0.0.1 by default and closes', async () => {
    const server = await createExplorerServer({
      data: new FixtureExplorerData(),
      port: 0,
      uiDir: NO_UI,
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${server.url}/api/studies`);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/api/studies`)).rejects.toThrow();
  });

  it('rejects a short write token and a bad port', async () => {
    const data = new FixtureExplorerData();
    await expect(
      createExplorerServer({ data, writeToken: 'short', uiDir: NO_UI }),
    ).rejects.toMatchObject({
      code: 'invalid_option',
    });
    await expect(createExplorerServer({ data, port: 70_000, uiDir: NO_UI })).rejects.toBeInstanceOf(
      ExplorerError,
    );
  });
});
