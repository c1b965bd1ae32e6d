import { describe, expect, it } from 'vitest';
import { downsample, lateTicks, liveRows } from './live-series';
import type { MetricsTick } from '../../../shared/domain';

describe('liveRows', () => {
  const tick = (t: number, phase: 'warmup' | 'measure', ops: number, extra: Partial<MetricsTick> = {}): MetricsTick => ({ t, phase, ops, gauges: {}, hist: {}, ...extra });
  it('derives ops/s from cumulative ops, only inside the measured window', () => {
    const rows = liveRows([tick(0.1, 'warmup', 0), tick(0.2, 'measure', 100), tick(0.4, 'measure', 500)]);
    expect(rows.map((r) => r.opsPerSec)).toEqual([null, null, expect.closeTo(2000, 6)]);
  });
  it('draws the first tick of a run without warm-up over its interval from the sampler\'s start', () => {
    // 18 ops, 5 of them in the first 0.124 s: that tick is drawn, as the throttling of the same tick is.
    const rows = liveRows([tick(0.124, 'measure', 5), tick(0.224, 'measure', 18)]);
    expect(rows.map((r) => [r.t, r.end])).toEqual([
      [0, 0.124],
      [0.124, 0.224],
    ]);
    expect(rows.map((r) => r.opsPerSec)).toEqual([expect.closeTo(5 / 0.124, 9), expect.closeTo(130, 9)]);
  });
  it('gives a moment, a stretch under a tenth of the typical one, the rate of the stretch it ends: the series\' last, cut at the window\'s end, or a buffered tick right after a late one', () => {
    // The window's last tick, 0.5 ms after a regular one: 103 ops in the 0.1005 s it ends, not 3 in 0.5 ms
    // (6,000 a second) nor none (the line's last stretch would have no point to run to).
    const rows = liveRows([tick(0.1, 'measure', 100), tick(0.2, 'measure', 200), tick(0.3, 'measure', 300), tick(0.3005, 'measure', 303)]);
    expect(rows.map((r) => r.opsPerSec)).toEqual([expect.closeTo(1000, 6), expect.closeTo(1000, 6), expect.closeTo(1000, 6), expect.closeTo(103 / 0.1005, 6)]);
    // A regular tick after one a starved sampler read late is no moment.
    const late = liveRows([tick(0.1, 'measure', 100), tick(0.2, 'measure', 200), tick(1.35, 'measure', 1350), tick(1.4, 'measure', 1400), tick(1.5, 'measure', 1500)]);
    expect(late.map((r) => r.opsPerSec)).toEqual([1, 2, 3, 4, 5].map(() => expect.closeTo(1000, 6)));
    // A tick read late, then the one its ticker had buffered 1 ms after it: ops come in batches of 1024.
    const buffered = liveRows([tick(0.1, 'measure', 1024), tick(0.2, 'measure', 2048), tick(0.41, 'measure', 4096), tick(0.411, 'measure', 4096), tick(0.511, 'measure', 5120)]);
    expect(buffered.map((r) => r.opsPerSec)).toEqual([expect.closeTo(10240, 6), expect.closeTo(10240, 6), expect.closeTo(2048 / 0.21, 6), expect.closeTo(2048 / 0.211, 6), expect.closeTo(10240, 6)]);
    // The first stretch too, from the sampler's start: 1024 ops in 1 ms would read as a million a second.
    const early = liveRows([tick(0.001, 'measure', 1024), tick(0.101, 'measure', 2048), tick(0.201, 'measure', 3072)]);
    expect(early.map((r) => r.opsPerSec)).toEqual([null, expect.closeTo(10240, 6), expect.closeTo(10240, 6)]);
  });
  it('places each tick where the interval it covers starts, as trace windows are placed', () => {
    // The tick read at 0.601 holds what happened after the one at 0.501: a burst at 0.528 is in the
    // row at 0.501, beside the trace's window [0.5, 0.6).
    const rows = liveRows([tick(0.101, 'measure', 10), tick(0.501, 'measure', 50), tick(0.601, 'measure', 60)]);
    expect(rows.map((r) => r.t)).toEqual([0, 0.101, 0.501]);
    expect(rows[2]!.opsPerSec).toBeCloseTo(100, 6);
  });
  it('takes p99 from the tick histogram delta and reads state gauges', () => {
    const [row] = liveRows([
      tick(0.1, 'measure', 0, {
        gauges: { '/sched/goroutines/runnable:goroutines': 7, '/sched/goroutines:goroutines': 12 },
        hist: { '/sched/latencies:seconds': { unit: 's', count: 100, bins: [[1e-6, 2e-6, 98], [1e-4, 2e-4, 2]] } },
      }),
    ]);
    expect(row.runnable).toBe(7);
    expect(row.total).toBe(12);
    expect(row.running).toBeNull();
    expect(row.schedP99).toBe(2e-4);
  });
});

describe('downsample', () => {
  const row = (t: number, p99: number, ops: number, end = t + 1) => ({ t, end, total: t, running: null, runnable: null, waiting: null, syscall: null, opsPerSec: ops, schedP99: p99, gcPauseMax: null });
  it('keeps short series as they are', () => {
    expect(downsample([row(1, 1, 1)], 10)).toHaveLength(1);
  });
  it('merges groups keeping the worst latency, the mean throughput and the last gauges', () => {
    const rows = [row(1, 1, 10), row(2, 9, 20), row(3, 2, 30), row(4, 3, 40)];
    // Each merged row starts where its first interval does.
    expect(downsample(rows, 2)).toEqual([
      { ...row(1, 9, 15, 3), total: 2 },
      { ...row(3, 3, 35, 5), total: 4 },
    ]);
  });
  it('weighs each interval\'s throughput by its length: a tick read late covers more time', () => {
    const [merged] = downsample([row(0, 1, 100, 0.1), row(0.1, 1, 200, 0.5), row(0.5, 1, 0, 0.6), row(0.6, 1, 0, 0.7)], 2);
    expect(merged!.opsPerSec).toBeCloseTo((100 * 0.1 + 200 * 0.4) / 0.5, 9);
  });
});

describe('lateTicks', () => {
  const at = (t: number): MetricsTick => ({ t, phase: 'measure', ops: 0, gauges: {}, hist: {} });
  it('finds the stretches a starved sampler left without a tick, the longest first, against its period as it ran', () => {
    // A 100 ms sampler that waited 1.1 s for a P, and later 0.45 s: jitter of a few ms is no gap.
    const ticks = [0.1, 0.2, 0.302, 0.4, 0.5, 0.6, 0.7, 0.8, 0.902, 2.003, 2.1, 2.2, 2.65, 2.75].map(at);
    expect(lateTicks(ticks)).toEqual([
      { from: 0.902, to: 2.003, periods: expect.closeTo(11.01, 2) },
      { from: 2.2, to: 2.65, periods: expect.closeTo(4.5, 2) },
    ]);
    expect(lateTicks([0.1, 0.2, 0.3].map(at))).toEqual([]);
    expect(lateTicks([])).toEqual([]);
  });
});
