// The one origin the window may show and the IPC adapter may trust. The renderer is served from
// app://gmpw (not file://, where an XSS could read any file: docs/DESKTOP.md §2); during
// `electron-vite dev` it comes from the Vite dev server, which is trusted only in an unpackaged app.
export const APP_SCHEME = 'app';
export const APP_HOST = 'gmpw';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export type UrlPolicy = (url: string) => boolean;

export function createUrlPolicy(devServerUrl?: string): UrlPolicy {
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    // Compare parts, never prefixes: 'app://gmpw.evil' must not pass. A custom scheme's URL.origin
    // is 'null' in Node, hence protocol + host.
    if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
    return devOrigin !== null && parsed.origin === devOrigin;
  };
}
