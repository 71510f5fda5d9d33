import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { excerptsCsv, retrieveExcerpts, searchStudy } from '@iwa/services';
import { beforeAll, describe, expect, it } from 'vitest';
import { importDemo, useCliTestContext } from './cli-test-context.ts';
import { runIwa } from './run-cli.ts';

/*
 * `iwa search` and `iwa excerpts --code … --format csv|docx`, run as the real binary against this
 * run's Neo4j: what they print and write is what the use cases the explorer calls answer.
 */
const t = useCliTestContext('search');
const ips = t.track(`ips-norway-search-t${process.pid}`);

beforeAll(async () => {
  await importDemo(t.graph, 'ips-norway', ips);
}, 300_000);

describe('iwa search', () => {
  it('prints the hits of searchStudy in context, and JSON equal to it', async () => {
    const json = runIwa(
      ['search', '--study', ips, '--json', '--limit', '1000', 'job', 'specialist'],
      {
        env: t.env,
      },
    );
    expect(json.status, json.stderr).toBe(0);
    const expected = await searchStudy(t.graph, {
      studyId: ips,
      query: 'job specialist',
      limit: 1000,
    });
    expect(JSON.parse(json.stdout)).toEqual(expected);
    const table = runIwa(['search', '--study', ips, '"employment specialist"'], { env: t.env });
    expect(table.status, table.stderr).toBe(0);
    const phrase = await searchStudy(t.graph, { studyId: ips, query: '"employment specialist"' });
    expect(table.stdout).toContain(
      `${phrase.total} hit(s) of "employment specialist" in ${phrase.documents.length} document(s)`,
    );
    expect(table.stdout.match(/\[employment specialist\]/gi)).toHaveLength(
      Math.min(phrase.total, 50),
    );
  });

  it('refuses a query without words with exit code 2', () => {
    const res = runIwa(['search', '--study', ips, '--', '?!'], { env: t.env });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('give at least one word');
  });
});

describe('iwa excerpts --code --format', () => {
  it('writes the retrieval of a code as CSV and .docx', async () => {
    const csvOut = join(t.temp, 'resource.csv');
    const csv = runIwa(
      [
        'excerpts',
        '--study',
        ips,
        '--code',
        'theme.t2_resource_approach',
        '--format',
        'csv',
        '--out',
        csvOut,
      ],
      { env: t.env },
    );
    expect(csv.status, csv.stderr).toBe(0);
    const page = await retrieveExcerpts(t.graph, {
      studyId: ips,
      where: ['theme.t2_resource_approach'],
    });
    expect(csv.stdout).toContain(`wrote ${page.total} excerpt(s) where theme.t2_resource_approach`);
    expect(readFileSync(csvOut, 'utf8')).toBe(excerptsCsv(page));
    const docxOut = join(t.temp, 'resource.docx');
    const docx = runIwa(
      [
        'excerpts',
        '--study',
        ips,
        '--code',
        'theme.t2_resource_approach',
        '--format',
        'docx',
        '--out',
        docxOut,
      ],
      { env: t.env },
    );
    expect(docx.status, docx.stderr).toBe(0);
    expect([...readFileSync(docxOut).subarray(0, 2)]).toEqual([0x50, 0x4b]);
    const noOut = runIwa(
      ['excerpts', '--study', ips, '--code', 'form.operational', '--format', 'docx'],
      {
        env: t.env,
      },
    );
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toContain('needs --out');
  });
});
