// Electron IPC adapter: one ipcMain.handle channel per contract command. Every call is checked
// for its sender (our main frame on our origin, docs/DESKTOP.md §2), then goes through the same
// dispatch() as the other adapters, which parses the input with the contract's schema.
import { COMMAND_NAMES, EVENT_NAMES, type CommandError } from '../../shared/contract';
import { commandChannel, eventChannel, type Outcome } from '../../shared/transport';
import type { EventBus } from '../core';
import { dispatchOutcome } from '../core/handlers/outcome';
import type { HandlerTable } from '../core/handlers/types';
import type { UrlPolicy } from './app-url';

/** The parts of Electron's types used here, so tests can pass plain fakes. */
export interface SenderFrameLike {
  url: string;
  parent: unknown;
}
export interface InvokeEventLike {
  senderFrame: SenderFrameLike | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}
export interface WebContentsLike {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

function isTrustedSender(event: InvokeEventLike, isAppUrl: UrlPolicy): boolean {
  const frame = event.senderFrame;
  // A destroyed frame (null) or an embedded frame is never the app itself.
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

const FORBIDDEN: CommandError = { message: 'IPC from an untrusted frame was refused', field: null, code: 'forbidden' };

/** Registers every command; returns a function that removes the handlers again. */
export function registerIpc(ipcMain: IpcMainLike, handlers: HandlerTable, isAppUrl: UrlPolicy): () => void {
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(commandChannel(name), async (event, raw): Promise<Outcome<unknown>> => {
      if (!isTrustedSender(event, isAppUrl)) return { ok: false, error: FORBIDDEN };
      return dispatchOutcome(handlers, name, raw);
    });
  }
  return () => COMMAND_NAMES.forEach((name) => ipcMain.removeHandler(commandChannel(name)));
}

/** Sends every core event to every live window; returns the unsubscribe. */
export function forwardEvents(events: EventBus, targets: () => WebContentsLike[]): () => void {
  return events.onAny((name, payload) => {
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(eventChannel(name), payload);
  }, EVENT_NAMES);
}
