import { readFile } from 'node:fs/promises';
import { excerptsCsv, loadStudyVocabulary, retrieveExcerpts, searchStudy } from '@iwa/services';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AgreementResponse,
  DocumentCodingsResponse,
  DocumentResponse,
  DocumentsResponse,
} from '@iwa/explorer-server';
import { api, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

/*
 * Issue 18, items 4 and 5 in the browser: selections snap to whole words (Alt for exact
 * characters), two coders compared in one document from the Agreement tab, the segments of a
 * code retrieved across documents and exported as CSV and .docx, and full-text search with
 * keyword in context. Every number is checked against the use case that computes it.
 */

const WRITE_TOKEN = 'e2e-write-token-0123456789';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ writeToken: WRITE_TOKEN });
  await h.page.goto(h.server.url);
  // a writable server and this tab's token: the workbench offers its code panel only then
  await h.page.evaluate((token) => {
    localStorage.setItem('iwa.coder', 'hilde');
    sessionStorage.setItem('iwa.writeToken', token);
  }, WRITE_TOKEN);
}, 180_000);
afterAll(() => h?.close());

/** Selects UTF-16 range [a, b) of the transcript and releases the mouse (with Alt or not). */
async function selectRange(page: Page, a: number, b: number, altKey: boolean): Promise<void> {
  await page.evaluate(
    ({ a, b, altKey }) => {
      const root = document.querySelector('.transcript-text');
      if (root === null) throw new Error('no transcript');
      const segs = [...root.querySelectorAll<HTMLElement>('[data-u16]')];
      const locate = (i: number, end: boolean): [Node, number] => {
        for (const s of segs) {
          const at = Number(s.dataset.u16);
          const len = (s.textContent ?? '').length;
          if (s.firstChild !== null && i >= at && (i < at + len || (end && i === at + len)))
            return [s.firstChild, i - at];
        }
        throw new Error(`no text at ${i}`);
      };
      const range = document.createRange();
      range.setStart(...locate(a, false));
      range.setEnd(...locate(b, true));
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, altKey }));
    },
    { a, b, altKey },
  );
}

const cp = (s: string) => [...s].length;

describe('word snapping in the workbench', () => {
  it('grows a selection that cuts words to whole words, and Alt keeps exact characters', async () => {
    const { page } = h;
    const study = h.e2e.studyId;
    const docs = await api<DocumentsResponse>(h, `/api/studies/${study}/documents`);
    const docId = docs[0]?.id ?? '';
    const doc = await api<DocumentResponse>(h, `/api/studies/${study}/documents/${docId}`);
    // two long words in a row, inside a turn's spoken text
    const from = doc.turns[1]?.contentStart ?? 0;
    const spoken = [...doc.text].slice(from).join('');
    const m = /\b([A-Za-z]{7,}) ([A-Za-z]{7,})\b/.exec(spoken);
    if (m === null) throw new Error('no two long words in the document');
    const wordsAt = doc.text.indexOf(m[0], doc.text.indexOf(spoken.slice(0, 20)));
    await page.goto(`${h.server.url}/#/code?study=${study}&doc=${docId}`);
    await page.locator('.transcript-text').waitFor();
    // "…ialist ro" style: from inside the first word to inside the second
    const a = wordsAt + 2;
    const b = wordsAt + m[0].length - 3;
    await selectRange(page, a, b, false);
    const quote = page.locator('.code-panel .panel-quote');
    await expect.poll(() => quote.textContent()).toBe(m[0]);
    const start = cp(doc.text.slice(0, wordsAt));
    expect(await page.locator('.code-panel').textContent()).toContain(
      `${start}–${start + cp(m[0])} (code points)`,
    );
    await page.keyboard.press('Escape');
    await selectRange(page, a, b, true);
    await expect.poll(() => quote.textContent()).toBe(doc.text.slice(a, b));
    await h.screenshot('word-snap');
    // the speaker labels show as names: no markdown asterisks on screen
    const shown = await page.locator('.transcript-text').innerText();
    expect(shown).not.toMatch(/\*\*[A-Z]+\d*:\*\*/);
  });
});

