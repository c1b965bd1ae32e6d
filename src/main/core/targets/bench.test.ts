import { describe, expect, it } from 'vitest';
import { RunConfig } from '../../../shared/domain';
import { benchArgs } from './bench';

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
