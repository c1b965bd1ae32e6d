import { describe, expect, it } from 'vitest';
import type { Comparison, GroupComparison, GroupedMetric, RunDetail } from '../../../shared/contract';
import { cellsSummary, comparedWhere, largestChanges, runLine } from './summary-model';
import { keptFilesText } from '../../../shared/kept-files';

type Metric = Comparison['metrics'][number];
const metric = (key: string, label: string, unit: string, baseline: number, value: number): Metric => ({
  key,
  label,
  unit,
  better: 'lower',
  baseline,
  candidates: [{ value, deltaPct: ((value - baseline) / baseline) * 100 }],
});

describe('largestChanges', () => {
  it('puts throughput first, then the largest relative changes; leaves out maxima, small changes and counts too small to mean a ratio', () => {
    const metrics = [
      metric('gcCycles', 'GC cycles', 'cycles', 1, 0.5), // one cycle: too few for a ratio
      metric('sched.p50', 'Sched p50', 's', 2e-6, 4e-7),
      metric('opsPerSec', 'Throughput', 'ops/s', 1000, 630),
      metric('sched.max', 'Sched max', 's', 1e-3, 9e-3),
      metric('threads', 'OS threads (end)', 'threads', 10, 30),
      metric('goroutines', 'Goroutines (end)', 'goroutines', 100, 101),
    ];
    // A drop to a fifth is a larger change than a rise to three times.
    expect(largestChanges(metrics, ['a', 'b'])).toEqual([
      'Throughput: 1.00k ops/s → 630 ops/s (−37.0%, b)',
      'Sched p50: 2.00 µs → 400 ns (−80.0%, b)',
      'OS threads (end): 10 threads → 30 threads (+200.0%, b)',
    ]);
  });

  it('ranks a change by its factor either way: a drop to almost nothing before a rise of some hundred percent', () => {
    const metrics = [
      metric('threads', 'OS threads (end)', 'threads', 10, 38),
      metric('sched.sampled.p50', 'Sched p50', 's', 14.7e-3, 320e-9),
      metric('gcPause.p99', 'GC pause p99', 's', 1e-3, 0.5e-3),
    ];
    expect(largestChanges(metrics, ['a', 'b'])).toEqual([
      'Sched p50: 14.7 ms → 320 ns (−99.998%, b)',
      'OS threads (end): 10 threads → 38 threads (+280.0%, b)',
      'GC pause p99: 1.00 ms → 500 µs (−50.0%, b)',
    ]);
  });

  it('lists the four largest changes whatever their order in the table, besides throughput, and counts the rest', () => {
    const metrics = [
      metric('opsPerSec', 'Throughput', 'ops/s', 1000, 970),
      metric('sched.p50', 'Sched p50', 's', 1e-6, 1.1e-6),
      metric('sched.p90', 'Sched p90', 's', 1e-6, 1.2e-6),
      metric('sched.p99', 'Sched p99', 's', 1e-6, 1.3e-6),
      // The fifth change of the table, larger than the four before it.
      metric('mutexWait', 'Mutex wait', 's', 0.1, 0.5),
      metric('gcPause.p99', 'GC pause p99', 's', 1e-3, 1.4e-3),
      metric('opLatency.p50', 'Op latency p50', 's', 1e-3, 1.05e-3),
    ];
    expect(largestChanges(metrics, ['a', 'b'])).toEqual([
      'Throughput: 1.00k ops/s → 970 ops/s (−3.0%, b)',
      'Mutex wait: 100 ms → 500 ms (+400.0%, b)',
      'GC pause p99: 1.00 ms → 1.40 ms (+40.0%, b)',
      'Sched p99: 1.00 µs → 1.30 µs (+30.0%, b)',
      'Sched p90: 1.00 µs → 1.20 µs (+20.0%, b)',
      '… and 2 more changes (the table below has them)',
    ]);
  });
});

describe('largestChanges of quantiles', () => {
  it('leaves out a quantile that is its run\'s maximum, too few samples on either side (the p99 of 10 waits), as it leaves maxima out', () => {
    const quantile = (key: string, baseline: number, value: number, level: number, samples: number[]): Metric => ({ ...metric(key, key, 's', baseline, value), quantile: { level, samples } });
    const metrics = [
      quantile('sched.sampled.p99', 2.1e-3, 8.19e-5, 0.99, [4000, 10]),
      quantile('sched.sampled.p50', 2e-5, 1e-5, 0.5, [4000, 10]),
      quantile('sched.exact.p99', 1e-4, 2e-4, 0.99, [250, 100]),
      // How many samples there were is no change of the run's.
      metric('sched.sampled.samples', 'Sched latency samples (runtime/metrics, sampled)', 'waits', 4000, 10),
    ];
    // Halved and doubled are changes alike: they keep the table's order.
    expect(largestChanges(metrics, ['a', 'b'])).toEqual(['sched.sampled.p50: 20.0 µs → 10.0 µs (−50.0%, b)', 'sched.exact.p99: 100 µs → 200 µs (+100.0%, b)']);
  });
});

