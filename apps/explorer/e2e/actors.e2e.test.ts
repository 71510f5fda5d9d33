import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorProfileResponse, ActorsResponse } from '@iwa/explorer-server';
import { api, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

/** How many pixels the graph's canvases have drawn. */
function drawnPixels(): Promise<number> {
  return h.page.locator('.graph-canvas canvas').evaluateAll((canvases) =>
    canvases.reduce((sum, c) => {
      const canvas = c as HTMLCanvasElement;
      const ctx = canvas.getContext('2d');
      if (ctx === null || canvas.width === 0) return sum;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
      return sum + n;
    }, 0),
  );
}

describe('the actor-position graph', () => {
  it('renders every actor and relation', async () => {
    const { page } = h;
    const graph = await api<ActorsResponse>(h, `/api/studies/${h.e2e.studyId}/actors`);
    await page.goto(`${h.server.url}/#/actors?study=${h.e2e.studyId}`);
    const canvas = page.locator('.graph-canvas');
    await canvas.locator('canvas').first().waitFor();
    expect(Number(await canvas.getAttribute('data-nodes'))).toBe(graph.nodes.length);
    expect(Number(await canvas.getAttribute('data-edges'))).toBe(graph.edges.length);
    await expect.poll(drawnPixels, { timeout: 10_000 }).toBeGreaterThan(2000);
    const listed = await page.locator('.actor-list li button').count();
    expect(listed).toBe(graph.nodes.length);
    await page.waitForTimeout(200);
    await h.screenshot('actors');
  });

  it('filters by relation', async () => {
    const { page } = h;
    const enlists = await api<ActorsResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/actors?relation=enlists`,
    );
    await page.getByLabel('Relation', { exact: true }).selectOption('enlists');
    const canvas = page.locator('.graph-canvas');
    await expect.poll(() => canvas.getAttribute('data-edges')).toBe(String(enlists.edges.length));
    expect(await page.locator('.graph-legend').textContent()).toContain('Enlists');
    expect(await page.locator('.graph-legend').textContent()).not.toContain('Employed by');
    await page.getByLabel('Relation', { exact: true }).selectOption('');
  });

  it("shows an actor's work profile and excerpts", async () => {
    const { page } = h;
    const graph = await api<ActorsResponse>(h, `/api/studies/${h.e2e.studyId}/actors`);
    const actor = graph.nodes.find((n) => n.kind === 'informant');
    if (actor === undefined) throw new Error('no informant');
    const profile = await api<ActorProfileResponse>(
      h,
      `/api/studies/${h.e2e.studyId}/actors/${actor.id}/profile`,
    );
    await page
      .locator('.actor-list')
      .getByRole('button', { name: actor.label, exact: true })
      .click();
    const panel = page.locator('.actor-profile');
    await expect.poll(() => panel.locator('h2').textContent()).toBe(actor.label);
    await expect.poll(() => panel.locator('.excerpt').count()).toBe(profile.excerpts.length);
    await panel.locator('canvas').waitFor();
    expect(page.url()).toContain(`actor=${actor.id}`);
    await page.waitForTimeout(200);
    await h.screenshot('actors-profile');
    await page.keyboard.press('Escape');
    await page.locator('.actor-list').waitFor();
    expect(h.problems).toEqual([]);
  });
});
