import { describe, expect, it } from 'vitest';
import { metricText, metricUnit } from './WindowMetricsPanel';

describe('runtime/metrics units', () => {
  it('reads the unit from the metric name', () => {
    expect(metricUnit('/gc/heap/allocs:bytes')).toBe('bytes');
    expect(metricUnit('/cpu/classes/gc/total:cpu-seconds')).toBe('s');
    expect(metricUnit('/sched/latencies:seconds')).toBe('s');
    expect(metricUnit('/sched/goroutines:goroutines')).toBe('goroutines');
  });
});

describe('a histogram of the window', () => {
  it('wraps only between its parts, never inside a value', () => {
    const text = metricText('/sched/latencies:seconds', { kind: 'histogram', count: 1, p50: 3.84e-7, p99: 2.05e-5, max: 2.05e-5 } as never);
    expect(text.split(' · ')).toEqual(['1\u00a0sample', 'p50\u00a0384\u00a0ns', 'p99\u00a020.5\u00a0µs', 'max\u00a020.5\u00a0µs']);
    expect(text.replace(/\u00a0/g, ' ')).toBe('1 sample · p50 384 ns · p99 20.5 µs · max 20.5 µs');
  });
});


describe('a counter the runtime updates only when a GC cycle ends', () => {
  it('says it was not updated when no cycle ended, rather than +0 s of CPU that ran', () => {
    expect(metricText('/cpu/classes/user:cpu-seconds', { kind: 'counter', delta: 0, gc_cycles_ended: 0 })).toBe('not updated: no GC cycle ended');
    expect(metricText('/cpu/classes/user:cpu-seconds', { kind: 'counter', delta: 0.95, gc_cycles_ended: 2 })).toBe('+950 ms (GC to GC)');
    // A cycle's start moves gc/pause: a change, though none ended.
    expect(metricText('/cpu/classes/gc/pause:cpu-seconds', { kind: 'counter', delta: 2.7e-5, gc_cycles_ended: 0 })).toBe('+27.0 µs (GC to GC)');
    // Any other counter, and one from a harness that did not say: as measured.
    expect(metricText('/gc/cycles/total:gc-cycles', { kind: 'counter', delta: 2 })).toBe('+2 gc-cycles');
  });
});
