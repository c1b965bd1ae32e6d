import { describe, expect, it } from 'vitest';
import type { Trend, TrendPoint } from '../../../shared/contract';
import { trendMarks, trendRows } from './trend-rows';

const point = (id: string, goBuilt: string | null, gomaxprocsInForce: number | null = 2): TrendPoint => ({
  id, createdAt: '2026-12-07T00:00:00.000Z', startedAt: '2026-12-07T00:00:01.000Z', state: goBuilt ? 'succeeded' : 'failed', label: '', tags: [], goBuilt, gomaxprocsInForce, cpuLimitInForce: goBuilt ? 'max' : null, cpus: goBuilt ? 2 : null,
});

describe('trendMarks', () => {
  it('marks a run whose Go build or GOMAXPROCS differs from the last run that said, not a failed run that said nothing', () => {
    const points = [point('a', 'go1.26.0'), point('b', null, null), point('c', 'go1.26.0'), point('d', 'go1.26.1'), point('e', 'go1.26.1', 1), point('f', 'go1.26.0', 2)];
    expect(trendMarks(points)).toEqual([
      { i: 3, label: 'go1.26.1' },
      { i: 4, label: 'GOMAXPROCS 1' },
      { i: 5, label: 'go1.26.0, GOMAXPROCS 2' },
    ]);
    // A run on a machine with fewer CPUs (taskset, another host) is marked too.
    expect(trendMarks([point('a', 'go1.26.0'), { ...point('b', 'go1.26.0'), cpus: 1 }])).toEqual([{ i: 1, label: '1 CPU' }]);
  });
});

describe('trendRows', () => {
  it("gives each run its place and the metric's value, null where it has none", () => {
    const trend = {
      setup: 's', points: [point('a', 'go1.26.0'), point('b', null, null)], recentN: 5, limited: false, anchorApart: false, examined: 2, olderNotExamined: false,
      metrics: [{ key: 'opsPerSec', label: 'Throughput', unit: 'ops/s', better: 'higher', values: [10, null], recent: { deltaPct: null, p: null, n1: 0, n2: 1, outcome: 'too-few', text: '' } }],
    } satisfies Trend;
    expect(trendRows(trend, 'opsPerSec', 'b')).toEqual([
      { i: 0, id: 'a', value: 10, current: false },
      { i: 1, id: 'b', value: null, current: true },
    ]);
  });
});
