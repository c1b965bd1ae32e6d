// The renderer's one way to reach the core: `import { api } from './api'`.
// Inside Electron the preload has set window.api; in a browser (gmpw serve) the page talks HTTP to
// the server that served it, with the token it was opened with.
import type { GmpwApi } from '../../../shared/contract';
import { takeBrowserToken } from './browser-token';
import { createHttpClient } from './http-client';
import { createIpcClient } from './ipc-client';

/** 'browser' has no native dialogs: `system.pickPath` fails with code 'unavailable' there. */
export const apiMode: 'electron' | 'browser' = window.api ? 'electron' : 'browser';

const token = window.api ? null : takeBrowserToken(window.location, window.history, window.sessionStorage);

/** A browser page opened without the printed URL: the core would refuse every command. */
export const missingToken = apiMode === 'browser' && token === null;

export const api: GmpwApi = window.api ? createIpcClient(window.api) : createHttpClient({ token });

export { ApiError } from './errors';
