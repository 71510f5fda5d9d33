import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

it('renders excerpt text containing <script> and <img onerror> as text', async () => {
  const { page } = h;
  const x = h.e2e.hostileExcerpt;
  await page.goto(
    `${h.server.url}/#/matrix?study=${h.e2e.studyId}&rows=${x.rowDim}&cols=form&split=purpose`,
  );
  await page.locator(`.layer-tabs [data-layer="${x.split}"]`).click();
  await page
    .locator(
      `table.heatmap[data-split="${x.split}"] td.cell[data-row="${x.row}"][data-col="${x.col}"]`,
    )
    .click();
  const mark = page.locator('aside.drawer mark.excerpt-text', { hasText: '<script>' });
  await mark.waitFor();
  expect(await mark.textContent()).toBe(x.text);
  // Nothing of it became markup: no <script> or <img> inside the excerpt, no alert, no error.
  expect(await page.locator('aside.drawer script, aside.drawer img').count()).toBe(0);
  expect(await mark.evaluate((el) => el.children.length)).toBe(0);

  // The same in the full document view.
  await mark
    .locator('xpath=ancestor::article')
    .getByRole('button', { name: 'Open document' })
    .click();
  const docMark = page.locator('dialog.document-dialog mark.excerpt-text');
  await docMark.waitFor();
  expect(await docMark.textContent()).toBe(x.text);
  expect(await page.locator('dialog script, dialog img').count()).toBe(0);
  await page.waitForTimeout(200);
  expect(h.dialogs).toEqual([]);
  expect(h.problems).toEqual([]);
  await h.screenshot('xss-as-text');
});
