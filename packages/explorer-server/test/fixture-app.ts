import { createExplorerApp } from '../src/create-explorer-app.ts';
import type { ExplorerAppOptions } from '../src/create-explorer-app.ts';
import { FixtureExplorerData } from './fixture-explorer-data.ts';

/** A UI folder that does not exist: the API tests need no built UI. */
export const NO_UI = '/nonexistent-explorer-ui';

/** A Hono app over the fixture studies, checking every response against its schema. */
export function fixtureApp(options: Partial<ExplorerAppOptions> = {}) {
  return createExplorerApp({
    data: new FixtureExplorerData(),
    checkResponses: true,
    uiDir: NO_UI,
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
