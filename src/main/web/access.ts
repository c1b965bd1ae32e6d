// Who may talk to browser mode. The server binds loopback, but any web page the user opens can
// still send requests to 127.0.0.1: the token stops cross-site requests, and the Host check stops
// DNS rebinding (a hostile name resolving to 127.0.0.1 makes the browser treat it as same-origin).
// The token travels only in an Authorization header that the page adds itself, never in a cookie:
// browsers scope cookies by host and not by port, so a cookie for 127.0.0.1 would also be sent to
// every other local service the user visits.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Access {
  token: string;
  isAllowedHost(host: string | undefined): boolean;
  /** Origin, when the browser sends one, must be our own: no cross-origin callers at all. */
  isAllowedOrigin(origin: string | undefined): boolean;
  /** The request carries `Authorization: Bearer <token>`. */
  isAuthorised(req: IncomingMessage): boolean;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function createAccess(token: string, port: number): Access {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const expected = Buffer.from(token);

  const matchesToken = (candidate: string): boolean => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  return {
    token,
    isAllowedHost: (host) => host !== undefined && hosts.has(host.toLowerCase()),
    isAllowedOrigin: (origin) => origin === undefined || [...hosts].some((h) => origin === `http://${h}`),
    isAuthorised(req) {
      const auth = req.headers.authorization;
      return auth?.startsWith('Bearer ') === true && matchesToken(auth.slice(7));
    },
  };
}
