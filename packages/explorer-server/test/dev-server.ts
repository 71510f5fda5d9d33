/**
 * Serves the explorer over the fixture studies, for working on the UI:
 *   pnpm --filter @iwa/explorer exec vite build && npx tsx --conditions=@iwa/source packages/explorer-server/test/dev-server.ts [ui-dir]
 * (or run `vite` in apps/explorer beside it: the Vite dev server proxies /api to port 4317).
 * The fixture counts nothing: the analysis views (matrix, actors, phases, claims) answer 503
 * here; for them run `iwa serve`, which answers from Neo4j. Never used by `iwa serve`.
 */
import { fileURLToPath } from 'node:url';
import { createExplorerServer } from '../src/create-explorer-server.ts';
import { FixtureExplorerData } from './fixture-explorer-data.ts';

const server = await createExplorerServer({
  data: new FixtureExplorerData(),
  port: 4317,
  checkResponses: true,
  // the explorer app's Vite build, unless another folder is named
  uiDir:
    process.argv[2] ?? fileURLToPath(new URL('../../../apps/explorer/dist-ui/', import.meta.url)),
  logger: (e) => {
    if (e.level === 'error') process.stderr.write(`${JSON.stringify(e)}\n`);
  },
});
process.stdout.write(`explorer (fixture data) at ${server.url}\n`);
