/**
 * THE ONE PLACE the browser tests get their data from: the demo studies imported into the real
 * Neo4j that this test run started (or NEO4J_URI), served by the Neo4j-backed `GraphExplorerData`.
 *
 * The demo study gets one extra interview line whose text contains HTML, so the XSS test can
 * check that user content renders as text. The tests compare what the page shows with what the
 * API answers, so they hold for any data set of this shape.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { examplePath } from '@iwa/examples';
import { createGraph, deleteStudy, type Graph } from '@iwa/graph';
import { openStudyFolder, runImport, validateSource } from '@iwa/services';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import { GraphExplorerData, type ExplorerData } from '@iwa/explorer-server';

export interface E2eData {
  data: ExplorerData;
  /** The graph the data is read from: tests run the use cases on it to compare numbers. */
  graph: Graph;
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

const HOSTILE_TEXT =
  'The minutes said <script>alert("x")</script> and <img src=x onerror=alert(1)> where our names should be.';

async function importFolder(
  graph: ReturnType<typeof createGraph>,
  dir: string,
  studyId: string,
): Promise<void> {
  const opened = await openStudyFolder(dir, { studyId });
  if (!opened.ok) throw new Error(opened.errors.join('\n'));
  const validated = await validateSource(opened.source);
  if (!validated.ok) throw new Error(validated.errors.join('\n'));
  await runImport(graph, opened.source, { validated });
}

export async function createE2eData(): Promise<E2eData> {
  const graph = createGraph(testGraphConfig(), { appName: 'iwa-explorer-e2e' });
  const temp = mkdtempSync(join(tmpdir(), 'iwa-e2e-'));
  const ips = uniqueStudyId('e2e-ips');
  const collab = uniqueStudyId('e2e-collab');
  const dir = join(temp, 'ips-norway');
  cpSync(examplePath('ips-norway'), dir, { recursive: true });
  writeFileSync(
    join(dir, 'transcripts', 'zz-hostile.txt'),
    `[Interviewer] What did the steering group minutes say?\n[A01] ${HOSTILE_TEXT}\n`,
  );
  writeFileSync(
    join(dir, 'codings', 'zz-hostile.yaml'),
    `coder: hilde\ncodings:\n  - document: zz-hostile\n    anchor: ${JSON.stringify(HOSTILE_TEXT)}\n    codes: [form.conceptual, purpose.maintaining]\n`,
  );
  try {
    await importFolder(graph, dir, ips);
    await importFolder(graph, examplePath('collab-meetings'), collab);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  const data = new GraphExplorerData(graph);
  // as `iwa serve` does before it prints its URL, for the two studies the tests open (the
  // run's database also holds the other test files' studies: `warmUp()` would plan theirs too)
  await data.warmUpStudy(ips);
  await data.warmUpStudy(collab);
  return {
    data,
    graph,
    studyId: ips,
    otherStudyId: collab,
    hostileExcerpt: {
      row: 'advisor',
      rowDim: 'role',
      col: 'conceptual',
      split: 'maintaining',
      text: HOSTILE_TEXT,
      speaker: 'A01',
    },
    close: async () => {
      await deleteStudy(graph, { studyId: ips });
      await deleteStudy(graph, { studyId: collab });
      await graph.close();
    },
  };
}
