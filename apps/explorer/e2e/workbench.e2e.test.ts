import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGraph, deleteStudy, queryDocumentCodings, readStudy } from '@iwa/graph';
import { openStudyFolder, runImport, validateSource } from '@iwa/services';
import { normaliseText } from '@iwa/study';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newStudyYaml,
  type AuditResponse,
  type DocumentCodingsResponse,
  type MatrixResponse,
} from '@iwa/explorer-server';
import { api, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

const TOKEN = 'e2e-write-token-0123456789';

/** A transcript with CRLF line ends, emoji (ZWJ sequences, skin tones), astral letters and a combining mark. */
const TRANSCRIPT = [
  'Interviewer: How did the work start? 🙂',
  'M01: We moved the job specialist 👩‍👩‍👧 into the team, and 𝒜ll of us met weekly.',
  'Interviewer: And the advisors?',
  'A01: I teach the teams what IPS means 🧑🏽‍🏫 and why work is part of treatment.',
  'M01: We kept the routine going, cafe\u0301 meetings every Tuesday.',
  'A01: Some leaders resisted, and we challenged the old referral rules 🚫 openly.',
  'M01: The board wrote a new policy 📜 that made the specialist permanent.',
  'A01: I told the story of 𝔉irst placements to every new team.',
  '',
].join('\r\n');
const FILE = 'wb-interview.txt';
const DOC = 'wb-interview';

/** Ten spans to code, each with the codes it gets (the first by keyboard, the rest by click). */
const SPANS: { anchor: string; key: string; codes: string[] }[] = [
  {
    anchor: 'We moved the job specialist 👩‍👩‍👧 into the team',
    key: '3',
    codes: ['form.operational', 'purpose.creating'],
  },
  { anchor: '𝒜ll of us met weekly', key: '4', codes: ['form.relational', 'purpose.maintaining'] },
  {
    anchor: 'I teach the teams what IPS means 🧑🏽‍🏫',
    key: '2',
    codes: ['form.conceptual', 'purpose.creating'],
  },
  { anchor: 'why work is part of treatment', key: '2', codes: ['form.conceptual'] },
  {
    anchor: 'We kept the routine going, cafe\u0301 meetings',
    key: '3',
    codes: ['form.operational', 'purpose.maintaining'],
  },
  { anchor: 'Some leaders resisted', key: '4', codes: ['form.relational', 'purpose.disrupting'] },
  {
    anchor: 'we challenged the old referral rules 🚫',
    key: '1',
    codes: ['form.structural', 'purpose.disrupting'],
  },
  {
    anchor: 'The board wrote a new policy 📜',
    key: '1',
    codes: ['form.structural', 'purpose.creating'],
  },
  { anchor: 'made the specialist permanent', key: '1', codes: ['form.structural'] },
  {
    anchor: 'I told the story of 𝔉irst placements',
    key: '2',
    codes: ['form.conceptual', 'purpose.maintaining'],
  },
];

/** The code-point span of `anchor` in the normalised text (what an import computes). */
function expectedSpan(anchor: string): { start: number; end: number } {
  const text = normaliseText(TRANSCRIPT).text;
  const at = text.indexOf(anchor);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...anchor].length };
}

/** Selects `anchor` in the transcript as a reader would, and lets go of the mouse. */
async function selectText(page: Page, anchor: string): Promise<void> {
  await page.evaluate((quote) => {
    const root = document.querySelector('.transcript-text');
    if (root === null) throw new Error('no transcript');
    const segs = [...root.querySelectorAll<HTMLElement>('[data-u16]')];
    const full = segs.map((s) => s.textContent ?? '').join('');
    const at = full.indexOf(quote);
    if (at < 0) throw new Error(`not shown: ${quote}`);
    const locate = (i: number, end: boolean): [Node, number] => {
      for (const s of segs) {
        const a = Number(s.dataset.u16);
        const len = (s.textContent ?? '').length;
        if (s.firstChild !== null && i >= a && (i < a + len || (end && i === a + len)))
          return [s.firstChild, i - a];
      }
      throw new Error(`no text at ${i}`);
    };
    const [sn, so] = locate(at, false);
    const [en, eo] = locate(at + quote.length, true);
    const range = document.createRange();
    range.setStart(sn, so);
    range.setEnd(en, eo);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  }, anchor);
}

