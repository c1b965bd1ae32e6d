// The renderer's browser-mode client against the real server: values come back as values, failures
// as ApiErrors carrying field and code. (Its event subscription needs a browser EventSource and is
// covered by the Playwright smoke test.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/main/core/events';
import { UserError } from '../../../src/main/core/errors';
import { startWebServer, type WebServer } from '../../../src/main/web/server';
import { ApiError } from '../../../src/renderer/src/api/errors';
import { createHttpClient } from '../../../src/renderer/src/api/http-client';
import { handlerTable } from '../../support/handler-table';

const toolchain = { ok: true, goPath: '/usr/bin/go', goVersion: 'go1.26.0', message: null };
let server: WebServer;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'gmpw-client-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  const handlers = handlerTable({
    'toolchain.info': async () => toolchain,
    'runs.cancel': async ({ id }) => { throw new UserError(`run ${id} is not running`, 'id', 'conflict'); },
  });
  server = await startWebServer({ core: { handlers, events: new EventBus() }, staticDir: root, port: 0 });
});
afterAll(() => server.close());

const client = () => createHttpClient({ baseUrl: `http://127.0.0.1:${server.port}`, headers: { authorization: `Bearer ${server.token}` } });

describe('http client', () => {
  it('returns the command output', async () => {
    expect(await client().invoke('toolchain.info', {})).toEqual(toolchain);
  });

  it('throws ApiError with field and code for invalid input and handler refusals', async () => {
    const invalid = await client().invoke('runs.get', { id: 'a b' }).catch((err: unknown) => err);
    expect(invalid).toBeInstanceOf(ApiError);
    expect(invalid).toMatchObject({ field: 'id', code: 'invalid' });
    const refused = await client().invoke('runs.cancel', { id: 'r1' }).catch((err: unknown) => err);
    expect(refused).toMatchObject({ message: 'run r1 is not running', field: 'id', code: 'conflict' });
  });

  it('turns the server refusing access into an ApiError with the HTTP status', async () => {
    const anonymous = createHttpClient({ baseUrl: `http://127.0.0.1:${server.port}` });
    const err = await anonymous.invoke('toolchain.info', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/^HTTP 401/);
  });

  it('needs an EventSource to subscribe', () => {
    expect(() => client().subscribe('runs.changed', () => undefined)).toThrow(/EventSource/);
  });
});
