import { createGraph, deleteStudy, type Graph } from '@iwa/graph';
import { examplePath } from '@iwa/examples';
import { testGraphConfig } from '@iwa/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIwa } from './run-cli.ts';

let graph: Graph;
let env: Record<string, string>;
const collab = `collab-meetings-agr-t${process.pid}`;

beforeAll(() => {
  const config = testGraphConfig();
  graph = createGraph(config);
  env = {
    NEO4J_URI: config.uri,
    NEO4J_USER: config.user,
    NEO4J_PASSWORD: config.password ?? '',
    NEO4J_DATABASE: config.database,
  };
  const res = runIwa(['study', 'import', examplePath('collab-meetings'), '--study', collab], {
    env,
    timeoutMs: 300_000,
  });
  if (res.status !== 0) throw new Error(`import failed: ${res.stderr}`);
}, 600_000);
afterAll(async () => {
  await deleteStudy(graph, { studyId: collab });
  await graph.close();
});

interface SegmentJson {
  units: number;
  singleCoderUnits: number;
  spans: string;
  disagreements: { codes: Record<string, string[]> }[];
  overall: { items: number; alpha: { value: number | null }; ac1: { value: number | null } };
}

describe('iwa agreement on collab-meetings', () => {
  it('--spans both-coded leaves out exactly the spans one coder alone coded', () => {
    const all = runIwa(['agreement', '--study', collab, '--spans', 'all', '--json'], { env });
    const both = runIwa(['agreement', '--study', collab, '--spans', 'both-coded', '--json'], {
      env,
    });
    expect(all.status).toBe(0);
    expect(both.status).toBe(0);
    const a = JSON.parse(all.stdout) as SegmentJson;
    const b = JSON.parse(both.stdout) as SegmentJson;
    // Spans one coder alone coded, counted from the disagreement list of `all`: units where one
    // coder has codes and the other none.
    const alone = a.disagreements.filter(
      (d) => Object.values(d.codes).filter((codes) => codes.length > 0).length === 1,
    ).length;
    expect(alone).toBeGreaterThan(0);
    expect(a.singleCoderUnits).toBe(alone);
    expect(a.units - b.units).toBe(alone);
    expect(b.spans).toBe('both-coded');
    expect(a.overall.ac1.value).not.toBeNull();
  });

  it('--measure family, code-set and unitizing state their settings in the table and the CSV', () => {
    const family = runIwa(
      ['agreement', '--study', collab, '--measure', 'family', '--ci', '--resamples', '200'],
      { env },
    );
    expect(family.status).toBe(0);
    expect(family.stdout).toContain('measure family');
    expect(family.stdout).toContain('bootstrap over units: 200 resamples, seed 1');
    expect(family.stdout).toContain('P(alpha < 0.667)');
    const csv = runIwa(['agreement', '--study', collab, '--measure', 'code-set', '--csv'], {
      env,
    });
    expect(csv.status).toBe(0);
    expect(csv.stdout).toContain('# measure code-set');
    expect(csv.stdout).toContain('alpha MASI');
    const unitizing = runIwa(['agreement', '--study', collab, '--measure', 'unitizing'], { env });
    expect(unitizing.status).toBe(0);
    expect(unitizing.stdout).toMatch(/u-alpha/);
  });

  it('--ci gives presence and unitizing alphas their intervals, stated in the header', () => {
    const presence = runIwa(
      ['agreement', '--study', collab, '--ci', '--resamples', '200', '--csv'],
      {
        env,
      },
    );
    expect(presence.status).toBe(0);
    expect(presence.stdout).toContain('bootstrap over units: 200 resamples, seed 1');
    const header = presence.stdout.split('\r\n').find((l) => l.startsWith(',items,'));
    expect(header).toBe(
      ",items,coded,% agree,alpha,alpha CI low,alpha CI high,P(alpha < 0.667),P(alpha < 0.8),kappa,fleiss,AC1,Brennan-Prediger,Scott's pi",
    );
    // the overall row: its interval holds its alpha
    const overall = presence.stdout.split('\r\n').find((l) => l.startsWith('overall,'));
    const [alpha, low, high] = (overall?.split(',') ?? []).slice(4, 7).map(Number);
    expect(low).toBeLessThanOrEqual(alpha ?? NaN);
    expect(high).toBeGreaterThanOrEqual(alpha ?? NaN);
    const unitizing = runIwa(
      ['agreement', '--study', collab, '--measure', 'unitizing', '--ci', '--resamples', '200'],
      { env },
    );
    expect(unitizing.status).toBe(0);
    expect(unitizing.stdout).toContain('bootstrap over documents: 200 resamples');
    expect(unitizing.stdout).toContain('P(u-alpha < 0.8)');
    const character = runIwa(['agreement', '--study', collab, '--unit', 'character', '--ci'], {
      env,
    });
    expect(character.status).toBe(2);
    expect(character.stderr).toContain('characters are not independent');
  });

  it('refuses an unknown coder or family with a did-you-mean (exit 2)', () => {
    const coder = runIwa(['agreement', '--study', collab, '--coders', 'ane,jonsa'], { env });
    expect(coder.status).toBe(2);
    expect(coder.stderr).toContain('jonas');
    const family = runIwa(['agreement', '--study', collab, '--family', 'purpse'], { env });
    expect(family.status).toBe(2);
    expect(family.stderr).toContain('purpose');
  });
});
