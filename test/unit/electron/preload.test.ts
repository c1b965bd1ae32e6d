// The preload bridge against fake contextBridge and ipcRenderer objects.
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, EVENT_NAMES } from '../../../src/shared/contract';
import { commandChannel, eventChannel, type PreloadBridge } from '../../../src/shared/transport';
import { exposeBridge, type IpcRendererLike } from '../../../src/preload/bridge';

type RendererListener = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer() {
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<RendererListener>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, input) => {
      invoked.push([channel, input]);
      return { ok: true, value: 'answer' };
    },
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  // What Electron does when the main process sends: the raw IpcRendererEvent comes first.
  const emit = (channel: string, payload: unknown) => {
    const rawEvent = { sender: ipc, senderId: 0 };
    for (const listener of listeners.get(channel) ?? []) listener(rawEvent, payload);
  };
  return { ipc, invoked, listeners, emit };
}

function exposed(ipc: IpcRendererLike) {
  const worlds: Record<string, unknown> = {};
  exposeBridge({ exposeInMainWorld: (key, api) => { worlds[key] = api; } }, ipc);
  return worlds;
}

describe('preload bridge', () => {
  it('exposes only window.api, with keys exactly the contract commands and events', () => {
    const worlds = exposed(fakeIpcRenderer().ipc);
    expect(Object.keys(worlds)).toEqual(['api']);
    const api = worlds.api as PreloadBridge;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'subscribe']);
    expect(Object.keys(api.invoke).sort()).toEqual([...COMMAND_NAMES].sort());
    expect(Object.keys(api.subscribe).sort()).toEqual([...EVENT_NAMES].sort());
    for (const fn of [...Object.values(api.invoke), ...Object.values(api.subscribe)]) expect(typeof fn).toBe('function');
  });

  it('invokes each command on its own channel with the input as given', async () => {
    const fake = fakeIpcRenderer();
    const api = exposed(fake.ipc).api as PreloadBridge;
    await expect(api.invoke['runs.get']({ id: 'r1' })).resolves.toEqual({ ok: true, value: 'answer' });
    expect(fake.invoked).toEqual([[commandChannel('runs.get'), { id: 'r1' }]]);
  });

  it('passes subscribers the payload only (not the IpcRendererEvent) and unsubscribes', () => {
    const fake = fakeIpcRenderer();
    const api = exposed(fake.ipc).api as PreloadBridge;
    const received: unknown[][] = [];
    const off = api.subscribe['run.output']((...args: unknown[]) => received.push(args));
    fake.emit(eventChannel('run.output'), { runId: 'r1', data: 'x' });
    off();
    fake.emit(eventChannel('run.output'), { runId: 'r1', data: 'y' });
    expect(received).toEqual([[{ runId: 'r1', data: 'x' }]]);
    expect(fake.listeners.get(eventChannel('run.output'))?.size).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    const api = exposed(fakeIpcRenderer().ipc).api as PreloadBridge;
    expect(() => api.subscribe['runs.changed']('alert(1)' as never)).toThrow(/must be a function/);
  });
});
