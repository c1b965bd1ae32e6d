// The Electron IPC adapter with fake ipcMain and web contents: which senders are trusted, how input
// is validated, and how core events reach the windows.
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../src/shared/contract';
import { commandChannel, eventChannel, type Outcome } from '../../../src/shared/transport';
import { EventBus } from '../../../src/main/core/events';
import { createUrlPolicy } from '../../../src/main/electron/app-url';
import { forwardEvents, registerIpc, type InvokeEventLike, type IpcMainLike } from '../../../src/main/electron/ipc';
import { handlerTable } from '../../support/handler-table';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => handlers.delete(channel),
  };
  const call = (channel: string, frame: InvokeEventLike['senderFrame'], input: unknown) => {
    const listener = handlers.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener({ senderFrame: frame }, input) as Promise<Outcome<unknown>>;
  };
  return { ipc, handlers, call };
}

const appFrame = { url: 'app://gmpw/index.html', parent: null };
const toolchain = { ok: true, goPath: '/usr/bin/go', goVersion: 'go1.26.0', message: null };

describe('registerIpc', () => {
  const setup = () => {
    const fake = fakeIpcMain();
    const unregister = registerIpc(fake.ipc, handlerTable({ 'toolchain.info': async () => toolchain }), createUrlPolicy());
    return { ...fake, unregister };
  };

  it('registers one channel per contract command and removes them all again', () => {
    const { handlers, unregister } = setup();
    expect([...handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('answers the app main frame through the core handler', async () => {
    const { call } = setup();
    expect(await call(commandChannel('toolchain.info'), appFrame, {})).toEqual({ ok: true, value: toolchain });
  });

  it.each([
    ['a foreign origin', { url: 'https://evil.example/index.html', parent: null }],
    ['a look-alike host', { url: 'app://gmpw.evil/index.html', parent: null }],
    ['a file:// page', { url: 'file:///work/main/out/renderer/index.html', parent: null }],
    ['a subframe of the app', { url: 'app://gmpw/index.html', parent: { url: 'app://gmpw/index.html' } }],
    ['a destroyed frame', null],
  ])('refuses %s without reaching the handler', async (_label, frame) => {
    const { call } = setup();
    const outcome = await call(commandChannel('toolchain.info'), frame, {});
    expect(outcome).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden' }) });
  });

  it('rejects invalid input naming the field, before any handler runs', async () => {
    const { call } = setup();
    // runs.get has no override: reaching it would fail with "unexpected call", not a field error.
    const outcome = await call(commandChannel('runs.get'), appFrame, { id: '../../etc/passwd' });
    expect(outcome).toMatchObject({ ok: false, error: { field: 'id', code: 'invalid' } });
  });

  it('rejects unknown fields of a strict input', async () => {
    const { call } = setup();
    const outcome = await call(commandChannel('toolchain.info'), appFrame, { extra: 1 });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('trusts the Vite dev server only when told to', async () => {
    const fake = fakeIpcMain();
    registerIpc(fake.ipc, handlerTable({ 'toolchain.info': async () => toolchain }), createUrlPolicy('http://localhost:5173/'));
    const dev = { url: 'http://localhost:5173/', parent: null };
    expect(await fake.call(commandChannel('toolchain.info'), dev, {})).toMatchObject({ ok: true });
    const otherPort = { url: 'http://localhost:5174/', parent: null };
    expect(await fake.call(commandChannel('toolchain.info'), otherPort, {})).toMatchObject({ ok: false });
  });
});

describe('forwardEvents', () => {
  it('sends each core event on its channel to live windows only, until stopped', () => {
    const bus = new EventBus();
    const sent: Array<[string, unknown]> = [];
    const live = { isDestroyed: () => false, send: (channel: string, payload: unknown) => sent.push([channel, payload]) };
    const dead = { isDestroyed: () => true, send: () => { throw new Error('sent to a destroyed window'); } };
    const stop = forwardEvents(bus, () => [live, dead]);

    bus.emit('run.output', { runId: 'r1', data: 'hello' });
    bus.emit('runs.changed', {});
    stop();
    bus.emit('runs.changed', {});

    expect(sent).toEqual([
      [eventChannel('run.output'), { runId: 'r1', data: 'hello' }],
      [eventChannel('runs.changed'), {}],
    ]);
  });
});
