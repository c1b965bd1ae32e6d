// Every contract input through the HTTP adapter, as fast-check makes them: the same promises as
// through dispatch() (no crash, nothing written on failure, the field of an invalid input named),
// carried by the right status, and bodies that are not JSON at all refused as such.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandName } from '../../../src/shared/contract';
import { statusFor } from '../../../src/main/web/commands';
import { startWebServer, type WebServer } from '../../../src/main/web/server';
import { commandNames, fuzzedInput, historySnapshot, openFuzzCore, type FuzzCore } from '../../support/contract-fuzz';
import { rawRequest } from '../../support/http';

let fuzz: FuzzCore;
let server: WebServer;
beforeAll(async () => {
  fuzz = await openFuzzCore();
  server = await startWebServer({ core: fuzz.core, staticDir: fuzz.dataDir, port: 0 });
});
afterAll(async () => {
  await server.close();
  await fuzz.close();
});

const post = (name: string, body: string) =>
  rawRequest(server.port, {
    method: 'POST',
    path: `/api/${name}`,
    body,
    headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
  });

describe.each(commandNames)('%s over HTTP', (name: CommandName) => {
  it('answers every input with an Outcome and its status, never 500, writing nothing on failure', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzedInput(fuzz.valid[name]), async ({ input }) => {
        const before = historySnapshot(fuzz.dataDir);
        const response = await post(name, JSON.stringify(input));
        expect(response.status).not.toBe(500);
        const outcome = JSON.parse(response.body) as { ok: boolean; error?: { code: string; field: string | null; message: string } };
        if (outcome.ok) {
          expect(response.status).toBe(200);
          return;
        }
        const { code, field, message } = outcome.error!;
        expect(response.status, message).toBe(statusFor(outcome.error!));
        if (code === 'invalid' && input !== null && typeof input === 'object' && !Array.isArray(input)) expect(field, message).not.toBeNull();
        expect(historySnapshot(fuzz.dataDir)).toBe(before);
      }),
      { numRuns: 25 },
    );
  });
});

describe('bodies that are not JSON', () => {
  const notJson = (s: string) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  };

  it('are refused with 400 naming the problem, whatever they hold (an empty body is no input)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...commandNames), fc.string({ maxLength: 200 }).filter((s) => s.trim() !== '' && notJson(s)), async (name, body) => {
        const response = await post(name, body);
        expect(response.status).toBe(400);
        expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'invalid' } });
      }),
      { numRuns: 100 },
    );
  });
});

describe('statuses', () => {
  it('carries each code by its status: a state that forbids the command is a conflict (409)', () => {
    const status = (code: string) => statusFor({ message: '', field: null, code });
    expect(['invalid', 'not-found', 'active', 'exists', 'illegal-transition', 'unavailable', 'internal', 'disk-full'].map(status)).toEqual([400, 404, 409, 409, 409, 501, 500, 422]);
  });

  it('answers a host added twice with 409 and code exists', async () => {
    const host = JSON.stringify({ name: 'twice', destination: 'me@twice.example' });
    expect((await post('hosts.add', host)).status).toBe(200);
    const again = await post('hosts.add', host);
    expect(again.status).toBe(409);
    expect(JSON.parse(again.body)).toMatchObject({ ok: false, error: { code: 'exists', field: 'name' } });
    expect((await post('hosts.rm', JSON.stringify({ name: 'twice' }))).status).toBe(200);
  });
});
