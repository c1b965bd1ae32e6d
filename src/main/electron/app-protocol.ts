// app:// serves the built renderer (out/renderer) with the same path confinement and CSP header as
// browser mode. Registered as a standard, secure scheme so fetch, relative URLs and origin checks
// behave as on https.
import { readFile } from 'node:fs/promises';
import { contentType, RENDERER_CSP, resolveStaticPath } from '../renderer-files';
import { APP_HOST, APP_SCHEME } from './app-url';

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveStaticPath(rendererDir, url.pathname) : null;
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: { 'content-type': contentType(file), 'content-security-policy': RENDERER_CSP, 'x-content-type-options': 'nosniff' },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  };
}
