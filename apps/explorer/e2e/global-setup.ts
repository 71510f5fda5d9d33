import { ensureExplorerUi } from '../src/build-ui.ts';

/** Builds the UI once for every browser test (into dist-ui/, which the server serves). */
export default async function setup(): Promise<void> {
  await ensureExplorerUi({ force: true });
}
