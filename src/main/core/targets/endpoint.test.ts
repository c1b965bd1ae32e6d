import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLoopbackUrl, fetchTo } from './endpoint';

describe('endpoint URLs', () => {
  it('accepts loopback only', () => {
    expect(checkLoopbackUrl('http://127.0.0.1:6060/debug/pprof', 'f').href).toBe('http://127.0.0.1:6060/debug/pprof/');
    expect(checkLoopbackUrl('http://localhost:1/debug/pprof/', 'f').hostname).toBe('localhost');
    expect(checkLoopbackUrl('http://[::1]:1/debug/pprof/', 'f').port).toBe('1');
    for (const bad of ['http://10.0.0.1:6060/debug/pprof/', 'http://example.com/debug/pprof/', 'https://127.0.0.1/debug/pprof/', 'http://127.0.0.1.evil.com/']) {
      expect(() => checkLoopbackUrl(bad, 'target.pprofUrl')).toThrow(/not a loopback/);
    }
    // Credentials are refused without being repeated: the error is shown and kept.
    for (const withCredentials of ['http://user:pw@127.0.0.1:1/debug/pprof/', 'http://user@127.0.0.1:1/debug/pprof/', 'http://user:pw@10.0.0.1/debug/pprof/']) {
      expect(() => checkLoopbackUrl(withCredentials, 'target.pprofUrl')).toThrow('a pprof URL with a user or password is not taken: they would be stored and shown with the run (serve pprof on loopback without them)');
    }
  });
});

describe('endpoint fetches', () => {
  async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
    const server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
  }

  it('follow no redirect: the pprof URL given is the only place profiles come from', async () => {
    let elsewhere = 0;
    const other = await serve((_req, res) => (elsewhere++, res.end('not a profile')));
    const endpoint = await serve((_req, res) => res.writeHead(302, { location: `${other.url}heap` }).end());
    const dir = mkdtempSync(join(tmpdir(), 'gmpw-fetch-'));
    try {
      await expect(fetchTo(new URL(`${endpoint.url}heap`), join(dir, 'heap.pprof'), new AbortController().signal)).rejects.toThrow(
        `GET /heap: redirected to ${other.url}heap; profiles are fetched only from the pprof URL given`,
      );
      expect(elsewhere).toBe(0);
      expect(existsSync(join(dir, 'heap.pprof'))).toBe(false);
    } finally {
      other.server.close();
      endpoint.server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stop at the size cap instead of filling the disk, keeping what arrived and saying so', async () => {
    const chunk = Buffer.alloc(64 * 1024, 1);
    const endless = await serve((_req, res) => {
      const more = () => {
        while (res.write(chunk));
        res.once('drain', more);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      more();
    });
    const dir = mkdtempSync(join(tmpdir(), 'gmpw-fetch-'));
    try {
      const file = join(dir, 'trace.out');
      await expect(fetchTo(new URL(`${endless.url}trace`), file, new AbortController().signal, 1 << 20)).rejects.toThrow('GET /trace: the response passed 1 MiB and was cut there');
      expect(readFileSync(file).length).toBeLessThanOrEqual(1 << 20);
    } finally {
      endless.server.closeAllConnections();
      endless.server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
