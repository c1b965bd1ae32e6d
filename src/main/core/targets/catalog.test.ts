// The drivers' pure parts: catalog checks, loopback URLs, -test.* flags.
import { describe, expect, it } from 'vitest';
import { RunConfig } from '../../../shared/domain';
import type { Catalog } from '../../../shared/results';
import { UserError } from '../errors';
import { benchArgs } from './bench';
import { checkScenario } from './catalog';
import { checkLoopbackUrl } from './endpoint';

describe('bench driver', () => {
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
    expect(fieldOf(() => checkScenario(catalog, 'nope', {}))).toBe('plan.target.id');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { x: '1' }))).toBe('plan.target.params.x');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { n: '9' }))).toBe('plan.target.params.n');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { n: '1.5' }))).toBe('plan.target.params.n');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { d: '2s' }))).toBe('plan.target.params.d');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { mode: 'c' }))).toBe('plan.target.params.mode');
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
