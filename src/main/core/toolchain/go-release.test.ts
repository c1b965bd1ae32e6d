// Releases fetched as the go command fetches them, through the module proxy into the module cache
// (go1.24.13 and go1.22.12 are usually there already from the Go tests).
import { execFileSync } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findGo } from './find-go';
import { GoReleaseUnavailable, obtainRelease } from './go-release';

function obtain(spec: string) {
  const lines: string[] = [];
  const got = findGo().then((go) => obtainRelease(go, spec, { output: (text) => lines.push(text), signal: new AbortController().signal }));
  return { got, lines };
}

describe('obtainRelease', () => {
  it('resolves go1.N.x to the newest patch the proxy lists, and returns that release\'s own go', async (ctx) => {
    const { got, lines } = obtain('go1.24.x');
    const go = await got.catch((err: Error) => ctx.skip(`the module proxy did not answer for go1.24.x: ${err.message}`));
    const newest = JSON.parse(execFileSync((await findGo()).path, ['list', '-m', '-json', 'go@1.24'], { env: { ...process.env, GOTOOLCHAIN: 'local' }, encoding: 'utf8' })) as { Version: string };
    expect(go.version).toBe(`go${newest.Version}`);
    expect(execFileSync(go.path, ['env', 'GOVERSION'], { env: { ...process.env, GOTOOLCHAIN: 'local' }, encoding: 'utf8' }).trim()).toBe(go.version);
    expect(lines.join('')).toContain(`gmpw: go1.24.x is ${go.version}`);
    expect(lines.join('')).toContain(`GOTOOLCHAIN=${go.version}`);
  }, 300_000);

  it('rejects a release the proxy refuses with the go command\'s reason', async () => {
    const err = await obtain('go1.99.0').got.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GoReleaseUnavailable);
    expect((err as Error).message).toMatch(/^go1\.99\.0 could not be obtained: go: download go1\.99\.0: .*golang\.org\/toolchain@v0\.0\.1-go1\.99\.0/);
    const noSuchMinor = await obtain('go1.98.x').got.catch((e: unknown) => e);
    expect((noSuchMinor as Error).message).toBe('go1.98.x could not be obtained: go: module go: no matching versions for query "1.98"');
  }, 120_000);

  it('gives up on a module proxy that takes the request and never answers, saying so', async () => {
    const held: ServerResponse[] = [];
    const proxy = createServer((_req, res) => void held.push(res)); // never answers
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    // A module cache of its own, so that nothing is there already.
    const cache = mkdtempSync(join(tmpdir(), 'gmpw-modcache-'));
    const saved = { GOPROXY: process.env.GOPROXY, GOMODCACHE: process.env.GOMODCACHE };
    process.env.GOPROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    process.env.GOMODCACHE = cache;
    try {
      const go = await findGo();
      const started = Date.now();
      const err = await obtainRelease(go, 'go1.21.13', { output: () => undefined, signal: new AbortController().signal, timeoutMs: 2000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GoReleaseUnavailable);
      expect((err as Error).message).toBe('go1.21.13 could not be obtained: go env GOROOT GOVERSION had not finished after 2 s: the module proxy did not answer, or the download was that slow (fetch it once yourself: GOTOOLCHAIN=go1.21.13 go version)');
      expect(held.length).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      Object.assign(process.env, saved);
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      for (const res of held) res.destroy();
      proxy.close();
      rmSync(cache, { recursive: true, force: true });
    }
  }, 30_000);
});
