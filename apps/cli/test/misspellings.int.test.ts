import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importDemo, useCliTestContext } from './cli-test-context.ts';
import { runIwa } from './run-cli.ts';

/*
 * A typo never gives a confident zero: every name a user gives (study, dimension, value, code,
 * family, coder, organisation, relation type, option value, file) is checked, and an unknown one
 * exits 2 with a did-you-mean, on the demo studies in the real Neo4j.
 */
const t = useCliTestContext('misspellings');
const ips = t.track(`ips-norway-m${process.pid}`);
const collab = t.track(`collab-meetings-m${process.pid}`);

beforeAll(async () => {
  await importDemo(t.graph, 'ips-norway', ips);
  await importDemo(t.graph, 'collab-meetings', collab);
}, 600_000);

/** Runs iwa; expects exit 2 and an error line with every `says` fragment, and nothing on stdout. */
function refused(args: string[], ...says: string[]): string {
  const res = runIwa(args, { env: t.env });
  expect(res.status, `${args.join(' ')}\n${res.stderr}`).toBe(2);
  expect(res.stdout).toBe('');
  for (const s of says) expect(res.stderr).toContain(s);
  // never raw validation JSON or a stack
  expect(res.stderr).not.toMatch(/^\s*[[{]|\n\s+at /);
  return res.stderr;
}

describe('misspelled names exit 2 with a did-you-mean', () => {
  it('excerpts --where: a value, a code key, a dimension', () => {
    refused(
      ['excerpts', '--study', ips, '--where', 'role=managr'],
      'unknown value of role "managr"',
      'did you mean "manager"?',
      'known values of role: manager',
    );
    refused(
      ['excerpts', '--study', ips, '--where', 'form.operatonal'],
      '"operatonal"',
      'did you mean "operational"',
    );
    refused(
      ['excerpts', '--study', ips, '--where', 'rol=manager'],
      'unknown dimension "rol"',
      'did you mean "role"?',
    );
  });

  it("excerpts --where accepts the claims' syntax and opens a phase cell", () => {
    const either = runIwa(
      ['excerpts', '--study', ips, '--where', 'form=operational|relational', '--limit', '0'],
      { env: t.env },
    );
    expect(either.status).toBe(0);
    const op = runIwa(['excerpts', '--study', ips, '--where', 'form=operational', '--limit', '0'], {
      env: t.env,
    });
    const n = (s: string): number => Number(/^(\d+) excerpt/m.exec(s)?.[1] ?? Number.NaN);
    expect(n(either.stdout)).toBeGreaterThan(n(op.stdout));
    // the phase cell of the matrix opens onto the same number of excerpts
    const matrix = JSON.parse(
      runIwa(['matrix', '--study', ips, '--rows', 'phase', '--cols', 'form', '--format', 'json'], {
        env: t.env,
      }).stdout,
    ) as { tables: { rowTotals: { row: string; count: number }[] }[] };
    const establishing = matrix.tables[0]?.rowTotals.find((r) => r.row === 'establishing');
    expect(establishing?.count).toBeGreaterThan(0);
    const cell = runIwa(
      ['excerpts', '--study', ips, '--where', 'phase=establishing', '--limit', '0'],
      { env: t.env },
    );
    expect(n(cell.stdout)).toBe(establishing?.count);
  });

  it('matrix: rows, cols, split, coder', () => {
    refused(
      ['matrix', '--study', ips, '--rows', 'sectr'],
      'unknown rows dimension "sectr"',
      'did you mean "sector"?',
    );
    refused(['matrix', '--study', ips, '--cols', 'purpse'], 'did you mean "purpose"?');
    refused(['matrix', '--study', ips, '--split', 'pilar'], 'did you mean "pillar"?');
    refused(
      ['matrix', '--study', collab, '--rows', 'role', '--cols', 'purpose', '--coder', 'anne'],
      'unknown coder "anne"',
      'did you mean "ane"?',
      'known coders: ane, jonas',
    );
  });

  it('an unknown study, in every analysis command', () => {
    for (const cmd of [
      ['matrix'],
      ['excerpts'],
      ['cooccurrence'],
      ['actors'],
      ['claims', 'check'],
      ['phase', 'show'],
      ['phase', 'profile'],
    ]) {
      refused([...cmd, '--study', 'ips-norwy'], 'no study "ips-norwy"');
    }
  });

  it('an unknown study in the study and codebook commands, before anything is written', () => {
    const typo = `${ips}x`;
    const out = join(tmpdir(), `iwa-misspelt-${process.pid}.qdpx`);
    const suggested = (err: string): string => /did you mean ([^?]*)\?/.exec(err)?.[1] ?? '';
    for (const args of [
      ['study', 'export', typo, '--out', out],
      ['study', 'delete', typo, '--yes'],
      ['codebook', 'export', '--study', typo, '--out', `${out}.qdc`],
    ]) {
      expect(suggested(refused(args, `no study "${typo}"`))).toContain(`"${ips}"`);
    }
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.qdc`)).toBe(false);
  });

  it('actors --relation and phase --org', () => {
    refused(
      ['actors', '--study', ips, '--relation', 'enlist'],
      'unknown relation type "enlist"',
      'did you mean "enlists"?',
    );
    refused(
      ['phase', 'show', '--study', ips, '--org', 'dps-nordhei'],
      'unknown organisation "dps-nordhei"',
      'did you mean "dps_nordhei"?',
    );
    refused(['phase', 'profile', '--study', ips, '--org', 'mh_lai'], 'did you mean "mh_lia"?');
  });

  it('option values and files: a usage message, no raw validation text', () => {
    refused(
      ['excerpts', '--study', ips, '--limit', 'abc'],
      "option '--limit <n>' argument 'abc' is invalid",
      'expected a whole number',
    );
    refused(
      ['study', 'export', ips, '--out', '/missing/dir/x.qdpx'],
      '/missing/dir/x.qdpx: no such file or folder',
    );
  });
});
