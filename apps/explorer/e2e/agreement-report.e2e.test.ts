import { readFile } from 'node:fs/promises';
import { createGraph } from '@iwa/graph';
import {
  agreementCsv,
  agreementTables,
  studyAgreement,
  type StudyAgreementParams,
} from '@iwa/services';
import { testGraphConfig } from '@iwa/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgreementReportResponse, ApiErrorBody } from '@iwa/explorer-server';
import { startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

let h: Harness;
let collab: string;

beforeAll(async () => {
  h = await startHarness();
  if (h.e2e.otherStudyId === undefined) throw new Error('the e2e data has no collab-meetings');
  collab = h.e2e.otherStudyId;
});
afterAll(() => h?.close());

/** What `iwa agreement` prints for these parameters: the services' tables and CSV, from Neo4j. */
async function cliTables(params: Omit<StudyAgreementParams, 'studyId'>) {
  const graph = createGraph(testGraphConfig(), { appName: 'iwa-explorer-e2e-agreement-report' });
  try {
    const result = await studyAgreement(graph, { studyId: collab, ...params });
    if (result === undefined) throw new Error(`no study ${collab}`);
    const tables = agreementTables(result);
    return { tables, csv: agreementCsv(tables) };
  } finally {
    await graph.close();
  }
}

async function api(query: string) {
  const res = await fetch(`${h.server.url}/api/studies/${collab}/agreement/report?${query}`);
  return { status: res.status, body: (await res.json()) as unknown };
}

const bootstrap = { resamples: 1000, seed: 1, minimums: [0.667, 0.8] };

describe('the agreement report API', () => {
  it.each([
    ['presence, all spans', '', {}],
    ['presence, both-coded spans', 'spans=both-coded', { spans: 'both-coded' as const }],
    [
      'family measure with bootstrap CIs',
      'measure=family&ci=1',
      { measure: 'family' as const, bootstrap },
    ],
    [
      'code-set measure, both-coded, CIs',
      'measure=code-set&spans=both-coded&ci=1&resamples=200&seed=7&minimums=0.5,0.9',
      {
        measure: 'code-set' as const,
        spans: 'both-coded' as const,
        bootstrap: { resamples: 200, seed: 7, minimums: [0.5, 0.9] },
      },
    ],
    ['unitizing measure', 'measure=unitizing', { measure: 'unitizing' as const }],
    ['character unit', 'unit=character', { unit: 'character' as const }],
    ['one family', 'family=form&minOverlap=0.25', { family: 'form', minOverlap: 0.25 }],
  ])('%s: the same tables and CSV as iwa agreement', async (_, query, params) => {
    const { status, body } = await api(query);
    expect(status).toBe(200);
    const report = AgreementReportResponse.parse(body);
    const cli = await cliTables(params);
    expect(report.tables).toEqual(cli.tables);
    expect(report.csv).toBe(cli.csv);
    expect(report.coders).toEqual(['ane', 'jonas']);
    // every table states what it was computed under
    for (const t of report.tables) {
      expect(t.settings).toContain(`measure ${report.measure}`);
      expect(t.settings).toContain('coders ane, jonas');
    }
    if ('bootstrap' in params) {
      const ci = report.tables[0]?.header ?? [];
      expect(ci.some((c) => c.endsWith('CI low'))).toBe(true);
      for (const m of params.bootstrap.minimums)
        expect(ci.some((c) => c.endsWith(`< ${m})`))).toBe(true);
    }
  });

  it('refuses an unknown coder or family with the services did-you-mean', async () => {
    const coder = await api('coders=anne,jonas');
    expect(coder.status).toBe(400);
    expect(ApiErrorBody.parse(coder.body).error.message).toContain('did you mean "ane"');
    const family = await api('family=formm');
    expect(family.status).toBe(400);
    expect(ApiErrorBody.parse(family.body).error.message).toContain('did you mean "form"');
  });
});

describe('the agreement tab report', () => {
  it('shows the family measure with CIs as the CLI computes it, and downloads the same CSV', async () => {
    const { page } = h;
    const cli = await cliTables({ measure: 'family', bootstrap });
    // a fresh document, not a hash change on the page of the test before
    await page.goto('about:blank');
    await page.goto(`${h.server.url}/#/agreement?study=${collab}`);
    await page.locator('table.agreement-report').first().waitFor();
    await page.getByLabel('Measure').selectOption('family');
    await expect.poll(() => page.url()).toContain('measure=family');
    // the report re-renders when the family measure's answer arrives, and a tick made just
    // before can be drawn over (a clean-clone run, 2026-12-06): tick until it holds
    const ci = page.getByRole('checkbox', { name: /Bootstrap CIs/ });
    await expect
      .poll(async () => {
        if (!(await ci.isChecked())) await ci.check({ timeout: 2_000 }).catch(() => undefined);
        return page.url();
      })
      .toContain('ci=1');
    expect(page.url()).toContain('measure=family');
    const table = page.locator('table.agreement-report').first();
    const expected = cli.tables[0];
    if (expected === undefined) throw new Error('no family table');
    const section = page.locator('section.agreement-report-table').first();
    await expect
      .poll(() => section.locator('.agreement-settings').textContent())
      .toBe(expected.settings);
    expect(await table.locator('thead th').allTextContents()).toEqual(expected.header);
    // each number as the CLI prints it (three decimals; % with one)
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(expected.rows.length);
    for (const [r, row] of expected.rows.entries()) {
      const cells = await rows.nth(r).locator('th, td').allTextContents();
      row.forEach((cell, i) => {
        const head = expected.header[i] ?? '';
        const want =
          cell === null
            ? 'undefined'
            : typeof cell === 'string'
              ? cell
              : head === '% agree'
                ? `${cell.toFixed(1)}%`
                : Number.isInteger(cell) && !/alpha|kappa|AC1|pi|Brennan|P\(/.test(head)
                  ? cell.toLocaleString('en-GB')
                  : cell.toFixed(3).replace(/^-/, '−');
        expect(cells[i]).toBe(want);
      });
    }
    // the wide table scrolls in its own box: the page itself does not scroll sideways
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await page.locator('#agreement-report-title').evaluate((el) => el.scrollIntoView());
    await h.screenshot('agreement-report-family-ci');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download report CSV' }).click(),
    ]);
    const path = await download.path();
    expect(await readFile(path, 'utf8')).toBe(cli.csv);
    expect(download.suggestedFilename()).toBe(`${collab}-agreement-family-all.csv`);
    expect(h.problems).toEqual([]);
  });

  it('an unknown coder in the URL is an error with the did-you-mean', async () => {
    const { page } = h;
    await page.goto(
      `${h.server.url}/#/agreement?study=${collab}&coders=anne,jonas&measure=code-set`,
    );
    const error = page.locator('.agreement-report-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('did you mean "ane"');
    expect(await page.locator('table.agreement-report').count()).toBe(0);
    await h.screenshot('agreement-report-unknown-coder');
    // the failed request is logged as a console error by the browser; nothing else went wrong
    expect(h.problems.filter((p) => !p.includes('400'))).toEqual([]);
  });
});
