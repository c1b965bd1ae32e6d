import { describe, expect, it } from 'vitest';
import { benchIdentifier, benchToken, opsPerSecond, parseBenchfmt, valueIn, writeBenchfmt } from './benchfmt';

describe('reading the Go benchmark format', () => {
  const output = [
    'goos: linux\r',
    'goarch: amd64',
    'pkg: example.com/x',
    'cpu: Some CPU @ 2.00GHz',
    'BenchmarkSum-2   \t 1000000\t      1250 ns/op\t      16 B/op\t       1 allocs/op',
    'pkg: example.com/y',
    'BenchmarkOther/sub=1-2  200  5.5e+03 ns/op  3.2 MB/s',
    'PASS',
    'ok  \texample.com/x\t1.2s',
  ].join('\n');

  it('reads result lines with every value and unit, and the configuration in force for each', () => {
    const { results, lines } = parseBenchfmt(output);
    const header = { goos: 'linux', goarch: 'amd64', cpu: 'Some CPU @ 2.00GHz' };
    expect(results).toEqual([
      { name: 'Sum-2', iterations: 1000000, values: [{ value: 1250, unit: 'ns/op' }, { value: 16, unit: 'B/op' }, { value: 1, unit: 'allocs/op' }], config: { ...header, pkg: 'example.com/x' } },
      { name: 'Other/sub=1-2', iterations: 200, values: [{ value: 5500, unit: 'ns/op' }, { value: 3.2, unit: 'MB/s' }], config: { ...header, pkg: 'example.com/y' } },
    ]);
    expect(lines).toHaveLength(7);
    expect(lines).not.toContain('PASS');
    expect(valueIn(results[1], 'MB/s')).toBe(3.2);
    expect(valueIn(results[1], 'B/op')).toBeNull();
    expect(opsPerSecond(results[0])).toBe(800_000);
  });

  it('has no throughput for a result without ns/op', () => {
    const [result] = parseBenchfmt('BenchmarkX 10 3 widgets').results;
    expect(opsPerSecond(result)).toBeNull();
  });
});

describe('writing the Go benchmark format', () => {
  const linux = { goos: 'linux', pkg: 'a' };

  it('writes configuration only where it changes, then the unit directions', () => {
    const text = writeBenchfmt(
      [
        { name: 'A-2', iterations: 10.4, values: [{ value: 5, unit: 'ops/s' }, { value: Number.NaN, unit: 'x' }], config: linux },
        { name: 'B-2', iterations: 0, values: [{ value: 7, unit: 'ops/s' }], config: linux },
        { name: 'C-2', iterations: 3, values: [{ value: 1, unit: 'ops/s' }], config: { ...linux, pkg: 'b' } },
      ],
      { 'ops/s': 'higher' },
    );
    expect(text).toBe(['goos: linux', 'pkg: a', 'BenchmarkA-2\t10\t5 ops/s', 'BenchmarkB-2\t1\t7 ops/s', '', 'pkg: b', 'BenchmarkC-2\t3\t1 ops/s', '', 'Unit ops/s better=higher', ''].join('\n'));
  });

  it('removes a key the next result lacks with an empty value, and reads that back as removed', () => {
    const results = [
      { name: 'A-1', iterations: 1, values: [{ value: 5, unit: 'ops/s' }], config: { ...linux, 'gomaxprocs-configured': '2' } },
      { name: 'A-2', iterations: 1, values: [{ value: 7, unit: 'ops/s' }], config: linux },
    ];
    const text = writeBenchfmt(results);
    expect(text).toBe(['goos: linux', 'pkg: a', 'gomaxprocs-configured: 2', 'BenchmarkA-1\t1\t5 ops/s', '', 'gomaxprocs-configured:', 'BenchmarkA-2\t1\t7 ops/s', ''].join('\n'));
    expect(parseBenchfmt(text).results).toEqual(results);
  });

  it('reads back what it wrote', () => {
    const results = [{ name: 'Queue/size=8-4', iterations: 100, values: [{ value: 12.5, unit: 'ns/op' }, { value: 3, unit: 'allocs/op' }], config: linux }];
    expect(parseBenchfmt(writeBenchfmt(results)).results).toEqual(results);
  });

  it('makes names and values without white space', () => {
    expect(benchIdentifier('chan-sync-pingpong')).toBe('ChanSyncPingpong');
    expect(benchIdentifier('--')).toBe('Run');
    expect(benchToken(' 6.1.0 amd64 ')).toBe('6.1.0_amd64');
    expect(benchToken('  ')).toBe('_');
  });

  it('keeps a configuration value on its own line whatever it holds: no line break forges a result', () => {
    const forged = { cpu: 'Fast CPU\nBenchmarkForged-1\t1\t1 ns/op\r', goos: 'linux' };
    const text = writeBenchfmt([{ name: 'A-1', iterations: 1, values: [{ value: 5, unit: 'ns/op' }], config: forged }]);
    expect(text).toBe(['cpu: Fast CPU BenchmarkForged-1 1 1 ns/op', 'goos: linux', 'BenchmarkA-1\t1\t5 ns/op', ''].join('\n'));
    expect(parseBenchfmt(text).results.map((r) => r.name)).toEqual(['A-1']);
  });
});
