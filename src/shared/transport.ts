// What the adapters agree on beyond the contract: the Electron IPC channel names, the HTTP paths of
// browser mode, and the envelope a command's outcome travels in. Errors are carried as values, not
// thrown, because Electron's ipcMain.handle keeps only an Error's message (electron#24427) and the
// renderer needs the CommandError's field and code to point at the offending input.
import type { CommandError, CommandInput, CommandName, CommandOutput, EventName, EventPayload } from './contract';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: CommandError };

export const commandChannel = (name: CommandName): string => `gmpw:command:${name}`;
export const eventChannel = (name: EventName): string => `gmpw:event:${name}`;

/** Browser mode: POST API_PREFIX + command name; GET EVENTS_PATH is the server-sent event stream. */
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';
/** Browser mode: GET ARTIFACT_PREFIX + run id + '/' + artifact name downloads that file of the run. */
export const ARTIFACT_PREFIX = '/api/artifact/';

/**
 * What the preload exposes as window.api: one function per command and one subscription per event,
 * keyed exactly by the contract's names, so the renderer can reach nothing else in the main process.
 */
export interface PreloadBridge {
  invoke: { [N in CommandName]: (input: CommandInput<N>) => Promise<Outcome<CommandOutput<N>>> };
  subscribe: { [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void };
}
