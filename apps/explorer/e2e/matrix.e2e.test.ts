import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DocumentResponse,
  ExcerptsResponse,
  MatrixResponse,
  StudiesResponse,
} from '../src/shared/api-types.ts';
import { api, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const cellSelector = (row: string, col: string, split?: string) =>
  `table.heatmap td.cell[data-row="${row}"][data-col="${col}"]${split === undefined ? '' : `[data-split="${split}"]`}`;

/** Every cell's count as the page shows it. */
async function shownCounts(): Promise<Map<string, number>> {
  const cells = await h.page.locator('table.heatmap td.cell').evaluateAll((tds) =>
    tds.map((td) => ({
      key: `${td.getAttribute('data-row')}|${td.getAttribute('data-col')}|${td.getAttribute('data-split') ?? ''}`,
      text: td.querySelector('.count')?.textContent ?? '',
    })),
  );
  return new Map(cells.map((c) => [c.key, Number(c.text)]));
}

function apiCounts(m: MatrixResponse): Map<string, number> {
  return new Map(m.cells.map((c) => [`${c.row}|${c.col}|${c.split ?? ''}`, c.count]));
}

describe('the matrix view', () => {
  it('loads in under a second and shows the counts the API gives', async () => {
    const { page } = h;
    // A first visit: the browser's renderer is up (it showed another page of the origin), but
    // nothing is cached. Time from navigation start to the first table on screen.
    await page.goto(`${h.server.url}/favicon.svg`);
    const cdp = await h.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto(`${h.server.url}/#/matrix?study=${h.e2e.studyId}`);
    await page.locator('table.heatmap td.cell').first().waitFor();
    const ready = await page.evaluate(
      () => performance.getEntriesByName('iwa:matrix-ready')[0]?.startTime ?? Infinity,
    );
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    await cdp.detach();
    process.stdout.write(`matrix view ready ${Math.round(ready)} ms after navigation start\n`);
    expect(ready).toBeLessThan(1000);

    const m = await api<MatrixResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/matrix?rows=role&cols=form&split=purpose&by=speaker&unit=excerpt`,
    );
    expect(await shownCounts()).toEqual(apiCounts(m));
    const grand = await page.locator('table.heatmap td.total.grand').textContent();
    expect(Number(grand)).toBe(m.total);
    const caption = await page.locator('table.heatmap caption').textContent();
    expect(caption).toMatch(/Role × Form of work/);
    if (m.stats !== null) {
      await expect.poll(() => page.locator('.stats').textContent()).toContain(`df = ${m.stats.df}`);
    }
    await h.screenshot('matrix');
  });

  it('follows the unit and speaker/performer toggles', async () => {
    const { page } = h;
    await page.getByRole('radio', { name: 'Informants' }).check();
    await page.getByRole('radio', { name: 'Performer' }).check();
    const m = await api<MatrixResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/matrix?rows=role&cols=form&split=purpose&by=performer&unit=informant`,
    );
    await expect
      .poll(() => page.locator('.stats').textContent())
      .toContain('informants by performer');
    expect(await shownCounts()).toEqual(apiCounts(m));
    await page.getByRole('radio', { name: 'Excerpts' }).check();
    await page.getByRole('radio', { name: 'Speaker' }).check();
    await expect.poll(() => page.locator('.stats').textContent()).toContain('excerpts by speaker');
  });

  it('opens the excerpts of a clicked cell, with provenance and highlighted context', async () => {
    const { page } = h;
    const m = await api<MatrixResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/matrix?rows=role&cols=form&split=purpose&by=speaker&unit=excerpt`,
    );
    const cell = m.cells
      .filter((c) => c.count > 0 && c.count <= 50)
      .sort((a, b) => b.count - a.count)[0];
    if (cell === undefined) throw new Error('no non-empty cell');
    await page.locator(cellSelector(cell.row, cell.col, cell.split)).click();
    const drawer = page.locator('aside.drawer');
    await drawer.locator('.excerpt').first().waitFor();
    const q = new URLSearchParams({
      row: cell.row,
      rowDim: 'role',
      col: cell.col,
      split: cell.split ?? '',
      by: 'speaker',
      limit: '50',
    });
    const page1 = await api<ExcerptsResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/excerpts?${q.toString()}`,
    );
    expect(page1.total).toBe(cell.count);
    await expect.poll(() => drawer.locator('.excerpt').count()).toBe(page1.items.length);
    expect(await drawer.locator('.drawer-sub').textContent()).toContain(`${page1.total} excerpt`);
    const first = page1.items[0];
    if (first === undefined) throw new Error('empty page');
    const article = drawer.locator(`[data-excerpt-id="${first.id}"]`);
    expect(await article.locator('mark.excerpt-text').textContent()).toBe(first.text);
    const meta = await article.locator('.excerpt-meta').textContent();
    expect(meta).toContain(first.speaker.label);
    expect(meta).toContain(first.documentTitle);
    expect(meta).toContain('Performer');
    await h.screenshot('matrix-excerpts');

    // The whole document, with the excerpt highlighted at its code-point offsets.
    await article.getByRole('button', { name: 'Open document' }).click();
    const dialog = page.locator('dialog.document-dialog');
    await dialog.locator('mark.excerpt-text').waitFor();
    expect(await dialog.locator('mark.excerpt-text').textContent()).toBe(first.text);
    const doc = await api<DocumentResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/documents/${first.documentId}`,
    );
    expect(await dialog.locator('h2').textContent()).toBe(doc.title);
    await h.screenshot('document');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  it('moves between cells with the arrow keys and opens one with Enter', async () => {
    const { page } = h;
    const m = await api<MatrixResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/matrix?rows=role&cols=form&split=purpose&by=speaker&unit=excerpt`,
    );
    const first = page.locator('table.heatmap td.cell').first();
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const focused = page.locator('table.heatmap td.cell:focus');
    const row = await focused.getAttribute('data-row');
    const col = await focused.getAttribute('data-col');
    const split = await focused.getAttribute('data-split');
    expect(row).toBe(m.rows[1]?.key);
    expect(split).toBe(m.splits[1]?.key);
    expect(col).toBe(m.cols[0]?.key);
    await page.keyboard.press('Enter');
    const heading = page.locator('#drawer-title');
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await heading.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.locator('table.heatmap td.cell:focus').getAttribute('data-row'))
      .toBe(row);
  });

  it('exports the table as CSV and the chart as PNG', async () => {
    const { page } = h;
    const m = await api<MatrixResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/matrix?rows=role&cols=form&split=purpose&by=speaker&unit=excerpt`,
    );
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = (await readFile(await csv.path(), 'utf8')).replace(/^\ufeff/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'row,row_label,col,col_label,split,split_label,count,row_pct,col_pct,residual,unit,by',
    );
    expect(lines).toHaveLength(m.cells.length + 1);

    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export chart PNG' }).click(),
    ]);
    const bytes = await readFile(await png.path());
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('switches study with the study picker', async () => {
    if (h.e2e.otherStudyId === undefined) return;
    const { page } = h;
    const studies = await api<StudiesResponse>(h, '/api/studies');
    const other = studies.find((s) => s.id === h.e2e.otherStudyId);
    await page.getByLabel('Study', { exact: true }).selectOption(h.e2e.otherStudyId);
    await expect
      .poll(() => page.locator('.study-counts').textContent())
      .toContain(`${other?.counts.excerpts} excerpts`);
    const m = await api<MatrixResponse>(
      h,
      `/api/studies/${h.e2e.otherStudyId}/matrix?rows=role&cols=form&split=purpose&by=speaker&unit=excerpt`,
    );
    await expect
      .poll(async () => Number(await page.locator('td.total.grand').textContent()))
      .toBe(m.total);
    expect(await shownCounts()).toEqual(apiCounts(m));
    expect(page.url()).toContain(`study=${h.e2e.otherStudyId}`);
  });

  it('logged no browser error and no CSP violation', () => {
    expect(h.problems).toEqual([]);
  });
});
