/**
 * THE ONE PLACE the browser tests get their data from. Today it is the in-memory fixture; once
 * the Neo4j-backed `ExplorerData` exists, return it here instead (and seed the demo study), e.g.
 *
 *   const graph = await connectTestGraph();            // from @iwa/testing
 *   await loadStudy(graph, demoStudy);                 // the demo study with the same shape
 *   return { data: createGraphExplorerData(graph), studyId: demoStudy.id, close: () => graph.close() };
 *
 * The tests compare what the page shows with what the API answers, so they hold for any data
 * set that has a study with a role × form matrix, an actor graph and at least one organisation
 * with phase events. The XSS test needs an excerpt whose text contains HTML: `hostileExcerpt`.
 */
import type { ExplorerData } from '../src/server/explorer-data.ts';
import { FixtureExplorerData } from '../test/fixture-explorer-data.ts';
import { HOSTILE_INFORMANT, IPS_FIXTURE_STUDY, TEMPLATES } from '../test/fixture-study.ts';

export interface E2eData {
  data: ExplorerData;
  /** The study the tests open first (the demo study). */
  studyId: string;
  /** A second study, for the study picker; undefined when the data set has one study. */
  otherStudyId: string | undefined;
  /** Where to find an excerpt whose text contains `<script>` and `<img onerror>`. */
  hostileExcerpt: {
    row: string;
    rowDim: string;
    col: string;
    split: string;
    text: string;
    speaker: string;
  };
  close(): Promise<void>;
}

export function createE2eData(): Promise<E2eData> {
  const hostile = TEMPLATES['hostile_minutes'];
  if (hostile === undefined) throw new Error('fixture without its hostile excerpt');
  return Promise.resolve({
    data: new FixtureExplorerData(),
    studyId: IPS_FIXTURE_STUDY.id,
    otherStudyId: 'fixture-pilot',
    hostileExcerpt: {
      row: 'advisor',
      rowDim: 'role',
      col: 'form.conceptual',
      split: 'purpose.maintaining',
      text: hostile.text,
      speaker: HOSTILE_INFORMANT,
    },
    close: () => Promise.resolve(),
  });
}
