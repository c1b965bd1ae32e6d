import { describe, expect, it } from 'vitest';
import type { MetricsTick } from './domain';
import { mergeTicks, SeriesBuffer } from './series-buffer';

/** A tick whose latency histogram holds `n` waits in one bucket (deltas), ops and throttling cumulative. */
const tick = (t: number, phase: MetricsTick['phase'], n: number, bucket = 1e-6): MetricsTick => ({
  t,
  phase,
  ops: Math.round(t * 100),
  gauges: { '/sched/goroutines:goroutines': t },
  hist: { '/sched/latencies:seconds': { unit: 's', count: n, bins: [[bucket, bucket * 1.25, n]] } },
  cgroup: { nr_periods: t * 10, nr_throttled: t, throttled_s: t / 100 },
});

describe('mergeTicks', () => {
  it('gives one tick over both stretches: histogram deltas summed by bucket, cumulative figures and readings the later one’s', () => {
    const m = mergeTicks(tick(0.1, 'measure', 3), tick(0.2, 'measure', 2, 1e-3));
    expect(m.t).toBe(0.2);
    expect(m.ops).toBe(20);
    expect(m.gauges).toEqual({ '/sched/goroutines:goroutines': 0.2 });
    expect(m.cgroup).toEqual({ nr_periods: 2, nr_throttled: 0.2, throttled_s: 0.002 });
    expect(m.hist['/sched/latencies:seconds']).toEqual({ unit: 's', count: 5, bins: [[1e-6, 1e-6 * 1.25, 3], [1e-3, 1e-3 * 1.25, 2]] });
    expect(mergeTicks(tick(0.1, 'measure', 3), tick(0.2, 'measure', 4)).hist['/sched/latencies:seconds']!.bins).toEqual([[1e-6, 1e-6 * 1.25, 7]]);
  });
});

describe('SeriesBuffer', () => {
  it('keeps every tick up to its bound, then merges neighbours of one phase: bounded, the totals and the last reading unchanged', () => {
    const buffer = new SeriesBuffer(8);
    const written: MetricsTick[] = [];
    for (let i = 1; i <= 100; i++) {
      const t = tick(i / 10, i <= 7 ? 'warmup' : 'measure', i);
      written.push(t);
      buffer.add(t);
      expect(buffer.ticks().length).toBeLessThanOrEqual(9);
    }
    const kept = buffer.ticks();
    const waits = (ticks: MetricsTick[], phase: MetricsTick['phase']) =>
      ticks.filter((t) => t.phase === phase).reduce((sum, t) => sum + t.hist['/sched/latencies:seconds']!.count, 0);
    // Every wait of each phase is still counted, in its phase: the window's boundary stays one.
    expect(waits(kept, 'warmup')).toBe(waits(written, 'warmup'));
    expect(waits(kept, 'measure')).toBe(waits(written, 'measure'));
    expect(kept.filter((t) => t.phase === 'warmup').at(-1)!.t).toBe(0.7);
    expect(kept.at(-1)).toMatchObject({ t: 10, ops: 1000, phase: 'measure' });
    expect(buffer.ticksPerPoint).toBeGreaterThan(1);
    // Times stay in order, each kept tick ending where a written one did.
    const ends = kept.map((t) => t.t);
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
    for (const e of ends) expect(written.some((w) => w.t === e)).toBe(true);
  });

  it('is the ticks as written below its bound', () => {
    const buffer = new SeriesBuffer(8);
    const written = [1, 2, 3].map((i) => tick(i / 10, 'measure', i));
    written.forEach((t) => buffer.add(t));
    expect(buffer.ticks()).toEqual(written);
    expect(buffer.ticksPerPoint).toBe(1);
  });
});
