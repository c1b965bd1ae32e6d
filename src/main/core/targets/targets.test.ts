// The drivers' pure parts: the Go benchmark format, catalog checks, loopback URLs and fetches, -test.* flags.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunConfig } from '../../../shared/domain';
import type { Catalog } from '../../../shared/results';
import { UserError } from '../handlers/dispatch';
import { benchArgs } from './bench';
import { opsPerSecond, parseBenchOutput } from './bench-format';
import { checkScenario } from './catalog';
import { checkLoopbackUrl, fetchTo } from './endpoint';

describe('Go benchmark format', () => {
  const output = [
    'goos: linux\r',
    'goarch: amd64',
    'pkg: example.com/x',
    'cpu: Some CPU @ 2.00GHz',
    'BenchmarkSum-2   \t 1000000\t      1250 ns/op\t      16 B/op\t       1 allocs/op',
    'BenchmarkOther/sub=1-2  200  5.5e+03 ns/op  3.2 MB/s',
    'PASS',
    'ok  \texample.com/x\t1.2s',
  ].join('\n');

  it('reads configuration and result lines, every value with its unit', () => {
    const report = parseBenchOutput(output);
    expect(report.config).toEqual({ goos: 'linux', goarch: 'amd64', pkg: 'example.com/x', cpu: 'Some CPU @ 2.00GHz' });
    expect(report.results).toEqual([
      { name: 'BenchmarkSum-2', iterations: 1000000, values: { 'ns/op': 1250, 'B/op': 16, 'allocs/op': 1 } },
      { name: 'BenchmarkOther/sub=1-2', iterations: 200, values: { 'ns/op': 5500, 'MB/s': 3.2 } },
    ]);
    expect(report.lines).toHaveLength(6);
    expect(opsPerSecond(report.results[0])).toBe(800_000);
  });

  it('passes the GOMAXPROCS as -test.cpu, the capture files and an explicit timeout', () => {
    const config = RunConfig.parse({ target: { kind: 'bench', pkg: '/p' }, concurrency: 1, duration: '2s', gomaxprocs: 4, capture: ['cpu', 'trace', 'heap', 'allocs'] });
    const { args } = benchArgs({ kind: 'bench', pkg: '/p', bench: 'Sum' }, config, '/run');
    expect(args).toEqual(
      expect.arrayContaining(['-test.run=^$', '-test.bench=Sum', '-test.benchtime=2s', '-test.cpu=4', '-test.cpuprofile=/run/cpu.pprof', '-test.trace=/run/trace.out', '-test.memprofile=/run/heap.pprof']),
    );
    expect(args.filter((a) => a.startsWith('-test.memprofile'))).toHaveLength(1);
    expect(args.some((a) => /^-test\.timeout=\d+s$/.test(a))).toBe(true);
  });
});

describe('catalog checks', () => {
  const catalog: Catalog = {
    schema: 1,
    scenarios: [
      {
        id: 'demo',
        group: 'channels',
        title: 'Demo',
        mechanism: '',
        source: '',
        fresh_process: false,
        signals: [],
        params: [
          { name: 'n', type: 'int', default: '2', min: '1', max: '8' },
          { name: 'd', type: 'duration', default: '1ms', min: '1us', max: '1s' },
          { name: 'mode', type: 'enum', default: 'a', choices: ['a', 'b'] },
        ],
      },
    ],
  };
  const fieldOf = (fn: () => void): string | null => {
    try {
      fn();
      return null;
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      return (err as UserError).field;
    }
  };

  it('accepts known params within bounds', () => {
    expect(fieldOf(() => checkScenario(catalog, 'demo', { n: '8', d: '10ms', mode: 'b' }))).toBeNull();
  });

  it('names the field of an unknown scenario, an unknown param and a value out of bounds', () => {
    expect(fieldOf(() => checkScenario(catalog, 'nope', {}))).toBe('target.id');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { x: '1' }))).toBe('target.params.x');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { n: '9' }))).toBe('target.params.n');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { n: '1.5' }))).toBe('target.params.n');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { d: '2s' }))).toBe('target.params.d');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { mode: 'c' }))).toBe('target.params.mode');
  });
});

describe('endpoint URLs', () => {
  it('accepts loopback only', () => {
    expect(checkLoopbackUrl('http://127.0.0.1:6060/debug/pprof', 'f').href).toBe('http://127.0.0.1:6060/debug/pprof/');
    expect(checkLoopbackUrl('http://localhost:1/debug/pprof/', 'f').hostname).toBe('localhost');
    expect(checkLoopbackUrl('http://[::1]:1/debug/pprof/', 'f').port).toBe('1');
    for (const bad of ['http://10.0.0.1:6060/debug/pprof/', 'http://example.com/debug/pprof/', 'https://127.0.0.1/debug/pprof/', 'http://127.0.0.1.evil.com/']) {
      expect(() => checkLoopbackUrl(bad, 'target.pprofUrl')).toThrow(/not a loopback/);
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
