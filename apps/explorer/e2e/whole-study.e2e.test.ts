import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGraph, deleteStudy, listAuditEntries, readStudy } from '@iwa/graph';
import { matrixReport, retrieveExcerpts, searchStudy, studyAgreement } from '@iwa/services';
import { normaliseText, type Study } from '@iwa/study';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import type { Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatrixResponse } from '@iwa/explorer-server';
import { api, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

/*
 * A whole small study run in the browser from nothing, as far as issue 18's study-building
 * features go: the study, two transcripts (.txt and .docx), a theme with a nested child, an
 * organisation and a group that was not interviewed, ten spans coded by two coders (one
 * performed by the group), a relation drawn from a passage, a document renamed and one
 * replaced; then the matrix by performer, the retrieval of the theme, a full-text search, the
 * agreement and the two-coder comparison, each read off the page and compared with the services'
 * numbers; last, `iwa study export` of the study re-imported under a new id is the same study.
 */

const TOKEN = 'whole-study-write-token-0123';
const TRANSCRIPT = [
  'Interviewer: Who decided?',
  'M01: The senior psychiatrists kept the specialist out of the ward meetings.',
  'M01: So we asked the Nav office to write to the clinic director.',
  'A01: I taught the teams what IPS means.',
  'A01: The board wrote a new policy that made the specialist permanent.',
  '',
].join('\n');
const DOCX = readFileSync(
  new URL('../../../packages/explorer-server/test/fixtures/interview.docx', import.meta.url),
);

/** The real `iwa` command line run from source in a child process, as `pnpm iwa` runs it. */
function runIwa(args: string[]) {
  const cli = new URL('../../cli/', import.meta.url);
  const tsx = pathToFileURL(createRequire(new URL('package.json', cli)).resolve('tsx')).href;
  const config = testGraphConfig();
  return spawnSync(
    process.execPath,
    [
      '--conditions=@iwa/source',
      '--import',
      tsx,
      fileURLToPath(new URL('src/bin.ts', cli)),
      ...args,
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        NEO4J_URI: config.uri,
        NEO4J_USER: config.user,
        NEO4J_PASSWORD: config.password ?? '',
        NEO4J_DATABASE: config.database,
      },
      timeout: 120_000,
    },
  );
}

/**
 * What must survive an export and re-import: documents, codebook, codings by coder, performers,
 * actors and relations, each keyed by place in the text rather than by generated excerpt ids.
 */
