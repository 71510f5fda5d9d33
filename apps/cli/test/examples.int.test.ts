import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGraph, deleteStudy, getStudy, type Graph } from '@iwa/graph';
import { examplePath } from '@iwa/examples';
import { testGraphConfig } from '@iwa/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { runIwa } from './run-cli.ts';

let graph: Graph;
let env: Record<string, string>;
// the demo studies use their own ids; a test-run suffix keeps parallel runs apart
const suffix = `t${process.pid}`;
const ips = `ips-norway-${suffix}`;
const collab = `collab-meetings-${suffix}`;

beforeAll(() => {
  const config = testGraphConfig();
  graph = createGraph(config);
  env = {
    NEO4J_URI: config.uri,
    NEO4J_USER: config.user,
    NEO4J_PASSWORD: config.password ?? '',
    NEO4J_DATABASE: config.database,
  };
  for (const [id, studyId] of [
    ['ips-norway', ips],
    ['collab-meetings', collab],
  ] as const) {
    const res = runIwa(['study', 'import', examplePath(id), '--study', studyId], {
      env,
      timeoutMs: 300_000,
    });
    if (res.status !== 0) throw new Error(`import of ${id} failed: ${res.stderr}`);
  }
}, 600_000);
afterAll(async () => {
  await deleteStudy(graph, { studyId: ips });
  await deleteStudy(graph, { studyId: collab });
  await graph.close();
});

const json = <T>(text: string): T => JSON.parse(text) as T;

