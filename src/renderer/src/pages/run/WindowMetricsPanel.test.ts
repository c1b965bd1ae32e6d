import { describe, expect, it } from 'vitest';
import { metricUnit } from './WindowMetricsPanel';

describe('runtime/metrics units', () => {
  it('reads the unit from the metric name', () => {
    expect(metricUnit('/gc/heap/allocs:bytes')).toBe('bytes');
    expect(metricUnit('/cpu/classes/gc/total:cpu-seconds')).toBe('s');
    expect(metricUnit('/sched/latencies:seconds')).toBe('s');
    expect(metricUnit('/sched/goroutines:goroutines')).toBe('goroutines');
  });
});
