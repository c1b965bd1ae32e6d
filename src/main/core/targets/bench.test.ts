import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunConfig } from '../../../shared/domain';
import { scratchDir } from '../../../../test/support/scratch';
import { benchArgs, teeOutput } from './bench';

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

  const noSh = process.platform === 'win32' ? '(skipped: Windows has no sh to run the tee wrapper this tests)' : '';
  it.skipIf(noSh)(`copies the output of each binary to a file as it goes to the terminal, keeping the exit status ${noSh}`, () => {
    const dir = scratchDir('gmpw-bench-tee-');
    const out = join(dir, 'go-test-output.txt');
    const first = teeOutput(out, '/bin/sh', ['-c', 'echo BenchmarkSum-2 300 12.5 ns/op; echo to stderr >&2']);
    const shown = spawnSync(first.file, first.args, { encoding: 'utf8' });
    expect([shown.status, shown.stdout]).toEqual([0, 'BenchmarkSum-2 300 12.5 ns/op\nto stderr\n']);
    const second = teeOutput(out, '/bin/sh', ['-c', 'echo BenchmarkProduct-2 300 40.1 ns/op; exit 3']);
    expect(spawnSync(second.file, second.args).status).toBe(3);
    expect(readFileSync(out, 'utf8')).toBe('BenchmarkSum-2 300 12.5 ns/op\nto stderr\nBenchmarkProduct-2 300 40.1 ns/op\n');
    expect(existsSync(`${out}.status`)).toBe(false);
  });
});
