// The Electron security checklist (docs/DESKTOP.md §2) for what cannot be set in webPreferences:
// navigation, new windows, webviews, permissions and outgoing requests.
import type { UrlPolicy } from './app-url';

/** The subset of Electron's WebContents used here (tests pass a fake). */
/** Electron puts the target URL on the event; the positional argument is deprecated but still sent. */
export type NavigationEvent = { preventDefault(): void; url?: string };

export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: NavigationEvent, url?: string) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface HardenableSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean): void;
  webRequest: {
    onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
  };
}

/** Items 13, 14 and 12: stay on the app's own pages, open no windows, attach no webviews. */
export function hardenWebContents(contents: HardenableContents, isAppUrl: UrlPolicy): void {
  const stayHome = (event: NavigationEvent, url?: string): void => {
    const target = event.url ?? url;
    if (target === undefined || !isAppUrl(target)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Schemes a page may load besides the app itself: inline data and the DevTools front end. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'devtools:']);

export function isAllowedRequest(url: string, isAppUrl: UrlPolicy): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (LOCAL_SCHEMES.has(parsed.protocol)) return true;
  // The Vite dev server's hot-reload socket is its own origin over ws:, trusted when its http: is.
  if (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') parsed.protocol = parsed.protocol === 'ws:' ? 'http:' : 'https:';
  return isAppUrl(parsed.href);
}

/**
 * The one permission the app uses: writing plain text to the clipboard (the Copy buttons). Chromium
 * asks for it even on a user gesture; reading the clipboard stays denied.
 */
const GRANTED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** Item 5 (Electron grants every permission by default) and item 1 (no remote content at all). */
export function hardenSession(session: HardenableSession, isAppUrl: UrlPolicy): void {
  const allowed = (permission: string, url: string | undefined) => GRANTED_PERMISSIONS.has(permission) && url !== undefined && isAppUrl(url);
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(allowed(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, isAppUrl) }));
}
