import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../../shared/contract';
import { largestChanges } from './summary-model';

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
    expect(largestChanges(metrics, ['a', 'b'])).toEqual([
      'Throughput: 1.00k ops/s → 630 ops/s (−37.0%, b)',
      'OS threads (end): 10 threads → 30 threads (+200.0%, b)',
      'Sched p50: 2.00 µs → 400 ns (−80.0%, b)',
    ]);
  });
});