function sameStudy(s: Study) {
  const place = new Map(s.excerpts.map((x) => [x.id, `${x.documentId}:${x.start}-${x.end}`]));
  return {
    documents: s.documents.map((d) => ({ id: d.id, title: d.title ?? d.id, text: d.text })),
    codes: s.codebook.codes.map((c) => ({ key: c.key, label: c.label, parent: c.parent ?? null })),
    codings: s.codings.map((c) => `${place.get(c.excerptId)} ${c.code} by ${c.coderId}`).sort(),
    performers: s.excerpts
      .filter((x) => x.performer !== undefined)
      .map((x) => `${place.get(x.id)} ${x.performer?.kind}:${x.performer?.id}`)
      .sort(),
    informants: s.informants,
    positions: s.positions,
    organisations: s.organisations,
    actorGroups: s.actorGroups,
    relations: s.relations
      .map(
        (r) =>
          `${r.from.kind}:${r.from.id} ${r.type} ${r.to.kind}:${r.to.id} ${r.evidence.map((e) => place.get(e)).join(',')}`,
      )
      .sort(),
  };
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

/** Codes `anchor` with `codes` (code keys), each pressed in the code panel. */
async function code(page: Page, anchor: string, codes: string[]): Promise<void> {
  await selectText(page, anchor);
  for (const key of codes) {
    const button = page.locator(`.code-panel button[data-code="${key}"]`);
    await button.click();
    await page.locator(`.code-panel button[data-code="${key}"][aria-pressed="true"]`).waitFor();
  }
  await page.keyboard.press('Escape');
}

async function startCoding(page: Page, url: string, coder: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Coder name').fill(coder);
  await page.getByRole('button', { name: 'Start coding' }).click();
}

let h: Harness;
const graph = createGraph(testGraphConfig(), { appName: 'iwa-explorer-e2e-whole-study' });
const suffix = uniqueStudyId('ws').slice(3);
const studyId = `whole-study-${suffix}`;
const copyId = `${studyId}-copy`;
const temp = mkdtempSync(join(tmpdir(), 'iwa-whole-study-'));
/** Answers for the page's confirm and prompt dialogs, in order. */
const answers: (string | boolean)[] = [];

beforeAll(async () => {
  h = await startHarness({ writeToken: TOKEN });
  // this test answers the page's own dialogs (rename, replace) itself
  h.page.removeAllListeners('dialog');
  h.page.on('dialog', (d: Dialog) => {
    const answer = answers.shift();
    if (answer === undefined || answer === false) void d.dismiss();
    else void d.accept(typeof answer === 'string' ? answer : undefined);
  });
}, 300_000);
afterAll(async () => {
  await h?.close();
  await deleteStudy(graph, { studyId });
  await deleteStudy(graph, { studyId: copyId });
  await graph.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('a whole small study in the browser', () => {
  it(
    'is built from nothing, coded by two coders, and counted as the services count it',
    {
      timeout: 240_000,
    },
    async () => {
      const { page } = h;
      const codeUrl = `${h.server.url}/#/code`;
      await startCoding(page, codeUrl, 'Hilde');
      // before the token: nothing offers a change
      await page.getByTestId('token-needed').waitFor();
      expect(await page.getByRole('button', { name: 'New study' }).count()).toBe(0);
      await page.getByLabel('Write token').fill(TOKEN);
      await page.getByRole('button', { name: 'Use' }).click();

      await page.getByRole('button', { name: 'New study' }).click();
      const dialog = page.getByRole('dialog', { name: 'New study' });
      await dialog.getByLabel('Name').fill(`Whole study ${suffix}`);
      await dialog.getByLabel(/Informants/).fill('M01 manager health Unit leader\nA01 advisor nav');
      await dialog.getByRole('button', { name: 'Create study' }).click();
      await expect.poll(() => page.url(), { timeout: 15_000 }).toContain(`study=${studyId}`);

      // two transcripts: .txt and .docx
      const upload = page.getByText('Add document (.txt, .md, .docx)').locator('input[type=file]');
      await upload.setInputFiles({
        name: 'interview-1.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(TRANSCRIPT),
      });
      await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('doc=interview-1');
      await upload.setInputFiles({
        name: 'interview.docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        buffer: DOCX,
      });
      await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('doc=interview');

      // a theme and a nested child, in the codebook panel
      await page.getByText(/^Codebook \(/).click();
      const codebook = page.locator('details[aria-label="Codebook"]');
      await codebook.getByLabel('New code name').fill('Gatekeeping');
      await codebook.getByRole('button', { name: 'Create code' }).click();
      await codebook.locator('[data-code-row="theme.gatekeeping"]').waitFor();
      await codebook.getByLabel('New code name').fill('Kept out of meetings');
      await codebook.getByLabel('Inside').selectOption('theme.gatekeeping');
      await codebook.getByRole('button', { name: 'Create code' }).click();
      await codebook.locator('[data-code-row="theme.kept_out_of_meetings"]').waitFor();

      // an organisation and a group that was not interviewed
      await page.getByText(/^Actors \(/).click();
      const actors = page.locator('form[aria-label="Add or change an actor"]');
      await actors.getByLabel('Id').fill('nav-north');
      await actors.getByLabel('Name').fill('Nav North');
      await actors.getByLabel('Kind of organisation').fill('nav_local');
      await actors.getByLabel('Sector').fill('nav');
      await actors.getByRole('button', { name: 'Save actor' }).click();
      await page.locator('.actor-table').getByText('Nav North').waitFor();
      await actors.getByLabel('Actor kind').selectOption('actor_group');
      await actors.getByLabel('Id').fill('senior-psychiatrists');
      await actors.getByLabel('Name').fill('Senior psychiatrists');
      await actors.getByLabel('Their role').fill('senior_doctor');
      await actors.getByRole('button', { name: 'Save actor' }).click();
      await page.locator('.actor-table').getByText('Senior psychiatrists').waitFor();
      // an organisation saved by mistake is deleted, after a confirmation
      await actors.getByLabel('Actor kind').selectOption('organisation');
      await actors.getByLabel('Id').fill('st-olavs');
      await actors.getByLabel('Name').fill('St Olavs');
      await actors.getByLabel('Kind of organisation').fill('hospital');
      await actors.getByRole('button', { name: 'Save actor' }).click();
      await page.locator('.actor-table').getByText('St Olavs').waitFor();
      answers.push(true);
      await page.getByRole('button', { name: 'Delete St Olavs' }).click();
      await expect
        .poll(() => page.locator('.actor-table').getByText('St Olavs').count(), {
          message: 'the deleted organisation leaves the actor list',
          timeout: 15_000,
        })
        .toBe(0);
      await h.screenshot('whole-study-setup');

      // Hilde codes five spans of the .txt transcript
      await page.getByLabel('Document', { exact: true }).selectOption('interview-1');
      await page.locator('.transcript-text').waitFor();
      const KEPT_OUT = 'The senior psychiatrists kept the specialist out of the ward meetings.';
      const ASKED = 'So we asked the Nav office to write to the clinic director.';
      const TAUGHT = 'I taught the teams what IPS means.';
      const BOARD = 'The board wrote a new policy';
      const PERMANENT = 'made the specialist permanent';
      await code(page, KEPT_OUT, [
        'form.relational',
        'purpose.maintaining',
        'theme.kept_out_of_meetings',
      ]);
      await code(page, ASKED, ['form.relational', 'purpose.creating']);
      await code(page, TAUGHT, ['form.conceptual']);
      await code(page, BOARD, ['form.structural']);
      await code(page, PERMANENT, ['purpose.creating']);

      // the work kept out of meetings is the senior psychiatrists', not the speaker's
      await selectText(page, KEPT_OUT);
      await page.getByLabel('Performer').selectOption('actor_group:senior-psychiatrists');
      // the select shows the stored performer: the write and the reload of the excerpt's codings
      // take more than expect.poll's default second when the machine is busy
      await expect
        .poll(() => page.getByLabel('Performer').inputValue(), {
          message: 'the performer is stored and shown',
          timeout: 15_000,
        })
        .toBe('actor_group:senior-psychiatrists');
      await page.keyboard.press('Escape');

      // a relation drawn from a passage
      await selectText(page, ASKED);
      await page.getByLabel('Relation from').selectOption('informant:M01');
      await page.getByLabel('Relation type').selectOption('enlists');
      await page.getByLabel('Relation to').selectOption('organisation:nav-north');
      await page.getByRole('button', { name: 'Add relation' }).click();
      await page.getByText('Relation saved with this passage as its evidence').waitFor();
      // the group performs work in an excerpt: deleting it is refused, saying why
      answers.push(true);
      await page.getByRole('button', { name: 'Delete Senior psychiatrists' }).click();
      await page
        .locator('.actor-table [role=alert]')
        .filter({ hasText: 'performs the work of 1 excerpt' })
        .waitFor();
      await h.screenshot('whole-study-relation');
      await page.keyboard.press('Escape');

      // Ola codes five spans of the same transcript (three the same as Hilde's)
      await page.getByRole('button', { name: 'Switch coder' }).click();
      await page.getByLabel('Coder name').fill('Ola');
      await page.getByRole('button', { name: 'Start coding' }).click();
      await page.locator('.transcript-text').waitFor();
      await code(page, KEPT_OUT, ['form.relational', 'theme.gatekeeping']);
      await code(page, ASKED, ['form.relational']);
      await code(page, TAUGHT, ['form.operational']);
      await code(page, BOARD, ['form.structural']);
      await code(page, 'the specialist permanent', ['purpose.maintaining']);

      // rename the .txt document, replace the .docx one
      answers.push('Unit leader and advisor');
      await page.getByRole('button', { name: 'Rename' }).click();
      await expect
        .poll(async () =>
          (await api<{ title: string }[]>(h, `/api/studies/${studyId}/documents`)).map(
            (d) => d.title,
          ),
        )
        .toContain('Unit leader and advisor');
      await page.getByLabel('Document', { exact: true }).selectOption('interview');
      answers.push(true);
      await page.getByLabel('Replace the document with a new version').setInputFiles({
        name: 'interview-v2.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(
          'Interviewer: How did it start?\nM01: We moved the job specialist into the team.\n',
        ),
      });
      await page.getByText('Replaced “interview” with interview-v2.txt').waitFor();
      await h.screenshot('whole-study-documents');

      const study = await readStudy(graph, { studyId });
      expect(study.documents.map((d) => [d.id, d.title ?? d.id]).sort()).toEqual([
        ['interview', 'interview'],
        ['interview-1', 'Unit leader and advisor'],
      ]);
      expect(study.documents.find((d) => d.id === 'interview')?.text).toBe(
        normaliseText(
          'Interviewer: How did it start?\nM01: We moved the job specialist into the team.\n',
        ).text,
      );
      expect(study.codings).toHaveLength(14);
      expect(new Set(study.codings.map((c) => c.coderId))).toEqual(new Set(['Hilde', 'Ola']));
      expect(
        study.excerpts.filter((x) => x.performer?.kind === 'actor_group').map((x) => x.text),
      ).toEqual([KEPT_OUT]);
      expect(study.relations.filter((r) => r.type === 'enlists')).toMatchObject([
        { from: { id: 'M01' }, to: { id: 'nav-north' }, evidence: [expect.any(String)] },
      ]);
      expect(study.codebook.codes.map((c) => [c.key, c.parent ?? null])).toEqual([
        ['theme.gatekeeping', null],
        ['theme.kept_out_of_meetings', 'theme.gatekeeping'],
      ]);

      // the matrix by performer: the cells shown on the page are the services' report
      const report = await matrixReport(graph, {
        studyId,
        rows: 'role',
        cols: 'form',
        by: 'performer',
      });
      const fromApi = await api<MatrixResponse>(
        h,
        `/api/studies/${studyId}/matrix?rows=role&cols=form&by=performer`,
      );
      expect(fromApi, "the API serves the services' matrix report").toEqual(
        JSON.parse(JSON.stringify(report)),
      );
      expect(
        report.tables[0]?.rowTotals.map((r) => r.row),
        'the group that was not interviewed is a row of the matrix by performer',
      ).toContain('senior_doctor');
      await page.goto(`${h.server.url}/#/matrix?study=${studyId}&rows=role&cols=form&by=performer`);
      await page.locator('section.matrix-table td.cell').first().waitFor();
      expect(
        await page.getByTestId('matrix-coders').textContent(),
        'the matrix names the coders the services counted',
      ).toBe(report.coders.description);
      const shownCells = await page.$$eval('section.matrix-table td.cell', (tds) =>
        tds
          .map((td) => ({
            row: td.dataset.row ?? '',
            col: td.dataset.col ?? '',
            count: Number(td.querySelector('.count')?.textContent),
          }))
          .filter((c) => c.count > 0),
      );
      const reportCells = report.tables.flatMap((t) =>
        t.cells.filter((c) => c.count > 0).map(({ row, col, count }) => ({ row, col, count })),
      );
      const byKey = (a: { row: string; col: string }, b: { row: string; col: string }) =>
        `${a.row}|${a.col}`.localeCompare(`${b.row}|${b.col}`);
      expect(reportCells.length, 'the services count some cells').toBeGreaterThan(0);
      expect(shownCells.sort(byKey), "the cells on the page are the services' cells").toEqual(
        reportCells.sort(byKey),
      );
      expect(
        shownCells.filter((c) => c.row === 'senior_doctor'),
        "the senior psychiatrists' relational work is counted under their role",
      ).toEqual([{ row: 'senior_doctor', col: 'relational', count: 1 }]);
      await h.screenshot('whole-study-matrix');

      // the retrieval of the theme code: the rows on the page are the services' retrieval
      const retrieval = await retrieveExcerpts(graph, {
        studyId,
        where: ['theme.gatekeeping'],
      });
      expect(retrieval.total, 'the theme (with its child) has coded segments').toBeGreaterThan(0);
      await page.goto(
        `${h.server.url}/#/search?study=${studyId}&mode=retrieve&code=theme.gatekeeping`,
      );
      await page
        .getByTestId('retrieve-total')
        .filter({ hasText: /segment/ })
        .waitFor();
      await page.locator('.retrieved article.excerpt').first().waitFor();
      expect(
        await page.$$eval('.retrieved article.excerpt', (xs) =>
          xs.map((x) => (x as HTMLElement).dataset.excerptId),
        ),
        "the segments retrieved on the page are the services' retrieval, in its order",
      ).toEqual(retrieval.items.map((x) => x.id));
      expect(
        await page.getByTestId('retrieve-total').textContent(),
        "the total on the page is the services' total",
      ).toMatch(new RegExp(`^${retrieval.total} segments? where`));
      await h.screenshot('whole-study-retrieve');

      // a full-text search: the hits on the page are the services' search
      const search = await searchStudy(graph, { studyId, query: 'specialist', limit: 500 });
      expect(
        search.documents.map((d) => d.id).sort(),
        'the word is in both documents (the replaced one in its new text)',
      ).toEqual(['interview', 'interview-1']);
      await page.goto(`${h.server.url}/#/search?study=${studyId}&q=specialist`);
      await page.getByTestId('search-total').waitFor();
      expect(
        await page.$$eval('tr.kwic-hit', (rows) =>
          rows.map((r) => ({
            documentId: (r as HTMLElement).dataset.document,
            start: Number((r as HTMLElement).dataset.start),
            match: r.querySelector('.kwic-match')?.textContent,
          })),
        ),
        "the hits on the page are the services' hits",
      ).toEqual(
        search.hits.map((x) => ({ documentId: x.documentId, start: x.start, match: x.match })),
      );
      expect(await page.getByTestId('search-total').textContent(), 'the hit count').toMatch(
        new RegExp(`^${search.total} hits? of specialist in 2 documents`),
      );
      await h.screenshot('whole-study-search');

      // the agreement of the two coders: the numbers on the page are studyAgreement's
      const agreement = await studyAgreement(graph, { studyId });
      expect(agreement?.studyCoders, 'both coders are in the agreement').toEqual(['Hilde', 'Ola']);
      if (agreement?.unit !== 'segment') throw new Error('the default agreement unit is segment');
      const overall = agreement.report.overall;
      await page.goto(`${h.server.url}/#/agreement?study=${studyId}`);
      const overallRow = page.locator('table.agreement-codes tr[data-row="overall"]');
      await overallRow.waitFor();
      const shownStat = async (stat: string) =>
        overallRow.locator(`td[data-stat="${stat}"]`).getAttribute('data-value');
      expect(
        await overallRow.locator('td.num').first().textContent(),
        "the units compared on the page are the services' units",
      ).toBe(overall.items.toLocaleString('en-GB'));
      for (const [stat, value] of [
        ['alpha', overall.alpha.value],
        ['kappa', overall.kappa.value],
      ] as const) {
        if (value === null) {
          expect(await shownStat(stat), `${stat} is undefined on the page too`).toBeNull();
        } else {
          expect(Number(await shownStat(stat)), `${stat} on the page = studyAgreement`).toBeCloseTo(
            value,
            9,
          );
        }
      }
      const pa = overall.percentAgreement;
      if ('pairwise' in pa) {
        expect(
          Number(await shownStat('pairwisePct')),
          'pairwise agreement on the page = studyAgreement',
        ).toBeCloseTo(pa.pairwise * 100, 9);
      }
      const disagreements = agreement.report.disagreements.filter(
        (d) => d.documentId === 'interview-1',
      );
      expect(disagreements.length, 'the two coders disagree on some units').toBeGreaterThan(0);
      expect(
        await page.locator('li.disagreement[data-document="interview-1"]').count(),
        "the disagreements listed on the Agreement tab are the services'",
      ).toBe(disagreements.length);
      await h.screenshot('whole-study-agreement');

      // the two-coder comparison, opened from the Agreement tab
      await page
        .locator('li.disagreement[data-document="interview-1"]')
        .first()
        .getByRole('link', { name: /Compare Hilde and Ola in this document/ })
        .click();
      await page.getByTestId('compare-disagreements').waitFor();
      expect(page.url(), 'the link opens the comparison of this document').toContain(
        'doc=interview-1',
      );
      const excerptsBy = (coder: string) =>
        new Set(
          study.codings
            .filter((c) => c.coderId === coder)
            .map((c) => c.excerptId)
            .filter((id) => study.excerpts.find((x) => x.id === id)?.documentId === 'interview-1'),
        ).size;
      expect(
        await page.getByTestId('compare-counts').textContent(),
        "each coder's excerpts of the document, as stored",
      ).toMatch(
        new RegExp(`^Hilde: ${excerptsBy('Hilde')} excerpts · Ola: ${excerptsBy('Ola')} excerpts`),
      );
      expect(
        await page.getByTestId('compare-disagreements').textContent(),
        'the disagreements shown are the ones the services compute for this document',
      ).toBe(
        `${disagreements.length} ${disagreements.length === 1 ? 'disagreement' : 'disagreements'}`,
      );
      expect(
        await page.locator('.compare-text .disagree').count(),
        'the disagreements are marked in the text',
      ).toBeGreaterThan(0);
      await h.screenshot('whole-study-compare');

      // `iwa study export`, re-imported into a new study id, gives the same study
      const qdpx = join(temp, 'whole-study.qdpx');
      const exported = runIwa(['study', 'export', studyId, '--out', qdpx]);
      expect(exported.stderr, 'iwa study export reports no problem').not.toMatch(/iwa: /);
      expect(exported.status, 'iwa study export exits 0').toBe(0);
      const imported = runIwa(['study', 'import', qdpx, '--study', copyId]);
      expect(imported.stderr, 'iwa study import of the export reports no problem').not.toMatch(
        /iwa: /,
      );
      expect(imported.status, 'iwa study import of the export exits 0').toBe(0);
      const original = await readStudy(graph, { studyId });
      const copy = await readStudy(graph, { studyId: copyId });
      expect(sameStudy(copy), 'the re-imported study is the study').toEqual(sameStudy(original));

      const { entries } = await listAuditEntries(graph, { studyId });
      expect(entries.map((e) => e.action)).toEqual(
        expect.arrayContaining([
          'create_code',
          'save_actor',
          'delete_actor',
          'add_relation',
          'rename_document',
          'replace_document',
        ]),
      );
      // the one refusal this study asked for (deleting a group that performs work) is a 409
      const refusal = `http 409 /api/studies/${studyId}/actors/actor_group/senior-psychiatrists`;
      expect(
        h.problems.filter((p) => p === refusal),
        'the refused delete',
      ).toHaveLength(1);
      expect(
        h.problems.filter((p) => p !== refusal),
        'no other failed request, console error or page error',
      ).toEqual([]);
    },
  );
});
