// Browser mode's HTTP adapter on a real server: who gets in, how commands and errors travel, the
// event stream, and static files. The core here is a handler table; web-core.test.ts runs a real one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/main/core/events';
import { MAX_BODY_BYTES } from '../../../src/main/web/commands';
import { MAX_BUFFERED_BYTES } from '../../../src/main/web/event-stream';
import { startWebServer, type WebServer } from '../../../src/main/web/server';
import { RENDERER_CSP } from '../../../src/main/renderer-files';
import { handlerTable } from '../../support/handler-table';
import { rawRequest } from '../../support/http';
import { scratchDir } from '../../support/scratch';

const toolchain = { ok: true, goPath: '/usr/bin/go', goVersion: 'go1.26.0', message: null };
const events = new EventBus();
let server: WebServer;
let auth: Record<string, string>;
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  const root = join(scratchDir('gmpw-web-'), 'renderer');
  mkdirSync(root);
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>GMP Workbench</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'export {}');
  writeFileSync(join(root, '..', 'secret.txt'), 'SECRET');
  server = await startWebServer({ core: { handlers: handlerTable({ 'toolchain.info': async () => toolchain }), events }, staticDir: root, port: 0 });
  auth = { authorization: `Bearer ${server.token}`, host: `127.0.0.1:${server.port}` };
});
afterAll(() => server.close());

const host = () => `127.0.0.1:${server.port}`;
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  rawRequest(server.port, { method: 'POST', path, body, headers: { ...auth, ...json, ...headers } });

describe('access', () => {
  it('prints a loopback URL carrying a long random token in its fragment, which is never sent', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=[A-Za-z0-9_-]{32}$`));
  });

  it('refuses commands and the event stream without the token', async () => {
    expect((await rawRequest(server.port, { method: 'POST', path: '/api/toolchain.info', headers: { host: host(), ...json }, body: '{}' })).status).toBe(401);
    expect((await rawRequest(server.port, { path: '/api/events', headers: { host: host() } })).status).toBe(401);
  });

  it('refuses a wrong token', async () => {
    expect((await post('/api/toolchain.info', '{}', { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await post('/api/toolchain.info', '{}', { authorization: `Bearer ${server.token}x` })).status).toBe(401);
  });

  it('takes the token from the Authorization header only, never from a cookie or the query, and sets no cookie', async () => {
    const noAuth = { host: host(), ...json };
    for (const cookie of [`gmpw_${server.port}=${server.token}`, `gmpw=${server.token}`, `token=${server.token}`]) {
      const call = await rawRequest(server.port, { method: 'POST', path: '/api/toolchain.info', body: '{}', headers: { ...noAuth, cookie } });
      expect(call.status, cookie).toBe(401);
    }
    const byQuery = await rawRequest(server.port, { method: 'POST', path: `/api/toolchain.info?token=${server.token}`, body: '{}', headers: noAuth });
    expect(byQuery.status).toBe(401);
    const page = await rawRequest(server.port, { path: `/?token=${server.token}`, headers: { host: host() } });
    expect(page.headers['set-cookie']).toBeUndefined();
  });

  it('serves the renderer bundle, which holds no secret, without the token', async () => {
    const page = await rawRequest(server.port, { path: '/', headers: { host: host() } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('GMP Workbench');
  });

  it.each(['evil.example', `evil.example:${0}`, '127.0.0.1:1', 'localhost', '[::1]'])('refuses Host %s even with the token', async (badHost) => {
    const response = await post('/api/toolchain.info', '{}', { host: badHost.replace(':0', `:${server.port}`) });
    expect(response.status).toBe(403);
    expect(response.body).toMatch(/Host/);
  });

  it('accepts localhost:PORT as Host', async () => {
    expect((await post('/api/toolchain.info', '{}', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses a cross-origin caller', async () => {
    expect((await post('/api/toolchain.info', '{}', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/api/toolchain.info', '{}', { origin: `http://${host()}` })).status).toBe(200);
  });
});

