import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentsResponse } from '@iwa/explorer-server';
import { api, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

/*
 * Read-only done right: on a server started without a write token, the Code tab offers nothing
 * that would fail, and says in researchers' words how to get a server that accepts changes; a
 * server with a token explains the token before anything is changed, and a wrong token is told
 * apart from a right one.
 */

describe('the Code tab without a write token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('offers no change on a read-only server, and explains why', async () => {
    const { page } = h;
    const docs = await api<DocumentsResponse>(h, `/api/studies/${h.e2e.studyId}/documents`);
    const doc = docs[0]?.id ?? '';
    await page.goto(`${h.server.url}/#/code?study=${h.e2e.studyId}&doc=${doc}`);
    await page.getByLabel('Coder name').fill('Reader');
    await page.getByRole('button', { name: 'Start coding' }).click();
    const note = page.getByTestId('read-only');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/open for reading/);
    expect(await note.textContent()).not.toMatch(/Authorization|Bearer/);
    await page.locator('.transcript-text').waitFor();
    for (const name of ['New study', 'Rename', 'Delete', 'Save actor', 'Create code']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(await page.getByLabel('Write token').count()).toBe(0);
    expect(await page.getByText('Add document (.txt, .md, .docx)').count()).toBe(0);
    // selecting text opens no code buttons, and no key codes anything
    await page.evaluate(() => {
      const root = document.querySelector('.transcript-text');
      const first = root?.querySelector<HTMLElement>('[data-u16]')?.firstChild;
      if (!root || !first) throw new Error('no transcript');
      const range = document.createRange();
      range.setStart(first, 0);
      range.setEnd(first, Math.min(10, first.textContent?.length ?? 0));
      window.getSelection()?.addRange(range);
      root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    });
    await page.keyboard.press('3');
    expect(await page.locator('.code-panel button[data-code]').count()).toBe(0);
    await page.getByRole('heading', { name: 'Reading' }).waitFor();
    await h.screenshot('code-read-only');
    expect(h.logs.filter((l) => l.method !== 'GET' && l.path.startsWith('/api/'))).toEqual([]);
    expect(h.problems).toEqual([]);
  });
});

describe('the Code tab on a server with a write token, before the token is given', () => {
  const TOKEN = 'read-only-e2e-token-0123456';
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ writeToken: TOKEN });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('explains the token, tells a wrong one from the right one, and only then offers changes', async () => {
    const { page } = h;
    await page.goto(`${h.server.url}/#/code?study=${h.e2e.studyId}`);
    await page.getByLabel('Coder name').fill('Hilde');
    await page.getByRole('button', { name: 'Start coding' }).click();
    const note = page.getByTestId('token-needed');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/password for changes/);
    expect(await page.getByRole('button', { name: 'New study' }).count()).toBe(0);
    await page.getByLabel('Write token').fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Use' }).click();
    await page.getByText('That is not this explorer’s write token').waitFor();
    expect(await page.getByRole('button', { name: 'New study' }).count()).toBe(0);
    await h.screenshot('code-token-wrong');
    await page.getByLabel('Write token').fill(TOKEN);
    await page.getByRole('button', { name: 'Use' }).click();
    await page.getByRole('button', { name: 'New study' }).waitFor();
    expect(await page.getByTestId('token-needed').count()).toBe(0);
  });
});
