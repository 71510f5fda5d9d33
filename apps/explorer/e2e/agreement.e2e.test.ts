import { CHARACTER_AGREEMENT_CAVEAT } from '@iwa/analysis';
import { createGraph } from '@iwa/graph';
import { studyAgreement, type StudyAgreement } from '@iwa/services';
import { testGraphConfig } from '@iwa/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

let h: Harness;
let collab: string;
/** What the service computes for the demo study, straight from Neo4j (not through the API). */
let segment: StudyAgreement;
let character: StudyAgreement;

beforeAll(async () => {
  h = await startHarness();
  if (h.e2e.otherStudyId === undefined) throw new Error('the e2e data has no collab-meetings');
  collab = h.e2e.otherStudyId;
  const graph = createGraph(testGraphConfig(), { appName: 'iwa-explorer-e2e-agreement' });
  try {
    const s = await studyAgreement(graph, { studyId: collab });
    const c = await studyAgreement(graph, { studyId: collab, unit: 'character' });
    if (s === undefined || c === undefined) throw new Error(`no study ${collab}`);
    [segment, character] = [s, c];
  } finally {
    await graph.close();
  }
});
afterAll(() => h?.close());

/** A coefficient as the view prints it. */
const shown = (v: number | null) => (v === null ? 'undefined' : v.toFixed(3).replace(/^-/, '−'));

