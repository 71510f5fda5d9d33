import { spawn, type ChildProcess } from 'node:child_process';
import { getStudy, type Graph, type GraphConfig } from '@iwa/graph';
import { expect } from 'vitest';
import { iwaCommand } from './run-cli.ts';

/*
 * What the fault tests share (faults.int.test.ts kills importers; local-neo4j.int.test.ts stops
 * the server under one): the importer as a child process, and the checks that a study is whole
 * whatever was interrupted. The corpus is make-study-folder's: two documents per interview, each
 * with `excerpts` excerpts coded by form and purpose, and two phase events.
 */

/** A small seeded generator (mulberry32), so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The environment that points `iwa` at a server. */
export function envFor(config: GraphConfig): Record<string, string> {
  return {
    NEO4J_URI: config.uri,
    NEO4J_USER: config.user,
    NEO4J_PASSWORD: config.password ?? '',
    NEO4J_DATABASE: config.database,
  };
}

const stderrOf = new WeakMap<ChildProcess, string[]>();

/** Starts `iwa study import <dir> --study <studyId> --json` in the background. */
export function spawnImport(
  dir: string,
  studyId: string,
  childEnv: Record<string, string | undefined>,
): ChildProcess {
  const [cmd, ...args] = iwaCommand(['study', 'import', dir, '--study', studyId, '--json']);
  const child = spawn(cmd as string, args, {
    env: { ...process.env, NEO4J_URI: undefined, ...childEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const chunks: string[] = [];
  stderrOf.set(child, chunks);
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return child;
}

/** What the child wrote to stderr so far. */
export const stderr = (child: ChildProcess): string => (stderrOf.get(child) ?? []).join('');

export function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal: signal ?? null })),
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function documentsOf(g: Graph, studyId: string): Promise<number> {
  return (await getStudy(g, { studyId }))?.documents ?? 0;
}

/** Numbers that must all be 0 in a consistent study, whatever was interrupted. */
export async function damage(g: Graph, studyId: string, excerptsPerDocument: number) {
  const one = async (cypher: string): Promise<number> => {
    const rows = (await g.read(cypher, { studyId })) as { n: number }[];
    return rows[0]?.n ?? 0;
  };
  return {
    // a document is written whole: every document has all its excerpts, each with both codings
    documentsWithoutAllExcerpts: await one(
      `MATCH (d:Document {studyId: $studyId})
       OPTIONAL MATCH (e:Excerpt {studyId: $studyId})-[:IN]->(d)
       WITH d, count(e) AS k WHERE k <> ${excerptsPerDocument} RETURN count(d) AS n`,
    ),
    excerptsWithoutBothCodings: await one(
      `MATCH (e:Excerpt {studyId: $studyId})
       OPTIONAL MATCH (e)-[r:CODED]->()
       WITH e, count(r) AS k WHERE k <> 2 RETURN count(e) AS n`,
    ),
    excerptsWithoutDocument: await one(
      `MATCH (e:Excerpt {studyId: $studyId})
       WHERE NOT (e)-[:IN]->(:Document {studyId: $studyId}) RETURN count(e) AS n`,
    ),
    codingsToAMissingCode: await one(
      `MATCH (:Excerpt {studyId: $studyId})-[r:CODED]->(c)
       WHERE NOT c:Code OR c.studyId <> $studyId RETURN count(r) AS n`,
    ),
    duplicateDocuments: await one(
      `MATCH (d:Document {studyId: $studyId}) WITH d.id AS id, count(*) AS k
       WHERE k > 1 RETURN count(id) AS n`,
    ),
    duplicateExcerpts: await one(
      `MATCH (e:Excerpt {studyId: $studyId}) WITH e.id AS id, count(*) AS k
       WHERE k > 1 RETURN count(id) AS n`,
    ),
    duplicateCodings: await one(
      `MATCH (e:Excerpt {studyId: $studyId})-[r:CODED]->(c)
       WITH e, c, r.coderId AS coder, count(r) AS k WHERE k > 1 RETURN count(*) AS n`,
    ),
    duplicatePhaseEvents: await one(
      `MATCH (p:PhaseEvent {studyId: $studyId}) WITH p.id AS id, count(*) AS k
       WHERE k > 1 RETURN count(id) AS n`,
    ),
    phaseEventsWithoutOrganisation: await one(
      `MATCH (p:PhaseEvent {studyId: $studyId})
       WHERE NOT (:Organisation {studyId: $studyId})-[:PHASE_EVENT]->(p) RETURN count(p) AS n`,
    ),
  };
}

export const NO_DAMAGE = {
  documentsWithoutAllExcerpts: 0,
  excerptsWithoutBothCodings: 0,
  excerptsWithoutDocument: 0,
  codingsToAMissingCode: 0,
  duplicateDocuments: 0,
  duplicateExcerpts: 0,
  duplicateCodings: 0,
  duplicatePhaseEvents: 0,
  phaseEventsWithoutOrganisation: 0,
};

/** The study holds exactly the corpus: its counts, its two phase events, and no damage. */
export async function expectComplete(
  g: Graph,
  studyId: string,
  expected: { documents: number; excerpts: number; codings: number },
  excerptsPerDocument: number,
): Promise<void> {
  expect(await getStudy(g, { studyId })).toMatchObject(expected);
  const phaseEvents = (await g.read(
    'MATCH (p:PhaseEvent {studyId: $studyId}) RETURN count(p) AS n',
    { studyId },
  )) as { n: number }[];
  expect(phaseEvents[0]?.n).toBe(2);
  expect(await damage(g, studyId, excerptsPerDocument)).toEqual(NO_DAMAGE);
}