describe('the demo studies through the CLI and Neo4j', () => {
  it('ips-norway: a second import reports 0 created and 0 changed', () => {
    const res = runIwa(['study', 'import', examplePath('ips-norway'), '--study', ips, '--json'], {
      env,
    });
    expect(res.status).toBe(0);
    expect(json<{ created: number; changed: number }>(res.stdout)).toMatchObject({
      created: 0,
      changed: 0,
    });
  });

  it('ips-norway: every encoded claim of the paper holds, with its numbers', () => {
    const res = runIwa(['claims', 'check', '--study', ips, '--json'], { env });
    expect(res.status).toBe(0);
    const results = json<{ id: string; holds: boolean; numbers: Record<string, number> }[]>(
      res.stdout,
    );
    const ids = results.map((r) => r.id);
    for (const id of ['C04', 'C05', 'C10', 'C13', 'C21-initial', 'C21-beyond', 'C30', 'C31', 'C34'])
      expect(ids).toContain(id);
    expect(results.filter((r) => !r.holds)).toEqual([]);
    // a fresh server plans each claim's queries: 15-16 s alone on a quiet machine (load ~1), over
    // 60 s when the run shared the machine at load ~9
  }, 180_000);

  it('ips-norway: iwa phase profile shows C21 — establishing is structural and conceptual creating, later phases operational', () => {
    const res = runIwa(['phase', 'profile', '--study', ips, '--json'], { env });
    expect(res.status).toBe(0);
    type Fit = {
      verdict: string;
      forms: { categories: { key: string; share: number }[] };
      purposes: { categories: { key: string; share: number }[] };
    };
    const { profiles } = json<{ profiles: { organisationId: string; state: string; fit: Fit }[] }>(
      res.stdout,
    );
    const top = (f: Fit['forms']): string | undefined => f.categories[0]?.key;
    const establishing = profiles.filter((p) => p.state === 'establishing');
    expect(establishing.length).toBeGreaterThan(0);
    for (const p of establishing) {
      expect(['form.conceptual', 'form.structural']).toContain(top(p.fit.forms));
      expect(top(p.fit.purposes)).toBe('purpose.creating');
    }
    const beyond = profiles.filter((p) =>
      ['operationalising', 'routinised', 'partially_integrated'].includes(p.state),
    );
    expect(beyond.length).toBeGreaterThan(0);
    for (const p of beyond) expect(top(p.fit.forms)).toBe('form.operational');
    const show = json<{ organisations: { replayMatches: boolean }[] }>(
      runIwa(['phase', 'show', '--study', ips, '--json'], { env }).stdout,
    );
    expect(show.organisations.length).toBe(6);
    expect(show.organisations.every((o) => o.replayMatches)).toBe(true);
  });

  it('ips-norway: iwa phase show, history and profile print phases, events and codes by their labels, ids in brackets', () => {
    const show = runIwa(['phase', 'show', '--study', ips], { env });
    expect(show.status).toBe(0);
    expect(show.stdout).toMatch(/Establishing \[establishing\]/);
    expect(show.stdout).not.toMatch(/│ establishing /);
    const org = json<{ organisations: { organisationId: string; state: string }[] }>(
      runIwa(['phase', 'show', '--study', ips, '--json'], { env }).stdout,
    ).organisations.find((o) => o.state === 'establishing')?.organisationId;
    expect(org).toBeDefined();
    const history = runIwa(['phase', 'history', '--study', ips, '--org', org ?? ''], { env });
    expect(history.status).toBe(0);
    expect(history.stdout).toMatch(/Pre-adoption \[pre_adoption\] → /);
    const profile = runIwa(['phase', 'profile', '--study', ips], { env });
    expect(profile.status).toBe(0);
    expect(profile.stdout).toMatch(/Operational work \[operational\] \d+%/);
    expect(profile.stdout).toMatch(/Creating institutions \[creating\]/);
  });

  it('collab-meetings: the custom phase model works end to end', () => {
    const res = runIwa(['phase', 'show', '--study', collab, '--json'], { env });
    expect(res.status).toBe(0);
    const shown = json<{ model: string; organisations: { state: string }[] }>(res.stdout);
    expect(shown.model).not.toBe('ips_collaboration');
    expect(shown.organisations.map((o) => o.state).sort()).toEqual([
      'meetings_routine',
      'meetings_running',
    ]);
  });

  it('collab-meetings: agreement per code with a disagreement list', () => {
    const res = runIwa(['agreement', '--study', collab, '--json'], { env });
    expect(res.status).toBe(0);
    const report = json<{
      coders: string[];
      overall: { alpha: { value: number | null } };
      byCode: Record<string, { alpha: { value: number | null } }>;
      disagreements: { disputed: string[]; text?: string }[];
    }>(res.stdout);
    expect(report.coders).toEqual(['ane', 'jonas']);
    expect(report.overall.alpha.value).toBeGreaterThan(0.6);
    expect(report.overall.alpha.value).toBeLessThan(0.95);
    expect(Object.keys(report.byCode).length).toBeGreaterThan(10);
    expect(report.disagreements.length).toBeGreaterThan(0);
    expect(report.disagreements[0]?.text?.length).toBeGreaterThan(0);
  });
});

describe('the README', () => {
  it('shows the matrix exactly as pnpm start prints it', { timeout: 600_000 }, async () => {
    // `iwa start` imports the demos under their own ids; remove them after, unless they were there
    const demos = ['ips-norway', 'collab-meetings'];
    const present = await Promise.all(demos.map((studyId) => getStudy(graph, { studyId })));
    onTestFinished(async () => {
      for (const [i, studyId] of demos.entries())
        if (!present[i]) await deleteStudy(graph, { studyId });
    });
    const res = runIwa(['start', '--no-serve'], { env, timeoutMs: 600_000 });
    expect(res.status, res.stderr).toBe(0);
    const readme = readFileSync(
      fileURLToPath(new URL('../../../README.md', import.meta.url)),
      'utf8',
    );
    const block = /The matrix it prints starts like this[^\n]*\n\n```\n([\s\S]*?)```/.exec(
      readme,
    )?.[1];
    expect(block).toBeDefined();
    expect(res.stdout).toContain(block!);
    expect(res.stdout).toContain('20 of 20 claims hold.');
  });
});
