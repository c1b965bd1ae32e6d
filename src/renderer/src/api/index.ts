// The renderer's one way to reach the core: `import { api } from './api'`.
// Inside Electron the preload has set window.api; in a browser (gmpw serve) the page talks HTTP to
// the server that served it.
import type { GmpwApi } from '../../../shared/contract';
import { createHttpClient } from './http-client';
import { createIpcClient } from './ipc-client';

/** 'browser' has no native dialogs: `system.pickPath` fails with code 'unavailable' there. */
export const apiMode: 'electron' | 'browser' = window.api ? 'electron' : 'browser';

export const api: GmpwApi = window.api ? createIpcClient(window.api) : createHttpClient({ EventSource: window.EventSource });

export { ApiError } from './errors';