describe('two coders compared', () => {
  it('opens from a disagreement of the Agreement tab with both margins and its disagreements', async () => {
    const { page } = h;
    const collab = h.e2e.otherStudyId ?? '';
    await page.goto(`${h.server.url}/#/agreement?study=${collab}`);
    const link = page.locator('.disagreement .compare-link').first();
    await link.waitFor({ timeout: 30_000 });
    const docId = (await page.locator('.disagreement').first().getAttribute('data-document')) ?? '';
    await link.click();
    await expect.poll(() => page.url()).toContain('#/compare?');
    const params = new URL(page.url().replace('#/compare', '')).searchParams;
    const [a, b] = [params.get('a') ?? '', params.get('b') ?? ''];
    expect(params.get('doc')).toBe(docId);
    await page.locator('[data-testid="compare-disagreements"]').waitFor({ timeout: 30_000 });

    // the agreement API (studyAgreement, as the Agreement tab shows it) for these two coders
    const agreement = await api<AgreementResponse>(
      h,
      `/api/studies/${collab}/agreement?coders=${a},${b}&limit=5000`,
    );
    const expected = agreement.disagreements.items.filter((d) => d.documentId === docId);
    expect(expected.length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="compare-disagreements"]').textContent()).toBe(
      `${expected.length} ${expected.length === 1 ? 'disagreement' : 'disagreements'}`,
    );
    const codings = await api<DocumentCodingsResponse>(
      h,
      `/api/studies/${collab}/documents/${docId}/codings`,
    );
    const by = (coder: string) =>
      codings.excerpts.filter((x) => x.codings.some((c) => c.coderId === coder)).length;
    expect(await page.locator('[data-testid="compare-counts"]').textContent()).toContain(
      `${a}: ${by(a)} excerpts · ${b}: ${by(b)} excerpts`,
    );
    // each coder's stripes in their own margin, in their own colour
    const stripes = (side: string) =>
      page
        .locator(`.stripes[data-gutter="${side}"] .stripe`)
        .evaluateAll((els) => [
          ...new Set(els.map((e) => (e as HTMLElement).dataset.stripe?.split('|')[2])),
        ]);
    await expect.poll(() => stripes('left')).toEqual([a]);
    expect(await stripes('right')).toEqual([b]);
    // every disagreement's text is marked
    const marked = await page.locator('.seg.disagree').allTextContents();
    for (const d of expected) expect(marked.join('')).toContain(d.text.slice(0, 20));
    await h.screenshot('compare');
  });
});

describe('retrieval and export', () => {
  it('lists every segment of a code across documents and exports them as CSV and .docx', async () => {
    const { page } = h;
    const study = h.e2e.studyId;
    const code = 'theme.t2_resource_approach';
    await page.goto(`${h.server.url}/#/search?study=${study}&mode=retrieve`);
    await page.getByLabel('Add a code').selectOption(code);
    const total = page.locator('[data-testid="retrieve-total"]');
    await page.locator('.retrieved .excerpt').first().waitFor({ timeout: 30_000 });
    const expected = await retrieveExcerpts(h.e2e.graph, { studyId: study, where: [code] });
    // the header names the code by its label, as the chip does
    const vocabulary = await loadStudyVocabulary(h.e2e.graph, study);
    await expect
      .poll(() => total.textContent())
      .toBe(
        `${expected.total} segments where ${vocabulary.codeLabel(code)} · ${expected.coders.description}`,
      );
    expect(await page.locator('.retrieved .excerpt').count()).toBe(Math.min(25, expected.total));
    expect(new Set(expected.items.map((x) => x.documentId)).size).toBeGreaterThan(3);
    // the chip shows the code's label, with the id on hover
    expect(await page.locator('.chips li').first().getAttribute('title')).toBe(code);

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe(`${study}-excerpts.csv`);
    const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      await readFile((await csv.path()) ?? ''),
    );
    expect(csvText).toBe(excerptsCsv(expected));
    const [docx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export Word (.docx)' }).click(),
    ]);
    expect(docx.suggestedFilename()).toBe(`${study}-excerpts.docx`);
    const bytes = await readFile((await docx.path()) ?? '');
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
    await h.screenshot('retrieve');
  });
});

describe('full-text search', () => {
  it('shows every hit in context, and a hit opens its document there', async () => {
    const { page } = h;
    const study = h.e2e.studyId;
    await page.goto(`${h.server.url}/#/search?study=${study}`);
    await page.getByLabel("Search the study's documents").fill('"employment specialist"');
    await page.getByRole('button', { name: 'Search' }).click();
    const report = await searchStudy(h.e2e.graph, {
      studyId: study,
      query: '"employment specialist"',
      limit: 500,
    });
    expect(report.total).toBeGreaterThan(1);
    const total = page.locator('[data-testid="search-total"]');
    await total.waitFor({ timeout: 30_000 });
    expect(await total.textContent()).toBe(
      `${report.total} hits of "employment specialist" in ${report.documents.length} documents`,
    );
    expect(await page.locator('.kwic-hit').count()).toBe(report.hits.length);
    const first = report.hits[0];
    if (first === undefined) throw new Error('no hit');
    const row = page.locator('.kwic-hit').first();
    expect(await row.getAttribute('data-document')).toBe(first.documentId);
    expect(await row.locator('.kwic-match').textContent()).toBe(first.match);
    await row.locator('.kwic-doc button').click();
    const mark = page.locator('dialog.document-dialog mark.excerpt-text');
    await mark.waitFor();
    expect(await mark.textContent()).toBe(first.match);
    // no raw markdown speaker labels in the document dialog
    expect(await page.locator('dialog.document-dialog .document-body').innerText()).not.toMatch(
      /\*\*[A-Z]+\d*:\*\*/,
    );
    await h.screenshot('search');
    await page.keyboard.press('Escape');
    // a word no document holds says so
    await page.getByLabel("Search the study's documents").fill('zyxwvut');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No document of this study holds zyxwvut').waitFor();
    expect(h.problems).toEqual([]);
  });
});