async function shownExcerpts(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Set(
        [...document.querySelectorAll('.transcript-text [data-x]')].flatMap((el) =>
          (el.getAttribute('data-x') ?? '').split(' '),
        ),
      ).size,
  );
}

let h: Harness;
const graph = createGraph(testGraphConfig(), { appName: 'iwa-explorer-e2e-workbench' });
const suffix = uniqueStudyId('wb').slice(3);
const studyName = `Workbench e2e ${suffix}`;
const studyId = `workbench-e2e-${suffix}`;
const importedId = uniqueStudyId('wb-import');

beforeAll(async () => {
  h = await startHarness({ writeToken: TOKEN });
});
afterAll(async () => {
  await h?.close();
  await deleteStudy(graph, { studyId });
  await deleteStudy(graph, { studyId: importedId });
  await graph.close();
});

describe('the coding workbench', () => {
  it('creates a study, adds a document, codes ten excerpts and shows them in the matrix', async () => {
    const { page } = h;
    await page.goto(`${h.server.url}/#/code`);
    await page.getByLabel('Coder name').fill('Hilde');
    await page.getByRole('button', { name: 'Start coding' }).click();
    await page.getByLabel('Write token').fill(TOKEN);
    await page.getByRole('button', { name: 'Use' }).click();

    await page.getByRole('button', { name: 'New study' }).click();
    const dialog = page.getByRole('dialog', { name: 'New study' });
    await dialog.getByLabel('Name').fill(studyName);
    await dialog.getByLabel(/Informants/).fill('M01 manager health Unit leader\nA01 advisor nav');
    await dialog.getByRole('button', { name: 'Create study' }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain(`study=${studyId}`);
    await page.getByText('This study has no documents yet').waitFor();

    await page.locator('.file-button input[type=file]').setInputFiles({
      name: FILE,
      mimeType: 'text/plain',
      buffer: Buffer.from(TRANSCRIPT, 'utf8'),
    });
    await page.locator('.transcript-text').waitFor();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain(`doc=${DOC}`);

    for (const [i, s] of SPANS.entries()) {
      await selectText(page, s.anchor);
      await page.getByRole('heading', { name: 'New excerpt' }).waitFor();
      await page.keyboard.press(s.key);
      await page.getByRole('heading', { name: 'Excerpt', exact: true }).waitFor();
      for (const code of s.codes.slice(1)) {
        await page.locator(`.code-panel button[data-code="${code}"]`).click();
        await page
          .locator(`.code-panel button[data-code="${code}"][aria-pressed="true"]`)
          .waitFor();
      }
      await expect.poll(() => shownExcerpts(page), { timeout: 10_000 }).toBe(i + 1);
      await page.keyboard.press('Escape');
    }
    await selectText(page, SPANS[0]?.anchor ?? '');
    await h.screenshot('workbench-coded');

    // reload: the codings come back from Neo4j, with the offsets an import computes
    await page.reload();
    await page.locator('.transcript-text').waitFor();
    await expect.poll(() => shownExcerpts(page), { timeout: 10_000 }).toBe(10);
    const fromApi = await api<DocumentCodingsResponse>(
      h,
      `/api/studies/${studyId}/documents/${DOC}/codings`,
    );
    const spans = fromApi.excerpts.map((x) => ({ start: x.start, end: x.end, text: x.text }));
    const expected = SPANS.map((s) => ({ ...expectedSpan(s.anchor), text: s.anchor })).sort(
      (a, b) => a.start - b.start,
    );
    expect(spans).toEqual(expected);
    for (const s of SPANS) {
      const x = fromApi.excerpts.find((e) => e.text === s.anchor);
      expect(x?.codings.map((c) => c.code).sort()).toEqual([...s.codes].sort());
      expect(new Set(x?.codings.map((c) => c.coderId))).toEqual(new Set(['Hilde']));
    }
    const direct = await queryDocumentCodings(graph, { studyId, documentId: DOC });
    expect(direct.map((x) => ({ start: x.start, end: x.end, text: x.text }))).toEqual(expected);

    // the same file imported with codings by anchor gives the same document and the same spans
    const dir = mkdtempSync(join(tmpdir(), 'iwa-wb-import-'));
    try {
      mkdirSync(join(dir, 'transcripts'));
      writeFileSync(
        join(dir, 'study.yaml'),
        JSON.stringify(
          newStudyYaml(importedId, {
            opId: 'op-import-1',
            coderId: 'Hilde',
            name: 'import',
            informants: [
              { id: 'M01', role: 'manager', sector: 'health' },
              { id: 'A01', role: 'advisor', sector: 'nav' },
            ],
          }),
        ),
      );
      writeFileSync(join(dir, 'transcripts', FILE), TRANSCRIPT);
      writeFileSync(
        join(dir, 'codings.yaml'),
        `coder: Hilde\ncodings:\n${SPANS.map((s) => `  - document: ${DOC}\n    anchor: ${JSON.stringify(s.anchor)}\n    codes: [${s.codes.join(', ')}]\n`).join('')}`,
      );
      const opened = await openStudyFolder(dir);
      if (!opened.ok) throw new Error(opened.errors.join('\n'));
      const validated = await validateSource(opened.source);
      if (!validated.ok) throw new Error(validated.errors.join('\n'));
      await runImport(graph, opened.source, { validated });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const imported = await readStudy(graph, { studyId: importedId });
    const browser = await readStudy(graph, { studyId });
    const shape = (s: typeof imported) => ({
      documents: s.documents.map((d) => ({ ...d })),
      excerpts: s.excerpts
        .map((x) => ({
          start: x.start,
          end: x.end,
          text: x.text,
          speaker: x.speaker,
          performer: x.performer,
          performerSource: x.performerSource,
        }))
        .sort((a, b) => a.start - b.start),
      codings: s.codings.length,
    });
    expect(shape(browser)).toEqual(shape(imported));

    // the matrix counts the ten excerpts by the speakers' roles
    await page.goto(`${h.server.url}/#/matrix?study=${studyId}`);
    await page.locator('table.heatmap td.cell').first().waitFor();
    const m = await api<MatrixResponse>(
      h,
      `/api/studies/${studyId}/matrix?rows=role&cols=form&split=purpose&by=speaker`,
    );
    const byForm = await api<MatrixResponse>(
      h,
      `/api/studies/${studyId}/matrix?rows=role&cols=form&by=speaker`,
    );
    // every excerpt has one form; two have no purpose, so the purpose tables count eight
    expect(byForm.tables[0]?.total).toBe(10);
    expect(m.tables.slice(1).reduce((n, t) => n + t.total, 0)).toBe(8);
    expect(byForm.rowValues.map((r) => r.key).sort()).toEqual(['advisor', 'manager']);
    const grand = await page
      .locator('table.heatmap td.total.grand .margin-count')
      .first()
      .textContent();
    expect(Number(grand)).toBe(byForm.tables[0]?.total);
    await h.screenshot('workbench-matrix');
  });

  it('in blind mode a second coder sees none of the first coder’s codings', async () => {
    const { page } = h;
    await page.goto(`${h.server.url}/#/code?study=${studyId}&doc=${DOC}`);
    await page.getByRole('button', { name: 'Switch coder' }).click();
    await page.getByLabel('Coder name').fill('Ole');
    await page.getByRole('button', { name: 'Start coding' }).click();
    await page.getByLabel(/Blind mode/).check();
    await page.locator('.transcript-text').waitFor();
    await expect.poll(() => shownExcerpts(page), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.locator('.stripe').count()).toBe(0);
    const blind = await api<DocumentCodingsResponse>(
      h,
      `/api/studies/${studyId}/documents/${DOC}/codings?coder=Ole`,
    );
    expect(blind.excerpts).toEqual([]);

    // Ole codes a span Hilde coded too: Ole sees one excerpt, with only Ole's coding
    await selectText(page, SPANS[0]?.anchor ?? '');
    await page.getByRole('heading', { name: 'New excerpt' }).waitFor();
    await page.locator('.code-panel button[data-code="form.structural"]').click();
    await expect.poll(() => shownExcerpts(page), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('.codings-list li').count()).toBe(1);
    await expect(page.locator('.codings-list li').textContent()).resolves.toContain('Ole');
    await h.screenshot('workbench-blind');

    // blind mode off: everybody's codings
    await page.getByLabel(/Blind mode/).uncheck();
    await expect.poll(() => shownExcerpts(page), { timeout: 10_000 }).toBe(10);
    await expect.poll(() => page.locator('.codings-list li').count()).toBe(3);
  });

  it('sets performer and memo, deletes and undoes, and records every change', async () => {
    const { page } = h;
    await page.goto(`${h.server.url}/#/code?study=${studyId}&doc=${DOC}`);
    await page.locator('.transcript-text').waitFor();
    const anchor = SPANS[6]?.anchor ?? '';
    await selectText(page, anchor);
    await page.getByRole('heading', { name: 'Excerpt', exact: true }).waitFor();
    await page.getByLabel('Memo').fill('Open challenge <b>to</b> the rules');
    await page.getByRole('button', { name: 'Save memo' }).click();
    // the writes and the reloads after them take more than expect.poll's default second when
    // the machine is busy
    await expect
      .poll(() => page.getByRole('button', { name: 'Save memo' }).isDisabled(), { timeout: 15_000 })
      .toBe(true);
    await page
      .getByLabel('Performer')
      .selectOption({ label: 'A01 (informant)' })
      .catch(async () => {
        const options = await page.getByLabel('Performer').locator('option').allTextContents();
        await page.getByLabel('Performer').selectOption({ label: options[1] ?? '' });
      });
    await expect
      .poll(async () => (await page.getByLabel('Performer').inputValue()) !== '', {
        timeout: 15_000,
      })
      .toBe(true);

    // Ole (the session's coder) adds and deletes a code, then undoes the delete
    await page.locator('.code-panel button[data-code="pillar.regulative"]').click();
    await page
      .locator('.code-panel button[data-code="pillar.regulative"][aria-pressed="true"]')
      .waitFor();
    await page.getByRole('button', { name: 'Delete Regulative' }).click();
    await page
      .locator('.code-panel button[data-code="pillar.regulative"][aria-pressed="false"]')
      .waitFor();
    await page.getByRole('button', { name: /^Undo remove/ }).click();
    await page
      .locator('.code-panel button[data-code="pillar.regulative"][aria-pressed="true"]')
      .waitFor();

    const trail = await api<AuditResponse>(h, `/api/studies/${studyId}/audit`);
    const actions = trail.entries.map((e) => e.action);
    expect(actions[0]).toBe('create_study');
    expect(actions[1]).toBe('add_document');
    expect(actions.filter((a) => a === 'create_coding').length).toBeGreaterThanOrEqual(20);
    expect(actions.slice(-5)).toEqual([
      'set_memo',
      'set_performer',
      'create_coding',
      'delete_coding',
      'create_coding',
    ]);
    // the undo is recorded as the undo of the delete it takes back; the memo with its text
    const [deleted, undone] = trail.entries.slice(-2);
    expect(undone?.undoOf).toBe(deleted?.id);
    expect(trail.entries.slice(0, -1).every((e) => e.undoOf === undefined)).toBe(true);
    expect(trail.entries.at(-5)).toMatchObject({
      before: null,
      after: { text: 'Open challenge <b>to</b> the rules' },
    });
    expect(new Set(trail.entries.map((e) => e.coderId))).toEqual(new Set(['Hilde', 'Ole']));
    const csv = await fetch(`${h.server.url}/api/studies/${studyId}/audit?format=csv`);
    expect((await csv.text()).split('\r\n').length).toBe(trail.total + 2);
    await page.locator('.audit-panel summary').click();
    await expect
      .poll(() => page.getByTestId('undo-entry').first().textContent())
      .toMatch(/^undo of “deleted a coding”/);
    await page.getByText('(none) → “Open challenge <b>to</b> the rules”').waitFor();
    await h.screenshot('workbench-audit');
    expect(h.problems).toEqual([]);
    expect(h.dialogs).toEqual([]);
  });
});
