// Browser mode: the renderer and the core's commands over HTTP on loopback (docs/ARCHITECTURE.md §8).
// Order of checks on every request: Host (DNS rebinding), Origin, then the token for anything under
// /api/ (commands and the event stream).
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PREFIX, ARTIFACT_PREFIX, EVENTS_PATH } from '../../shared/transport';
import type { EventBus } from '../core/events';
import type { HandlerTable } from '../core/handlers/types';
import { createAccess, newToken, type Access } from './access';
import { handleArtifactDownload, type ArtifactFile } from './artifact-download';
import { handleCommand } from './commands';
import { handleEventStream } from './event-stream';
import { send, sendText } from './respond';
import { contentType, RENDERER_CSP, resolveStaticPath } from '../renderer-files';

export interface WebServerOptions {
  core: { handlers: HandlerTable; events: EventBus; artifactFile?: ArtifactFile };
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; normally a fresh random one per start. */
  token?: string;
}

export interface WebServer {
  /**
   * The URL to open. The token rides in the fragment, which browsers never send to a server nor
   * put in a Referer; the page moves it to its own session storage and out of the address bar.
   */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  // The Host check needs the port, known only now; no request can arrive before this line runs.
  const port = (server.address() as AddressInfo).port;
  const access = createAccess(token, port);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    route(options, access, req, res).catch((err: unknown) => {
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
      console.error('gmpw serve:', err);
    });
  });
  return {
    url: `http://${HOST}:${port}/#token=${token}`,
    port,
    token,
    close: () => closeServer(server),
  };
}

/**
 * The request's target: a path ("/x", also "//x", which URL() alone would read as a host named x)
 * on this server, or an absolute URL as it came (its host was checked as the Host header was); null
 * when it is neither.
 */
function requestUrl(target: string): URL | null {
  try {
    return target.startsWith('/') ? new URL(`http://${HOST}${target}`) : new URL(target);
  } catch {
    return null;
  }
}

async function route(options: WebServerOptions, access: Access, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!access.isAllowedHost(req.headers.host)) return sendText(res, 403, 'Host not allowed');
  if (!access.isAllowedOrigin(req.headers.origin)) return sendText(res, 403, 'Origin not allowed');
  const url = requestUrl(req.url ?? '/');
  if (!url) return sendText(res, 400, 'not a request target');

  // The renderer's files are the public bundle and hold no secret: a page must load before it
  // can read the token from its URL fragment. Everything that reaches the core needs the token.
  if (!url.pathname.startsWith(API_PREFIX)) return serveStatic(options.staticDir, url.pathname, req, res);
  if (!access.isAuthorised(req)) return sendText(res, 401, 'missing or wrong token: open the URL printed by gmpw serve');

  if (url.pathname === EVENTS_PATH) {
    if (req.method !== 'GET') return sendText(res, 405, 'the event stream is read with GET', { allow: 'GET' });
    return handleEventStream(options.core.events, res);
  }
  if (url.pathname.startsWith(ARTIFACT_PREFIX) && options.core.artifactFile) return handleArtifactDownload(options.core.artifactFile, url.pathname, req, res);
  return handleCommand(options.core.handlers, url.pathname.slice(API_PREFIX.length), req, res);
}

async function serveStatic(root: string, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'static files are read with GET', { allow: 'GET, HEAD' });
  const file = resolveStaticPath(root, pathname);
  if (!file) return sendText(res, 404, 'not found');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return sendText(res, 404, 'not found');
  }
  send(res, 200, body, { 'content-type': contentType(file), 'content-security-policy': RENDERER_CSP, 'cache-control': 'no-cache' });
}

/** Event streams never end on their own, so close() cuts open connections instead of waiting. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
