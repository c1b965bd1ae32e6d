// The app shell in a real browser over browser mode: login by URL, the renderer bundle under its
// CSP, commands and the event stream reached from the page with its token, and the Go toolchain on screen.
import { execFileSync } from 'node:child_process';
import { expect, test } from './fixtures';

const goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();

// (The app fixture also fails the test on uncaught page errors and CSP violations.)
test('the app shell loads, logged in by the printed URL', async ({ gmpw, app, shot }) => {
  // The token left the address bar (and the history) for the page's session storage.
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

test('the page reaches commands and the event stream with its token, and only with it', async ({ app }) => {
  const answer = await app.evaluate(async () => {
    const call = (headers: Record<string, string>) =>
      fetch('/api/toolchain.info', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    const withToken = await call({ authorization: `Bearer ${sessionStorage.getItem('gmpw-token')}` });
    const without = await call({});
    return { status: withToken.status, body: await withToken.json(), without: without.status, cookies: document.cookie };
  });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ ok: true, value: { ok: true, goVersion } });
  expect(answer.without).toBe(401);
  expect(answer.cookies).toBe('');

  // The stream opens with the token in a header (read through fetch). Delivery of core events is
  // covered by test/unit/web and by the live-run flows.
  const stream = await app.evaluate(async () => {
    const abort = new AbortController();
    const response = await fetch('/api/events', { headers: { authorization: `Bearer ${sessionStorage.getItem('gmpw-token')}` }, signal: abort.signal });
    const first = await response.body!.getReader().read();
    abort.abort();
    return { status: response.status, first: new TextDecoder().decode(first.value) };
  });
  expect(stream).toEqual({ status: 200, first: 'retry: 2000\n\n' });
});

test('a page opened without the token is told where to find it, and reaches no command', async ({ browser, gmpw }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(gmpw.origin + '/');
  await expect(page.getByTestId('missing-token')).toContainText('Open the URL printed by gmpw serve');
  const status = await page.evaluate(async () => (await fetch('/api/runs.list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
  expect(status).toBe(401);
  await context.close();
});
