// Browser mode over the real core on a temporary data directory: the same handlers, store and
// event bus the app uses, reached through HTTP and SSE as the browser reaches them.
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/main/core';
import { startWebServer, type WebServer } from '../../../src/main/web/server';
import { rawRequest } from '../../support/http';
import { scratchDir } from '../../support/scratch';

let core: Core;
let server: WebServer;

beforeAll(async () => {
  const dataDir = scratchDir('gmpw-data-');
  const staticDir = scratchDir('gmpw-static-');
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
  core = await createCore({ dataDir });
  server = await startWebServer({ core, staticDir, port: 0 });
});
afterAll(async () => {
  await server.close();
  await core.close();
});

const call = async (name: string, input: unknown) => {
  const response = await rawRequest(server.port, {
    method: 'POST',
    path: `/api/${name}`,
    body: JSON.stringify(input),
    headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
  });
  return { status: response.status, outcome: JSON.parse(response.body) as { ok: boolean; value?: any; error?: any } };
};

describe('browser mode with the real core', () => {
  it('reports the Go toolchain', async () => {
    const { status, outcome } = await call('toolchain.info', {});
    expect(status).toBe(200);
    expect(outcome.ok).toBe(true);
    expect(outcome.value.goVersion).toMatch(/^go1\.\d+/);
  });

  it('lists an empty history on a fresh data directory', async () => {
    const { outcome } = await call('runs.list', {});
    expect(outcome).toMatchObject({ ok: true, value: { runs: [], total: 0 } });
  });

  it('answers 400 naming the field for invalid input', async () => {
    const { status, outcome } = await call('runs.list', { limit: 0 });
    expect(status).toBe(400);
    expect(outcome.error).toMatchObject({ field: 'limit', code: 'invalid' });
  });

  it('answers a missing run with an error, not a crash', async () => {
    const { status, outcome } = await call('runs.get', { id: 'does-not-exist' });
    expect(outcome.ok).toBe(false);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });

  it('says a file dialog is unavailable in browser mode', async () => {
    const { status, outcome } = await call('system.pickPath', { kind: 'file' });
    expect(status).toBe(501);
    expect(outcome.error).toMatchObject({ code: 'unavailable' });
  });

  it('streams the core bus as server-sent events', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { authorization: `Bearer ${server.token}`, host: `127.0.0.1:${server.port}` } }, (res) => {
        let body = '';
        res.once('data', () => core.events.emit('run.state', { runId: 'r9', state: 'running', exitCode: null, error: null }));
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8');
          if (body.includes('event: run.state')) {
            req.destroy();
            resolve(body);
          }
        });
      });
      req.on('error', (err) => (err.message === 'socket hang up' ? undefined : reject(err)));
      req.end();
    });
    expect(text).toContain('event: run.state\ndata: {"runId":"r9","state":"running","exitCode":null,"error":null}');
  });
});
