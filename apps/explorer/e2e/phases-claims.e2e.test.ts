import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimsResponse, PhasesResponse } from '@iwa/explorer-server';
import { api, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('the phases view', () => {
  it('renders a timeline per organisation with its events and evidence', async () => {
    const { page } = h;
    const phases = (await api<PhasesResponse>(h, `/api/studies/${h.e2e.studyId}/phases`))
      .organisations;
    await page.goto(`${h.server.url}/#/phases?study=${h.e2e.studyId}`);
    await page.locator('.org-card').first().waitFor();
    expect(await page.locator('.org-card').count()).toBe(phases.length);
    const org = phases.find((p) => p.events.length > 0 && p.profile !== null);
    if (org === undefined) throw new Error('no organisation with phase events');
    const card = page.locator(`.org-card[data-organisation="${org.organisationId}"]`);
    expect(await card.locator('.timeline-event').count()).toBe(org.events.length);
    expect(await card.locator('ol.events > li').count()).toBe(org.events.length);
    for (const e of org.events)
      expect(await card.locator('ol.events').textContent()).toContain(e.at);
    expect(await card.locator('.state').first().textContent()).toContain(
      org.state.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    );
    await card.locator('.org-profile canvas').waitFor();
    await h.screenshot('phases');

    const event = org.events.find((e) => e.evidence.length > 0);
    if (event === undefined) throw new Error('no event with evidence');
    await card.locator('ol.events > li').nth(org.events.indexOf(event)).getByRole('button').click();
    // the evidence is one uncached query: give it time on a loaded machine
    await expect
      .poll(() => card.locator('.excerpt').count(), { timeout: 10_000 })
      .toBe(event.evidence.length);
  });
});

describe('the claims view', () => {
  it('lists every claim with its result and numbers', async () => {
    const { page } = h;
    const claims = (await api<ClaimsResponse>(h, `/api/studies/${h.e2e.studyId}/claims`)).claims;
    await page.goto(`${h.server.url}/#/claims?study=${h.e2e.studyId}`);
    await page.locator('table.claims').waitFor();
    expect(await page.locator('table.claims tbody tr[data-claim]').count()).toBe(claims.length);
    for (const c of claims) {
      const row = page.locator(`tr[data-claim="${c.id}"]`);
      const verdict = await row.locator('.holds').textContent();
      expect(verdict).toContain(
        c.holds === null ? 'Undecided' : c.holds ? 'Holds' : 'Does not hold',
      );
      for (const key of Object.keys(c.numbers))
        expect(await row.locator('.numbers').textContent()).toContain(key);
    }
    await h.screenshot('claims');
    expect(h.problems).toEqual([]);
  });
});
