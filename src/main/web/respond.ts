// Small response helpers: every answer carries the same hardening headers.
import type { ServerResponse } from 'node:http';

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  res.writeHead(status, { ...BASE_HEADERS, 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  send(res, status, `${text}\n`, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
}

export function startStream(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(200, { ...BASE_HEADERS, ...headers });
}