describe('cellsSummary', () => {
  const stats = (median: number) => ({ n: 4, median, lo: null, hi: null, ci: null, note: null });
  const significant = (key: string, label: string, deltaPct: number, better: 'lower' | null = 'lower'): GroupedMetric => ({
    key,
    label,
    unit: 's',
    better,
    baseline: stats(1),
    candidates: [{ stats: stats(1 + deltaPct / 100), verdict: { deltaPct, p: 0.029, n1: 4, n2: 4, outcome: better === null ? 'changed' : deltaPct < 0 ? 'better' : 'worse', text: `${deltaPct}% (p=0.029 n=4)` } }],
  });
  const group = (label: string) => ({ label, experimentId: 'e', cell: label, runIds: ['a', 'b', 'c', 'd'], excluded: [] });
  const comparison: GroupComparison = {
    baseline: group('go=local cpu=0.5'),
    candidates: [group('go=go1.24.x cpu=0.5')],
    facts: [
      { setups: ['cpu-quota-throttle-tail · 1s · concurrency 2'], goReleases: ['go1.26.8'], inForce: ['GOMAXPROCS 2 (Go\'s default) · CPU limit 0.5 cores'], machines: ['vm: 2 CPUs linux/amd64, kernel 6.18'], goBuilt: [], gomaxprocsInForce: [], cpuLimitInForce: [] },
      { setups: ['cpu-quota-throttle-tail · 1s · concurrency 2'], goReleases: ['go1.24.13 (asked go1.24.x)'], inForce: ['GOMAXPROCS 2 (Go\'s default) · CPU limit 0.5 cores'], machines: ['vm: 2 CPUs linux/amd64, kernel 6.18'], goBuilt: [], gomaxprocsInForce: [], cpuLimitInForce: [] },
    ],
    metrics: [
      significant('opLatency.p50', 'Op latency p50', -54.5),
      significant('sched.max', 'Sched max', -90),
      significant('opsPerSec', 'Throughput', 12),
      significant('sched.p99', 'Sched p99', -40),
      significant('goroutines', 'Goroutines', -46.7, null), // describes the load: changed, neither better nor worse
      significant('gcPause', 'GC pause', 30),
      significant('threads', 'OS threads', 5),
      significant('mutexWait', 'Mutex wait', 3),
    ],
    warnings: [],
  };

  it('says what ran, with which Go, where; lists throughput first and the four largest others, leaves out maxima, and counts what it does not list', () => {
    const s = cellsSummary(comparison);
    expect(s.what).toEqual([
      'Ran cpu-quota-throttle-tail · 1s · concurrency 2',
      "go=local cpu=0.5 (baseline): 4 succeeded runs · go1.26.8 · GOMAXPROCS 2 (Go's default) · CPU limit 0.5 cores",
      "go=go1.24.x cpu=0.5: 4 succeeded runs · go1.24.13 (asked go1.24.x) · GOMAXPROCS 2 (Go's default) · CPU limit 0.5 cores",
    ]);
    expect(s.where).toBe('vm: 2 CPUs linux/amd64, kernel 6.18');
    expect(s.changes!.items).toEqual([
      'Throughput, go=go1.24.x cpu=0.5: 12% (p=0.029 n=4) (worse)',
      'Op latency p50, go=go1.24.x cpu=0.5: -54.5% (p=0.029 n=4) (better)',
      'Sched p99, go=go1.24.x cpu=0.5: -40% (p=0.029 n=4) (better)',
      'GC pause, go=go1.24.x cpu=0.5: 30% (p=0.029 n=4) (worse)',
      'OS threads, go=go1.24.x cpu=0.5: 5% (p=0.029 n=4) (worse)',
      '… and 1 more significant change (the table below has them)',
    ]);
  });

  it("lists a directed metric's significant change that has no direction (equal medians): significant, not hidden", () => {
    const tied: GroupedMetric = { ...significant('sched.p99', 'Sched p99', 0), candidates: [{ stats: stats(1), verdict: { deltaPct: 0, p: 0.038, n1: 9, n2: 9, outcome: 'changed', text: '0.00% (p=0.038 n=9) (no direction: equal medians)' } }] };
    expect(cellsSummary({ ...comparison, metrics: [tied] }).changes!.items).toEqual(['Sched p99, go=go1.24.x cpu=0.5: 0.00% (p=0.038 n=9) (no direction: equal medians) (changed)']);
  });

  it('says none could be judged when every comparison with values on both sides has too few runs', () => {
    const tooFew = (key: string): GroupedMetric => ({ ...significant(key, key, 10), candidates: [{ stats: stats(1.1), verdict: { deltaPct: 10, p: null, n1: 4, n2: 3, outcome: 'too-few', text: '+10.00%, untested' } }] });
    const notMeasured: GroupedMetric = { ...significant('throttled', 'Throttled', 0), candidates: [{ stats: { ...stats(0), n: 0, median: null }, verdict: { deltaPct: null, p: null, n1: 4, n2: 0, outcome: 'not-run', text: 'not measured in x' } }] };
    expect(cellsSummary({ ...comparison, metrics: [tooFew('opsPerSec'), notMeasured] }).changes!.none).toBe('None could be judged: every comparison has too few runs.');
    expect(cellsSummary({ ...comparison, metrics: [notMeasured] }).changes!.none).toBeUndefined();
  });
});

