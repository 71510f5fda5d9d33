import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, ConsoleMessage, Page, Request } from 'playwright-core';
import { beforeEach } from 'vitest';
import {
  createExplorerServer,
  type ExplorerLogEntry,
  type ExplorerServer,
} from '@iwa/explorer-server';
import { UI_DIR } from '../src/build-ui.ts';
import { createE2eData } from './explorer-data-factory.ts';
import type { E2eData } from './explorer-data-factory.ts';

/** Debian's Chromium (`apt-get install chromium`); Playwright's own browsers are not used. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Screenshots land here (gitignored). */
export const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));

export interface Harness {
  server: ExplorerServer;
  e2e: E2eData;
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  /** Dialogs (alert/confirm) the page opened: an injected script would open one. */
  dialogs: string[];
  logs: ExplorerLogEntry[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the explorer on a free port and Chromium with a fresh profile, at 1280×800. */
export async function startHarness(options: { writeToken?: string } = {}): Promise<Harness> {
  const e2e = await createE2eData();
  const logs: ExplorerLogEntry[] = [];
  const server = await createExplorerServer({
    data: e2e.data,
    host: '127.0.0.1',
    port: 0,
    checkResponses: true,
    uiDir: UI_DIR,
    logger: (entry) => logs.push(entry),
    ...(options.writeToken === undefined ? {} : { writeToken: options.writeToken }),
  });
  const profile = await mkdtemp(join(tmpdir(), 'iwa-explorer-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    // Failed loads are reported with their URL by the response listener below.
    if (msg.text().startsWith('Failed to load resource')) return;
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('response', (res) => {
    const path = new URL(res.url()).pathname;
    // Chromium asks for /favicon.ico by itself when it shows a non-HTML page.
    if (res.status() >= 400 && path !== '/favicon.ico')
      problems.push(`http ${res.status()} ${path}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  const pending = new Map<Request, number>();
  page.on('request', (req) => pending.set(req, Date.now()));
  page.on('requestfinished', (req) => pending.delete(req));
  page.on('requestfailed', (req) => pending.delete(req));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await mkdir(RESULTS_DIR, { recursive: true });
  current = {
    page,
    logs,
    problems,
    pending: () =>
      [...pending].map(([req, at]) => `${req.method()} ${req.url()} (${Date.now() - at} ms)`),
  };
  return {
    server,
    e2e,
    context,
    page,
    problems,
    dialogs,
    logs,
    async screenshot(name) {
      const path = join(RESULTS_DIR, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async close() {
      await context.close();
      await server.close();
      await e2e.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** What a failed test reports about the page of the file's harness. */
let current:
  { page: Page; logs: ExplorerLogEntry[]; problems: string[]; pending: () => string[] } | undefined;

// A failed browser test says what the page showed and waited for: its address and text, the
// requests still open, the server's last requests and a screenshot (failed-<test>.png).
beforeEach(({ task, onTestFailed }) => {
  onTestFailed(async () => {
    if (current === undefined || current.page.isClosed()) return;
    const { page } = current;
    const name = task.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);
    const shot = join(RESULTS_DIR, `failed-${name}.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    const text = await page
      .locator('body')
      .innerText({ timeout: 2_000 })
      .catch((e: unknown) => `(no text: ${String(e)})`);
    const served = current.logs
      .slice(-15)
      .map((l) => `${l.method} ${l.path} ${l.status ?? l.errorCode ?? ''} ${l.ms ?? ''} ms`);
    process.stderr.write(
      [
        `[e2e] "${task.name}" failed at ${page.url()}`,
        `  page text: ${text.replace(/\s+/g, ' ').slice(0, 600)}`,
        `  requests still open: ${current.pending().join('; ') || 'none'}`,
        `  the server's last requests: ${served.join('; ') || 'none'}`,
        `  problems: ${current.problems.join('; ') || 'none'}`,
        `  screenshot: ${shot}`,
        '',
      ].join('\n'),
    );
  });
});

/** Fetches JSON from the running explorer, as the page would. */
export async function api<T>(h: Harness, path: string): Promise<T> {
  const res = await fetch(`${h.server.url}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}
