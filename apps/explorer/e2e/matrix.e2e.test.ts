import { readFile } from 'node:fs/promises';
import { matrixCsv, matrixReport, type MatrixReport, type MatrixRequest } from '@iwa/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DocumentResponse,
  ExcerptsResponse,
  MatrixResponse,
  StudiesResponse,
} from '@iwa/explorer-server';
import { formatP, formatStat } from '../src/ui/format.ts';
import { api, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

/** Everything the page shows of one table, read from the DOM. */
interface ShownTable {
  split: string;
  cells: Record<string, number>;
  rowTotals: Record<string, [number, number]>;
  colTotals: Record<string, [number, number]>;
  grand: [number, number];
  stats: Record<string, string>;
  /** The warnings under the statistics (the multi-cell note among them). */
  warnings: string[];
}

async function shownTables(): Promise<ShownTable[]> {
  return h.page.locator('section.matrix-table').evaluateAll((sections) =>
    sections.map((section) => {
      const margin = (el: Element | null): [number, number] => {
        const count = Number(el?.querySelector('.margin-count')?.textContent ?? NaN);
        const sum = /cells (\d+)/.exec(el?.querySelector('.cell-sum')?.textContent ?? '');
        return [count, sum ? Number(sum[1]) : count];
      };
      const cells: Record<string, number> = {};
      for (const td of section.querySelectorAll('td.cell'))
        cells[`${td.getAttribute('data-row')}|${td.getAttribute('data-col')}`] = Number(
          td.querySelector('.count')?.textContent,
        );
      const rowTotals: Record<string, [number, number]> = {};
      for (const td of section.querySelectorAll('td.row-total'))
        rowTotals[td.getAttribute('data-row') ?? ''] = margin(td);
      const colTotals: Record<string, [number, number]> = {};
      for (const td of section.querySelectorAll('td.col-total'))
        colTotals[td.getAttribute('data-col') ?? ''] = margin(td);
      const stats: Record<string, string> = {};
      for (const el of section.querySelectorAll('[data-stat]'))
        stats[el.getAttribute('data-stat') ?? ''] = el.textContent ?? '';
      return {
        split: section.getAttribute('data-split') ?? '',
        cells,
        rowTotals,
        colTotals,
        grand: margin(section.querySelector('td.grand')),
        stats,
        warnings: [...section.querySelectorAll('.warnings li')].map((li) => li.textContent ?? ''),
      };
    }),
  );
}

/** What the page must show of a report, in the page's own formatting. */
function expected(report: MatrixReport): ShownTable[] {
  return report.tables.map((t) => ({
    split: t.split ?? '',
    cells: Object.fromEntries(t.cells.map((c) => [`${c.row}|${c.col}`, c.count])),
    rowTotals: Object.fromEntries(t.rowTotals.map((r) => [r.row, [r.count, r.cellSum]])),
    colTotals: Object.fromEntries(t.colTotals.map((c) => [c.col, [c.count, c.cellSum]])),
    grand: [t.total, t.cellSum],
    stats:
      t.stats.chiSquare === null || t.stats.df === null || t.stats.p === null
        ? {}
        : {
            chiSquare: formatStat(t.stats.chiSquare),
            df: `df = ${t.stats.df}`,
            p: formatP(t.stats.p),
            ...(t.stats.cramersV === null ? {} : { cramersV: formatStat(t.stats.cramersV) }),
            n: `n = ${t.stats.n} (the sum of the cells; ${t.total} distinct ${report.unit})`,
          },
    warnings: t.stats.warnings,
  }));
}

/** Three configurations: the page against `matrixReport` (what `iwa matrix --format json` prints). */
const CONFIGS: {
  name: string;
  study: () => string;
  hash: string;
  request: Omit<MatrixRequest, 'studyId'>;
}[] = [
  {
    name: 'ips role × form (the issue’s example: manager operational of the row’s distinct excerpts)',
    study: () => h.e2e.studyId,
    hash: 'rows=role&cols=form',
    request: { rows: 'role', cols: 'form' },
  },
  {
    name: 'ips role × form split by purpose, informants by performer',
    study: () => h.e2e.studyId,
    hash: 'rows=role&cols=form&split=purpose&by=performer&unit=informants',
    request: { rows: 'role', cols: 'form', split: 'purpose', by: 'performer', unit: 'informants' },
  },
  {
    name: 'collab role × purpose, two coders, agreed codes only',
    study: () => h.e2e.otherStudyId ?? '',
    hash: 'rows=role&cols=purpose&coderRule=agreed',
    request: { rows: 'role', cols: 'purpose', coders: { rule: 'agreed' } },
  },
];

describe('the matrix page shows the numbers of iwa matrix', () => {
  it.each(CONFIGS)('$name', async (c) => {
    const { page } = h;
    const studyId = c.study();
    await page.goto(`${h.server.url}/#/matrix?study=${studyId}&${c.hash}`);
    const report = await matrixReport(h.e2e.graph, { studyId, ...c.request });
    await page.locator('section.matrix-table').first().waitFor();
    await expect
      .poll(() => page.locator('section.matrix-table').count())
      .toBe(report.tables.length);
    expect(report.tables[0]?.total).toBeGreaterThan(0);
    await expect.poll(shownTables, { timeout: 10_000 }).toEqual(expected(report));
    // the header says which coders and which rule
    expect(await page.getByTestId('matrix-coders').textContent()).toBe(report.coders.description);
    await h.screenshot(`matrix-config-${CONFIGS.indexOf(c) + 1}`);
  });

  it('offers the study’s coders and counts what the picker chooses', async () => {
    const { page } = h;
    const studyId = h.e2e.otherStudyId ?? '';
    await page.goto(`${h.server.url}/#/matrix?study=${studyId}&rows=role&cols=purpose`);
    const picker = page.getByTestId('coder-picker');
    await picker.getByRole('checkbox').first().waitFor();
    expect(await picker.getByRole('checkbox').count()).toBe(2);
    // untick the second coder: one coder, and the table follows
    await picker.getByRole('checkbox').nth(1).uncheck();
    await expect.poll(() => page.url()).toContain('coders=');
    const coder = new URL(page.url().replace('#/', '')).searchParams.get('coders') ?? '';
    const report = await matrixReport(h.e2e.graph, {
      studyId,
      rows: 'role',
      cols: 'purpose',
      coders: { coders: [coder] },
    });
    await expect.poll(shownTables, { timeout: 10_000 }).toEqual(expected(report));
    expect(await page.getByTestId('matrix-coders').textContent()).toBe(report.coders.description);
    // a single-coder study has nothing to pick
    await page.goto(`${h.server.url}/#/matrix?study=${h.e2e.studyId}&rows=role&cols=form`);
    await page.locator('section.matrix-table').first().waitFor();
    expect(await page.getByTestId('coder-picker').getByRole('checkbox').count()).toBe(0);
  });

  it('filters with "Only" as iwa matrix --where does', async () => {
    const { page } = h;
    await page.goto(`${h.server.url}/#/matrix?study=${h.e2e.studyId}&rows=role&cols=form`);
    await page.locator('section.matrix-table').first().waitFor();
    await page.getByLabel('Only', { exact: true }).selectOption('purpose=creating');
    await expect.poll(() => page.url()).toContain('where=purpose%3Dcreating');
    const report = await matrixReport(h.e2e.graph, {
      studyId: h.e2e.studyId,
      rows: 'role',
      cols: 'form',
      where: ['purpose=creating'],
    });
    await expect.poll(shownTables, { timeout: 10_000 }).toEqual(expected(report));
    expect(await page.getByTestId('matrix-where').textContent()).toContain('purpose=creating');
  });

  it('opens exactly the excerpts of a clicked cell, with provenance and context', async () => {
    const { page } = h;
    await page.goto(
      `${h.server.url}/#/matrix?study=${h.e2e.studyId}&rows=role&cols=form&split=purpose`,
    );
    const m = await api<MatrixResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/matrix?rows=role&cols=form&split=purpose`,
    );
    const layer = m.tables[1];
    const cell = layer?.cells
      .filter((c) => c.count > 0 && c.count <= 50)
      .sort((a, b) => b.count - a.count)[0];
    if (layer === undefined || cell === undefined) throw new Error('no non-empty cell');
    // the layers of a split are tabs: open the layer first
    await page.locator(`.layer-tabs [data-layer="${layer.split}"]`).click();
    await page
      .locator(
        `table.heatmap[data-split="${layer.split}"] td.cell[data-row="${cell.row}"][data-col="${cell.col}"]`,
      )
      .click();
    const drawer = page.locator('aside.drawer');
    await drawer.locator('.excerpt').first().waitFor();
    const q = new URLSearchParams({ limit: '50' });
    for (const w of cell.where) q.append('where', w);
    const page1 = await api<ExcerptsResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/excerpts?${q.toString()}`,
    );
    expect(page1.total).toBe(cell.count);
    await expect.poll(() => drawer.locator('.excerpt').count()).toBe(page1.items.length);
    expect(await drawer.locator('.drawer-sub').textContent()).toContain(`${cell.count} excerpt`);
    const first = page1.items[0];
    if (first === undefined) throw new Error('empty page');
    const article = drawer.locator(`[data-excerpt-id="${first.id}"]`);
    expect(await article.locator('mark.excerpt-text').textContent()).toBe(first.text);
    const meta = await article.locator('.excerpt-meta').textContent();
    expect(meta).toContain(first.speaker.label);
    expect(meta).toContain(first.documentTitle);
    await h.screenshot('matrix-excerpts');

    // the whole document, with the excerpt highlighted at its code-point offsets
    await article.getByRole('button', { name: 'Open document' }).click();
    const dialog = page.locator('dialog.document-dialog');
    await dialog.locator('mark.excerpt-text').waitFor();
    expect(await dialog.locator('mark.excerpt-text').textContent()).toBe(first.text);
    const doc = await api<DocumentResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/documents/${first.documentId}`,
    );
    expect(await dialog.locator('h2').textContent()).toBe(doc.title);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  it('moves between cells with the arrow keys and opens one with Enter', async () => {
    const { page } = h;
    const m = await api<MatrixResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/matrix?rows=role&cols=form&split=purpose`,
    );
    // the layer shown (layers are tabs): its first cell
    const first = page.locator('section.matrix-table:not([hidden]) table.heatmap td.cell').first();
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const focused = page.locator('table.heatmap td.cell:focus');
    const row = await focused.getAttribute('data-row');
    expect(row).toBe(m.rowValues[1]?.key);
    expect(await focused.getAttribute('data-col')).toBe(m.colValues[1]?.key);
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

  it('exports every table as CSV and the chart as PNG', async () => {
    const { page } = h;
    const m = await api<MatrixResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/matrix?rows=role&cols=form&split=purpose`,
    );
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = await readFile(await csv.path(), 'utf8');
    // the file `iwa matrix --format csv` prints for the same table (the services' matrixCsv)
    expect(text).toBe(matrixCsv(m));
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'split,row,col,count,row_total,col_total,row_pct,col_pct,adjusted_residual',
    );
    expect(lines).toHaveLength(m.tables.reduce((n, t) => n + t.cells.length, 0) + 1);

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
    const report = await matrixReport(h.e2e.graph, {
      studyId: h.e2e.otherStudyId,
      rows: 'role',
      cols: 'form',
    });
    await expect.poll(shownTables, { timeout: 10_000 }).toEqual(expected(report));
    expect(page.url()).toContain(`study=${h.e2e.otherStudyId}`);
  });

  it('logged no browser error and no CSP violation', () => {
    expect(h.problems).toEqual([]);
  });
});

describe('no silent zeros: an unknown name in the URL is an error state', () => {
  it('an unknown study shows did-you-mean and a link back, never another study', async () => {
    const { page } = h;
    const asked = `${h.e2e.studyId}x`;
    await page.goto('about:blank');
    h.problems.length = 0;
    await page.goto(`${h.server.url}/#/matrix?study=${asked}`);
    const state = page.getByTestId('unknown-study');
    await expect.poll(() => state.textContent()).toContain(`did you mean "${h.e2e.studyId}"`);
    expect(await state.textContent()).toContain(`no study "${asked}"`);
    expect(await page.locator('table.heatmap').count()).toBe(0);
    expect(page.url()).toContain(`study=${asked}`);
    // the picker names no other study either
    expect(await page.getByLabel('Study', { exact: true }).inputValue()).toBe('');
    await h.screenshot('matrix-unknown-study');
    // the server answered 404 for the probe, nothing else failed
    expect(h.problems.filter((p) => !/^http 404 /.test(p))).toEqual([]);
    await state.getByRole('link', { name: 'Back to the explorer' }).click();
    // Back opens the first study of the list. The database is shared with the other test files,
    // so that may be any study, even one without codings: check that a real study opened (the
    // URL and the picker name it, the error is gone), not which one.
    const opened = () => new URL(page.url().replace('#/', '')).searchParams.get('study');
    await expect.poll(opened, { timeout: 15_000 }).not.toBeNull();
    expect(opened()).not.toBe(asked);
    await expect.poll(() => page.getByTestId('unknown-study').count()).toBe(0);
    await expect.poll(() => page.getByLabel('Study', { exact: true }).inputValue()).toBe(opened());
  });

  it('an unknown dimension, value or coder shows the message with did-you-mean', async () => {
    const { page } = h;
    for (const [query, hint] of [
      ['rows=rol&cols=form', 'did you mean "role"'],
      ['rows=role&cols=form&where=role%3Dmanagr', 'did you mean "manager"'],
      ['rows=role&cols=form&coders=hild', 'did you mean "hilde"'],
    ] as const) {
      // A fresh document each time: a hash-only goto keeps the page, and the answers still on
      // their way for the study the previous test opened (another file may delete it meanwhile)
      // would land in this check.
      await page.goto('about:blank');
      h.problems.length = 0;
      await page.goto(`${h.server.url}/#/matrix?study=${h.e2e.studyId}&${query}`);
      const error = page.getByTestId('matrix-error');
      await expect.poll(() => error.textContent()).toContain(hint);
      expect(await page.locator('section.matrix-table').count()).toBe(0);
      // the server refused the name with a 400, nothing else failed
      expect(h.problems.filter((p) => !/^http 400 /.test(p))).toEqual([]);
    }
    await h.screenshot('matrix-unknown-dimension');
  });
});
