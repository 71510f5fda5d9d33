import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGraph, deleteStudy, type Graph } from '@iwa/graph';
import { testGraphConfig } from '@iwa/testing';
import { examplePath, type ExampleId } from '@iwa/examples';
import { openStudyFolder, runImport, validateSource } from '@iwa/services';
import { afterAll, beforeAll } from 'vitest';

/** What a CLI integration test file shares: the test run's graph, the CLI's env, a temp folder. */
export interface CliTestContext {
  readonly graph: Graph;
  /** NEO4J_* variables that point the CLI at the test run's Neo4j. */
  readonly env: Record<string, string>;
  readonly temp: string;
  /** Remembers a study id to delete after the file's tests; returns it. */
  track(studyId: string): string;
}

/** Sets up (beforeAll) and tears down (afterAll) a {@link CliTestContext} for one test file. */
export function useCliTestContext(name: string): CliTestContext {
  const temp = mkdtempSync(join(tmpdir(), `iwa-${name}-`));
  const studies: string[] = [];
  let graph: Graph | undefined;
  let env: Record<string, string> = {};
  beforeAll(() => {
    const config = testGraphConfig();
    graph = createGraph(config);
    env = {
      NEO4J_URI: config.uri,
      NEO4J_USER: config.user,
      NEO4J_PASSWORD: config.password ?? '',
      NEO4J_DATABASE: config.database,
    };
  });
  afterAll(async () => {
    if (graph) {
      for (const studyId of studies) await deleteStudy(graph, { studyId });
      await graph.close();
    }
    rmSync(temp, { recursive: true, force: true });
  });
  return {
    get graph(): Graph {
      if (!graph) throw new Error('the graph is ready only inside tests (after beforeAll)');
      return graph;
    },
    get env() {
      return env;
    },
    temp,
    track(studyId) {
      studies.push(studyId);
      return studyId;
    },
  };
}

/** Imports a demo study under another id (so parallel test files keep apart), as iwa does. */
export async function importDemo(graph: Graph, demo: ExampleId, studyId: string): Promise<void> {
  const opened = await openStudyFolder(examplePath(demo), { studyId });
  if (!opened.ok) throw new Error(opened.errors.join('; '));
  const validated = await validateSource(opened.source);
  if (!validated.ok) throw new Error(validated.errors.join('; '));
  await runImport(graph, opened.source, { validated });
}
