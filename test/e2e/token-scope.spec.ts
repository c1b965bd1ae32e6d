// The browser-mode token reaches this server only. Browsers scope cookies by host, not by port, so
// a token kept in a cookie was also sent to every other service on 127.0.0.1 the user visited.
// A second loopback listener records everything it is sent while the page is logged in.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';

test('another service on 127.0.0.1 receives no token', async ({ app, gmpw, context }) => {
  const received: string[] = [];
  const other = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${body}`);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other</title>');
    });
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherPort = (other.address() as AddressInfo).port;
  try {
    // Logged in and talking to the core (commands and the event stream are up).
    await expect(app.getByRole('heading', { name: 'Runs', exact: true })).toBeVisible();
    const token = new URL(gmpw.url.replace('#', '?')).searchParams.get('token')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);

    // The same browser visits the other service by both loopback names. (The workbench page itself
    // cannot call it: its CSP allows connections to its own origin only.)
    const visitor = await context.newPage();
    for (const host of ['127.0.0.1', 'localhost']) await visitor.goto(`http://${host}:${otherPort}/visit`);

    expect(received.length).toBeGreaterThanOrEqual(2);
    for (const request of received) expect(request).not.toContain(token);
  } finally {
    await new Promise((resolve) => other.close(resolve));
  }
});
