import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

/*
 * The screenshot tier: every view at 1280×800 and 1920×1080, saved to test-results/ as
 * screens-<view>-<width>.png, with assertions on element boxes: nothing wider than the window
 * (the heatmap with a split fits), the actor graph's labels at least 11 px at the default zoom,
 * and no control cut off by the window or by its container.
 */

const WRITE_TOKEN = 'e2e-write-token-0123456789';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ writeToken: WRITE_TOKEN });
  // the workbench asks who is coding first: answer once for this profile
  await h.page.goto(h.server.url);
  // a writable server and this tab's token: the workbench offers its code panel only then
  await h.page.evaluate((token) => {
    localStorage.setItem('iwa.coder', 'hilde');
    sessionStorage.setItem('iwa.writeToken', token);
  }, WRITE_TOKEN);
}, 180_000);
afterAll(() => h?.close());

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** Controls whose box is outside the window, or whose text is clipped by their own box. */
async function cutControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const width = document.documentElement.clientWidth;
    for (const el of document.querySelectorAll<HTMLElement>(
      'button, a[href], select, input, label.file-button, [role="tab"]',
    )) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue; // not shown
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      const name = `${el.tagName.toLowerCase()} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 40)}"`;
      if (box.left < -1 || box.right > width + 1) out.push(`${name} outside the window`);
      // clipped by an ancestor that hides overflow (a scroll container is fine: it scrolls)
      for (let p = el.parentElement; p !== null; p = p.parentElement) {
        const ps = getComputedStyle(p);
        if (ps.overflowX !== 'hidden' && ps.overflowX !== 'clip') continue;
        const pb = p.getBoundingClientRect();
        if (box.right > pb.right + 1 || box.left < pb.left - 1)
          out.push(`${name} cut by its container`);
        break;
      }
      if (
        el.tagName === 'BUTTON' &&
        el.scrollWidth > el.clientWidth + 1 &&
        style.overflowX !== 'visible'
      )
        out.push(`${name} text clipped`);
    }
    return out;
  });
}

async function pageWidth(page: Page): Promise<{ scroll: number; client: number }> {
  return page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
}

describe('every view fits and is legible at 1280×800 and 1920×1080', () => {
  for (const size of SIZES) {
    it(`at ${size.width}×${size.height}`, async () => {
      const { page } = h;
      await page.setViewportSize(size);
      const study = h.e2e.studyId;
      const collab = h.e2e.otherStudyId ?? study;
      const views: { name: string; url: string; ready: string }[] = [
        {
          name: 'matrix-split',
          url: `#/matrix?study=${study}&rows=role&cols=form&split=purpose`,
          ready: 'table.heatmap',
        },
        { name: 'actors', url: `#/actors?study=${study}`, ready: '.graph-canvas canvas' },
        { name: 'phases', url: `#/phases?study=${study}`, ready: '.org-card' },
        { name: 'claims', url: `#/claims?study=${study}`, ready: 'table.claims' },
        { name: 'claims-none', url: `#/claims?study=${collab}`, ready: '.claims-empty' },
        { name: 'agreement', url: `#/agreement?study=${collab}`, ready: '.disagreement' },
        { name: 'code', url: `#/code?study=${study}`, ready: '.transcript-text' },
        { name: 'search', url: `#/search?study=${study}&q=specialist`, ready: '.kwic-hit' },
        {
          name: 'retrieve',
          url: `#/search?study=${study}&code=theme.t2_resource_approach`,
          ready: '.retrieved .excerpt',
        },
        {
          name: 'compare',
          url: `#/compare?study=${collab}`,
          ready: '.compare-text',
        },
      ];
      const problems: string[] = [];
      for (const v of views) {
        await page.goto(`${h.server.url}/${v.url}`);
        await page.locator(v.ready).first().waitFor({ timeout: 30_000 });
        await settle(page);
        await h.screenshot(`screens-${v.name}-${size.width}`);
        const w = await pageWidth(page);
        if (w.scroll > w.client)
          problems.push(`${v.name}: page ${w.scroll} px wide in ${w.client}`);
        for (const c of await cutControls(page)) problems.push(`${v.name}: ${c}`);
        if (v.name === 'matrix-split') {
          const right = await page
            .locator('table.heatmap')
            .evaluateAll((ts) => Math.max(...ts.map((t) => t.getBoundingClientRect().right)));
          expect(right, 'the heatmap with a split fits the window').toBeLessThanOrEqual(size.width);
          // the header row once: one "Creating institutions"-style column header per column
          const heads = await page
            .locator('table.heatmap:visible thead .col-head')
            .allTextContents();
          expect(new Set(heads).size).toBe(heads.length);
        }
        if (v.name === 'actors') {
          const px = Number(await page.locator('.graph-canvas').getAttribute('data-label-px'));
          expect(px, 'actor-graph labels at the default zoom').toBeGreaterThanOrEqual(11);
        }
      }
      // an excerpt open in the workbench: its codings with Change and Delete, none cut off
      await page.goto(`${h.server.url}/#/code?study=${study}`);
      await page.locator('.transcript-text .hl').first().click();
      await page.locator('.code-panel [data-coding]').first().waitFor();
      await settle(page);
      await h.screenshot(`screens-code-excerpt-${size.width}`);
      expect(await page.locator('.code-panel [data-coding] button').count()).toBeGreaterThan(0);
      for (const c of await cutControls(page)) problems.push(`code-excerpt: ${c}`);
      // the document dialog: speaker names whole, not cut
      await page.goto(`${h.server.url}/#/search?study=${study}&q=specialist`);
      await page.locator('.kwic-doc button').first().click();
      await page.locator('dialog.document-dialog mark').waitFor();
      await settle(page);
      await h.screenshot(`screens-document-${size.width}`);
      const cutNames = await page
        .locator('dialog.document-dialog .turn-speaker')
        .evaluateAll((els) =>
          els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent),
        );
      expect(cutNames).toEqual([]);
      await page.keyboard.press('Escape');
      expect(problems).toEqual([]);
    });
  }
});
