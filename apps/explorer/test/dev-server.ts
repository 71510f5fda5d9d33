/**
 * Serves the explorer over the fixture studies, for working on the UI:
 *   pnpm --filter @iwa/explorer exec vite build && npx tsx --conditions=@iwa/source apps/explorer/test/dev-server.ts
 * (or run `vite` in apps/explorer beside it: the Vite dev server proxies /api to port 4317).
 * The fixture counts nothing: the analysis views (matrix, actors, phases, claims) answer 503
 * here; for them run `iwa serve`, which answers from Neo4j. Never used by `iwa serve`.
 */
import { createExplorerServer } from '../src/server/create-explorer-server.ts';
import { FixtureExplorerData } from './fixture-explorer-data.ts';

const server = await createExplorerServer({
  data: new FixtureExplorerData(),
  port: 4317,
  checkResponses: true,
  logger: (e) => {
    if (e.level === 'error') process.stderr.write(`${JSON.stringify(e)}\n`);
  },
});
process.stdout.write(`explorer (fixture data) at ${server.url}\n`);