describe('the agreement view', () => {
  it('shows the overall alpha and the disagreements the service computes', async () => {
    const { page } = h;
    if (segment.unit !== 'segment') throw new Error('expected a segment report');
    const { report } = segment;
    expect(report.coders).toEqual(['ane', 'jonas']);
    await page.goto(`${h.server.url}/#/agreement?study=${collab}`);
    const codes = page.locator('table.agreement-codes');
    await codes.waitFor();
    expect(await page.getByRole('tab', { name: 'Agreement' }).getAttribute('aria-selected')).toBe(
      'true',
    );

    // the coders of the study, both ticked
    const boxes = page.locator('.coder-picker input[type="checkbox"]');
    expect(await boxes.count()).toBe(2);
    expect(await page.locator('.coder-picker').textContent()).toContain('ane');
    expect(await page.locator('.coder-picker').textContent()).toContain('jonas');
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(true);

    // overall row: alpha, kappa, Fleiss, pairwise percent agreement
    const overall = codes.locator('tr[data-row="overall"]');
    const cell = (stat: string) => overall.locator(`td[data-stat="${stat}"]`).textContent();
    expect(await cell('alpha')).toBe(shown(report.overall.alpha.value));
    expect(await cell('kappa')).toBe(shown(report.overall.kappa.value));
    expect(await cell('fleiss')).toBe(shown(report.overall.fleiss.value));
    const pa = report.overall.percentAgreement.value;
    expect(await cell('pairwisePct')).toBe(`${((pa ?? NaN) * 100).toFixed(1)}%`);
    expect(await page.locator('thead').first().textContent()).toContain('pairwise');

    // one row per family and per code, one per document with its title
    expect(await codes.locator('tr.agreement-family').count()).toBe(
      Object.keys(report.byFamily).length,
    );
    expect(await codes.locator('tr.agreement-code').count()).toBe(
      Object.keys(report.byCode).length,
    );
    const docRows = page.locator('table.agreement-documents tbody tr');
    expect(await docRows.count()).toBe(Object.keys(report.byDocument).length);
    const docText = await page.locator('table.agreement-documents').textContent();
    for (const id of Object.keys(report.byDocument))
      expect(docText).toContain(segment.documents[id]?.title);

    // the disagreement list: its count, the first page, each with title, codes and text
    const total = report.disagreements.length;
    expect(total).toBeGreaterThan(0);
    expect(await page.locator('.disagreement-count').textContent()).toBe(String(total));
    const items = page.locator('li.disagreement');
    expect(await items.count()).toBe(Math.min(total, 50));
    const first = report.disagreements[0];
    if (first === undefined) throw new Error('no disagreement');
    const item = items.first();
    expect(await item.locator('strong').textContent()).toBe(
      segment.documents[first.documentId]?.title,
    );
    expect(await item.locator('.disagreement-text').textContent()).toBe(first.text);
    for (const code of first.disputed)
      // shown by its label, the id on hover
      expect(await item.locator(`.code.disputed[title^="${code} "]`).count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/agreement-view.png' });
    await page.screenshot({ path: '/tmp/agreement-view-full.png', fullPage: true });
    await h.screenshot('agreement');

    // the passage in its document, from the keyboard, and back
    await item.getByRole('button', { name: 'Show in document' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog.document-dialog');
    await dialog.locator('mark.excerpt-text').first().waitFor();
    expect(await dialog.locator('h2').textContent()).toBe(
      segment.documents[first.documentId]?.title,
    );
    const marked = (await dialog.locator('mark.excerpt-text').allTextContents()).join('');
    expect(first.text?.startsWith(marked.slice(0, 20))).toBe(true);
    await page.screenshot({ path: '/tmp/agreement-dialog.png' });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(h.problems).toEqual([]);
  });

  it('switching the unit to characters shows the caveat and the character numbers', async () => {
    const { page } = h;
    await page.goto(`${h.server.url}/#/agreement?study=${collab}`);
    await page.locator('table.agreement-codes').waitFor();
    await page.getByRole('radio', { name: 'Characters' }).check();
    const caveat = page.locator('.agreement-caveat');
    await caveat.waitFor();
    expect(await caveat.textContent()).toContain(CHARACTER_AGREEMENT_CAVEAT);
    expect(page.url()).toContain('unit=character');
    expect(await page.getByLabel('Min overlap').isDisabled()).toBe(true);
    const alpha = page.locator(
      'table.agreement-codes tr[data-row="overall"] td[data-stat="alpha"]',
    );
    await expect.poll(() => alpha.textContent()).toBe(shown(character.report.overall.alpha.value));
    expect(await page.locator('li.disagreement').count()).toBe(0);
    await page.screenshot({ path: '/tmp/agreement-character.png' });
    expect(h.problems).toEqual([]);
  });

  it('shows a coefficient without a value as undefined, with its reason', async () => {
    const { page } = h;
    // pillar codes are rare: in most meetings neither coder used one, so there is no variation
    const graph = createGraph(testGraphConfig(), { appName: 'iwa-explorer-e2e-agreement' });
    const pillar = await studyAgreement(graph, { studyId: collab, family: 'pillar' }).finally(() =>
      graph.close(),
    );
    const byDocument = Object.entries(pillar?.report.byDocument ?? {});
    const undefinedAlpha = byDocument.filter(([, s]) => s.alpha.value === null);
    expect(undefinedAlpha.length).toBeGreaterThan(0);
    await page.goto(`${h.server.url}/#/agreement?study=${collab}&family=pillar`);
    // the previous numbers stay (dimmed) until the new ones arrive
    await page.locator('.agreement-body[aria-busy="false"]').waitFor();
    await expect.poll(() => page.locator('.agreement-summary').textContent()).toContain('Pillar');
    const table = page.locator('table.agreement-documents');
    for (const [id, s] of byDocument) {
      const cell = table.locator(`tr[data-row="${id}"] td[data-stat="alpha"]`);
      const text = (await cell.textContent()) ?? '';
      if (s.alpha.value === null) {
        expect(text).toMatch(/^undefined\d+$/);
        expect(await cell.getAttribute('title')).toBe(s.alpha.reason);
        const n = text.replace('undefined', '');
        expect(await page.locator(`#documents-reason-${n}`).textContent()).toContain(
          s.alpha.reason,
        );
      } else {
        expect(text).toBe(shown(s.alpha.value));
      }
    }
    await table.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/agreement-undefined.png' });
    expect(h.problems).toEqual([]);
  });

  it('one coder out of two: asks for a second coder instead of showing empty tables', async () => {
    const { page } = h;
    // a fresh document: a hash-only goto keeps the page of the test before, whose coder boxes
    // (both ticked) can still be on screen when the check below looks (clean-clone run, 06:36)
    await page.goto('about:blank');
    await page.goto(`${h.server.url}/#/agreement?study=${collab}&coders=ane`);
    const notice = page.locator('.agreement-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Choose at least two coders');
    expect(await page.locator('table.agreement-codes').count()).toBe(0);
    // the only ticked coder cannot be unticked; ticking the other brings the tables back
    const ane = page.getByRole('checkbox', { name: 'ane' });
    expect(await ane.isDisabled()).toBe(true);
    const jonas = page.getByRole('checkbox', { name: 'jonas' });
    await expect.poll(() => jonas.isChecked()).toBe(false);
    await jonas.check();
    await page.locator('table.agreement-codes').waitFor();
    expect(page.url()).not.toContain('coders=');
    expect(h.problems).toEqual([]);
  });

  it('a single-coder study (ips-norway) gets an explanation, not empty tables', async () => {
    const { page } = h;
    await page.goto(`${h.server.url}/#/agreement?study=${h.e2e.studyId}`);
    const notice = page.locator('.agreement-notice');
    await notice.waitFor();
    const text = await notice.textContent();
    expect(text).toContain('Agreement needs at least two coders');
    expect(text).toContain('hilde');
    expect(await page.locator('table.agreement-codes').count()).toBe(0);
    expect(await page.locator('li.disagreement').count()).toBe(0);
    await page.screenshot({ path: '/tmp/agreement-single-coder.png' });
    expect(h.problems).toEqual([]);
  });
});
