// The renderer's browser-mode client against the real server: values come back as values, failures
// as ApiErrors carrying field and code, and events arrive on the token-carrying fetch stream.
import { writeFileSync } from 'node:fs';

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/main/core/events';
import { UserError } from '../../../src/main/core/errors';
import { startWebServer, type WebServer } from '../../../src/main/web/server';
import { ApiError } from '../../../src/renderer/src/api/errors';
import { createHttpClient } from '../../../src/renderer/src/api/http-client';
import { handlerTable } from '../../support/handler-table';
import { scratchDir } from '../../support/scratch';

const toolchain = { ok: true, goPath: '/usr/bin/go', goVersion: 'go1.26.0', message: null };
let server: WebServer;
const events = new EventBus();

beforeAll(async () => {
  const root = scratchDir('gmpw-client-');
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  const handlers = handlerTable({
    'toolchain.info': async () => toolchain,
    'runs.cancel': async ({ id }) => { throw new UserError(`run ${id} is not running`, 'id', 'conflict'); },
  });
  server = await startWebServer({ core: { handlers, events }, staticDir: root, port: 0 });
});
afterAll(() => server.close());

const client = () => createHttpClient({ baseUrl: `http://127.0.0.1:${server.port}`, token: server.token });

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

  /** Emits probes until the client shows it hears them: the stream is open. */
  const untilHeard = async (heard: () => boolean, probe: () => void) =>
    expect.poll(() => {
      probe();
      return heard();
    }).toBe(true);

  it('delivers events over the token-carrying stream, split across chunks, until unsubscribed', async () => {
    const api = client();
    const outputs: string[] = [];
    const off = api.subscribe('run.output', ({ runId, data }) => runId === 'r1' && outputs.push(data));
    let probes = 0;
    api.subscribe('runs.changed', () => probes++);
    await untilHeard(() => probes > 0, () => events.emit('runs.changed', {}));
    const big = 'x'.repeat(200_000); // arrives in many chunks
    events.emit('run.output', { runId: 'r1', data: 'first\nline' });
    events.emit('run.output', { runId: 'r1', data: big });
    await expect.poll(() => outputs.length).toBe(2);
    expect(outputs).toEqual(['first\nline', big]);
    off();
    // One ordered stream: once the probe sent after it arrives, 'after' would have arrived too.
    const seen = probes;
    events.emit('run.output', { runId: 'r1', data: 'after' });
    events.emit('runs.changed', {});
    await expect.poll(() => probes).toBeGreaterThan(seen);
    expect(outputs).toHaveLength(2);
  });

  it('does not open the stream without the token', async () => {
    const anonymous = createHttpClient({ baseUrl: `http://127.0.0.1:${server.port}` });
    let heard = 0;
    const off = anonymous.subscribe('runs.changed', () => heard++);
    const authorised = client();
    let probes = 0;
    const offProbe = authorised.subscribe('runs.changed', () => probes++);
    await untilHeard(() => probes > 0, () => events.emit('runs.changed', {}));
    expect(heard).toBe(0);
    off();
    offProbe();
  });
});
