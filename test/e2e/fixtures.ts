// Playwright fixtures for browser-mode tests. Import { test, expect } from here:
//   gmpw   a `gmpw serve` of this worker (own port, own data directory), shared by its tests;
//   app    a page already logged in (the printed URL opened, its token kept by the page); the
//          test fails if the page throws an uncaught error or the CSP blocks anything;
//   shot   shot('name') saves a full-page screenshot to artifacts/screenshots/<test>-name.png;
//          shot('name', locator) saves that element only.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { startGmpwServe, type GmpwServer } from './gmpw-serve';

const screenshots = resolve(__dirname, '..', '..', 'artifacts', 'screenshots');

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The `gmpw` worker fixture; a spec that re-declares it with this gets a worker (and a history) of its own. */
export const gmpwServeFixture: [(args: object, use: (server: GmpwServer) => Promise<void>) => Promise<void>, { scope: 'worker'; timeout: number }] = [
  async ({}, use) => {
    const server = await startGmpwServe();
    await use(server);
    await server.stop();
  },
  { scope: 'worker', timeout: 240_000 },
];

/**
 * The page opened on a server's printed URL, failing the test if the page throws or the CSP blocks
 * anything (listening before the first load: a CSP that blocks part of the bundle shows up there).
 */
export async function openApp(page: Page, url: string, use: (page: Page) => Promise<void>): Promise<void> {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('console', (msg) => {
    if (/Content[- ]Security[- ]Policy/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
  });
  await page.goto(url);
  await use(page);
  expect(problems, 'errors in the page').toEqual([]);
}

export const test = base.extend<{ app: Page; shot: (name: string, element?: Locator) => Promise<void> }, { gmpw: GmpwServer }>({
  gmpw: gmpwServeFixture,
  app: async ({ page, gmpw }, use) => openApp(page, gmpw.url, use),
  shot: async ({ page }, use, testInfo) => {
    mkdirSync(screenshots, { recursive: true });
    await use(async (name, element) => {
      const path = join(screenshots, `${slug(testInfo.titlePath.slice(1).join(' '))}-${slug(name)}.png`);
      await (element ? element.screenshot({ path }) : page.screenshot({ path, fullPage: true }));
    });
  },
});

/**
 * `test` whose page talks to a server of its own, started for the one test: for specs that count
 * the runs in the history, which other specs of the same worker fill otherwise.
 */
export const testWithOwnHistory = test.extend({
  app: async ({ page }, use) => {
    const server = await startGmpwServe();
    try {
      await openApp(page, server.url, use);
    } finally {
      await server.stop();
    }
  },
});

export { expect };