describe('commands', () => {
  it('answers a command with the Outcome envelope', async () => {
    const response = await post('/api/toolchain.info', '{}');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(response.body)).toEqual({ ok: true, value: toolchain });
  });

  it('rejects invalid input with 400 and the field named, before the handler runs', async () => {
    const response = await post('/api/runs.get', JSON.stringify({ id: 'no spaces allowed' }));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { field: 'id', code: 'invalid' } });
  });

  it('maps handler errors to statuses by code', async () => {
    const response = await post('/api/system.pickPath', JSON.stringify({ kind: 'file' }));
    // The stub table throws a plain Error here: an internal failure.
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('rejects malformed requests with the right status', async () => {
    expect((await post('/api/no.such', '{}')).status).toBe(404);
    expect((await rawRequest(server.port, { path: '/api/toolchain.info', headers: auth })).status).toBe(405);
    expect((await post('/api/toolchain.info', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    const badJson = await post('/api/toolchain.info', '{nope');
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('refuses bodies over the limit with 413', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) });
    expect((await post('/api/toolchain.info', big)).status).toBe(413);
  });

  it('refuses a chunked body that grows over the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/toolchain.info', headers: { ...auth, ...json } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      for (let sent = 0; sent <= MAX_BODY_BYTES; sent += chunk.length) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });
});

describe('static files', () => {
  it('serves the renderer with the CSP header', async () => {
    const page = await rawRequest(server.port, { path: '/', headers: auth });
    expect(page.status).toBe(200);
    expect(page.body).toContain('GMP Workbench');
    expect(page.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const script = await rawRequest(server.port, { path: '/assets/app.js', headers: auth });
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('stays inside the renderer folder', async () => {
    // A file next to the renderer folder, reachable only by climbing out of it.
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/assets/missing.js']) {
      const response = await rawRequest(server.port, { path, headers: auth });
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('SECRET');
    }
  });

  it('reads a path that starts with // as a path, not as a host: the page, not a 500', async () => {
    const page = await rawRequest(server.port, { path: '//', headers: auth });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    // Nor is "//api/…" the API: a file path, which takes no POST.
    const api = await rawRequest(server.port, { method: 'POST', path: '//api/runs.list', body: '{}', headers: { ...auth, ...json } });
    expect(api.status).toBe(405);
  });

  it('answers 405 to other methods', async () => {
    const response = await rawRequest(server.port, { method: 'DELETE', path: '/index.html', headers: auth });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });
});

describe('event stream', () => {
  it('delivers core events as server-sent events until the client leaves', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: auth }, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('event: runs.changed')) {
            req.destroy();
            resolve(text);
          }
        });
        // The stream is open once its first bytes (the retry hint) arrive.
        res.once('data', () => {
          events.emit('run.output', { runId: 'r1', data: 'line 1\n' });
          events.emit('runs.changed', {});
        });
      });
      req.on('error', (err) => (err.message === 'socket hang up' ? undefined : reject(err)));
      req.end();
    });
    expect(received).toContain(`event: run.output\ndata: ${JSON.stringify({ runId: 'r1', data: 'line 1\n' })}\n\n`);
    expect(received).toContain('event: runs.changed\ndata: {}\n\n');
  });

  it('cuts off a client that stops reading instead of buffering without bound', async () => {
    const cutOff = await new Promise<boolean>((resolve) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: auth }, (res) => {
        res.once('data', () => {
          res.pause(); // a frozen tab
          const chunk = 'x'.repeat(1024 * 1024);
          for (let i = 0; i < 3 * (MAX_BUFFERED_BYTES / chunk.length); i++) events.emit('run.output', { runId: 'r1', data: chunk });
        });
        res.on('close', () => resolve(true));
      });
      req.on('error', () => resolve(true));
      setTimeout(() => resolve(false), 10_000);
      req.end();
    });
    expect(cutOff).toBe(true);
  });

  it('only accepts GET', async () => {
    expect((await post('/api/events', '{}')).status).toBe(405);
  });
});
