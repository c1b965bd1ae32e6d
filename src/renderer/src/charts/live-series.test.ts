import { describe, expect, it } from 'vitest';
import { judgeAgreement } from '../../../src/renderer/src/charts/agreement';
import { downsample, liveRows } from '../../../src/renderer/src/charts/live-series';
import { unseenOutput } from '../../../src/renderer/src/components/terminal-merge';
import type { MetricsTick } from '../../../src/shared/domain';

describe('liveRows', () => {
  const tick = (t: number, phase: 'warmup' | 'measure', ops: number, extra: Partial<MetricsTick> = {}): MetricsTick => ({ t, phase, ops, gauges: {}, hist: {}, ...extra });
  it('derives ops/s from cumulative ops, only inside the measured window', () => {
    const rows = liveRows([tick(0.1, 'warmup', 0), tick(0.2, 'measure', 100), tick(0.4, 'measure', 500)]);
    expect(rows.map((r) => r.opsPerSec)).toEqual([null, null, expect.closeTo(2000, 6)]);
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
  const row = (t: number, p99: number, ops: number) => ({ t, total: t, running: null, runnable: null, waiting: null, syscall: null, opsPerSec: ops, schedP99: p99, gcPauseMax: null });
  it('keeps short series as they are', () => {
    expect(downsample([row(1, 1, 1)], 10)).toHaveLength(1);
  });
  it('merges groups keeping the worst latency, the mean throughput and the last gauges', () => {
    const rows = [row(1, 1, 10), row(2, 9, 20), row(3, 2, 30), row(4, 3, 40)];
    expect(downsample(rows, 2)).toEqual([
      { ...row(2, 9, 15), total: 2 },
      { ...row(4, 3, 35), total: 4 },
    ]);
  });
});

describe('judgeAgreement', () => {
  const q = (p50: number, p90: number, p99: number) => ({ p50, p90, p99, p999: p99 * 2, max: p99 * 4 });
  it('agrees when the exact value is within a bucket of the sampled bound', () => {
    const rows = judgeAgreement(q(1e-6, 5e-6, 2e-5), q(1.1e-6, 5.5e-6, 2.4e-5), 500, null);
    expect(rows.slice(0, 3).map((r) => r.verdict)).toEqual(['agrees', 'agrees', 'agrees']);
    expect(rows[3].verdict).toBe('not judged');
  });
  it('differs when they are far apart', () => {
    const rows = judgeAgreement(q(1e-6, 5e-6, 2e-5), q(1e-6, 5e-6, 1e-4), 500, null);
    expect(rows[2].verdict).toBe('differs');
  });
  it('does not judge with too few sampled transitions', () => {
    const rows = judgeAgreement(q(1e-6, 5e-6, 2e-5), q(9e-6, 5e-6, 1e-4), 199, null);
    expect(rows.every((r) => r.verdict === 'not judged')).toBe(true);
  });
  it('takes the neighbouring buckets from the histogram when it is known', () => {
    const bins: Array<[number, number, number]> = [[256e-9, 320e-9, 100], [320e-9, 384e-9, 100], [384e-9, 448e-9, 100], [448e-9, 512e-9, 5]];
    const hist = { unit: 's' as const, count: 305, bins };
    // Sampled p90 is the bound 448 ns; the exact 320 ns is the lower edge of the bucket below.
    expect(judgeAgreement(q(320e-9, 320e-9, 320e-9), q(448e-9, 448e-9, 448e-9), 305, hist)[1].verdict).toBe('agrees');
    expect(judgeAgreement(q(300e-9, 300e-9, 300e-9), q(448e-9, 448e-9, 448e-9), 305, hist)[1].verdict).toBe('differs');
  });
});

describe('unseenOutput', () => {
  it('drops output already in the fetched history', () => {
    expect(unseenOutput('hello world', 'world')).toBe('');
    expect(unseenOutput('hello wor', 'world!')).toBe('ld!');
    expect(unseenOutput('', 'abc')).toBe('abc');
    expect(unseenOutput('abc', 'xyz')).toBe('xyz');
  });
});
