// The renderer's one way to reach the core: `import { api } from './api'`.
// Inside Electron the preload has set window.api; in a browser (gmpw serve) the page talks HTTP to
// the server that served it, with the token it was opened with.
import type { GmpwApi } from '../../../shared/contract';
import { ARTIFACT_PREFIX } from '../../../shared/transport';
import { takeBrowserToken } from './browser-token';
import { ApiError } from './errors';
import { createHttpClient } from './http-client';
import { createIpcClient } from './ipc-client';

/** 'browser' has no native dialogs: `system.pickPath` fails with code 'unavailable' there. */
export const apiMode: 'electron' | 'browser' = window.api ? 'electron' : 'browser';

const token = window.api ? null : takeBrowserToken(window.location, window.history, window.sessionStorage);

/** A browser page opened without the printed URL: the core would refuse every command. */
export const missingToken = apiMode === 'browser' && token === null;

export const api: GmpwApi = window.api ? createIpcClient(window.api) : createHttpClient({ token });

/**
 * A run's artifact as it is on the server (browser mode only): fetched with the token in its
 * header, since no cookie carries it, and handed back as a blob for the page to save.
 */
export async function fetchArtifact(runId: string, name: string): Promise<Blob> {
  const response = await fetch(`${ARTIFACT_PREFIX}${encodeURIComponent(runId)}/${encodeURIComponent(name)}`, {
    credentials: 'omit',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw new ApiError({ message: `${name}: ${response.status} ${(await response.text()).trim()}`, field: null, code: 'unavailable' });
  return response.blob();
}

export { ApiError } from './errors';
