import { describe, expect, it } from 'vitest';
import { benchstatColumns, benchstatCommand } from './benchstat-columns';

const header = { goos: 'linux', goarch: 'amd64', pkg: 'gmpstress', kernel: '6.8' };
// A CPU limit is a key only where the run had one, as the export writes it.
const scenario = (go: string, cpuLimit: string, name = 'PingpongHog/hogs=1/concurrency=8-2') => [{ name, config: { ...header, cpu: 'Test CPU', go, ...(cpuLimit ? { 'cpu-limit': cpuLimit } : {}) } }];

describe('benchstatColumns', () => {
  it('names the keys a grid of Go releases × CPU limits varies in, not /gomaxprocs', () => {
    const grid = ['go1.24.13', 'go1.26.1'].flatMap((go) => ['0.5', ''].map((limit) => scenario(go, limit)));
    expect(benchstatColumns(grid)).toEqual(['go', 'cpu-limit']);
    expect(benchstatCommand(benchstatColumns(grid), 'grid.txt')).toBe('benchstat -col go,cpu-limit grid.txt');
  });
  it('reads GOMAXPROCS from the name suffix and concurrency from its part', () => {
    const runs = [1, 2].flatMap((procs) => [4, 8].map((c) => scenario('go1.26.1', '', `PingpongHog/hogs=1/concurrency=${c}-${procs}`)));
    expect(benchstatColumns(runs)).toEqual(['/gomaxprocs', '/concurrency']);
    // go test writes no suffix at GOMAXPROCS 1.
    expect(benchstatColumns([[{ name: 'Sum', config: {} }], [{ name: 'Sum-2', config: {} }]])).toEqual(['/gomaxprocs']);
  });
  it('leaves out what differs within a run (sub-benchmarks) and the package', () => {
    const run = (procs: number, pkg: string) => [`Queue/size=8-${procs}`, `Queue/size=16-${procs}`].map((name) => ({ name, config: { pkg } }));
    expect(benchstatColumns([run(1, 'example.com/a'), run(2, 'example.com/b')])).toEqual(['/gomaxprocs']);
  });
  it('counts a key some runs lack as a difference', () => {
    const configured = [{ name: 'PingpongHog-1', config: { go: 'go1.26.1', 'gomaxprocs-configured': '2' } }];
    expect(benchstatColumns([configured, [{ name: 'PingpongHog-1', config: { go: 'go1.26.1' } }]])).toEqual(['gomaxprocs-configured']);
  });
  it('has no columns for runs that differ in nothing the format records', () => {
    expect(benchstatColumns([scenario('go1.26.1', ''), scenario('go1.26.1', ''), []])).toEqual([]);
    expect(benchstatCommand([], 'runs.txt')).toBe('benchstat runs.txt');
  });
});
