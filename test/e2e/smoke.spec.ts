// The app shell in a real browser over browser mode: login by URL, the renderer bundle under its
// CSP, commands and the event stream reached from the page, and the Go toolchain on screen.
import { execFileSync } from 'node:child_process';
import { expect, test } from './fixtures';

const goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();

// (The app fixture also fails the test on uncaught page errors and CSP violations.)
test('the app shell loads, logged in by the printed URL', async ({ gmpw, app, shot }) => {
  // The token left the address bar for a cookie.
  await expect(app).toHaveURL(new RegExp(`^${gmpw.origin}/(#.*)?$`));
  await expect(app).toHaveTitle('GMP Workbench');
  await expect(app.getByRole('navigation')).toContainText('Runs');
  await expect(app.getByRole('heading', { name: 'Runs', exact: true })).toBeVisible();
  await shot('shell');
});

// Chromium reports a resource it could not load (such as /favicon.ico when the page declares no
// icon) only as a console error, so that is where this looks.
test('the page loads every resource it asks for, the app icon included', async ({ page, gmpw }) => {
  const failed: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Failed to load resource/.test(msg.text())) failed.push(`${msg.location().url}: ${msg.text()}`);
  });
  const icon = page.waitForResponse((response) => /\/assets\/icon-[\w-]+\.svg$/.test(response.url()));
  await page.goto(gmpw.url);
  expect((await icon).status()).toBe(200);
  expect((await icon).headers()['content-type']).toBe('image/svg+xml');
  await expect(page.getByRole('heading', { name: 'Runs', exact: true })).toBeVisible();
  expect(failed).toEqual([]);
});

// The shell shows which Go the workbench found (toolchain.info) in an element with
// data-testid="toolchain-status", e.g. "go1.26.8", or what is wrong when Go is missing.
test('the shell shows the Go toolchain version', async ({ app }) => {
  await expect(app.getByTestId('toolchain-status')).toContainText(goVersion);
});

test('the page reaches commands and the event stream with its cookie alone', async ({ app }) => {
  const answer = await app.evaluate(async () => {
    const response = await fetch('/api/toolchain.info', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return { status: response.status, body: await response.json() };
  });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ ok: true, value: { ok: true, goVersion } });

  // The stream opens with the cookie alone (EventSource cannot send headers). Delivery of core
  // events is covered by test/unit/web and by the live-run flows.
  const stream = await app.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const source = new EventSource('/api/events');
        source.onopen = () => {
          source.close();
          resolve('open');
        };
        source.onerror = () => {
          source.close();
          resolve('error');
        };
      }),
  );
  expect(stream).toBe('open');
});

test('a page without the token gets nothing', async ({ browser, gmpw }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(gmpw.origin + '/');
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('open the URL printed by gmpw serve');
  await context.close();
});
