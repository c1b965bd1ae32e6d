// Who may talk to browser mode. The server binds loopback, but any web page the user opens can
// still send requests to 127.0.0.1: the token stops cross-site requests, and the Host check stops
// DNS rebinding (a hostile name resolving to 127.0.0.1 makes the browser treat it as same-origin).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Access {
  token: string;
  /** Cookie name; includes the port because cookies are not port-specific and servers may coexist. */
  cookieName: string;
  isAllowedHost(host: string | undefined): boolean;
  /** Origin, when the browser sends one, must be our own: no cross-origin callers at all. */
  isAllowedOrigin(origin: string | undefined): boolean;
  isAuthorised(req: IncomingMessage): boolean;
  matchesToken(candidate: string | null | undefined): boolean;
  setCookieHeader(): string;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function createAccess(token: string, port: number): Access {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const cookieName = `gmpw_${port}`;
  const expected = Buffer.from(token);

  const matchesToken = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  return {
    token,
    cookieName,
    isAllowedHost: (host) => host !== undefined && hosts.has(host.toLowerCase()),
    isAllowedOrigin: (origin) => origin === undefined || [...hosts].some((h) => origin === `http://${h}`),
    matchesToken,
    isAuthorised(req) {
      const auth = req.headers.authorization;
      if (auth?.startsWith('Bearer ') && matchesToken(auth.slice(7))) return true;
      return matchesToken(readCookie(req.headers.cookie, cookieName));
    },
    setCookieHeader: () => `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
  };
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