describe('runLine', () => {
  it("states an import by what its trace records, without the path of the machine it was imported on", () => {
    const imported = {
      run: { tags: ['imported'], targetName: 'prod.trace', host: 'local', state: 'succeeded' },
      config: { target: { kind: 'program', path: '/home/me/secret/prod.trace' }, gomaxprocs: 'default', duration: '0s' },
      analysis: { meta: { go_version: 'go1.26', duration_s: 1.5, gomaxprocs: [{ t: 0, n: 2 }] } },
      provenance: null,
    } as unknown as RunDetail;
    expect(runLine(imported)).toBe('imported prod.trace · go1.26 trace of 1.50 s · GOMAXPROCS 2 (from the trace) · succeeded');
  });

  it('says what a run captured and when it started: a report is read later, by others', () => {
    const ran = {
      run: { tags: [], targetName: 'chan-sync-pingpong', host: 'local', state: 'succeeded', concurrency: 2, concurrencyUsed: true, goVersion: 'local', startedAt: '2026-12-06T19:12:57.000Z', createdAt: '2026-12-06T19:12:56.000Z' },
      config: { target: { kind: 'scenario', id: 'chan-sync-pingpong', params: {} }, gomaxprocs: 2, duration: '1s', concurrency: 2, cpuLimit: 'max', capture: ['trace', 'cpu'], goVersion: 'local' },
      artifacts: [{ name: 'trace.out' }, { name: 'cpu.pprof' }],
      params: {},
      analysis: null,
      builtWith: 'go1.26.8',
      provenance: null,
    } as unknown as RunDetail;
    expect(runLine(ran)).toMatch(/ · capture trace, cpu · started 2026-12-0[67] \d\d:\d\d:57 · succeeded$/);
    expect(runLine({ ...ran, config: { ...ran.config, capture: [] } })).toContain(' · capture none · ');
    // Ended before it wrote its trace: the line says so, not only what was asked.
    expect(runLine({ ...ran, run: { ...ran.run, state: 'failed' }, artifacts: [{ name: 'cpu.pprof' }] } as RunDetail)).toContain(' · capture trace, cpu (not kept: trace) · ');
    // A failed run on a host that kept its files: there, not fetched; and nothing of a run that never started.
    const kept = { ...ran, run: { ...ran.run, state: 'failed', host: 'lab', error: `the run's files could not be fetched from host lab: session refused; ${keptFilesText('lab', '.gmpw/runs/r1/out', 1)}`, filesFetchedAt: null }, artifacts: [] };
    expect(runLine(kept as unknown as RunDetail)).toContain(' · capture trace, cpu (on host lab, not fetched: trace, cpu) · ');
    expect(runLine({ ...ran, run: { ...ran.run, state: 'cancelled', startedAt: null }, artifacts: [] } as unknown as RunDetail)).toContain(' · capture trace, cpu · ');
    // Still running: nothing is missing yet.
    expect(runLine({ ...ran, run: { ...ran.run, state: 'running' }, artifacts: [] } as unknown as RunDetail)).toContain(' · capture trace, cpu · ');
    // Cancelled while queued: it never started.
    expect(runLine({ ...ran, run: { ...ran.run, startedAt: null, state: 'cancelled' } })).toMatch(/ · created 2026-12-0[67] \d\d:\d\d:56, never started · cancelled$/);
  });
});

describe('comparedWhere', () => {
  const ran = (goVersion: string, kernel = '6.18') => ({ provenance: { goVersion, goos: 'linux', goarch: 'amd64', numCpu: 2, cgroupCpuLimit: null, kernel } }) as unknown as RunDetail;
  it('states the Go and machine once when every run shares them, and names each run\'s when they differ', () => {
    expect(comparedWhere([ran('go1.26.8'), ran('go1.26.8')], ['a', 'b'])).toBe('go1.26.8 linux/amd64 · 2 CPUs · kernel 6.18');
    expect(comparedWhere([ran('go1.26.8'), ran('go1.22.12')], ['a', 'b'])).toBe('a: go1.26.8 linux/amd64 · 2 CPUs · kernel 6.18; b: go1.22.12 linux/amd64 · 2 CPUs · kernel 6.18');
    expect(comparedWhere([ran('go1.26.8'), { provenance: null } as unknown as RunDetail], ['a', 'b'])).toBe('a: go1.26.8 linux/amd64 · 2 CPUs · kernel 6.18; b: no provenance');
    expect(comparedWhere([{ provenance: null } as unknown as RunDetail], ['a'])).toBeNull();
  });
});
