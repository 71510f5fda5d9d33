import { createExplorerApp } from '../src/server/create-explorer-app.ts';
import type { ExplorerAppOptions } from '../src/server/create-explorer-app.ts';
import { FixtureExplorerData } from './fixture-explorer-data.ts';

/** A Hono app over the fixture studies, checking every response against its schema. */
export function fixtureApp(options: Partial<ExplorerAppOptions> = {}) {
  return createExplorerApp({
    data: new FixtureExplorerData(),
    checkResponses: true,
    uiDir: '/nonexistent-explorer-ui',
    ...options,
  });
}

/** GETs a path from an app and returns status and parsed JSON. */
export async function getJson(
  app: ReturnType<typeof createExplorerApp>,
  path: string,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await app.request(path);
  const text = await res.text();
  return {
    status: res.status,
    body: text.length > 0 ? JSON.parse(text) : null,
    headers: res.headers,
  };
}
