import { describe, expect, it } from 'vitest';
import { benchstatColumns, benchstatCommand } from './benchstat-columns';

const header = { goos: 'linux', goarch: 'amd64', pkg: 'gmpstress', kernel: '6.8' };
const scenario = (go: string, cpu: string, name = 'PingpongHog/hogs=1/concurrency=8-2') => [{ name, config: { ...header, cpu, go } }];

describe('benchstatColumns', () => {
  it('names the keys a go × cpu grid varies in, not /gomaxprocs', () => {
    const grid = ['go1.24.13', 'go1.26.1'].flatMap((go) => ['2 CPUs (cgroup limit 0.5)', '2 CPUs'].map((cpu) => scenario(go, cpu)));
    expect(benchstatColumns(grid)).toEqual(['cpu', 'go']);
    expect(benchstatCommand(benchstatColumns(grid), 'grid.txt')).toBe('benchstat -col cpu,go grid.txt');
  });
  it('reads GOMAXPROCS from the name suffix and concurrency from its part', () => {
    const runs = [1, 2].flatMap((procs) => [4, 8].map((c) => scenario('go1.26.1', '2 CPUs', `PingpongHog/hogs=1/concurrency=${c}-${procs}`)));
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
    expect(benchstatColumns([scenario('go1.26.1', '2 CPUs'), scenario('go1.26.1', '2 CPUs'), []])).toEqual([]);
    expect(benchstatCommand([], 'runs.txt')).toBe('benchstat runs.txt');
  });
});
