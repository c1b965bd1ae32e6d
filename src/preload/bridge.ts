// window.api, generated from the contract: one invoke function per command and one subscribe
// function per event, each bound to its own channel. The renderer never gets ipcRenderer itself,
// nor the IpcRendererEvent (whose `sender` would hand it the raw IPC object: docs/DESKTOP.md §2).
import { COMMAND_NAMES, EVENT_NAMES } from '../shared/contract';
import { commandChannel, eventChannel, type PreloadBridge } from '../shared/transport';

/** The parts of Electron's ipcRenderer and contextBridge used here (tests pass fakes). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}
export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

function createBridge(ipc: IpcRendererLike): PreloadBridge {
  const invoke = Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, (input: unknown) => ipc.invoke(commandChannel(name), input)]),
  );
  const subscribe = Object.fromEntries(
    EVENT_NAMES.map((name) => [
      name,
      (listener: (payload: unknown) => void) => {
        if (typeof listener !== 'function') throw new TypeError(`subscribe.${name}: listener must be a function`);
        const forward = (_event: unknown, payload: unknown): void => listener(payload);
        ipc.on(eventChannel(name), forward);
        return () => {
          ipc.removeListener(eventChannel(name), forward);
        };
      },
    ]),
  );
  return { invoke, subscribe } as PreloadBridge;
}

export function exposeBridge(contextBridge: ContextBridgeLike, ipc: IpcRendererLike): void {
  contextBridge.exposeInMainWorld('api', createBridge(ipc));
}
